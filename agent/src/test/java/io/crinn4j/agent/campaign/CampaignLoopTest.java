package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.propose.TestProposer;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.sandbox.MeasurementKey;
import io.crinn4j.seed.glass.GlassBaseline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop's logic on an evaluator that runs no JVM ({@link FakeEvaluator}): which measurements a
 * campaign asks for, how the referee turns them into rewards and statuses, GRPO, duplicates,
 * confirmation and the held-out check, in milliseconds per campaign.
 */
class CampaignLoopTest {
    @TempDir
    Path tmp;

    private static final String SEARCH = GlassBaseline.source(ModuleKind.SEARCH);

    /** Search only, 6 evaluations in groups of 3, two seed instances per worker and the default stability bound, held-out on. */
    private static CampaignConfig config(String name, Boolean overlap, Double buildBudget) {
        return TestConfig.tiny(name).set("modules", List.of("search")).set("budget.evaluations", 6).set("sampling.group", 3)
                .set("evaluator.seedInstances", 2).set("evaluator.maxSeedSpread", 0.05).set("evaluator.remeasureUnstable", 2)
                .set("evaluator.overlapProposals", overlap).set("reward.buildBudget", buildBudget).set("confirmation.heldOut", true).build();
    }

    private static Reply code(String source) {
        return Reply.ok("Here it is.\n```java\n" + source + "\n```\n", "scripted", 10, 20, 0, 1);
    }

    /** Answers group after group from {@code groups}. */
    private static TestProposer scripted(List<List<Reply>> groups) {
        AtomicInteger next = new AtomicInteger();
        return new TestProposer("scripted", (request, count) -> groups.get(next.getAndIncrement()));
    }

    private Campaign.Result run(CampaignConfig cfg, TestProposer proposer, List<FakeEvaluator> opened) {
        try (CampaignDir dir = CampaignDir.create(tmp.resolve(cfg.name()), cfg)) {
            return new Campaign(dir, proposer, spec -> Datasets.resolve(spec, tmp), new GroundTruthCache(tmp.resolve("gt")),
                    new Campaign.Listener() {
                    }, FakeEvaluator.factory(0.003, opened)).run();
        }
    }

    @Test
    void aFasterVariantIsJudgedPairedConfirmedAndCheckedOnHeldOutQueries() throws Exception {
        String fast = FakeEvaluator.withSpeed(SEARCH, 1.10);
        TestProposer proposer = scripted(List.of(
                List.of(code(fast), code(FakeEvaluator.withSpeed(SEARCH, 0.95)), Reply.ok("I would rather not.", "scripted", 1, 1, 0, 1)),
                List.of(code(fast), code(FakeEvaluator.withSpeed(SEARCH, 1.01)), code(FakeEvaluator.withBuild(SEARCH, 5)))));
        List<FakeEvaluator> opened = new ArrayList<>();
        Campaign.Result r = run(config("fast", null, null), proposer, opened);

        assertEquals("completed", r.stopReason());
        assertEquals("search-s0-g000-0", r.winners().get("search"));
        assertEquals(1.10, r.campaignReward(), 0.01, "the confirmed reward: the geometric mean of its paired ratios");
        assertEquals(1.10, r.heldOutReward(), 0.01);
        assertEquals(6, r.evaluations());
        assertEquals(2, r.failures(), "no code and over the build budget");
        assertEquals(1, r.duplicates());

        ProgramDatabase db = new ProgramDatabase(tmp.resolve("fast"));
        db.load();
        assertEquals(List.of(VariantStatus.OK, VariantStatus.OK, VariantStatus.NO_CODE, VariantStatus.DUPLICATE, VariantStatus.OK,
                VariantStatus.BUILD_BUDGET), db.of(ModuleKind.SEARCH).stream().filter(v -> !v.isStart()).map(Variant::status).toList());
        Variant first = db.get("search-s0-g000-0").orElseThrow();
        assertEquals(1.10, first.reward(), 0.01, "judged against the faster seed instance in its own worker");
        assertEquals(first.reward(), db.get("search-s0-g001-0").orElseThrow().reward(), 0.0, "a duplicate carries its twin's reward");
        assertEquals(0.0, db.get("search-s0-g001-2").orElseThrow().reward(), 0.0, "a failure gets the penalty");

        // GRPO within group 0: rewards 1.10, 0.95, 0 (no code): (r - mean) / std over the group.
        JsonNode g0 = new ObjectMapper().readTree(tmp.resolve("fast/groups/search-s0-g000/group.json").toFile());
        double[] rw = new double[3];
        double[] adv = new double[3];
        for (int i = 0; i < 3; i++) {
            rw[i] = g0.get("rewards").get(i).asDouble();
            adv[i] = g0.get("advantages").get(i).asDouble();
            assertEquals(adv[i], db.get("search-s0-g000-" + i).orElseThrow().advantage(), 0.0);
        }
        double mean = (rw[0] + rw[1] + rw[2]) / 3;
        double std = Math.sqrt(((rw[0] - mean) * (rw[0] - mean) + (rw[1] - mean) * (rw[1] - mean) + (rw[2] - mean) * (rw[2] - mean)) / 3);
        for (int i = 0; i < 3; i++) {
            assertEquals((rw[i] - mean) / std, adv[i], 1e-12);
        }

        // What was measured, by typed key: the baseline, each group in one worker, confirmation rounds; held-out on its own evaluator.
        assertEquals(2, opened.size(), "one evaluator for the campaign's queries, one for the held-out queries");
        List<MeasurementKey> keys = opened.get(0).keys;
        assertEquals(MeasurementKey.baseline(), keys.get(0));
        assertTrue(keys.contains(MeasurementKey.group(0, 0)) && keys.contains(MeasurementKey.group(0, 1)), keys.toString());
        assertTrue(keys.contains(MeasurementKey.confirmation(0, 0)) && keys.contains(MeasurementKey.confirmation(0, 2)), keys.toString());
        assertEquals(List.of(MeasurementKey.heldOut(0), MeasurementKey.heldOut(1), MeasurementKey.heldOut(2), MeasurementKey.heldOut(3)),
                opened.get(1).keys);

        // The prompt tells the LLM the budgets the referee enforced.
        String prompt = Files.readString(tmp.resolve("fast/groups/search-s0-g001/prompt.md"));
        assertTrue(prompt.contains("build time at most 3× and index memory at most 2×"), prompt);
        // Variant 1's profile, measured for a proposer that reads prompts.
        assertTrue(keys.contains(MeasurementKey.profile()), keys.toString());
        String profile = prompt.substring(prompt.indexOf("## Where variant 1 spends its time"));
        assertTrue(profile.contains("FakeSearch.search") && profile.contains("dotBytes4"), profile.substring(0, Math.min(600, profile.length())));
    }

