package io.crinn4j.reward;

/**
 * The outcome of {@link Recall}: how many of each query's first {@code k} results were hits.
 *
 * <p>Invariants: {@code queryCount() >= 1}; every per-query recall is {@code hits / k} and lies in
 * [0, 1]; {@link #mean()} is {@code totalHits / (queryCount * k)}, computed from the integer count
 * so that, for example, 19 hits out of 20 yields exactly the double nearest 0.95 (the same value as
 * the literal {@code 0.95}) rather than an accumulated sum of fractions.
 */
public final class RecallResult {
    private final int k;
    private final long totalHits;
    private final double[] perQuery;

    RecallResult(int k, long totalHits, double[] perQuery) {
        this.k = k;
        this.totalHits = totalHits;
        this.perQuery = perQuery;
    }

    /** Mean recall@k over all queries, in [0, 1]. */
    public double mean() {
        return totalHits / ((double) perQuery.length * k);
    }

    /** Recall@k of each query, in query order; a fresh copy on every call. */
    public double[] perQuery() {
        return perQuery.clone();
    }

    /** Recall@k of query {@code q}. */
    public double recall(int q) {
        return perQuery[q];
    }

    /** Number of queries scored. */
    public int queryCount() {
        return perQuery.length;
    }

    /** The k of recall@k. */
    public int k() {
        return k;
    }

    /** Total number of hits over all queries, at most {@code queryCount() * k()}. */
    public long totalHits() {
        return totalHits;
    }

    @Override
    public String toString() {
        return "RecallResult{k=" + k + ", queries=" + perQuery.length + ", mean=" + mean() + "}";
    }
}
