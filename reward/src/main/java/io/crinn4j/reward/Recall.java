package io.crinn4j.reward;

import java.util.Objects;

/**
 * Recall@k exactly as ann-benchmarks counts it ({@code knn_threshold} / {@code get_recall_values}
 * in {@code ann_benchmarks/plotting/metrics.py}).
 *
 * <p>For query {@code q} the threshold is {@code gtDistances[q * gtK + k - 1] + epsilon}: the
 * distance of the true k-th neighbour plus a slack. Each of the query's {@code k} returned ids is a
 * hit when its <em>true</em> distance to the query is {@code <= threshold}; the query's recall is
 * {@code hits / k}. Comparing distances rather than ids means that any id tied with the k-th
 * neighbour (or within epsilon of it) counts, so ground-truth tie-breaking cannot cost recall.
 *
 * <p>Layout: {@code results} holds exactly {@code k} ids per query, row-major
 * ({@code results[q * k + j]}); a search that returned more must be truncated by the caller, one
 * that returned fewer is padded with {@code -1}, which marks a missing result and is never a hit.
 * {@code gtDistances} holds {@code gtK >= k} ground-truth distances per query, nearest first, in
 * the metric's reported units. Float distances are widened to double and the threshold is computed
 * in double.
 *
 * <p><b>Duplicates:</b> this rule, like ann-benchmarks, scores each returned position
 * independently, so an id returned twice is counted twice and can inflate recall. Callers must
 * reject duplicate ids before scoring; {@link #firstQueryWithDuplicate} finds them.
 */
public final class Recall {
    /** ann-benchmarks' default slack added to the k-th ground-truth distance. */
    public static final double DEFAULT_EPSILON = 1e-3;

    /** Marks a missing result; never a hit and never passed to {@link TrueDistance}. */
    public static final int MISSING = -1;

    /** The distance of the result at flat position {@code pos}; primitive so the loop never boxes. */
    @FunctionalInterface
    private interface PositionDistance {
        double at(int query, int pos, int id);
    }

    private Recall() {}

    /** Recall@k with {@link #DEFAULT_EPSILON}; see {@link #of(int[], int, int, float[], int, TrueDistance, double)}. */
    public static RecallResult of(int[] results, int k, int nq, float[] gtDistances, int gtK, TrueDistance fn) {
        return of(results, k, nq, gtDistances, gtK, fn, DEFAULT_EPSILON);
    }

    /**
     * Recall@k where {@code fn} computes the true distance of each returned (non-missing) id.
     *
     * @param results {@code nq * k} ids, row-major; {@code -1} = missing
     * @param k the k of recall@k, {@code 1 <= k <= gtK}
     * @param nq number of queries, {@code >= 1}
     * @param gtDistances {@code nq * gtK} ground-truth distances, nearest first per query
     * @param gtK ground-truth neighbours stored per query
     * @param fn true distance of (query, id), in the units of {@code gtDistances}
     * @param epsilon slack added to the k-th ground-truth distance, finite and {@code >= 0}
     * @throws IllegalArgumentException naming the offending argument, id or distance
     */
    public static RecallResult of(int[] results, int k, int nq, float[] gtDistances, int gtK,
                                  TrueDistance fn, double epsilon) {
        Objects.requireNonNull(fn, "fn");
        return count(results, k, nq, gtDistances, gtK, epsilon, (q, pos, id) -> fn.distance(q, id));
    }

    /** Recall@k from precomputed distances with {@link #DEFAULT_EPSILON}. */
    public static RecallResult ofDistances(int[] results, float[] resultDistances, int k, int nq,
                                           float[] gtDistances, int gtK) {
        return ofDistances(results, resultDistances, k, nq, gtDistances, gtK, DEFAULT_EPSILON);
    }

