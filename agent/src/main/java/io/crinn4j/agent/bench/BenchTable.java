package io.crinn4j.agent.bench;

import io.crinn4j.reward.RewardSummary;
import io.crinn4j.sandbox.Bench;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a {@link BenchReport} as the human-readable table {@code crinn bench} shows. */
public final class BenchTable {
    private BenchTable() {
    }

    public static void print(BenchReport r, PrintStream out) {
        BenchReport.DatasetInfo ds = r.dataset();
        out.printf(Locale.ROOT, "dataset   %s (%s, n=%d, d=%d, %d queries)%n", ds.name(), ds.metric(), ds.n(), ds.d(), ds.queries());
        out.printf(Locale.ROOT, "modules   %s: %s / %s / %s%n", r.modules().seed(), r.modules().construction(), r.modules().search(), r.modules().refinement());
        Bench.Build b = r.build();
        out.printf(Locale.ROOT, "build     %.2f s (construction %.2f s, search prepare %.2f s, refinement prepare %.2f s), %d distance computations%n",
                b.seconds(), b.constructionSeconds(), b.searchPrepareSeconds(), b.refinementPrepareSeconds(), b.distanceComputations());
        out.printf(Locale.ROOT, "memory    index %s (graph + module state), base vectors %s; graph: %d upper levels, mean layer-0 degree %.1f%n",
                mib(b.indexBytes()), mib(b.baseBytes()), b.graphMaxLevel(), b.graphMeanDegree());
        out.printf(Locale.ROOT, "method    %s%n%n", r.measurement().description());
        out.printf(Locale.ROOT, "%6s %9s %11s %8s %10s %10s %8s%n", "ef", "recall@" + r.measurement().k(), "QPS", "spread", "dist/query", "p50 us", "p99 us");
        for (Bench.Point p : r.points()) {
            out.printf(Locale.ROOT, "%6d %9.4f %11.0f %7.1f%% %10.1f %10.1f %8.1f%s%n", p.ef(), p.recall(), p.qps(), spreadPercent(p.runQps()),
                    p.distancesPerQuery(), p.p50Micros(), p.p99Micros(), p.unstableQueries() > 0 ? "  (" + p.unstableQueries() + " queries unstable)" : "");
        }
        RewardSummary s = r.reward();
        out.println();
        out.printf(Locale.ROOT, "AUC of QPS over recall [%.2f, %.2f]: %.1f  (mean QPS over the band %.0f%s)%n", s.band().lo(), s.band().hi(),
                s.auc(), s.normalizedAuc(), s.covered() ? "" : "; the curve does not reach " + s.band().hi() + ", area counted up to its best recall");
        out.printf(Locale.ROOT, "QPS at recall 0.90: %s   0.95: %s   0.99: %s%n", q(s.qpsAt090()), q(s.qpsAt095()), q(s.qpsAt099()));
        out.println("(spread = (max - min) / max of the per-run QPS; QPS at a recall is interpolated on the Pareto frontier)");
    }

    static double spreadPercent(double[] runs) {
        double min = Double.MAX_VALUE, max = 0;
        for (double v : runs) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max > 0 ? 100 * (max - min) / max : 0;
    }

    private static String q(Double v) {
        return v == null ? "not reached" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
