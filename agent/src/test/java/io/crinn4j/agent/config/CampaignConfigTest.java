package io.crinn4j.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crinn4j.agent.measure.Referee;
import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.seed.glass.GlassBaseline;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CampaignConfigTest {

    private static final List<Integer> CAMPAIGN_EFS = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 20, 25, 30, 35, 40, 50, 70,
            100);

    /** The defaults as the documentation states them (docs/campaign.md, the flags' help), written out rather than taken from the code. */
    private static CampaignConfig documentedDefaults(String name) {
        return new CampaignConfig(name, "synthetic", null, null, List.of("construction", "search", "refinement"), 42,
                new BudgetConfig(24, 0, 0, 0), new SamplingConfig(4, 4, 0.1, 3), new PromptConfig(300_000, 1_500, 6, 8_000),
                new RewardConfig(new RecallBand(0.85, 0.95), 3.0, 2.0, 0.0),
                new EvaluatorConfig(CAMPAIGN_EFS, 3, null, "4g", 300, 600, null, true, 2, 0.05, 2, 1, false, true),
                new ConfirmationConfig(2, 3, 10, 0.02, true), new MutateConfig());
    }

    @Test
    void aConfigWithNothingSetHasTheDocumentedDefaults() {
        assertEquals(documentedDefaults("x"), CampaignConfig.parse("name: x\n"));
        assertEquals(documentedDefaults("x"), CampaignConfig.parse("""
                name: x
                budget: {}
                sampling: {}
                prompt: {}
                reward: {}
                evaluator: {}
                confirmation: {}
                proposer: {}
                """), "an empty section is a section of defaults");
        assertEquals(documentedDefaults("x").budget(), BudgetConfig.DEFAULTS);
        assertEquals(documentedDefaults("x").confirmation(), ConfirmationConfig.DEFAULTS);
        assertTrue(CampaignConfig.parse("dataset: bigann10k\n").name().matches("\\d{8}-\\d{6}-bigann10k"), "named after the time and the data");
        assertTrue(CampaignConfig.parse("dataset: 'hdf5:/data/x.hdf5'\n").name().endsWith("-hdf5_data_x.hdf5"), "a folder name");
    }

    @Test
    void defaultsThatDependOnOtherSectionsAreDecidedFromThem() {
        EvaluatorConfig mutate = CampaignConfig.parse("name: x\n").evaluator();
        assertFalse(mutate.overlapProposals(), "the mutator is CPU-bound: it does not run beside a timed worker");
        assertTrue(mutate.groupTogether(), "no overlap and one evaluation at a time: the group is measured together");
        EvaluatorConfig llm = CampaignConfig.parse("name: x\nproposer: {kind: openai}\n").evaluator();
        assertTrue(llm.overlapProposals());
        assertFalse(llm.groupTogether());
        assertFalse(CampaignConfig.parse("name: x\nevaluator: {parallelism: 2}\n").evaluator().groupTogether());
        assertFalse(CampaignConfig.parse("name: x\nevaluator: {overlapProposals: true}\n").evaluator().groupTogether());
        EvaluatorConfig apart = CampaignConfig.parse("name: x\nproposer: {kind: openai}\nevaluator: {overlapProposals: false}\n").evaluator();
        assertTrue(apart.groupTogether());
        assertEquals(12, CampaignConfig.parse("name: x\nconfirmation: {rounds: 12}\n").confirmation().maxRounds(), "never below rounds");
        assertBad("proposer: {kind: openai}\nevaluator: {groupTogether: true}\n", "evaluator.groupTogether measures a whole group in one worker,"
                + " so it needs overlapProposals off and parallelism 1 (got overlapProposals true, parallelism 1)");
    }

    @Test
    void eachSectionNamesTheFieldItRejects() {
        assertBad("budget: {evaluations: 1}\n", "budget.evaluations must be >= 2, got 1");
        assertBad("budget: {maxDollars: -1}\n", "budget.maxDollars must be >= 0 (0 = unlimited), got -1.0");
        assertBad("budget: {maxTokens: -5}\n", "budget.maxTokens must be >= 0 (0 = unlimited), got -5");
        assertBad("budget: {wallClockMinutes: -1}\n", "budget.wallClockMinutes must be >= 0 (0 = unlimited), got -1.0");
        assertBad("budget: {evaluations: 3}\nsampling: {group: 4}\n", "budget.evaluations (3) must be at least one group (sampling.group 4)");
        assertBad("sampling: {group: 1}\n", "sampling.group must be >= 2 (GRPO advantages compare completions of one prompt), got 1");
        assertBad("sampling: {exemplars: 0}\n", "sampling.exemplars must be >= 1, got 0");
        assertBad("sampling: {temperature: 0}\n", "sampling.temperature must be > 0, got 0.0");
        assertBad("prompt: {charBudget: 999}\n", "prompt.charBudget must be >= 1000, got 999");
        assertBad("prompt: {failureFeedbackChars: 0}\n", "prompt.failureFeedbackChars must be >= 1, got 0");
        assertBad("prompt: {maxPoints: 0}\n", "prompt.maxPoints must be >= 1, got 0");
        assertBad("prompt: {maxDiffChars: 10}\n", "prompt.maxDiffChars must be >= 100, got 10");
        assertBad("reward: {band: '0.95:0.85'}\n", "reward.band must be LO:HI with 0 <= LO < HI <= 1, got '0.95:0.85'");
        assertBad("reward: {band: high}\n", "reward.band must be LO:HI with 0 <= LO < HI <= 1, got 'high'");
        assertBad("reward: {buildBudget: 0}\n", "reward.buildBudget must be > 0, got 0.0");
        assertBad("reward: {memoryBudget: -2}\n", "reward.memoryBudget must be > 0, got -2.0");
        assertBad("evaluator: {seedInstances: 7}\n", "evaluator.seedInstances must be in [1, 4], got 7");
        assertBad("evaluator: {seedInstances: 0}\n", "evaluator.seedInstances must be in [1, 4], got 0");
        assertBad("evaluator: {maxSeedSpread: 0}\n", "evaluator.maxSeedSpread must be > 0, got 0.0");
        assertBad("evaluator: {remeasureUnstable: 11}\n", "evaluator.remeasureUnstable must be between 0 and 10, got 11");
        assertBad("evaluator: {efs: [1, 0]}\n", "evaluator.efs must be a non-empty list of ef values >= 1, got [1, 0]");
        assertBad("evaluator: {efs: []}\n", "evaluator.efs must be a non-empty list of ef values >= 1, got []");
        assertBad("evaluator: {runs: 0}\n", "evaluator.runs must be >= 1, got 0");
        assertBad("evaluator: {queries: 0}\n", "evaluator.queries must be >= 1, got 0");
        assertBad("evaluator: {heap: lots}\n", "evaluator.heap must look like 512m or 4g, got 'lots'");
        assertBad("evaluator: {buildTimeoutSeconds: 0}\n", "evaluator.buildTimeoutSeconds must be >= 1, got 0");
        assertBad("evaluator: {sweepTimeoutSeconds: 0}\n", "evaluator.sweepTimeoutSeconds must be >= 1, got 0");
        assertBad("evaluator: {extraQueries: -1}\n", "evaluator.extraQueries must be >= 0 (0 = never), got -1");
        assertBad("evaluator: {parallelism: 0}\n", "evaluator.parallelism must be >= 1, got 0");
        assertBad("confirmation: {top: -1}\n", "confirmation.top must be >= 0, got -1");
        assertBad("confirmation: {rounds: 0}\n", "confirmation.rounds must be >= 1, got 0");
        assertBad("confirmation: {rounds: 1}\n", "confirmation.rounds must be >= 2 when confirmation.top > 0 (the paired test needs two rounds), got 1");
        assertBad("confirmation: {rounds: 4, maxRounds: 3}\n", "confirmation.maxRounds (3) must be at least confirmation.rounds (4)");
        assertBad("confirmation: {minGain: 1}\n", "confirmation.minGain must be in [0, 1), got 1.0");
        assertBad("modules: [construction, indexing]\n", "unknown module 'indexing' (expected construction, search or refinement)");
        assertBad("modules: [search, search]\n", "modules: each module at most once, got [search, search]");
        assertBad("modules: []\n", "modules: at least one of construction, search, refinement");
        assertBad("proposer: {kind: telepathy}\n", "unknown proposer kind 'telepathy' (expected mutate, openai, ollama, anthropic, gemini,"
                + " manual, command, replay or ensemble)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CampaignConfig.parse("name: 'a b'\n"));
        assertEquals("name must be letters, digits, '.', '_' or '-', got 'a b'", e.getMessage());
    }

    @Test
    void unknownFieldsAndBadValuesAreOneLineNamingTheirPath() {
        assertBad("budget: {evaluatons: 30}\n", "campaign configuration: unknown field 'budget.evaluatons' (known: evaluations, maxDollars, maxTokens,"
                + " wallClockMinutes)");
        assertBad("evaluater: {}\n", "campaign configuration: unknown field 'evaluater' (known: budget, cacheDir, confirmation, dataDir, dataset,"
                + " evaluator, modules, name, prompt, proposer, reward, sampling, seed)");
        assertBad("proposer: {ensemble: [{kind: openai, modle: x}]}\n", "campaign configuration: unknown field 'proposer.ensemble[0].modle' (known:"
                + " apiKeyEnv, baseUrl, concurrency, kind, maxRetries, maxTokens, model, priceInputPerMTok, priceOutputPerMTok, temperature,"
                + " timeoutSeconds)");
        assertBad("budget: {evaluations: many}\n", "campaign configuration: bad value at budget.evaluations: Cannot deserialize value of type"
                + " `java.lang.Integer` from String \"many\": not a valid `java.lang.Integer` value");
        assertBad("proposer: {kind: openai, apiKey: sk-123}\n", "campaign configuration: 'apiKey' is not accepted; put the key in an environment"
                + " variable and give its name as apiKeyEnv");
        assertBad("budget: 24\n", "campaign configuration: bad value at budget: Cannot construct instance of"
                + " `io.crinn4j.agent.config.BudgetConfig` (although at least one Creator exists): no int/Int-argument constructor/factory"
                + " method to deserialize from Number value (24)");
    }

    @Test
    void theSavedFileHoldsEveryResolvedFieldAndReadsBackEqual() throws Exception {
        CampaignConfig c = CampaignConfig.parse("""
                name: llm-run
                dataset: bigann10k
                modules: [search]
                reward: {band: '0.8:0.9', buildBudget: 5}
                evaluator: {queries: 500, seedInstances: 3}
                proposer: {kind: anthropic, temperature: 0.3}
                """);
        String yaml = c.toYaml();
        assertEquals(c, CampaignConfig.parse(yaml));
        assertEquals(yaml, CampaignConfig.parse(yaml).toYaml());
        JsonNode tree = ConfigYaml.parse(yaml, "saved");
        assertEquals(names(CampaignConfig.class), fieldNames(tree));
        for (Class<?> section : List.of(BudgetConfig.class, SamplingConfig.class, PromptConfig.class, RewardConfig.class, EvaluatorConfig.class,
                ConfirmationConfig.class)) {
            String key = section.getSimpleName().replace("Config", "");
            key = Character.toLowerCase(key.charAt(0)) + key.substring(1);
            assertEquals(names(section), fieldNames(tree.get(key)), key);
        }
        assertEquals("0.8:0.9", tree.path("reward").path("band").asText());
        assertTrue(tree.path("evaluator").path("overlapProposals").asBoolean(), "the resolved value is saved, not left to a default");
        assertTrue(tree.path("evaluator").has("extraQueries") && tree.path("evaluator").get("extraQueries").isNull(), "null = automatic, saved");
        assertEquals(8192, tree.path("proposer").path("maxTokens").asInt());
        assertFalse(LegacyConfig.isFlat(tree), "nothing is written in the old format");
    }

    @Test
    void theSandboxMeasuresWithTheEvaluatorSectionAndJudgesWithTheRewardSection() {
        SandboxConfig s = CampaignConfig.parse("""
                name: x
                seed: 9
                reward: {band: '0.8:0.9', buildBudget: 5, memoryBudget: 1.5}
                evaluator: {efs: [10, 20], runs: 2, heap: 2g, buildTimeoutSeconds: 30, sweepTimeoutSeconds: 40}
                """).sandboxConfig();
        assertEquals(new RecallBand(0.8, 0.9), s.band());
        assertEquals(0.8, s.recallFloor(), "the floor the prompt states: the band's lower end");
        assertEquals("2g", s.heap());
        assertEquals(Duration.ofSeconds(30), s.buildTimeout());
        assertEquals(Duration.ofSeconds(40), s.sweepTimeout());
        assertEquals(List.of(10, 20), Arrays.stream(s.sweep().efs()).boxed().toList());
        assertEquals(2, s.sweep().runs());
        assertEquals(9, s.sweep().shuffleSeed());
        SandboxConfig d = CampaignConfig.parse("name: x\n").sandboxConfig();
        assertEquals(RecallBand.DEFAULT, d.band());
        assertEquals(0.85, d.recallFloor());
    }

    /**
     * The bug this tree fixed: a campaign enforced its configured budgets while its prompt stated the
     * defaults (a campaign with {@code buildBudget: 5} told the LLM 3x). The prompt is rendered by the
     * builder the campaign makes ({@code Campaign} takes {@link CampaignConfig#promptBuilder}).
     */
    @Test
    void thePromptStatesTheBandAndBudgetsTheCampaignEnforces() {
        CampaignConfig c = CampaignConfig.parse("""
                name: x
                reward: {band: '0.8:0.9', buildBudget: 5, memoryBudget: 1.5}
                prompt: {maxPoints: 2}
                """);
        List<Exemplar.Point> points = List.of(new Exemplar.Point(1, 0.7, 9000, 100), new Exemplar.Point(2, 0.82, 8000, 150),
                new Exemplar.Point(4, 0.88, 7000, 200), new Exemplar.Point(8, 0.95, 4000, 300));
        String seed = GlassBaseline.source(ModuleKind.SEARCH);
        String prompt = c.promptBuilder().build(ModuleKind.SEARCH, List.of(new Exemplar("seed", null, seed, "OK", 1.0, 700.0, points, null, null, null, null)), null,
                List.of());
        SandboxConfig enforced = c.sandboxConfig();
        Referee referee = Referee.of(c.reward());
        assertTrue(prompt.contains("recall 0.8–0.9"), "the band the reward integrates over");
        assertTrue(prompt.contains("build time at most 5×") && prompt.contains("index memory at most 1.5×"), "the budgets the referee enforces");
        assertFalse(prompt.contains("0.85–0.95") || prompt.contains("at most 3×") || prompt.contains("at most 2×"), "no default left in the text");
        assertEquals(5.0, referee.buildBudget(), "the referee enforces what the prompt states");
        assertEquals(1.5, referee.memoryBudget());
        assertEquals(new RecallBand(0.8, 0.9), enforced.band());
        long rows = prompt.lines().filter(l -> l.matches("\\| [\\d–]+ \\| 0\\.\\d{3}( \\(outside the band\\))? \\| \\d+ \\| \\d+ \\|")).count();
        assertEquals(2, rows, "prompt.maxPoints reaches the builder");
    }

    private static void assertBad(String yaml, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CampaignConfig.parse("name: x\n" + yaml));
        assertEquals(message, e.getMessage());
    }

    private static Set<String> names(Class<?> record) {
        Set<String> s = new TreeSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            s.add(c.getName());
        }
        return s;
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }
}