    @Test
    void thePromptStatesTheBudgetsAndTheRefereeEnforcesTheSame() throws Exception {
        // A build budget of 5x: a candidate building 4x as long as the seed is within it, and the prompt says 5x.
        TestProposer proposer = scripted(List.of(
                List.of(code(FakeEvaluator.withBuild(SEARCH, 4)), code(FakeEvaluator.withSpeed(SEARCH, 0.99)), code(FakeEvaluator.withBuild(SEARCH, 6))),
                List.of(code(FakeEvaluator.withSpeed(SEARCH, 0.98)), code(FakeEvaluator.withSpeed(SEARCH, 0.97)), code(FakeEvaluator.withSpeed(SEARCH, 0.96)))));
        run(config("budget", null, 5.0), proposer, new ArrayList<>());
        ProgramDatabase db = new ProgramDatabase(tmp.resolve("budget"));
        db.load();
        assertEquals(VariantStatus.OK, db.get("search-s0-g000-0").orElseThrow().status());
        assertEquals(VariantStatus.BUILD_BUDGET, db.get("search-s0-g000-2").orElseThrow().status());
        assertTrue(db.get("search-s0-g000-2").orElseThrow().feedback().contains("(5.0x the seed's"), db.get("search-s0-g000-2").orElseThrow().feedback());
        String prompt = Files.readString(tmp.resolve("budget/groups/search-s0-g000/prompt.md"));
        assertTrue(prompt.contains("build time at most 5× and index memory at most 2×"), prompt);
    }

    @Test
    void withOverlapEachCandidateIsMeasuredBesideTheSeedInAWorkerOfItsOwn() {
        TestProposer proposer = scripted(List.of(
                List.of(code(FakeEvaluator.withSpeed(SEARCH, 1.2)), code(FakeEvaluator.withSpeed(SEARCH, 0.9)), code(FakeEvaluator.withSpeed(SEARCH, 1.0 + 1e-9))),
                List.of(code(FakeEvaluator.withSpeed(SEARCH, 0.8)), code(FakeEvaluator.withSpeed(SEARCH, 0.7)), code(FakeEvaluator.withSpeed(SEARCH, 0.6)))));
        List<FakeEvaluator> opened = new ArrayList<>();
        Campaign.Result r = run(config("overlap", true, null), proposer, opened);
        assertEquals("search-s0-g000-0", r.winners().get("search"));
        List<MeasurementKey> keys = opened.get(0).keys;
        for (int g = 0; g < 2; g++) {
            for (int i = 0; i < 3; i++) {
                assertTrue(keys.contains(MeasurementKey.candidate(0, g, i)), keys.toString());
            }
            assertTrue(!keys.contains(MeasurementKey.group(0, g)), "no group measured together with overlapping proposals");
        }
    }

    @Test
    void theOfflineMutatorReadsNoPromptSoNoProfileIsMeasuredForIt() {
        List<FakeEvaluator> opened = new ArrayList<>();
        CampaignConfig cfg = config("mutate", null, null);
        try (CampaignDir dir = CampaignDir.create(tmp.resolve("mutate"), cfg)) {
            new Campaign(dir, new io.crinn4j.agent.propose.mutate.MutateProposer(), spec -> Datasets.resolve(spec, tmp),
                    new GroundTruthCache(tmp.resolve("gt")), new Campaign.Listener() {
                    }, FakeEvaluator.factory(0.003, opened)).run();
        }
        assertTrue(opened.get(0).keys.stream().noneMatch(k -> k.purpose() == MeasurementKey.Purpose.PROFILE), opened.get(0).keys.toString());
    }
}
