package io.crinn4j.sandbox.harness;

import java.util.Arrays;

/**
 * How an ef sweep is measured.
 *
 * @param k             answers per query (recall@k)
 * @param efs           ef values, swept in the given order
 * @param runs          timed passes over the query set per ef; the fastest counts (ann-benchmarks' best of R)
 * @param threads       searcher threads; 1 means queries one after another on one thread
 * @param warmupMillis  untimed searching before the sweep so the JIT has compiled the hot path
 * @param minPassMillis each timed run repeats the query set until at least this long has passed, so
 *                      timer resolution and one-off stalls do not decide a point on small query sets
 * @param shuffleSeed   seed of the per-run query order (a fresh random order every run)
 */
public record SweepConfig(int k, int[] efs, int runs, int threads, long warmupMillis, long minPassMillis, long shuffleSeed) {

    /** CRINN's ef list (their benchmark script), which puts points in the 0.85–0.95 band even on small sets. */
    public static final int[] CRINN_EFS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 20, 25, 30, 35, 40, 50,
        70, 100, 120, 150, 170, 200, 250, 300, 350, 400, 500, 550, 600, 650, 700};

    public SweepConfig {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (efs == null || efs.length == 0) {
            throw new IllegalArgumentException("the ef list is empty");
        }
        for (int ef : efs) {
            if (ef < 1) {
                throw new IllegalArgumentException("ef values must be >= 1, got " + ef);
            }
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (warmupMillis < 0 || minPassMillis < 0) {
            throw new IllegalArgumentException("warm-up and minimum pass time must be >= 0");
        }
        efs = efs.clone();
    }

    @Override
    public int[] efs() {
        return efs.clone();
    }

    @Override
    public String toString() {
        return "SweepConfig[k=" + k + ", efs=" + Arrays.toString(efs) + ", runs=" + runs + ", threads=" + threads + "]";
    }
}
