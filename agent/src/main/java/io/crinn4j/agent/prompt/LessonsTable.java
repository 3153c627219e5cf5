package io.crinn4j.agent.prompt;

import java.util.List;
import java.util.Locale;

/**
 * The lessons table: every variant of the stage so far with what it changed and what that was
 * worth, so the LLM sees what was tried — including what failed and what was merely noise — and
 * not only the handful of exemplars it is shown in full.
 */
final class LessonsTable {
    private LessonsTable() {
    }

    /** The latest {@code max} lessons (all when they fit), oldest first; a line saying so when there are none. */
    static String render(List<Lesson> lessons, int max) {
        if (lessons.isEmpty()) {
            return "Nothing has been tried in this stage yet.";
        }
        int from = Math.max(0, lessons.size() - max);
        StringBuilder sb = new StringBuilder();
        if (from > 0) {
            sb.append("(the ").append(from).append(" oldest of ").append(lessons.size()).append(" variants are left out to fit the prompt)\n\n");
        }
        sb.append("Rewards are first measurements (±2–5% noise on data that fits in cache) unless re-measured.\n\n");
        sb.append("| variant | parent | status | reward | what it changed |\n|---|---|---|---:|---|\n");
        for (Lesson l : lessons.subList(from, lessons.size())) {
            sb.append("| `").append(l.id()).append("` | ").append(l.parent() == null ? "—" : "`" + l.parent() + "`").append(" | ")
                    .append(l.status()).append(" | ").append(reward(l)).append(" | ").append(cell(l.change())).append(" |\n");
        }
        return sb.toString().stripTrailing();
    }

    private static String reward(Lesson l) {
        if (l.reward() == null) {
            return "—";
        }
        String first = String.format(Locale.ROOT, "%.3f", l.reward());
        return l.confirmed() == null ? first : first + String.format(Locale.ROOT, " (re-measured %.3f)", l.confirmed());
    }

    /** A table cell: no pipes or line breaks. */
    private static String cell(String s) {
        return s == null || s.isBlank() ? "—" : s.replace('|', '/').replaceAll("\\s+", " ").strip();
    }
}
