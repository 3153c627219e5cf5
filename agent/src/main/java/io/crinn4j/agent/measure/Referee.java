package io.crinn4j.agent.measure;

import io.crinn4j.agent.config.RewardConfig;
import io.crinn4j.reward.Stats;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.Status;
import java.util.Locale;

/**
 * The one place raw measurements become rewards. An {@link io.crinn4j.sandbox.Evaluator} returns
 * curves and AUCs; everything relative — the build-time and memory budgets, the ratio to the seed,
 * the verdict that a measurement is too noisy to score, the reward of a failure, and the GRPO
 * advantages of a group — is decided here, from an explicit reference: an instance of the seed
 * measured in the same worker at the same time ({@link SharedWorker}). A campaign, {@code crinn
 * eval} and the prompt's statement of the budgets all read the same numbers from one instance.
 *
 * @param buildBudget    a candidate's build (construction plus both prepares) may take at most this
 *                       multiple of the reference's ({@link Status#BUILD_BUDGET} otherwise)
 * @param memoryBudget   its index may use at most this multiple of the reference's heap
 *                       ({@link Status#MEMORY_BUDGET} otherwise), plus one MiB of slack
 * @param failurePenalty the reward of a variant that is not OK (the GRPO signal of a failure)
 */
public record Referee(double buildBudget, double memoryBudget, double failurePenalty) {

    /** One MiB: heap measurements after a GC wobble by a few pages on tiny indexes. */
    static final long MEMORY_SLACK_BYTES = 1 << 20;

    public Referee {
        if (!(buildBudget > 0) || !(memoryBudget > 0)) {
            throw new IllegalArgumentException("budgets must be positive multiples of the seed's, got build " + buildBudget + ", memory "
                    + memoryBudget);
        }
        if (!Double.isFinite(failurePenalty)) {
            throw new IllegalArgumentException("failurePenalty must be a number, got " + failurePenalty);
        }
    }

    /** The referee of a campaign's {@code reward} section: the budgets the prompt states are these. */
    public static Referee of(RewardConfig reward) {
        return new Referee(reward.buildBudget(), reward.memoryBudget(), reward.failurePenalty());
    }

    /**
     * {@code e} judged against {@code reference}: over the build or memory budget it gets that
     * status, otherwise its reward is its AUC over the reference's. A verdict that is not OK is
     * returned unchanged.
     *
     * @throws IllegalArgumentException when the reference is not an OK measurement with a positive AUC
     */
    public Evaluation judge(Evaluation e, Evaluation reference) {
        if (e.status() != Status.OK) {
            return e;
        }
        if (reference.status() != Status.OK || !(reference.auc() > 0)) {
            throw new IllegalArgumentException("a reference must have evaluated cleanly with a positive AUC, got " + reference.status());
        }
        double seedBuild = reference.buildSeconds();
        if (e.buildSeconds() > buildBudget * seedBuild) {
            return e.withStatus(Status.BUILD_BUDGET, String.format(Locale.ROOT,
                    "index build took %.2f s, over the budget of %.2f s (%.1fx the seed's %.2f s); make construction cheaper",
                    e.buildSeconds(), buildBudget * seedBuild, buildBudget, seedBuild));
        }
        long seedMem = reference.indexBytes();
        double memLimit = memoryBudget * seedMem + MEMORY_SLACK_BYTES;
        if (e.indexBytes() > memLimit) {
            return e.withStatus(Status.MEMORY_BUDGET, String.format(Locale.ROOT,
                    "index uses %.1f MiB of heap, over the budget of %.1f MiB (%.1fx the seed's %.1f MiB); use a smaller graph or codes",
                    e.indexBytes() / 1048576.0, memLimit / 1048576.0, memoryBudget, seedMem / 1048576.0));
        }
        return e.withReward(reference.auc(), e.auc() / reference.auc());
    }

    /**
     * {@code e} marked {@link Status#UNSTABLE} when it is OK: the machine changed speed under the
     * measurement ({@code why}), so its ratio is no reward. A failure stays the candidate's whatever
     * the machine did.
     */
    public Evaluation unstable(Evaluation e, String why) {
        if (e.status() != Status.OK) {
            return e;
        }
        return e.withStatus(Status.UNSTABLE, "not scored: the machine's speed changed under this measurement (" + why
                + "), so its ratio to the seed is not a reward; this says nothing about the code");
    }

    /** A judged verdict's reward: its ratio when OK, the failure penalty otherwise (also for an OK verdict that was never judged). */
    public double reward(Evaluation judged) {
        return judged != null && judged.status() == Status.OK && judged.reward() != null ? judged.reward() : failurePenalty;
    }

    /**
     * GRPO advantages of one group: {@code (r - mean) / std} over the rewards that count, 0 for the
     * others (unstable measurements are no score and must not move the group's statistics) and for
     * every member of a group whose counted rewards are all equal.
     */
    public static Advantages advantages(double[] rewards, boolean[] counts) {
        if (rewards.length != counts.length) {
            throw new IllegalArgumentException("one flag per reward: " + rewards.length + " rewards, " + counts.length + " flags");
        }
        int n = 0;
        for (boolean c : counts) {
            n += c ? 1 : 0;
        }
        double[] scored = new double[n];
        for (int i = 0, j = 0; i < rewards.length; i++) {
            if (counts[i]) {
                scored[j++] = rewards[i];
            }
        }
        double mean = n > 0 ? Stats.mean(scored) : 0;
        // Population standard deviation: GRPO normalises within the group it has.
        double std = n > 0 ? Stats.populationStdDev(scored) : 0;
        double[] adv = new double[rewards.length];
        for (int i = 0; i < rewards.length; i++) {
            adv[i] = std > 1e-12 && counts[i] ? (rewards[i] - mean) / std : 0.0;
        }
        return new Advantages(mean, std, adv);
    }

    /** A group's reward mean and standard deviation over the counted members, and every member's advantage. */
    public record Advantages(double mean, double std, double[] advantages) {
    }
}
