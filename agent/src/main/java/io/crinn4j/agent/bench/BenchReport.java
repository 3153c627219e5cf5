package io.crinn4j.agent.bench;

import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.reward.RewardSummary;
import java.util.List;

/**
 * Everything {@code crinn bench} measured, in the shape written to {@code bench.json}.
 * Times are seconds, latencies microseconds, memory bytes.
 */
public record BenchReport(String tool, String timestamp, DatasetInfo dataset, Modules modules, Measurement measurement,
                          Build build, List<Point> points, RewardSummary reward) {

    public record DatasetInfo(String name, String metric, int n, int d, int queries, String contentHash) {
    }

    public record Modules(String seed, String construction, String search, String refinement) {
    }

    /** How the numbers were taken. */
    public record Measurement(Method method, int k, int threads, int runs, long warmupMillis, long minPassMillis,
                              String description) {
    }

    public record Build(double seconds, double constructionSeconds, double searchPrepareSeconds,
                        double refinementPrepareSeconds, long distanceComputations, long indexBytes, long baseBytes,
                        int graphMaxLevel, double graphMeanDegree) {
    }

    /** One ef value: recall, best-run QPS and the spread over runs. */
    public record Point(int ef, double recall, double qps, double[] runQps, int passesPerRun, double distancesPerQuery,
                        double p50Micros, double p99Micros, int unstableQueries) {
    }
}
