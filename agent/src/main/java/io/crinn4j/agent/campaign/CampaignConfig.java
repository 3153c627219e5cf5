package io.crinn4j.agent.campaign;

import io.crinn4j.agent.measure.SharedWorker;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.crinn4j.agent.propose.ProposerConfig;
import io.crinn4j.contract.ModuleKind;
import java.util.List;

/**
 * Everything a campaign needs, loadable from YAML or JSON ({@code --config}) and overridable by
 * flags. Null fields mean "default" (see {@link #withDefaults()}); the resolved config is saved
 * as {@code campaign.yaml} in the campaign folder, which is what {@code crinn resume} reads.
 *
 * @param evaluations  budget: candidate evaluations in the whole campaign, split evenly over the modules
 * @param group        G, completions per prompt (the GRPO group)
 * @param exemplars    K, earlier variants shown per prompt
 * @param temperature  softmax temperature over rewards when sampling exemplars
 * @param wallClockMinutes, maxTokens, maxDollars  further budgets; 0 = unlimited
 * @param heldOut      re-measure the winner against the seed on held-out queries at the end
 * @param parallelism  timed evaluations at once; 1 (the default) keeps timings honest on a small
 *                     machine, more only makes sense with a core per evaluation to spare
 * @param overlapProposals  evaluate replies as they arrive while the proposer is still producing
 *                     the rest of the group; default true except for the CPU-bound mutate proposer
 *                     (set it false when a local model shares the machine with the timed workers)
 * @param confirmTop   how many of a stage's best variants are re-measured before one is accepted
 * @param confirmRounds  rounds of that re-measurement before the first decision (seed, current set and each undecided
 *                     finalist per round; see {@link FinalistTest}); default 3
 * @param confirmMaxRounds  rounds at most: finalists still undecided then are not accepted (default 10)
 * @param minGain      a finalist's geometric-mean gain over the current set must reach this fraction, and be shown to
 *                     be above 0, for it to be accepted (default 0.02: the paired test keeps false acceptances
 *                     near 5% whatever the margin; the margin is what a change must be worth. With
 *                     rounds ±2% (turns ef by ef) a real 3.5% gain is accepted in 90% of simulated
 *                     stages at 0.02 against 75% at 0.03)
 * @param groupTogether  measure each group's candidates with the seed in one worker JVM, their timed runs
 *                     taking turns ef by ef, so in-group rewards compare programs that saw the same machine; needs the whole
 *                     group first, so it excludes overlapProposals and parallelism > 1 (default: on when both are off)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignConfig(String name, String dataset, String dataDir, String cacheDir, List<String> modules,
                             Integer evaluations, Integer group, Integer exemplars, Double temperature, Long seed,
                             Double wallClockMinutes, Long maxTokens, Double maxDollars, Double failurePenalty,
                             Boolean heldOut, Integer parallelism, Boolean overlapProposals, Integer confirmTop,
                             Integer confirmRounds, Double minGain, Boolean groupTogether, ProposerConfig proposer, SandboxSettings sandbox,
                             Integer confirmMaxRounds) {

    /** The ef values campaigns sweep by default: CRINN's list up to 100, which spans the 0.85–0.95 band without the slow tail. */
    public static final List<Integer> CAMPAIGN_EFS = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 20, 25, 30, 35, 40, 50, 70, 100);

    /**
     * Sandbox measurement settings of a campaign.
     *
     * @param extraQueries base vectors moved out of the index into the campaign's query set
     *                     ({@code QuerySplit.split}); null = automatic (only when the campaign half
     *                     of the dataset's queries is under 200), 0 = never
     * @param heldOutExtra  also move as many further base vectors into the held-out queries, so
     *                     the final check has as many queries as the campaign (default true; a
     *                     campaign saved before this setting existed reads as false, so it
     *                     resumes on the data it started with)
     * @param seedInstances  independent instances of the seed (each built and warmed on its own,
     *                     with its own classes) measured in every shared worker: a group's
     *                     measurement, a confirmation round, a held-out round. The fastest is the
     *                     reference, so one instance slowed by where its index landed in memory
     *                     does not inflate every ratio of that worker (default 2; a campaign saved
     *                     before this setting existed reads as 1 and keeps its old protocol, in
     *                     which held-out pairs ran in separate workers)
     * @param maxSeedSpread  a shared worker whose seed instances are further apart than this (fastest /
     *                     slowest − 1) is measured again; default 0.05 ({@link SharedWorker.Stability})
     * @param remeasureUnstable  how many times at most; a measurement still unstable then is marked
     *                     {@code UNSTABLE}: not a score, never shown to the LLM as one (default 2)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SandboxSettings(List<Integer> efs, Integer runs, Integer queries, String heap, Integer buildTimeoutSeconds,
                                  Integer sweepTimeoutSeconds, Double buildBudget, Double memoryBudget, Integer extraQueries,
                                  Boolean heldOutExtra, Integer seedInstances, Double maxSeedSpread, Integer remeasureUnstable) {

        /** Upper bound of {@code seedInstances}: each instance costs a build and a sweep in every shared worker. */
        public static final int MAX_SEED_INSTANCES = 4;

        /** Settings without the stability fields (they take their defaults). */
        public SandboxSettings(List<Integer> efs, Integer runs, Integer queries, String heap, Integer buildTimeoutSeconds,
                               Integer sweepTimeoutSeconds, Double buildBudget, Double memoryBudget, Integer extraQueries,
                               Boolean heldOutExtra, Integer seedInstances) {
            this(efs, runs, queries, heap, buildTimeoutSeconds, sweepTimeoutSeconds, buildBudget, memoryBudget, extraQueries, heldOutExtra,
                    seedInstances, null, null);
        }

        SandboxSettings withDefaults() {
            return new SandboxSettings(efs != null ? efs : CAMPAIGN_EFS, runs != null ? runs : 3, queries,
                    heap != null ? heap : "4g", buildTimeoutSeconds != null ? buildTimeoutSeconds : 300,
                    sweepTimeoutSeconds != null ? sweepTimeoutSeconds : 600, buildBudget != null ? buildBudget : 3.0,
                    memoryBudget != null ? memoryBudget : 2.0, extraQueries,
                    heldOutExtra != null ? heldOutExtra : Boolean.TRUE, seedInstances != null ? seedInstances : 2,
                    maxSeedSpread != null ? maxSeedSpread : SharedWorker.Stability.DEFAULT_MAX_SPREAD,
                    remeasureUnstable != null ? remeasureUnstable : SharedWorker.Stability.DEFAULT_REMEASURES);
        }

        /** These settings with {@code heldOutExtra} replaced. */
        public SandboxSettings withHeldOutExtra(Boolean h) {
            return new SandboxSettings(efs, runs, queries, heap, buildTimeoutSeconds, sweepTimeoutSeconds, buildBudget, memoryBudget, extraQueries, h,
                    seedInstances, maxSeedSpread, remeasureUnstable);
        }

        /** These settings with {@code seedInstances} replaced. */
        public SandboxSettings withSeedInstances(Integer k) {
            return new SandboxSettings(efs, runs, queries, heap, buildTimeoutSeconds, sweepTimeoutSeconds, buildBudget, memoryBudget, extraQueries,
                    heldOutExtra, k, maxSeedSpread, remeasureUnstable);
        }

        /** These settings with the stability bound and re-measurements replaced (nulls keep the defaults). */
        public SandboxSettings withStability(Double spread, Integer remeasures) {
            return new SandboxSettings(efs, runs, queries, heap, buildTimeoutSeconds, sweepTimeoutSeconds, buildBudget, memoryBudget, extraQueries,
                    heldOutExtra, seedInstances, spread, remeasures);
        }

        /** The stability rule of a defaulted config. */
        public SharedWorker.Stability stability() {
            return new SharedWorker.Stability(maxSeedSpread, remeasureUnstable);
        }
    }

    public CampaignConfig withDefaults() {
        ProposerConfig pc = proposer != null ? proposer : ProposerConfig.of(ProposerConfig.MUTATE, null);
        int par = parallelism != null ? parallelism : 1;
        boolean overlap = overlapProposals != null ? overlapProposals : !ProposerConfig.MUTATE.equals(pc.kind());
        return new CampaignConfig(name, dataset != null ? dataset : "synthetic", dataDir, cacheDir,
                modules != null ? modules : List.of("construction", "search", "refinement"),
                evaluations != null ? evaluations : 24, group != null ? group : 4, exemplars != null ? exemplars : 4,
                temperature != null ? temperature : 0.1, seed != null ? seed : 42L,
                wallClockMinutes != null ? wallClockMinutes : 0.0, maxTokens != null ? maxTokens : 0L,
                maxDollars != null ? maxDollars : 0.0, failurePenalty != null ? failurePenalty : 0.0,
                heldOut != null ? heldOut : Boolean.TRUE, par, overlap,
                confirmTop != null ? confirmTop : 2, confirmRounds != null ? confirmRounds : 3,
                minGain != null ? minGain : 0.02, groupTogether != null ? groupTogether : !overlap && par == 1, pc,
                (sandbox != null ? sandbox : new SandboxSettings(null, null, null, null, null, null, null, null, null, null, null)).withDefaults(),
                confirmMaxRounds != null ? confirmMaxRounds : Math.max(10, confirmRounds != null ? confirmRounds : 3));
    }

    /** Checks a defaulted config; the message names the field. */
    public void validate() {
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("modules: at least one of construction, search, refinement");
        }
        for (String m : modules) {
            ModuleKind.parse(m);
        }
        if (modules.stream().distinct().count() != modules.size()) {
            throw new IllegalArgumentException("modules: each module at most once, got " + modules);
        }
        if (evaluations < 2) {
            throw new IllegalArgumentException("evaluations must be >= 2, got " + evaluations);
        }
        if (group < 2) {
            throw new IllegalArgumentException("group must be >= 2 (GRPO advantages compare completions of one prompt), got " + group);
        }
        if (evaluations < group) {
            throw new IllegalArgumentException("evaluations (" + evaluations + ") must be at least one group (" + group + ")");
        }
        if (exemplars < 1) {
            throw new IllegalArgumentException("exemplars must be >= 1, got " + exemplars);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (wallClockMinutes < 0 || maxTokens < 0 || maxDollars < 0) {
            throw new IllegalArgumentException("budgets must be >= 0 (0 = unlimited)");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        if (groupTogether && (overlapProposals || parallelism > 1)) {
            throw new IllegalArgumentException("groupTogether measures a whole group in one worker, so it needs overlapProposals off and parallelism 1"
                    + " (got overlapProposals " + overlapProposals + ", parallelism " + parallelism + ")");
        }
        if (!(minGain >= 0) || minGain >= 1) {
            throw new IllegalArgumentException("minGain must be in [0, 1), got " + minGain);
        }
        if (confirmTop < 0 || confirmRounds < 1 || confirmTop > 0 && confirmRounds < 2) {
            throw new IllegalArgumentException("confirmTop must be >= 0 and confirmRounds >= 2 (the test needs two paired rounds), got "
                    + confirmTop + " and " + confirmRounds);
        }
        if (confirmMaxRounds < confirmRounds) {
            throw new IllegalArgumentException("confirmMaxRounds (" + confirmMaxRounds + ") must be at least confirmRounds (" + confirmRounds + ")");
        }
        if (sandbox.extraQueries() != null && sandbox.extraQueries() < 0) {
            throw new IllegalArgumentException("sandbox: extraQueries must be >= 0 (0 = never), got " + sandbox.extraQueries());
        }
        if (sandbox.seedInstances() < 1 || sandbox.seedInstances() > SandboxSettings.MAX_SEED_INSTANCES) {
            throw new IllegalArgumentException("sandbox: seedInstances must be in [1, " + SandboxSettings.MAX_SEED_INSTANCES + "], got "
                    + sandbox.seedInstances());
        }
        try {
            sandbox.stability();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sandbox: " + e.getMessage());
        }
        if (sandbox.runs() < 1 || sandbox.efs().isEmpty() || sandbox.efs().stream().anyMatch(e -> e < 1)) {
            throw new IllegalArgumentException("sandbox: runs >= 1 and ef values >= 1 required");
        }
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
    }

    public List<ModuleKind> moduleKinds() {
        return modules.stream().map(ModuleKind::parse).toList();
    }

    public CampaignConfig withName(String n) {
        return new CampaignConfig(n, dataset, dataDir, cacheDir, modules, evaluations, group, exemplars, temperature, seed,
                wallClockMinutes, maxTokens, maxDollars, failurePenalty, heldOut, parallelism, overlapProposals, confirmTop, confirmRounds, minGain, groupTogether, proposer, sandbox, confirmMaxRounds);
    }

    public CampaignConfig withSandbox(SandboxSettings s) {
        return new CampaignConfig(name, dataset, dataDir, cacheDir, modules, evaluations, group, exemplars, temperature, seed,
                wallClockMinutes, maxTokens, maxDollars, failurePenalty, heldOut, parallelism, overlapProposals, confirmTop, confirmRounds, minGain, groupTogether, proposer, s, confirmMaxRounds);
    }

    public CampaignConfig withEvaluations(int n) {
        return new CampaignConfig(name, dataset, dataDir, cacheDir, modules, n, group, exemplars, temperature, seed,
                wallClockMinutes, maxTokens, maxDollars, failurePenalty, heldOut, parallelism, overlapProposals, confirmTop, confirmRounds, minGain, groupTogether, proposer, sandbox, confirmMaxRounds);
    }
}
