package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.crinn4j.agent.prompt.PromptBuilder;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.sandbox.QuerySplit;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.sandbox.harness.SweepConfig;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Everything a campaign needs, as one tree of sections in the shape of OpenEvolve's configuration:
 * what to evolve on which data (the top-level fields), {@code budget}, {@code sampling},
 * {@code prompt}, {@code reward}, {@code evaluator}, {@code confirmation} and {@code proposer}.
 * Each section is a record that holds its defaults ({@code DEFAULT_*}) and checks its fields when it
 * is made; a field not written in a file takes its default. Read from YAML or JSON ({@code --config},
 * flags on top: see {@code CampaignOptions}), saved resolved as {@code campaign.yaml} in the campaign
 * folder ({@link #toYaml}), which is what {@code crinn resume} reads back. Files in the flat format
 * of earlier versions are migrated first ({@link LegacyConfig}).
 *
 * @param name    the campaign folder's name; default {@code <yyyyMMdd-HHmmss>-<dataset>}
 * @param dataset see {@code crinn bench --help}; default {@value #DEFAULT_DATASET}
 * @param dataDir folder of named datasets; null: {@code $CRINN_DATA_DIR}, else {@code ../shared/datasets}
 * @param cacheDir ground-truth cache; null: {@code $CRINN_CACHE_DIR}, else {@code ~/.cache/crinn4j/groundtruth}
 * @param modules evolved in this order, each stage starting from the last winner; default all three in CRINN's order
 * @param seed    every random choice of the campaign derives from it
 */
public record CampaignConfig(String name, String dataset, String dataDir, String cacheDir, List<String> modules, long seed,
                             BudgetConfig budget, SamplingConfig sampling, PromptConfig prompt, RewardConfig reward,
                             EvaluatorConfig evaluator, ConfirmationConfig confirmation, ProposerConfig proposer) {

    public static final String DEFAULT_DATASET = "synthetic";
    public static final List<String> DEFAULT_MODULES = List.of("construction", "search", "refinement");
    public static final long DEFAULT_SEED = 42;
    /** Recall is counted at 10, as ann-benchmarks and CRINN do. */
    private static final int K = 10;

    private static final String WHAT = "campaign configuration";

    public CampaignConfig {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("dataset is empty");
        }
        if (modules == null || modules.isEmpty()) {
            throw new IllegalArgumentException("modules: at least one of construction, search, refinement");
        }
        modules.forEach(ModuleKind::parse);
        if (modules.stream().distinct().count() != modules.size()) {
            throw new IllegalArgumentException("modules: each module at most once, got " + modules);
        }
        modules = List.copyOf(modules);
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(reward, "reward");
        Objects.requireNonNull(confirmation, "confirmation");
        Objects.requireNonNull(proposer, "proposer");
        evaluator = Objects.requireNonNull(evaluator, "evaluator").resolvedFor(proposer);
        if (budget.evaluations() < sampling.group()) {
            throw new IllegalArgumentException("budget.evaluations (" + budget.evaluations() + ") must be at least one group (sampling.group "
                    + sampling.group() + ")");
        }
    }

    /** Binding: a field or section not written takes its default. */
    @JsonCreator
    static CampaignConfig bind(@JsonProperty("name") String name, @JsonProperty("dataset") String dataset,
                               @JsonProperty("dataDir") String dataDir, @JsonProperty("cacheDir") String cacheDir,
                               @JsonProperty("modules") List<String> modules, @JsonProperty("seed") Long seed,
                               @JsonProperty("budget") BudgetConfig budget, @JsonProperty("sampling") SamplingConfig sampling,
                               @JsonProperty("prompt") PromptConfig prompt, @JsonProperty("reward") RewardConfig reward,
                               @JsonProperty("evaluator") EvaluatorConfig evaluator,
                               @JsonProperty("confirmation") ConfirmationConfig confirmation,
                               @JsonProperty("proposer") ProposerConfig proposer) {
        String ds = dataset != null ? dataset : DEFAULT_DATASET;
        return new CampaignConfig(name != null ? name : defaultName(ds, LocalDateTime.now()), ds, dataDir, cacheDir,
                modules != null ? modules : DEFAULT_MODULES, seed != null ? seed : DEFAULT_SEED,
                budget != null ? budget : BudgetConfig.DEFAULTS, sampling != null ? sampling : SamplingConfig.DEFAULTS,
                prompt != null ? prompt : PromptConfig.DEFAULTS, reward != null ? reward : RewardConfig.DEFAULTS,
                evaluator != null ? evaluator : EvaluatorConfig.DEFAULTS, confirmation != null ? confirmation : ConfirmationConfig.DEFAULTS,
                proposer != null ? proposer : new MutateConfig());
    }

    /** The folder name a campaign gets when none is given: the time it was started, then the dataset. */
    public static String defaultName(String dataset, LocalDateTime now) {
        return now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + dataset.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    /** Binds a tree in the current (nested) format; problems are one line naming the field. */
    public static CampaignConfig fromTree(JsonNode tree) {
        return ConfigYaml.bind(tree, CampaignConfig.class, WHAT);
    }

    /** Parses YAML or JSON text in the current format. */
    public static CampaignConfig parse(String text) {
        return fromTree(ConfigYaml.parse(text, "the " + WHAT));
    }

    /** YAML text with every resolved field, as saved in {@code campaign.yaml}. */
    public String toYaml() {
        return ConfigYaml.write(this);
    }

    public List<ModuleKind> moduleKinds() {
        return modules.stream().map(ModuleKind::parse).toList();
    }

    /** How the campaign's sandbox measures: the evaluator's sweep and limits, the reward's band and its floor. */
    public SandboxConfig sandboxConfig() {
        // The recall floor is the band's lower end: the prompt tells the LLM that a curve never reaching it is rejected.
        return new SandboxConfig(new SweepConfig(K, evaluator.efArray(), evaluator.runs(), 1, 1000, 20, seed), reward.band(),
                reward.band().lo(), evaluator.heap(), Duration.ofSeconds(evaluator.buildTimeoutSeconds()),
                Duration.ofSeconds(evaluator.sweepTimeoutSeconds()), 64 * 1024);
    }

    /**
     * The campaign's split of {@code all} into campaign and held-out queries (the dataset's own
     * split in halves, plus base vectors moved out of the index as the evaluator section says).
     * Everything that measures "the campaign's queries" (the campaign, an export's verification)
     * splits through here, so their recalls compare point for point.
     */
    public QuerySplit.Split querySplit(Dataset all) {
        return QuerySplit.forCampaign(all, evaluator.extraQueries(), evaluator.heldOutExtra(), seed);
    }

    /** The first {@code evaluator.queries} queries of {@code d} when that is set: faster, noisier. */
    public Dataset limitQueries(Dataset d) {
        Integer q = evaluator.queries();
        return q == null ? d : d.firstQueries(Math.max(1, Math.min(q, d.nq())));
    }

    /** The campaign's prompts: the prompt section's limits, and the band and budgets the referee enforces (both from {@link #reward}). */
    public PromptBuilder promptBuilder() {
        return new PromptBuilder(new PromptBuilder.Settings(prompt.charBudget(), prompt.failureFeedbackChars(), prompt.maxPoints(),
                prompt.maxDiffChars(), reward.band(), reward.buildBudget(), reward.memoryBudget()));
    }
}
