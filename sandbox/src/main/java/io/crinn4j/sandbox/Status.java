package io.crinn4j.sandbox;

/**
 * How an evaluation of a candidate module ended. Every status except {@link #OK} carries a
 * short feedback text meant for the next prompt (see {@code Evaluation#feedback()}).
 */
public enum Status {
    /** Measured and valid; the reward is meaningful. */
    OK,
    /** The source is not valid Java, or has no class implementing the module's interface. */
    PARSE_ERROR,
    /** The source or its bytecode uses something the sandbox forbids (files, threads, reflection, ...). */
    POLICY_VIOLATION,
    /** Neither compiler accepted the source. */
    COMPILE_ERROR,
    /** Index build did not finish within its wall-clock limit. */
    BUILD_TIMEOUT,
    /** The ef sweep did not finish within its wall-clock limit. */
    SEARCH_TIMEOUT,
    /** The worker JVM ran out of heap. */
    OUT_OF_MEMORY,
    /** The candidate threw, or the worker JVM died. */
    CRASH,
    /** Wrong result counts, out-of-range or duplicate ids, or answers that change between runs. */
    INVALID_RESULT,
    /** The curve never reaches the recall floor (0.85 by default), so its AUC would be zero. */
    RECALL_FLOOR,
    /** Build time exceeded its budget relative to the seed. */
    BUILD_BUDGET,
    /** Index memory exceeded its budget relative to the seed. */
    MEMORY_BUDGET,
    /**
     * The harness failed before any candidate code ran (the worker JVM could not start or read its
     * request and vectors). Never cached and never the candidate's fault: a campaign stops on it
     * instead of recording a variant, and a later attempt measures the same code afresh.
     */
    HARNESS_FAILURE,
    /**
     * The measurement could not be trusted, which says nothing about the candidate: the seed's
     * instances measured in its worker disagreed by more than the bound on every attempt (the
     * machine was too noisy, e.g. another process on the other core), or the candidate could only
     * be measured without the seed beside it. Not a score: never shown to an LLM as one, left out
     * of GRPO statistics, never a stage's finalist.
     */
    UNSTABLE;

    /** True for statuses that say the candidate is not usable (for {@link #UNSTABLE}: not usable as a score). */
    public boolean failed() {
        return this != OK;
    }

    /** True for a verdict on the candidate's code; false for the harness's own failures and unstable measurements. */
    public boolean aboutTheCandidate() {
        return this != HARNESS_FAILURE && this != UNSTABLE;
    }
}
