package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.TestProposer;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.seed.glass.GlassBaseline;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replies that reproduce code the campaign already has are recognised instead of measured again. */
class CampaignDuplicateTest {
    @TempDir
    Path tmp;

    @Test
    void repliesThatRepeatKnownCodeAreDuplicatesAndNotMeasured() throws Exception {
        String seed = GlassBaseline.source(ModuleKind.REFINEMENT);
        String changed = seed.replace("FACTOR = 1.5f", "FACTOR = 2.0f");
        // Only formatting and a comment differ from `changed`: the same program after normalization.
        String reformatted = changed.replace("FACTOR = 2.0f;", "FACTOR   =   2.0f;   // wider re-rank");
        Proposer p = FixedProposer.of(seed, changed, reformatted);
        CampaignConfig cfg = TestConfig.tiny("dup").set("budget.evaluations", 3).set("sampling.group", 3).set("evaluator.parallelism", 1)
                .set("evaluator.overlapProposals", false).set("confirmation.top", 0).set("confirmation.rounds", 1).build();
        Path path = tmp.resolve("dup");
        int[] lastCounts = new int[2];
        Campaign.Result result;
        try (CampaignDir dir = CampaignDir.create(path, cfg)) {
            result = new Campaign(dir, p, spec -> Datasets.resolve(spec, tmp), new GroundTruthCache(tmp.resolve("gt")), new Campaign.Listener() {
                @Override
                public void evaluated(Variant v, int used, int budget, int failures, int duplicates, double best) {
                    lastCounts[0] = failures;
                    lastCounts[1] = duplicates;
                }
            }).run();
        }
        // Duplicates are neither failures nor successes: the progress line and the result count them apart.
        assertEquals(0, lastCounts[0], "failures on the progress line");
        assertEquals(2, lastCounts[1], "duplicates on the progress line");
        assertEquals(0, result.failures());
        assertEquals(2, result.duplicates());
        java.io.StringWriter out = new java.io.StringWriter();
        int exit = io.crinn4j.agent.cli.Main.run(new String[] {"leaderboard", path.toString()}, new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true));
        assertEquals(0, exit, out.toString());
        assertTrue(out.toString().contains("refinement (3 variants, 0 failed, 2 duplicates)"), out.toString());
        assertTrue(out.toString().contains("after 3 evaluations (0 failed, 2 duplicates)"), out.toString());
        ProgramDatabase db = new ProgramDatabase(path);
        db.load();
        Variant twinOfStart = db.get("refinement-s0-g000-0").orElseThrow();
        Variant measured = db.get("refinement-s0-g000-1").orElseThrow();
        Variant twinOfMeasured = db.get("refinement-s0-g000-2").orElseThrow();
        assertEquals(VariantStatus.DUPLICATE, twinOfStart.status());
        assertTrue(twinOfStart.feedback().contains("refinement-s0-start"), twinOfStart.feedback());
        assertEquals(1.0, twinOfStart.reward(), 1e-12, "a twin of the start carries the start's reward");
        assertEquals(VariantStatus.OK, measured.status(), measured.feedback());
        assertEquals(VariantStatus.DUPLICATE, twinOfMeasured.status());
        assertTrue(twinOfMeasured.feedback().contains("refinement-s0-g000-1"), twinOfMeasured.feedback());
        assertEquals(null, twinOfStart.evaluation());
        // Exactly one candidate reached a worker: the seed's group measurement and the one new program.
        Map<String, Integer> events = CampaignTest.evaluationEvents(path);
        assertEquals(3, events.size(), "all three replies are recorded as variants: " + events);
        long candidateEvals;
        try (var s = java.nio.file.Files.list(path.resolve("sandbox").resolve("evals"))) {
            // Measurements only: the prompt's profile of variant 1 has a worker of its own (untimed), named "-profile".
            candidateEvals = s.filter(d -> !d.getFileName().toString().contains("-r") && !d.getFileName().toString().endsWith("-profile")).count();
        }
        assertEquals(2, candidateEvals, "the seed's first measurement and the changed module; no worker for either duplicate");
    }

    @Test
    void eachRequestCarriesTheCodeTheStageMeasuredInEarlierGroups() {
        String seed = GlassBaseline.source(ModuleKind.REFINEMENT);
        String wide = seed.replace("FACTOR = 1.5f", "FACTOR = 2.0f");
        List<PromptRequest> requests = new java.util.ArrayList<>();
        Proposer recording = new TestProposer("recording", (request, count) -> {
            requests.add(request);
            return FixedProposer.of(wide, wide.replace("FACTOR = 2.0f", "FACTOR = " + (2 + requests.size()) + ".0f")).propose(request, count);
        });
        // Two groups of 2 on refinement; no held-out check, no confirmation; a band and budgets of its own, which the prompts must state.
        CampaignConfig cfg = TestConfig.tiny("known").set("budget.evaluations", 4).set("sampling.group", 2).set("evaluator.parallelism", 1)
                .set("evaluator.overlapProposals", false).set("confirmation.top", 0).set("confirmation.rounds", 1)
                .set("reward.band", "0.8:0.95").set("reward.buildBudget", 5).set("reward.memoryBudget", 2.5).build();
        try (CampaignDir dir = CampaignDir.create(tmp.resolve("known"), cfg)) {
            new Campaign(dir, recording, spec -> Datasets.resolve(spec, tmp), new GroundTruthCache(tmp.resolve("gt")), new Campaign.Listener() { }).run();
        }
        assertEquals(2, requests.size());
        for (PromptRequest r : requests) {
            assertTrue(r.prompt().contains("recall 0.8–0.95") && r.prompt().contains("build time at most 5×")
                    && r.prompt().contains("index memory at most 2.5×"), "the band and budgets the sandbox enforces");
        }
        String seedHash = io.crinn4j.sandbox.check.SourceNormalizer.hash(seed);
        String wideHash = io.crinn4j.sandbox.check.SourceNormalizer.hash(wide);
        // The first group knows only the start; the second also the first group's code, not its own.
        assertEquals(java.util.Set.of(seedHash), requests.get(0).knownCode());
        assertTrue(requests.get(1).knownCode().containsAll(java.util.Set.of(seedHash, wideHash,
                io.crinn4j.sandbox.check.SourceNormalizer.hash(wide.replace("FACTOR = 2.0f", "FACTOR = 3.0f")))), requests.get(1).knownCode().toString());
        assertEquals(3, requests.get(1).knownCode().size());
    }

    @Test
    void whenNothingIsAcceptedTheHeldOutCheckIsSkippedRatherThanComparingTheSeedWithItself() {
        String seed = GlassBaseline.source(ModuleKind.REFINEMENT);
        Proposer p = FixedProposer.of(seed, seed); // a group of 2, both the seed again
        // Two finalists need two rounds at least (a paired test); the held-out check is on, and must not run.
        CampaignConfig cfg = TestConfig.tiny("echo").set("budget.evaluations", 2).set("sampling.group", 2).set("evaluator.parallelism", 1)
                .set("evaluator.overlapProposals", false).set("confirmation.top", 2).set("confirmation.rounds", 2)
                .set("confirmation.heldOut", true).build();
        Path path = tmp.resolve("echo");
        Campaign.Result r;
        try (CampaignDir dir = CampaignDir.create(path, cfg)) {
            r = new Campaign(dir, p, spec -> Datasets.resolve(spec, tmp), new GroundTruthCache(tmp.resolve("gt")), new Campaign.Listener() { }).run();
        }
        assertEquals("completed", r.stopReason());
        assertEquals("refinement-s0-start", r.winners().get("refinement"));
        assertEquals(null, r.heldOutReward());
        assertTrue(!java.nio.file.Files.exists(path.resolve("heldout")), "no held-out measurement of the seed against itself");
    }

    @Test
    void heldOutPairsPutEachSideFirstEquallyOften() {
        int seedFirst = 0;
        for (int i = 0; i < Campaign.HELD_OUT_PAIRS; i++) {
            seedFirst += HeldOutCheck.seedFirst(i) ? 1 : 0;
        }
        assertEquals(Campaign.HELD_OUT_PAIRS, 2 * seedFirst, "the seed goes first in exactly half of the held-out pairs");
        assertTrue(Campaign.HELD_OUT_PAIRS >= 3, "a median needs at least three pairs");
    }
}
