package io.crinn4j.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.campaign.CampaignDir;
import io.crinn4j.reward.RecallBand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Campaign folders and configuration files in the flat format of earlier versions. The fixtures
 * {@code legacy-*.yaml} are {@code campaign.yaml} files written by that version's
 * {@code CampaignDir.create} (what {@code crinn run} saved): the settings below are what that version
 * read them as, and what {@code crinn resume} must keep using.
 */
class LegacyConfigTest {
    private static final List<Integer> CAMPAIGN_EFS = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 20, 25, 30, 35, 40, 50, 70,
            100);

    @TempDir
    Path tmp;

    private static String fixture(String name) throws IOException {
        try (InputStream in = LegacyConfigTest.class.getResourceAsStream(name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Reads a saved {@code campaign.yaml} the way {@code crinn resume} and {@code crinn leaderboard} do. */
    private CampaignConfig resumed(String yaml) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "campaign");
        Files.writeString(dir.resolve("campaign.yaml"), yaml);
        return CampaignDir.savedConfig(dir);
    }

    @Test
    void aDefaultRunReadsWithTheSettingsItWasSavedWith() throws IOException {
        String yaml = fixture("legacy-defaults");
        assertTrue(LegacyConfig.isFlat(ConfigYaml.parse(yaml, "fixture")));
        assertEquals(new CampaignConfig("20251201-101500-synthetic", "synthetic", null, null, List.of("construction", "search", "refinement"), 42,
                new BudgetConfig(24, 0, 0, 0), new SamplingConfig(4, 4, 0.1, 0), PromptConfig.DEFAULTS,
                new RewardConfig(RecallBand.DEFAULT, 3.0, 2.0, 0.0),
                new EvaluatorConfig(CAMPAIGN_EFS, 3, null, "4g", 300, 600, null, true, 2, 0.05, 2, 1, false, true),
                new ConfirmationConfig(2, 3, 10, 0.02, true), new MutateConfig()), resumed(yaml));
    }

    @Test
    void anLlmRunReadsWithEverySettingItWasSavedWith() throws IOException {
        assertEquals(new CampaignConfig("bigann-llm", "bigann10k", "/data/datasets", "/data/gt-cache", List.of("search", "refinement"), 7,
                new BudgetConfig(36, 120, 2_000_000, 5.0), new SamplingConfig(3, 5, 0.2, 0), PromptConfig.DEFAULTS,
                new RewardConfig(RecallBand.DEFAULT, 4.0, 2.5, 0.0),
                new EvaluatorConfig(List.of(1, 2, 4, 8, 16, 32, 64), 5, 500, "8g", 200, 900, 100, true, 3, 0.08, 1, 1, true, false),
                new ConfirmationConfig(3, 4, 12, 0.03, true),
                new LlmConfig(Provider.OPENAI, "gpt-4.1-mini", "https://api.openai.com/v1", 0.9, 120.0, 5, 4096, null, 0.40, 1.60, 2)),
                resumed(fixture("legacy-llm")));
    }

    @Test
    void anEnsembleRunKeepsWhatItsMembersInherited() throws IOException {
        CampaignConfig c = resumed(fixture("legacy-ensemble"));
        assertEquals(new BudgetConfig(16, 0, 0, 1.5), c.budget());
        assertEquals(new RewardConfig(RecallBand.DEFAULT, 3.0, 2.0, -0.5), c.reward());
        assertEquals(new ConfirmationConfig(1, 2, 10, 0.02, false), c.confirmation());
        assertEquals(new EnsembleConfig(List.of(
                new EnsembleConfig.Member(3.0, new LlmConfig(Provider.OPENAI, "gpt-4o-mini", "https://api.openai.com/v1", 0.8, 300.0, 4, null, null,
                        0.15, 0.60, 1)),
                new EnsembleConfig.Member(1.0, new MutateConfig()),
                new EnsembleConfig.Member(1.0, new CommandConfig(List.of("llm", "-m", "gpt-4o-mini"), 90.0)))), c.proposer());
    }

    @Test
    void aCampaignSavedBeforeHeldOutExtrasAndSeedInstancesResumesWithTheProtocolItWasMeasuredWith() throws IOException {
        String yaml = fixture("legacy-llm").replaceAll("(?m)^\\s*heldOutExtra: true\\R", "").replaceAll("(?m)^\\s*seedInstances: 3\\R", "");
        assertFalse(yaml.contains("heldOutExtra") || yaml.contains("seedInstances"));
        EvaluatorConfig e = resumed(yaml).evaluator();
        assertFalse(e.heldOutExtra(), "read as the split it started with");
        assertEquals(1, e.seedInstances(), "one seed per shared worker, as it was measured");
        // The same file given as --config is a user's file: what is missing takes today's default.
        EvaluatorConfig user = CampaignConfig.fromTree(LegacyConfig.upgrade(ConfigYaml.parse(yaml, "user file"), false)).evaluator();
        assertTrue(user.heldOutExtra());
        assertEquals(2, user.seedInstances());
    }

    @Test
    void aUsersFlatFileMapsOntoTheSections() {
        CampaignConfig c = CampaignConfig.fromTree(LegacyConfig.upgrade(ConfigYaml.parse("""
                name: flat
                evaluations: 30
                group: 3
                wallClockMinutes: 90
                failurePenalty: -0.25
                parallelism: 2
                confirmTop: 3
                confirmRounds: 4
                minGain: 0.03
                heldOut: false
                sandbox: {efs: [5, 10], runs: 2, buildBudget: 4, memoryBudget: 3, seedInstances: 3}
                proposer: {kind: ollama}
                """, "user file"), false));
        assertEquals(new BudgetConfig(30, 90, 0, 0), c.budget());
        assertEquals(3, c.sampling().group());
        assertEquals(new RewardConfig(RecallBand.DEFAULT, 4.0, 3.0, -0.25), c.reward());
        assertEquals(new ConfirmationConfig(3, 4, 10, 0.03, false), c.confirmation());
        assertEquals(List.of(5, 10), c.evaluator().efs());
        assertEquals(2, c.evaluator().runs());
        assertEquals(3, c.evaluator().seedInstances());
        assertTrue(c.evaluator().heldOutExtra());
        assertEquals(2, c.evaluator().parallelism());
        assertTrue(c.evaluator().overlapProposals());
        assertFalse(c.evaluator().groupTogether());
        assertEquals("ollama", c.proposer().kind());
    }

    @Test
    void proposerSettingsTheOldReaderIgnoredAreDroppedOnlyFromOldFiles() throws IOException {
        String old = fixture("legacy-defaults").replace("proposer:\n  kind: \"mutate\"\n",
                "proposer:\n  kind: \"manual\"\n  timeoutSeconds: 600.0\n  temperature: 0.5\n  weight: 2.0\n");
        assertTrue(old.contains("timeoutSeconds: 600.0"), old);
        assertEquals(new ManualConfig(null, 3600), resumed(old).proposer(), "as the old reader had it: a manual proposer waits manualTimeoutSeconds");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CampaignConfig.parse("name: x\nproposer: {kind: manual, timeoutSeconds: 600}\n"));
        assertEquals("manual: timeoutSeconds does not apply to kind manual", e.getMessage(), "a new file gets told");
    }

    @Test
    void aFieldInBothFormatsOrAnUnknownOldFieldIsAnError() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> LegacyConfig.upgrade(ConfigYaml.parse("evaluations: 30\nbudget: {evaluations: 40}\n", "x"), false));
        assertEquals("evaluations (the old flat format) and budget.evaluations are both given; keep budget.evaluations", both.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LegacyConfig.upgrade(ConfigYaml.parse("sandbox: {seedInstance: 3}\n", "x"), false));
        assertEquals("sandbox.seedInstance: unknown field of the old flat format", unknown.getMessage());
    }

    @Test
    void aResumedOldCampaignIsNeverWrittenBackInTheOldFormat() throws IOException {
        Path dir = tmp.resolve("old");
        Files.createDirectories(dir);
        String yaml = fixture("legacy-llm");
        Files.writeString(dir.resolve("campaign.yaml"), yaml);
        try (CampaignDir d = CampaignDir.open(dir)) {
            assertEquals("bigann-llm", d.config().name());
            assertFalse(LegacyConfig.isFlat(ConfigYaml.parse(d.config().toYaml(), "x")));
        }
        assertEquals(yaml, Files.readString(dir.resolve("campaign.yaml")), "the folder's file is left as it was saved");
        assertInstanceOf(LlmConfig.class, CampaignDir.savedConfig(dir).proposer());
    }
}
