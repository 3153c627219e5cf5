package io.crinn4j.sandbox;

import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.harness.SweepConfig;
import java.time.Duration;

/**
 * How module sets are measured: the sweep, the recall band of the AUC, the floor below which a
 * curve is no curve, and the worker's limits. Budgets relative to the seed are not here: they
 * need a reference, which only the caller of an {@link Evaluator} has.
 *
 * @param sweep              k, ef list, runs, warm-up, minimum pass time, shuffle seed (threads are always 1)
 * @param band               recall band of the AUC
 * @param recallFloor        a curve whose best recall stays below this is {@link Status#RECALL_FLOOR}
 * @param heap               worker {@code -Xmx}
 * @param buildTimeout       wall-clock limit for loading and building in the worker
 * @param sweepTimeout       wall-clock limit for warm-up plus the whole sweep
 * @param maxOutputBytes     cap on captured worker output per stream
 */
public record SandboxConfig(SweepConfig sweep, RecallBand band, double recallFloor, String heap, Duration buildTimeout,
                            Duration sweepTimeout, int maxOutputBytes) {

    public SandboxConfig {
        if (sweep.threads() != 1) {
            throw new IllegalArgumentException("sandbox evaluations are timed single-threaded");
        }
        if (recallFloor < 0 || recallFloor > 1) {
            throw new IllegalArgumentException("recall floor must be in [0, 1], got " + recallFloor);
        }
        if (!heap.matches("\\d+[kmgKMG]?")) {
            throw new IllegalArgumentException("heap must look like 512m or 4g, got '" + heap + "'");
        }
    }

    /** Defaults: CRINN's ef list, best of 3 runs, 4 GB heap, 5 min build and 10 min sweep limits. */
    public static SandboxConfig defaults() {
        return new SandboxConfig(new SweepConfig(10, SweepConfig.CRINN_EFS, 3, 1, 1000, 20, 42), RecallBand.DEFAULT, 0.85,
                "4g", Duration.ofMinutes(5), Duration.ofMinutes(10), 64 * 1024);
    }

    public SandboxConfig withSweep(SweepConfig s) {
        return new SandboxConfig(s, band, recallFloor, heap, buildTimeout, sweepTimeout, maxOutputBytes);
    }

    public SandboxConfig withLimits(String heap, Duration buildTimeout, Duration sweepTimeout) {
        return new SandboxConfig(sweep, band, recallFloor, heap, buildTimeout, sweepTimeout, maxOutputBytes);
    }
}
