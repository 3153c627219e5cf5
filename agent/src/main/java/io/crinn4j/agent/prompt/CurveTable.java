package io.crinn4j.agent.prompt;

import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.reward.RecallBand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An exemplar's measured curve as the prompt shows it: the QPS–recall frontier over the recall band
 * and one point either side of it, each row an operating point with the ef values that reach it,
 * recall, QPS and distance computations per query.
 *
 * <p>Why not raw sweep points: a sweep's ef values below k are one operating point (the pool holds
 * at least k), and a table of six copies of "0.888 | 66–72k" without ef made three replies out of
 * three conclude the benchmark had a single point. So equal operating points are merged into one
 * row naming their ef range, dominated points (slower at no more recall) are dropped, and the ef
 * column says where each point comes from.
 */
final class CurveTable {
    private CurveTable() {
    }

    /** One operating point: the ef values that reach it and the fastest run among them. */
    record Row(int efLo, int efHi, double recall, double qps, double distancesPerQuery) {
        String ef() {
            return efLo == efHi ? Integer.toString(efLo) : efLo + "–" + efHi;
        }
    }

    /** The frontier rows, recall ascending, at most {@code maxRows} (band ends kept, the rest evenly spread). */
    static List<Row> rows(List<Exemplar.Point> curve, RecallBand band, int maxRows) {
        List<Exemplar.Point> pts = curve.stream().filter(p -> Double.isFinite(p.recall()) && Double.isFinite(p.qps()))
                .sorted(Comparator.comparingInt(Exemplar.Point::ef)).toList();
        // 1. Merge runs of ef values that reach the same recall: one operating point, the fastest run counts.
        List<Row> merged = new ArrayList<>();
        for (Exemplar.Point p : pts) {
            Row last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && Math.abs(last.recall() - p.recall()) < 1e-9) {
                merged.set(merged.size() - 1, p.qps() > last.qps() ? new Row(last.efLo(), p.ef(), p.recall(), p.qps(), p.distancesPerQuery())
                        : new Row(last.efLo(), p.ef(), last.recall(), last.qps(), last.distancesPerQuery()));
            } else {
                merged.add(new Row(p.ef(), p.ef(), p.recall(), p.qps(), p.distancesPerQuery()));
            }
        }
        // 2. The Pareto frontier: walking from the highest recall down, keep a row only if it is faster than every row above it.
        merged.sort(Comparator.comparingDouble(Row::recall).reversed());
        List<Row> frontier = new ArrayList<>();
        double fastest = 0;
        for (Row r : merged) {
            if (r.qps() > fastest) {
                frontier.add(0, r);
                fastest = r.qps();
            }
        }
        // 3. The band and one point either side of it.
        int first = -1;
        int last = -1;
        for (int i = 0; i < frontier.size(); i++) {
            if (frontier.get(i).recall() >= band.lo() && frontier.get(i).recall() <= band.hi()) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            // Nothing inside the band: the points that bracket it, so the LLM sees how far off the curve is.
            int above = 0;
            while (above < frontier.size() && frontier.get(above).recall() < band.lo()) {
                above++;
            }
            first = Math.max(0, above - 1);
            last = Math.min(frontier.size() - 1, above);
        } else {
            first = Math.max(0, first - 1);
            last = Math.min(frontier.size() - 1, last + 1);
        }
        List<Row> shown = frontier.isEmpty() ? List.of() : frontier.subList(first, last + 1);
        if (shown.size() <= maxRows) {
            return List.copyOf(shown);
        }
        if (maxRows == 1) {
            return List.of(shown.get(shown.size() / 2));
        }
        List<Row> out = new ArrayList<>();
        for (int j = 0; j < maxRows; j++) {
            out.add(shown.get((int) Math.round(j * (shown.size() - 1) / (double) (maxRows - 1))));
        }
        return out;
    }

    /** The rows as a markdown table; a line saying so when nothing was measured. */
    static String render(List<Exemplar.Point> curve, RecallBand band, int maxRows) {
        List<Row> rows = rows(curve, band, maxRows);
        if (rows.isEmpty()) {
            return "(no curve measured)";
        }
        StringBuilder sb = new StringBuilder("| ef | recall | QPS | distances/query |\n|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            String mark = r.recall() < band.lo() || r.recall() > band.hi() ? " (outside the band)" : "";
            sb.append(String.format(Locale.ROOT, "| %s | %.3f%s | %.0f | %.0f |%n", r.ef(), r.recall(), mark, r.qps(), r.distancesPerQuery()));
        }
        return sb.toString().stripTrailing();
    }
}
