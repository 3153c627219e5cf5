package io.crinn4j.agent.prompt;

import io.crinn4j.sandbox.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Profile} as a short markdown block for a prompt: where the search time of a variant
 * goes, line by line, and how much work each query does. No heading (the prompt's section gives
 * one); the block is a table of at most {@link #DEFAULT_ROWS} places plus two summary rows (the
 * rest of the modules' lines, the harness), then one line by method, one of distance computations
 * per query, one of nodes visited per query (when the profile counted them), and one of how it
 * was measured:
 *
 * <pre>
 * | # | share | method | line | inside |
 * |--:|------:|--------|-----:|--------|
 * | 1 | 38.2% | `HnswSearch.LinearPoolSearcher.scoreBatch` | 165 | kernel `dotBytes4` |
 * | 2 | 21.0% | `HnswSearch.LinearPoolSearcher.insert` | 183 |  |
 * |   | 11.7% | 14 more lines of the modules |  |  |
 * |   | 2.1% | outside the modules (the harness's per-query work) |  |  |
 *
 * By method: kernel `dotBytes4` 45.1%, `HnswSearch.LinearPoolSearcher.insert` 30.2%, …
 * Distance computations per query: ef 20: mean 312, p50 300, p99 610; ef 25: …
 * Nodes visited per query (distinct vectors scored through the shared kernels; repeats = …): ef 20: search 292 (p50 281, p99 570), refinement 20, repeats 0; …
 * Measured with JFR execution samples, 1 ms period, 2.0 s of search at ef 20, 25, 30 (recall 0.87–0.94) over 500 queries, 1,612 samples (JDK 17.0.15, kernels panama-256); lines in JIT-compiled code are approximate.
 * </pre>
 *
 * Lines are lines of the module's source file as the sandbox compiled it, i.e. of the variant's
 * code shown in the prompt. Rows of another module than the profiled one are marked with it
 * (e.g. the refinement module's re-ranking in a search stage).
 */
public final class ProfileTable {
    /** Places shown when the caller does not say. */
    public static final int DEFAULT_ROWS = 8;
    /** Methods named on the "By method" line. */
    private static final int METHODS = 5;

    private ProfileTable() {
    }

    /** {@link #render(Profile, int)} with {@link #DEFAULT_ROWS} places. */
    public static String render(Profile p) {
        return render(p, DEFAULT_ROWS);
    }

    /**
     * The profile as markdown: a table of the {@code maxRows} places with most samples, then the
     * method, work and measurement lines. Ends with a newline.
     */
    public static String render(Profile p, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        }
        StringBuilder sb = new StringBuilder();
        if (p.samples() == 0) {
            sb.append("No execution samples were taken while the queries were answered, so there is no table.\n");
        } else {
            sb.append("| # | share | method | line | inside |\n");
            sb.append("|--:|------:|--------|-----:|--------|\n");
            List<Profile.Row> shown = p.rows().subList(0, Math.min(maxRows, p.rows().size()));
            double sum = 0;
            long shownSamples = 0;
            for (int i = 0; i < shown.size(); i++) {
                Profile.Row r = shown.get(i);
                sum += r.share();
                shownSamples += r.samples();
                sb.append("| ").append(i + 1).append(" | ").append(percent(r.share())).append(" | `").append(r.method()).append('`');
                if (p.module() != null && r.module() != null && r.module() != p.module()) {
                    sb.append(" (").append(r.module().cliName()).append(" module)");
                }
                sb.append(" | ").append(r.line() < 0 ? "?" : Integer.toString(r.line())).append(" | ").append(callee(r)).append(" |\n");
            }
            long moduleSamples = Math.round(p.samples() * (1 - p.otherShare()));
            double rest = Math.max(0, 1 - p.otherShare() - sum);
            if (rest > 0 && moduleSamples > shownSamples) {
                int more = p.rows().size() - shown.size();
                sb.append("|   | ").append(percent(rest)).append(" | ")
                        .append(more > 0 && p.rows().size() < Profile.MAX_ROWS ? more + " more lines of the modules" : "other lines of the modules")
                        .append(" |  |  |\n");
            }
            if (p.otherShare() > 0) {
                sb.append("|   | ").append(percent(p.otherShare())).append(" | outside the modules (the harness's per-query work) |  |  |\n");
            }
            sb.append('\n');
            List<String> methods = new ArrayList<>();
            for (Profile.MethodShare m : p.methods().subList(0, Math.min(METHODS, p.methods().size()))) {
                methods.add((m.module() == null ? "kernel `" + kernelName(m.method()) + "`" : "`" + m.method() + "`") + " " + percent(m.share()));
            }
            sb.append("By method: ").append(String.join(", ", methods)).append('\n');
        }
        if (!p.points().isEmpty()) {
            List<String> work = new ArrayList<>();
            for (Profile.Point pt : p.points()) {
                Profile.Stats d = pt.distances();
                work.add(String.format(Locale.ROOT, "ef %d: mean %s, p50 %s, p99 %s", pt.ef(), count(d.mean()), count(d.p50()), count(d.p99())));
            }
            sb.append("Distance computations per query: ").append(String.join("; ", work)).append('\n');
            String visited = visited(p);
            if (visited != null) {
                sb.append(visited).append('\n');
            }
        }
        sb.append(measured(p)).append('\n');
        return sb.toString();
    }

    /**
     * The line of distinct vectors scored per query — the search's (its visited nodes) and the
     * refinement's — and the distance computations left over, spent on a vector the query had
     * scored already; null when the profile did not count them.
     */
    static String visited(Profile p) {
        List<String> parts = new ArrayList<>();
        for (Profile.Point pt : p.points()) {
            Profile.Stats v = pt.searchVectors();
            Profile.Stats r = pt.refinementVectors();
            if (v == null || r == null) {
                return null;
            }
            double repeats = Math.max(0, pt.distances().mean() - v.mean() - r.mean());
            parts.add(String.format(Locale.ROOT, "ef %d: search %s (p50 %s, p99 %s), refinement %s, repeats %s", pt.ef(), count(v.mean()),
                    count(v.p50()), count(v.p99()), count(r.mean()), count(repeats)));
        }
        return "Nodes visited per query (distinct vectors scored through the shared kernels; repeats = distance computations "
                + "spent on a vector the query had already scored): " + String.join("; ", parts);
    }

    /** The line that says how the profile was measured. */
    static String measured(Profile p) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Measured with JFR execution samples, %s ms period, %.1f s of search at ef ",
                trim(p.periodMillis()), p.searchSeconds()));
        List<String> efs = new ArrayList<>();
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Profile.Point pt : p.points()) {
            efs.add(Integer.toString(pt.ef()));
            if (!Double.isNaN(pt.recall())) {
                lo = Math.min(lo, pt.recall());
                hi = Math.max(hi, pt.recall());
            }
        }
        sb.append(String.join(", ", efs));
        if (lo <= hi) {
            sb.append(lo == hi ? String.format(Locale.ROOT, " (recall %.3f)", lo) : String.format(Locale.ROOT, " (recall %.3f–%.3f)", lo, hi));
        }
        sb.append(String.format(Locale.ROOT, " over %,d queries, %,d samples", p.queries(), p.samples()));
        if (p.method() != null) {
            sb.append(" (JDK ").append(p.method().jdk()).append(", kernels ").append(p.method().kernels()).append(')');
        }
        sb.append("; lines in JIT-compiled code are approximate.");
        return sb.toString();
    }

    private static String callee(Profile.Row r) {
        if (r.callee() == null || r.callee().isEmpty()) {
            return "";
        }
        return r.kernel() ? "kernel `" + kernelName(r.callee()) + "`" : "`" + r.callee() + "`";
    }

    /** {@code VectorKernels.dotBytes4} → {@code dotBytes4}: the name the module calls it by. */
    private static String kernelName(String callee) {
        return callee.substring(callee.lastIndexOf('.') + 1);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String count(double v) {
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
