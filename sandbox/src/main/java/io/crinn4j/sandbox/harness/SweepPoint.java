package io.crinn4j.sandbox.harness;

/**
 * One measured ef value.
 *
 * @param ef                  the ef passed to search
 * @param qps                 queries per second of the fastest run (query set size / pass time)
 * @param runQps              QPS of every run, in run order, to show the spread
 * @param passesPerRun        how many passes over the query set each run needed to last the minimum time
 * @param distancesPerQuery   mean distance computations per query (self-reported by the modules)
 * @param countedDistancesPerQuery mean rows the shared kernels scored per query, counted by the harness
 *                            ({@code Kernels.countedDistances}); -1 where this JVM does not count
 * @param p50Nanos            median single-query latency in the fastest run
 * @param p99Nanos            99th-percentile single-query latency in the fastest run
 * @param ids                 the answers, {@code nq × k} row-major, {@code -1} where fewer than k came back
 * @param unstableQueries     queries whose answer differed between runs or passes (should be 0)
 */
public record SweepPoint(int ef, double qps, double[] runQps, int passesPerRun, double distancesPerQuery, double countedDistancesPerQuery,
                         long p50Nanos, long p99Nanos, int[] ids, int unstableQueries) {

    /** The distance count to believe: the larger of the reported and the counted one ({@link Work#trusted}). */
    public double trustedDistancesPerQuery() {
        return Work.trusted(distancesPerQuery, countedDistancesPerQuery);
    }
}
