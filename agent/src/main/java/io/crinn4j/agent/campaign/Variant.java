package io.crinn4j.agent.campaign;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.Evaluation;
import java.util.List;

/**
 * One version of one module in the program database, with how it was made and how it scored.
 * Persisted as {@code variants/<id>/variant.json} next to {@code source.java}, {@code reply.md}
 * and the sandbox's {@code evaluation.json}.
 *
 * @param id         campaign-unique, sortable: {@link VariantId} ({@code <module>-s<stage>-g<group>-<index>}, or
 *                   {@code <module>-s<stage>-start} for a stage's starting point)
 * @param group      the GRPO group (prompt) it answers, -1 for starting points
 * @param parents    exemplar ids shown in its prompt, the parent (best) first
 * @param proposer   what produced it, e.g. {@code mutate:tunable M 16->20} or {@code openai:gpt-4o-mini}
 * @param status     the sandbox's verdict, or why nothing reached the sandbox ({@link VariantStatus})
 * @param reward     the GRPO reward: AUC relative to the seed when OK, the failure penalty otherwise
 * @param advantage  (reward − group mean) / group std, 0 when the group's rewards are all equal
 * @param change     what it changed, in one line (the reply's own summary, the mutation, or a diff summary); null
 *                   for variants recorded before this was kept
 * @param confirmed  its re-measurement at the end of its stage, when it was a finalist; null otherwise
 */
public record Variant(String id, ModuleKind module, int stage, int group, int index, List<String> parents, String proposer,
                      VariantStatus status, String feedback, double reward, double advantage, Double auc, Double buildSeconds,
                      Long indexBytes, long inputTokens, long outputTokens, double costUsd, String sourceHash,
                      Evaluation evaluation, String change, Confirmed confirmed) {

    /**
     * A finalist's re-measurement ({@code StageConfirmation}).
     *
     * @param reward   the geometric mean of its paired ratios to the seed over the rounds
     * @param gain     the geometric mean of its ratios to the stage's current set
     * @param rounds   paired rounds counted
     * @param verdict  "accepted", "not faster by 2%", "undecided after 10 rounds", "failed on re-measurement"
     */
    public record Confirmed(Double reward, Double gain, int rounds, String verdict) {
    }

    /** A stage's starting point: the previous stage's winner, not an answer to any prompt. */
    public boolean isStart() {
        return group < 0;
    }

    public boolean ok() {
        return status == VariantStatus.OK;
    }

    /** A reply whose code was already known: not measured, and neither a success nor a failure of its own. */
    public boolean duplicate() {
        return status == VariantStatus.DUPLICATE;
    }

    /** Measured, but on a machine too noisy for the measurement to count ({@code UNSTABLE}): neither a score nor a failure of the code. */
    public boolean unstable() {
        return status == VariantStatus.UNSTABLE;
    }

    /** Not OK, not a duplicate and not unstable: the proposer, the parser, the sandbox or the benchmark rejected it. */
    public boolean failed() {
        return !ok() && !duplicate() && !unstable();
    }

    public Variant withAdvantage(double a) {
        return new Variant(id, module, stage, group, index, parents, proposer, status, feedback, reward, a, auc, buildSeconds,
                indexBytes, inputTokens, outputTokens, costUsd, sourceHash, evaluation, change, confirmed);
    }

    public Variant withConfirmed(Confirmed c) {
        return new Variant(id, module, stage, group, index, parents, proposer, status, feedback, reward, advantage, auc, buildSeconds,
                indexBytes, inputTokens, outputTokens, costUsd, sourceHash, evaluation, change, c);
    }
}
