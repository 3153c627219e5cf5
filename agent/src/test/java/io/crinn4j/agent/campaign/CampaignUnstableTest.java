package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.seed.glass.GlassBaseline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement whose seed instances disagree beyond the bound is made again, and one that stays
 * unstable is marked {@code UNSTABLE}: no score, no GRPO advantage, not a failure of the code, not
 * shown to the next prompt, never a finalist. A bound no two measurements meet (10^-9) makes
 * every worker unstable, which is what these campaigns check, with candidates measured each beside
 * the seed (overlap on) and as a group in one worker.
 */
class CampaignUnstableTest {
    private static final String REFINE = GlassBaseline.source(ModuleKind.REFINEMENT);

    @TempDir
    Path tmp;

    private CampaignConfig config(String name, boolean together) {
        return TestConfig.tiny(name).set("budget.evaluations", 4).set("sampling.group", 2).set("evaluator.overlapProposals", !together)
                .set("evaluator.groupTogether", together).set("evaluator.maxSeedSpread", 1e-9).set("evaluator.remeasureUnstable", 1)
                .set("confirmation.top", 2).set("confirmation.rounds", 2).build();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void candidatesOfAnUnstableWorkerAreNotScoredAndNeverReachThePromptOrTheConfirmation(boolean together) throws Exception {
        String wide = REFINE.replace("FACTOR = 1.5f", "FACTOR = 2.0f");
        String narrow = REFINE.replace("FACTOR = 1.5f", "FACTOR = 1.2f");
        Path path = tmp.resolve(together ? "together" : "apart");
        Campaign.Result r;
        try (CampaignDir dir = CampaignDir.create(path, config(together ? "together" : "apart", together))) {
            r = new Campaign(dir, FixedProposer.of(wide, narrow), spec -> Datasets.resolve(spec, tmp), new GroundTruthCache(tmp.resolve("gt")),
                    new Campaign.Listener() { }).run();
        }
        ProgramDatabase db = new ProgramDatabase(path);
        db.load();
        for (String id : List.of("refinement-s0-g000-0", "refinement-s0-g000-1")) {
            Variant v = db.get(id).orElseThrow();
            assertEquals(VariantStatus.UNSTABLE, v.status(), v.feedback());
            assertTrue(v.feedback().contains("not scored") && v.feedback().contains("2 measurements"), v.feedback());
            assertTrue(v.unstable() && !v.failed(), "neither a score nor a failure of the code");
            assertEquals(0.0, v.advantage(), 0.0);
        }
        assertEquals(2, r.unstable());
        assertEquals(0, r.failures());
        // Measured again once: every worker of the group has an attempt folder "-a1".
        try (Stream<Path> evals = Files.list(path.resolve("sandbox").resolve("evals"))) {
            assertTrue(evals.anyMatch(p -> p.getFileName().toString().endsWith("-a1")), "the unstable worker was measured again");
        }
        // The next group's prompt shows neither variant: not as an exemplar with a score, not as a failure.
        String prompt = Files.readString(path.resolve("groups").resolve("refinement-s0-g001").resolve("prompt.md"));
        assertFalse(prompt.contains("refinement-s0-g000-0") || prompt.contains("refinement-s0-g000-1"), prompt);
        assertFalse(prompt.contains("not scored"), prompt);
        // No finalist: unstable variants are not OK.
        List<String> types = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String line : Files.readAllLines(path.resolve("events.jsonl"))) {
            JsonNode e = m.readTree(line);
            types.add(e.get("type").asText());
        }
        assertFalse(types.contains("winner-confirmation"), types.toString());
        JsonNode group = m.readTree(path.resolve("groups").resolve("refinement-s0-g000").resolve("group.json").toFile());
        assertEquals(0.0, group.get("std").asDouble(), 0.0, "no scored variant: nothing to spread");
    }
}
