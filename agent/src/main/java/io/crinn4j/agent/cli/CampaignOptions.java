package io.crinn4j.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.agent.campaign.CampaignConfig;
import io.crinn4j.agent.campaign.CampaignDir;
import io.crinn4j.agent.propose.ProposerConfig;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of {@code crinn run} and {@code crinn evolve}: a config file, then flags on top of it. */
public final class CampaignOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Campaign configuration (YAML or JSON); flags override it.")
    Path config;

    @Option(names = "--name", paramLabel = "NAME", description = "Campaign name (folder name). Default: <time>-<dataset>.")
    String name;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset (see crinn bench --help). Default: synthetic.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of named datasets. Default: as crinn bench.")
    Path dataDir;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Ground-truth cache. Default: as crinn bench.")
    Path cacheDir;

    @Option(names = "--evaluations", paramLabel = "N", description = "Budget: candidate evaluations in the campaign, split evenly over the modules. Default: 24.")
    Integer evaluations;

    @Option(names = "--group", paramLabel = "G", description = "Completions per prompt (GRPO group). Default: 4.")
    Integer group;

    @Option(names = "--exemplars", paramLabel = "K", description = "Earlier variants shown per prompt. Default: 4.")
    Integer exemplars;

    @Option(names = "--temperature", paramLabel = "T", description = "Softmax temperature over rewards for choosing exemplars. Default: 0.1.")
    Double temperature;

    @Option(names = "--proposer", paramLabel = "KIND", description = "mutate (offline, default), openai, ollama, anthropic, gemini, manual or command.")
    String proposer;

    @Option(names = "--model", paramLabel = "M", description = "LLM model name (openai, ollama, anthropic, gemini).")
    String model;

    @Option(names = "--base-url", paramLabel = "URL", description = "Endpoint of an OpenAI-compatible server (vLLM, llama.cpp, LM Studio, DeepSeek) or Ollama.")
    String baseUrl;

    @Option(names = "--seed", paramLabel = "S", description = "Campaign random seed. Default: 42.")
    Long seed;

    @Option(names = "--wall-clock-minutes", paramLabel = "MIN", description = "Budget: wall-clock minutes over all sessions (0 = none).")
    Double wallClock;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Budget: LLM tokens (0 = none).")
    Long maxTokens;

    @Option(names = "--max-dollars", paramLabel = "USD", description = "Budget: estimated LLM cost in dollars (0 = none).")
    Double maxDollars;

    @Option(names = "--queries", paramLabel = "N", description = "Use only the first N campaign queries (faster, noisier).")
    Integer queries;

    @Option(names = "--extra-queries", paramLabel = "N", description = "Base vectors moved out of the index into the campaign's query set. Default: automatic — enough to reach 500 campaign queries when the dataset's campaign half has under 200 (bigann10k: 450); 0 = never.")
    Integer extraQueries;

    @Option(names = "--held-out-extra", negatable = true, description = {"Also move as many further base vectors into the held-out queries,"
            + " so the final check has as many queries as the campaign (bigann10k: its 50 own held-out queries plus 450). Default: on."})
    Boolean heldOutExtra;

    @Option(names = "--ef", paramLabel = "LIST", split = ",", description = "ef values each evaluation sweeps. Default: CRINN's list up to 100.")
    List<Integer> efs;

    @Option(names = "--runs", paramLabel = "R", description = "Timed runs per ef in each evaluation. Default: 3.")
    Integer runs;

    @Option(names = "--heap", paramLabel = "SIZE", description = "Worker JVM heap. Default: 4g.")
    String heap;

    @Option(names = "--no-held-out", description = "Skip the final re-measurement on held-out queries.")
    boolean noHeldOut;

    @Option(names = "--parallelism", paramLabel = "N", description = "Timed evaluations at once. Default: 1 (two at once on a 2-core machine distort each other's timings).")
    Integer parallelism;

    @Option(names = "--overlap-proposals", negatable = true, description = "Evaluate replies as they arrive while the proposer is still working on the group. Default: on, except for the CPU-bound mutate proposer.")
    Boolean overlap;

    @Option(names = "--group-together", negatable = true, description = {"Measure each group's candidates with the seed in one worker JVM, taking turns ef by ef"
            + " (steadier in-group rewards; the candidates share the worker with the seed and each other).",
            "Default: on when --overlap-proposals is off and --parallelism is 1."})
    Boolean groupTogether;

    @Option(names = "--confirm-top", paramLabel = "N", description = "Best variants of a stage re-measured before one is accepted (0 = accept the first measurement). Default: 2.")
    Integer confirmTop;

    @Option(names = "--confirm-rounds", paramLabel = "R", description = {"Rounds of that re-measurement before the first decision, each with the seed",
            "and the current set; a finalist is accepted when its gain over the current set reaches --min-gain and is significant. Default: 3."})
    Integer confirmRounds;

    @Option(names = "--confirm-max-rounds", paramLabel = "R", description = "Rounds at most for finalists still undecided. Default: 10.")
    Integer confirmMaxRounds;

    @Option(names = "--min-gain", paramLabel = "F", description = "A stage accepts a variant only if its confirmed reward beats the current set's by this fraction. Default: 0.02.")
    Double minGain;

    @Option(names = "--seed-instances", paramLabel = "N", description = {"Independent instances of the seed measured in every shared worker",
            "(a group, a confirmation round, a held-out round); the fastest is the reference, so one slow instance does not inflate",
            "every ratio of that worker. 1 to 4. Default: 2."})
    Integer seedInstances;

    @Option(names = "--max-seed-spread", paramLabel = "F", description = {"A shared worker whose seed instances are further apart than this (fastest / slowest - 1)",
            "is measured again; still that far apart after --remeasure-unstable tries, its candidates are UNSTABLE: not scored,",
            "never shown to the LLM as a score. Default: 0.05."})
    Double maxSeedSpread;

    @Option(names = "--remeasure-unstable", paramLabel = "N", description = "How many times at most an unstable worker is measured again. Default: 2.")
    Integer remeasureUnstable;

    @Option(names = "--out", paramLabel = "DIR", description = "Parent folder of campaign folders. Default: runs/ of the checkout.")
    Path out;

    /** The configuration: file first, flags on top, defaults last. */
    CampaignConfig resolve(List<String> modules) {
        CampaignConfig base = config != null ? CampaignDir.readConfig(config)
                : new CampaignConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        CampaignConfig.SandboxSettings sb = base.sandbox() != null ? base.sandbox()
                : new CampaignConfig.SandboxSettings(null, null, null, null, null, null, null, null, null, null, null);
        sb = new CampaignConfig.SandboxSettings(efs != null ? efs : sb.efs(), runs != null ? runs : sb.runs(), queries != null ? queries : sb.queries(),
                heap != null ? heap : sb.heap(), sb.buildTimeoutSeconds(), sb.sweepTimeoutSeconds(), sb.buildBudget(), sb.memoryBudget(), extraQueries != null ? extraQueries : sb.extraQueries(),
                heldOutExtra != null ? heldOutExtra : sb.heldOutExtra(), seedInstances != null ? seedInstances : sb.seedInstances(),
                maxSeedSpread != null ? maxSeedSpread : sb.maxSeedSpread(), remeasureUnstable != null ? remeasureUnstable : sb.remeasureUnstable());
        ProposerConfig pc = base.proposer();
        if (proposer != null || model != null || baseUrl != null) {
            ObjectMapper m = new ObjectMapper();
            @SuppressWarnings("unchecked")
            Map<String, Object> map = pc == null ? new LinkedHashMap<>() : m.convertValue(pc, LinkedHashMap.class);
            if (proposer != null) {
                if (!proposer.equals(map.get("kind"))) {
                    map.clear(); // a different kind starts from that kind's defaults
                }
                map.put("kind", proposer);
            }
            if (model != null) {
                map.put("model", model);
            }
            if (baseUrl != null) {
                map.put("baseUrl", baseUrl);
            }
            pc = m.convertValue(map, ProposerConfig.class);
        }
        String ds = dataset != null ? dataset : base.dataset() != null ? base.dataset() : "synthetic";
        String nm = name != null ? name : base.name() != null ? base.name()
                : LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ds.replaceAll("[^A-Za-z0-9._-]+", "_");
        CampaignConfig c = new CampaignConfig(nm, ds,
                dataDir != null ? dataDir.toString() : base.dataDir(), cacheDir != null ? cacheDir.toString() : base.cacheDir(),
                modules != null ? modules : base.modules(), evaluations != null ? evaluations : base.evaluations(),
                group != null ? group : base.group(), exemplars != null ? exemplars : base.exemplars(),
                temperature != null ? temperature : base.temperature(), seed != null ? seed : base.seed(),
                wallClock != null ? wallClock : base.wallClockMinutes(), maxTokens != null ? maxTokens : base.maxTokens(),
                maxDollars != null ? maxDollars : base.maxDollars(), base.failurePenalty(),
                noHeldOut ? Boolean.FALSE : base.heldOut(), parallelism != null ? parallelism : base.parallelism(),
                overlap != null ? overlap : base.overlapProposals(), confirmTop != null ? confirmTop : base.confirmTop(),
                confirmRounds != null ? confirmRounds : base.confirmRounds(), minGain != null ? minGain : base.minGain(),
                groupTogether != null ? groupTogether : base.groupTogether(), pc, sb,
                confirmMaxRounds != null ? confirmMaxRounds : base.confirmMaxRounds()).withDefaults();
        c.validate();
        return c;
    }

    Path parent() {
        return out != null ? out : BenchCommand.defaultRunsDir();
    }
}
