package io.crinn4j.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crinn4j.agent.config.BudgetConfig;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.config.ConfigYaml;
import io.crinn4j.agent.config.ConfirmationConfig;
import io.crinn4j.agent.config.EvaluatorConfig;
import io.crinn4j.agent.config.LegacyConfig;
import io.crinn4j.agent.config.ProposerConfig;
import io.crinn4j.agent.config.SamplingConfig;
import java.nio.file.Path;
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

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset (see crinn bench --help). Default: " + CampaignConfig.DEFAULT_DATASET + ".")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of named datasets. Default: as crinn bench.")
    Path dataDir;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Ground-truth cache. Default: as crinn bench.")
    Path cacheDir;

    @Option(names = "--evaluations", paramLabel = "N", description = "Budget: candidate evaluations in the campaign, split evenly over the modules. Default: "
            + BudgetConfig.DEFAULT_EVALUATIONS + ".")
    Integer evaluations;

    @Option(names = "--group", paramLabel = "G", description = "Completions per prompt (GRPO group). Default: " + SamplingConfig.DEFAULT_GROUP + ".")
    Integer group;

    @Option(names = "--exemplars", paramLabel = "K", description = "Earlier variants shown per prompt. Default: " + SamplingConfig.DEFAULT_EXEMPLARS + ".")
    Integer exemplars;

    @Option(names = "--temperature", paramLabel = "T", description = "Softmax temperature over rewards for choosing exemplars. Default: "
            + SamplingConfig.DEFAULT_TEMPERATURE + ".")
    Double temperature;

    @Option(names = "--crossover-every", paramLabel = "N", description = {"Every N-th group of a stage asks the LLM to combine the best variant",
            "with the strongest other one (both shown whole, with their diff); 0 = never. Default: " + SamplingConfig.DEFAULT_CROSSOVER_EVERY + "."})
    Integer crossoverEvery;

    @Option(names = "--proposer", paramLabel = "KIND", description = "mutate (offline, default), openai, ollama, anthropic, gemini, manual, command or replay.")
    String proposer;

    @Option(names = "--model", paramLabel = "M", description = "LLM model name (openai, ollama, anthropic, gemini).")
    String model;

    @Option(names = "--base-url", paramLabel = "URL", description = "Endpoint of an OpenAI-compatible server (vLLM, llama.cpp, LM Studio, DeepSeek) or Ollama.")
    String baseUrl;

    @Option(names = "--replies", paramLabel = "DIR", description = "Kind replay: the folder of recorded replies, reply-<n>-<i>.md answering the n-th group.")
    Path replies;

    @Option(names = "--seed", paramLabel = "S", description = "Campaign random seed. Default: " + CampaignConfig.DEFAULT_SEED + ".")
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

    @Option(names = "--runs", paramLabel = "R", description = "Timed runs per ef in each evaluation. Default: " + EvaluatorConfig.DEFAULT_RUNS + ".")
    Integer runs;

    @Option(names = "--heap", paramLabel = "SIZE", description = "Worker JVM heap. Default: " + EvaluatorConfig.DEFAULT_HEAP + ".")
    String heap;

    @Option(names = "--no-held-out", description = "Skip the final re-measurement on held-out queries.")
    boolean noHeldOut;

    @Option(names = "--parallelism", paramLabel = "N", description = "Timed evaluations at once. Default: " + EvaluatorConfig.DEFAULT_PARALLELISM + " (two at once on a 2-core machine distort each other's timings).")
    Integer parallelism;

    @Option(names = "--overlap-proposals", negatable = true, description = "Evaluate replies as they arrive while the proposer is still working on the group. Default: on, except for the CPU-bound mutate proposer.")
    Boolean overlap;

    @Option(names = "--group-together", negatable = true, description = {"Measure each group's candidates with the seed in one worker JVM, taking turns ef by ef"
            + " (steadier in-group rewards; the candidates share the worker with the seed and each other).",
            "Default: on when --overlap-proposals is off and --parallelism is 1."})
    Boolean groupTogether;

    @Option(names = "--confirm-top", paramLabel = "N", description = "Best variants of a stage re-measured before one is accepted (0 = accept the first measurement). Default: "
            + ConfirmationConfig.DEFAULT_TOP + ".")
    Integer confirmTop;

    @Option(names = "--confirm-rounds", paramLabel = "R", description = {"Rounds of that re-measurement before the first decision, each with the seed",
            "and the current set; a finalist is accepted when its gain over the current set reaches --min-gain and is significant. Default: "
            + ConfirmationConfig.DEFAULT_ROUNDS + "."})
    Integer confirmRounds;

    @Option(names = "--confirm-max-rounds", paramLabel = "R", description = "Rounds at most for finalists still undecided. Default: " + ConfirmationConfig.DEFAULT_MAX_ROUNDS + ".")
    Integer confirmMaxRounds;

    @Option(names = "--min-gain", paramLabel = "F", description = "A stage accepts a variant only if its confirmed reward beats the current set's by this fraction. Default: "
            + ConfirmationConfig.DEFAULT_MIN_GAIN + ".")
    Double minGain;

    @Option(names = "--seed-instances", paramLabel = "N", description = {"Independent instances of the seed measured in every shared worker",
            "(a group, a confirmation round, a held-out round); the fastest is the reference, so one slow instance does not inflate",
            "every ratio of that worker. 1 to " + EvaluatorConfig.MAX_SEED_INSTANCES + ". Default: " + EvaluatorConfig.DEFAULT_SEED_INSTANCES + "."})
    Integer seedInstances;

    @Option(names = "--max-seed-spread", paramLabel = "F", description = {"A shared worker whose seed instances are further apart than this (fastest / slowest - 1)",
            "is measured again; still that far apart after --remeasure-unstable tries, its candidates are UNSTABLE: not scored,",
            "never shown to the LLM as a score. Default: " + EvaluatorConfig.DEFAULT_MAX_SEED_SPREAD + "."})
    Double maxSeedSpread;

    @Option(names = "--remeasure-unstable", paramLabel = "N", description = "How many times at most an unstable worker is measured again. Default: "
            + EvaluatorConfig.DEFAULT_REMEASURE_UNSTABLE + ".")
    Integer remeasureUnstable;

    @Option(names = "--out", paramLabel = "DIR", description = "Parent folder of campaign folders. Default: runs/ of the checkout.")
    Path out;

    /**
     * The configuration: the file's tree (migrated when it is in the old flat format), each flag
     * given set at its path of the tree ({@link #overrides}), then bound, so that whatever is still
     * unset takes its section's default.
     */
    CampaignConfig resolve(List<String> modules) {
        ObjectNode tree = config != null ? LegacyConfig.upgrade(ConfigYaml.read(config), false) : ConfigYaml.emptyTree();
        if (proposer != null) {
            if (!sameKind(tree.get("proposer"), proposer)) {
                tree.putObject("proposer"); // a different kind starts from that kind's defaults
            }
            ConfigYaml.set(tree, "proposer.kind", proposer);
        }
        if (modules != null) {
            ConfigYaml.set(tree, "modules", modules);
        }
        overrides().forEach((path, value) -> ConfigYaml.set(tree, path, value));
        return CampaignConfig.fromTree(tree);
    }

    /** Whether the file's proposer section is of {@code kind} (one whose kind cannot be read is not: the flag replaces it). */
    private static boolean sameKind(JsonNode written, String kind) {
        try {
            return written != null && written.isObject() && kind.trim().equalsIgnoreCase(ProposerConfig.kindOf(written));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Each flag's value (null when not given) and the path of the configuration tree it sets. */
    private Map<String, Object> overrides() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("dataset", dataset);
        m.put("dataDir", dataDir == null ? null : dataDir.toString());
        m.put("cacheDir", cacheDir == null ? null : cacheDir.toString());
        m.put("seed", seed);
        m.put("budget.evaluations", evaluations);
        m.put("budget.wallClockMinutes", wallClock);
        m.put("budget.maxTokens", maxTokens);
        m.put("budget.maxDollars", maxDollars);
        m.put("sampling.group", group);
        m.put("sampling.exemplars", exemplars);
        m.put("sampling.temperature", temperature);
        m.put("sampling.crossoverEvery", crossoverEvery);
        m.put("evaluator.efs", efs);
        m.put("evaluator.runs", runs);
        m.put("evaluator.queries", queries);
        m.put("evaluator.heap", heap);
        m.put("evaluator.extraQueries", extraQueries);
        m.put("evaluator.heldOutExtra", heldOutExtra);
        m.put("evaluator.seedInstances", seedInstances);
        m.put("evaluator.maxSeedSpread", maxSeedSpread);
        m.put("evaluator.remeasureUnstable", remeasureUnstable);
        m.put("evaluator.parallelism", parallelism);
        m.put("evaluator.overlapProposals", overlap);
        m.put("evaluator.groupTogether", groupTogether);
        m.put("confirmation.top", confirmTop);
        m.put("confirmation.rounds", confirmRounds);
        m.put("confirmation.maxRounds", confirmMaxRounds);
        m.put("confirmation.minGain", minGain);
        m.put("confirmation.heldOut", noHeldOut ? Boolean.FALSE : null);
        m.put("proposer.model", model);
        m.put("proposer.baseUrl", baseUrl);
        m.put("proposer.repliesDir", replies == null ? null : replies.toAbsolutePath().toString());
        return m;
    }

    Path parent() {
        return out != null ? out : BenchCommand.defaultRunsDir();
    }
}