    /**
     * Recall@k where {@code resultDistances[i]} is the true distance of {@code results[i]}
     * (same layout; the value at a missing position is ignored).
     *
     * @throws IllegalArgumentException as for {@link #of(int[], int, int, float[], int, TrueDistance, double)},
     *     or if {@code resultDistances.length != results.length}
     */
    public static RecallResult ofDistances(int[] results, float[] resultDistances, int k, int nq,
                                           float[] gtDistances, int gtK, double epsilon) {
        Objects.requireNonNull(resultDistances, "resultDistances");
        Objects.requireNonNull(results, "results");
        if (resultDistances.length != results.length) {
            throw new IllegalArgumentException("resultDistances.length (" + resultDistances.length
                    + ") must equal results.length (" + results.length + ")");
        }
        return count(results, k, nq, gtDistances, gtK, epsilon, (q, pos, id) -> resultDistances[pos]);
    }

    /**
     * Returns the first query (0-based) whose {@code k} results contain the same non-missing id
     * twice, or {@code -1} if there is none. Repeated {@code -1}s are not duplicates.
     *
     * @throws IllegalArgumentException if {@code k < 1}, {@code nq < 1} or
     *     {@code results.length != nq * k}
     */
    public static int firstQueryWithDuplicate(int[] results, int k, int nq) {
        checkShape(results, k, nq);
        for (int q = 0; q < nq; q++) {
            int base = q * k;
            // k is small (10 or 100), so quadratic scan beats allocating a set per query.
            for (int i = 1; i < k; i++) {
                int id = results[base + i];
                if (id == MISSING) {
                    continue;
                }
                for (int j = 0; j < i; j++) {
                    if (results[base + j] == id) {
                        return q;
                    }
                }
            }
        }
        return -1;
    }

    private static RecallResult count(int[] results, int k, int nq, float[] gtDistances, int gtK,
                                      double epsilon, PositionDistance dist) {
        checkShape(results, k, nq);
        Objects.requireNonNull(gtDistances, "gtDistances");
        if (k > gtK) {
            throw new IllegalArgumentException("k (" + k + ") must be <= gtK (" + gtK + ")");
        }
        if ((long) nq * gtK != gtDistances.length) {
            throw new IllegalArgumentException("gtDistances.length (" + gtDistances.length
                    + ") must equal nq * gtK (" + nq + " * " + gtK + " = " + ((long) nq * gtK) + ")");
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        double[] perQuery = new double[nq];
        long totalHits = 0;
        for (int q = 0; q < nq; q++) {
            float kth = gtDistances[q * gtK + k - 1];
            if (!Float.isFinite(kth)) {
                throw new IllegalArgumentException("ground-truth distance of query " + q + " at rank " + k
                        + " is not finite: " + kth);
            }
            double threshold = (double) kth + epsilon;
            int hits = 0;
            int base = q * k;
            for (int j = 0; j < k; j++) {
                int pos = base + j;
                int id = results[pos];
                if (id == MISSING) {
                    continue;
                }
                if (id < 0) {
                    throw new IllegalArgumentException("results[" + pos + "] (query " + q + ") is " + id
                            + "; ids must be >= 0, or -1 for a missing result");
                }
                double d = dist.at(q, pos, id);
                if (Double.isNaN(d)) {
                    throw new IllegalArgumentException("true distance of query " + q + " to id " + id + " is NaN");
                }
                if (d <= threshold) {
                    hits++;
                }
            }
            perQuery[q] = (double) hits / k;
            totalHits += hits;
        }
        return new RecallResult(k, totalHits, perQuery);
    }

    private static void checkShape(int[] results, int k, int nq) {
        Objects.requireNonNull(results, "results");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (nq < 1) {
            throw new IllegalArgumentException("nq must be >= 1, got " + nq);
        }
        if ((long) nq * k != results.length) {
            throw new IllegalArgumentException("results.length (" + results.length + ") must equal nq * k ("
                    + nq + " * " + k + " = " + ((long) nq * k) + ")");
        }
    }
}
