package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How candidates are measured ({@code evaluator}): the sweep, the worker's limits, the query sets,
 * the seed instances every shared worker carries, and how many measurements run at once.
 *
 * @param efs                 ef values each evaluation sweeps
 * @param runs                timed runs per ef, the fastest kept
 * @param queries             only the first this many campaign queries (faster, noisier); null = all
 * @param heap                worker JVM heap, e.g. {@code 4g}
 * @param buildTimeoutSeconds, sweepTimeoutSeconds  worker limits; a campaign lowers them to five times the seed's
 * @param extraQueries        base vectors moved out of the index into the campaign's query set
 *                            ({@code QuerySplit.split}); null = automatic (only when the campaign half
 *                            of the dataset's queries is under 200), 0 = never
 * @param heldOutExtra        also move as many further base vectors into the held-out queries, so
 *                            the final check has as many queries as the campaign (a campaign saved
 *                            before this setting existed reads as false, so it resumes on the data it
 *                            started with)
 * @param seedInstances       independent instances of the seed (each built and warmed on its own,
 *                            with its own classes) measured in every shared worker: a group's
 *                            measurement, a confirmation round, a held-out round. The fastest is the
 *                            reference, so one instance slowed by where its index landed in memory
 *                            does not inflate every ratio of that worker (a campaign saved before this
 *                            setting existed reads as 1 and keeps its old protocol, in which held-out
 *                            pairs ran in separate workers)
 * @param maxSeedSpread       a shared worker whose seed instances are further apart than this (fastest /
 *                            slowest − 1) is measured again ({@code SharedWorker.Stability})
 * @param remeasureUnstable   how many times at most; a measurement still unstable then is marked
 *                            {@code UNSTABLE}: not a score, never shown to the LLM as one
 * @param parallelism         timed evaluations at once; 1 keeps timings honest on a small machine, more
 *                            only makes sense with a core per evaluation to spare
 * @param overlapProposals    evaluate replies as they arrive while the proposer is still producing the
 *                            rest of the group (set it false when a local model shares the machine with
 *                            the timed workers). Null until the section is part of a {@link CampaignConfig},
 *                            which decides it from the proposer ({@link #resolvedFor})
 * @param groupTogether       measure each group's candidates with the seed in one worker JVM, their timed
 *                            runs taking turns ef by ef, so in-group rewards compare programs that saw the
 *                            same machine; needs the whole group first, so it excludes overlapProposals and
 *                            parallelism > 1. Null until resolved with overlapProposals
 */
public record EvaluatorConfig(List<Integer> efs, int runs, Integer queries, String heap, int buildTimeoutSeconds, int sweepTimeoutSeconds,
                              Integer extraQueries, boolean heldOutExtra, int seedInstances, double maxSeedSpread, int remeasureUnstable,
                              int parallelism, Boolean overlapProposals, Boolean groupTogether) {

    /** CRINN's ef list up to 100, which spans the 0.85–0.95 band without the slow tail. */
    public static final List<Integer> CAMPAIGN_EFS = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 20, 25, 30, 35, 40, 50,
            70, 100);
    public static final int DEFAULT_RUNS = 3;
    public static final String DEFAULT_HEAP = "4g";
    public static final int DEFAULT_BUILD_TIMEOUT_SECONDS = 300;
    public static final int DEFAULT_SWEEP_TIMEOUT_SECONDS = 600;
    public static final boolean DEFAULT_HELD_OUT_EXTRA = true;
    public static final int DEFAULT_SEED_INSTANCES = 2;
    /** Each seed instance costs a build and a sweep in every shared worker. */
    public static final int MAX_SEED_INSTANCES = 4;
    /** Measured: identical seeds in one worker differ by about 2% (log sd) on bigann10k, so 5% apart says the machine changed speed. */
    public static final double DEFAULT_MAX_SEED_SPREAD = 0.05;
    public static final int DEFAULT_REMEASURE_UNSTABLE = 2;
    public static final int MAX_REMEASURE_UNSTABLE = 10;
    /** Two timed workers on a 2-core machine take each other's core and the rewards become noise. */
    public static final int DEFAULT_PARALLELISM = 1;
    /** Every default; overlapProposals and groupTogether are decided with the proposer ({@link #resolvedFor}). */
    public static final EvaluatorConfig DEFAULTS = bind(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public EvaluatorConfig {
        if (efs == null || efs.isEmpty() || efs.stream().anyMatch(e -> e == null || e < 1)) {
            throw new IllegalArgumentException("evaluator.efs must be a non-empty list of ef values >= 1, got " + efs);
        }
        efs = List.copyOf(efs);
        Checks.atLeast("evaluator.runs", runs, 1);
        if (queries != null) {
            Checks.atLeast("evaluator.queries", queries, 1);
        }
        if (heap == null || !heap.matches("\\d+[kmgKMG]?")) {
            throw new IllegalArgumentException("evaluator.heap must look like 512m or 4g, got '" + heap + "'");
        }
        Checks.atLeast("evaluator.buildTimeoutSeconds", buildTimeoutSeconds, 1);
        Checks.atLeast("evaluator.sweepTimeoutSeconds", sweepTimeoutSeconds, 1);
        if (extraQueries != null && extraQueries < 0) {
            throw new IllegalArgumentException("evaluator.extraQueries must be >= 0 (0 = never), got " + extraQueries);
        }
        Checks.inRange("evaluator.seedInstances", seedInstances, 1, MAX_SEED_INSTANCES);
        Checks.positive("evaluator.maxSeedSpread", maxSeedSpread);
        if (remeasureUnstable < 0 || remeasureUnstable > MAX_REMEASURE_UNSTABLE) {
            throw new IllegalArgumentException("evaluator.remeasureUnstable must be between 0 and " + MAX_REMEASURE_UNSTABLE + ", got "
                    + remeasureUnstable);
        }
        Checks.atLeast("evaluator.parallelism", parallelism, 1);
        if (Boolean.TRUE.equals(groupTogether) && (Boolean.TRUE.equals(overlapProposals) || parallelism > 1)) {
            throw new IllegalArgumentException("evaluator.groupTogether measures a whole group in one worker, so it needs overlapProposals"
                    + " off and parallelism 1 (got overlapProposals " + overlapProposals + ", parallelism " + parallelism + ")");
        }
    }

    /** Binding: a field not written takes its default; overlapProposals and groupTogether stay null until {@link #resolvedFor}. */
    @JsonCreator
    static EvaluatorConfig bind(@JsonProperty("efs") List<Integer> efs, @JsonProperty("runs") Integer runs,
                                @JsonProperty("queries") Integer queries, @JsonProperty("heap") String heap,
                                @JsonProperty("buildTimeoutSeconds") Integer buildTimeoutSeconds,
                                @JsonProperty("sweepTimeoutSeconds") Integer sweepTimeoutSeconds,
                                @JsonProperty("extraQueries") Integer extraQueries, @JsonProperty("heldOutExtra") Boolean heldOutExtra,
                                @JsonProperty("seedInstances") Integer seedInstances, @JsonProperty("maxSeedSpread") Double maxSeedSpread,
                                @JsonProperty("remeasureUnstable") Integer remeasureUnstable, @JsonProperty("parallelism") Integer parallelism,
                                @JsonProperty("overlapProposals") Boolean overlapProposals,
                                @JsonProperty("groupTogether") Boolean groupTogether) {
        return new EvaluatorConfig(efs != null ? efs : CAMPAIGN_EFS, runs != null ? runs : DEFAULT_RUNS, queries,
                heap != null ? heap : DEFAULT_HEAP, buildTimeoutSeconds != null ? buildTimeoutSeconds : DEFAULT_BUILD_TIMEOUT_SECONDS,
                sweepTimeoutSeconds != null ? sweepTimeoutSeconds : DEFAULT_SWEEP_TIMEOUT_SECONDS, extraQueries,
                heldOutExtra != null ? heldOutExtra : DEFAULT_HELD_OUT_EXTRA, seedInstances != null ? seedInstances : DEFAULT_SEED_INSTANCES,
                maxSeedSpread != null ? maxSeedSpread : DEFAULT_MAX_SEED_SPREAD,
                remeasureUnstable != null ? remeasureUnstable : DEFAULT_REMEASURE_UNSTABLE,
                parallelism != null ? parallelism : DEFAULT_PARALLELISM, overlapProposals, groupTogether);
    }

    /**
     * This section with the two defaults that depend on more than itself decided — the only place
     * they are: overlapProposals, where not written, follows the proposer
     * ({@link ProposerConfig#overlapsByDefault}: on for every kind but mutate); groupTogether, where
     * not written, is on exactly when overlapProposals is off and parallelism is 1, the only case in
     * which it can work.
     */
    EvaluatorConfig resolvedFor(ProposerConfig proposer) {
        boolean overlap = overlapProposals != null ? overlapProposals : proposer.overlapsByDefault();
        boolean together = groupTogether != null ? groupTogether : !overlap && parallelism == 1;
        return new EvaluatorConfig(efs, runs, queries, heap, buildTimeoutSeconds, sweepTimeoutSeconds, extraQueries, heldOutExtra,
                seedInstances, maxSeedSpread, remeasureUnstable, parallelism, overlap, together);
    }

    /** The ef values as the sandbox's sweep takes them. */
    public int[] efArray() {
        return efs.stream().mapToInt(Integer::intValue).toArray();
    }
}
