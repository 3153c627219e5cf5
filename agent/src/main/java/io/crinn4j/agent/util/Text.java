package io.crinn4j.agent.util;

import java.time.Duration;
import java.util.Locale;

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

    /**
     * {@code s} on one line (every run of white space one space, trimmed), cut to {@code max}
     * characters ending in "…": a process's stderr or an HTTP error body becomes a reason that fits
     * an event and a prompt. "" for null.
     */
    public static String oneLine(String s, int max) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }

    /** A duration in seconds for messages: {@code 30 s}, or {@code 1.5 s} when not whole. */
    public static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
