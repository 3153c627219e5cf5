package io.crinn4j.agent.util;

/** Text for one-line messages: errors on the command line, reasons in events and prompts. */
public final class Text {

    private Text() {
    }

    /** {@code s} up to its first line break, unchanged when it has none; "" for null. */
    public static String firstLine(String s) {
        return firstLine(s, "");
    }

    /** {@code s} up to its first line break, or {@code ifNull} when there is no text at all (an exception without a message). */
    public static String firstLine(String s, String ifNull) {
        if (s == null) {
            return ifNull;
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
