package io.crinn4j.agent.bench;

import io.crinn4j.reward.RewardSummary;
import io.crinn4j.sandbox.Bench;
import io.crinn4j.sandbox.harness.Method;
import java.util.List;

/**
 * Everything {@code crinn bench} measured, in the shape written to {@code bench.json}.
 * Times are seconds, latencies microseconds, memory bytes.
 */
public record BenchReport(String tool, String timestamp, DatasetInfo dataset, Modules modules, Measurement measurement,
                          Bench.Build build, List<Bench.Point> points, RewardSummary reward) {

    public record DatasetInfo(String name, String metric, int n, int d, int queries, String contentHash) {
    }

    public record Modules(String seed, String construction, String search, String refinement) {
    }

    /** How the numbers were taken. */
    public record Measurement(Method method, int k, int threads, int runs, long warmupMillis, long minPassMillis,
                              String description) {
    }
}
