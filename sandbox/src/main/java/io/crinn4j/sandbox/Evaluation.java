package io.crinn4j.sandbox;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.RewardSummary;
import io.crinn4j.sandbox.harness.Method;
import java.util.List;

/**
 * The verdict on one module set: status and feedback always; compile facts when it compiled;
 * build cost, curve and reward when it ran. Serialized as {@code evaluation.json}.
 *
 * @param module        the module that was the candidate, or null for a whole set such as the seed
 * @param sourceHash    normalized-source hash of the candidate (of the whole set for a set)
 * @param feedback      for a failure, a short text meant for the next prompt; null when OK
 * @param compiler      "janino" or "jdk" for the candidate module
 * @param buildSeconds  construction plus both prepares, in the worker
 * @param indexBytes    growth of the worker heap across the build (measured, not self-reported)
 * @param reward        candidate AUC / seed AUC measured in the same sitting, when both are known
 * @param cached        true when this verdict was read back from an earlier identical evaluation
 * @param isolation     what keeping the timed passes apart cost this set in its worker; null for
 *                      verdicts made before that rule, and for sets that never swept
 */
public record Evaluation(String id, ModuleKind module, String sourceHash, Status status, String feedback,
                         String compiler, Double compileMillis, String janinoFailure,
                         Double buildSeconds, Long indexBytes, Long reportedIndexBytes, Long buildDistanceComputations,
                         List<Point> points, RewardSummary summary, Double seedAuc, Double reward,
                         double wallSeconds, boolean networkIsolated, Method method, boolean cached, Isolation isolation) {

    /**
     * One ef: recall (computed by the caller), best-run QPS and the spread.
     *
     * @param distancesPerQuery         the distance count believed: the larger of the modules' report and the
     *                                  shared kernels' count ({@code harness.Work})
     * @param reportedDistancesPerQuery what the modules reported themselves; null for verdicts made before
     *                                  the kernels counted
     */
    public record Point(int ef, double recall, double qps, double[] runQps, int passesPerRun, double distancesPerQuery,
                        double p50Micros, double p99Micros, Double reportedDistancesPerQuery) {
    }

    /**
     * What keeping one timed pass from profiting by the last cost ({@code harness.PassGuard}).
     *
     * @param untimedSeconds sweep time spent outside the timed passes: new searchers and buffers, the
     *                       state checks, and modules prepared afresh when their state cannot be checked
     * @param passes         passes over the query set, the warm-up's included
     * @param reprepared     why this set's modules were prepared afresh before every pass (their state
     *                       holds something that cannot be read back), or null when their state was verified
     */
    public record Isolation(double untimedSeconds, int passes, String reprepared) {
    }

    /** The AUC, or 0 when there is no curve. */
    public double auc() {
        return summary == null ? 0 : summary.auc();
    }

    public Evaluation withCached(boolean c) {
        return new Evaluation(id, module, sourceHash, status, feedback, compiler, compileMillis, janinoFailure, buildSeconds,
                indexBytes, reportedIndexBytes, buildDistanceComputations, points, summary, seedAuc, reward, wallSeconds,
                networkIsolated, method, c, isolation);
    }

    public Evaluation withReward(Double seedAuc, Double reward) {
        return new Evaluation(id, module, sourceHash, status, feedback, compiler, compileMillis, janinoFailure, buildSeconds,
                indexBytes, reportedIndexBytes, buildDistanceComputations, points, summary, seedAuc, reward, wallSeconds,
                networkIsolated, method, cached, isolation);
    }

    public Evaluation withStatus(Status s, String fb) {
        return new Evaluation(id, module, sourceHash, s, fb, compiler, compileMillis, janinoFailure, buildSeconds,
                indexBytes, reportedIndexBytes, buildDistanceComputations, points, summary, seedAuc, reward, wallSeconds,
                networkIsolated, method, cached, isolation);
    }
}
