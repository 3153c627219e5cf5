package io.crinn4j.agent.campaign;

import io.crinn4j.agent.measure.SharedWorker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.Status;
import io.crinn4j.sandbox.worker.WorkerRequest;
import io.crinn4j.seed.glass.GlassBaseline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** groupTogether: a group's candidates and the seed measured in one worker, their rewards relative to that seed. */
class CampaignGroupTogetherTest {
    private static final String REFINE = GlassBaseline.source(ModuleKind.REFINEMENT);

    @TempDir
    Path tmp;

    private CampaignConfig config(String name, int group, Boolean together) {
        return config(name, group, together, null);
    }

    private CampaignConfig config(String name, int group, Boolean together, Integer seedInstances) {
        return TestConfig.tiny(name).set("budget.evaluations", group).set("sampling.group", group).set("confirmation.top", 0)
                .set("confirmation.rounds", 1).set("evaluator.groupTogether", together).set("evaluator.seedInstances", seedInstances).build();
    }

    private List<JsonNode> events(Path campaign) throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(campaign.resolve("events.jsonl"))) {
            out.add(m.readTree(line));
        }
        return out;
    }

    private void run(Path path, CampaignConfig cfg, Proposer p) throws Exception {
        try (CampaignDir dir = CampaignDir.create(path, cfg)) {
            new Campaign(dir, p, spec -> Datasets.resolve(spec, tmp), new GroundTruthCache(tmp.resolve("gt")), new Campaign.Listener() { }).run();
        }
    }

    @Test
    void theGroupsCandidatesShareOneWorkerWithTheSeedAndBrokenCodeNeverReachesIt() throws Exception {
        String wide = REFINE.replace("FACTOR = 1.5f", "FACTOR = 2.0f");
        String broken = REFINE.replace("return out;", "return \"out\";");
        String narrow = REFINE.replace("FACTOR = 1.5f", "FACTOR = 1.2f");
        CampaignConfig cfg = config("together", 3, null);
        assertTrue(cfg.evaluator().groupTogether(), "the default for mutate: no overlap, parallelism 1");
        Path path = tmp.resolve("together");
        run(path, cfg, FixedProposer.of(wide, broken, narrow));
        ProgramDatabase db = new ProgramDatabase(path);
        db.load();
        Variant a = db.get("refinement-s0-g000-0").orElseThrow();
        Variant b = db.get("refinement-s0-g000-1").orElseThrow();
        Variant c = db.get("refinement-s0-g000-2").orElseThrow();
        assertEquals(VariantStatus.OK, a.status(), a.feedback());
        assertEquals(VariantStatus.COMPILE_ERROR, b.status(), "checked and rejected before any worker");
        assertEquals(VariantStatus.OK, c.status(), c.feedback());
        // One worker for the group: two instances of the seed (the default), spread, and the two candidates that compile, in
        // index order: seed, a, seed, c.
        WorkerRequest req = WorkerRequest.read(sharedWorker(path).resolve("request.properties"));
        assertEquals(4, req.sets());
        assertEquals(req.set(0), req.set(2), "both seed instances load the seed's modules");
        assertTrue(a.evaluation().id().endsWith("-s1") && c.evaluation().id().endsWith("-s3"), a.evaluation().id() + " " + c.evaluation().id());
        assertEquals(ModuleKind.REFINEMENT, a.evaluation().module());
        // Rewards are relative to the faster seed instance of that same worker, which the event log records.
        JsonNode seed = events(path).stream().filter(e -> e.get("type").asText().equals("seed-remeasured")).findFirst().orElseThrow();
        assertTrue(seed.get("together").asBoolean());
        JsonNode instances = seed.get("instanceAucs");
        assertEquals(2, instances.size());
        double fastest = Math.max(instances.get(0).asDouble(), instances.get(1).asDouble());
        assertTrue(instances.get(0).asDouble() > 0 && instances.get(1).asDouble() > 0, instances.toString());
        assertEquals(fastest, seed.get("auc").asDouble(), 1e-9);
        assertEquals(a.auc() / fastest, a.reward(), 1e-9);
        assertEquals(c.auc() / fastest, c.reward(), 1e-9);
        assertFalse(events(path).stream().anyMatch(e -> e.get("type").asText().equals("group-apart")));
    }

    @Test
    void withOneSeedInstanceTheWorkerHoldsTheSeedOnceAsCampaignsSavedBeforeTheSettingDid() throws Exception {
        String wide = REFINE.replace("FACTOR = 1.5f", "FACTOR = 2.0f");
        String narrow = REFINE.replace("FACTOR = 1.5f", "FACTOR = 1.2f");
        Path path = tmp.resolve("one");
        run(path, config("one", 2, null, 1), FixedProposer.of(wide, narrow));
        ProgramDatabase db = new ProgramDatabase(path);
        db.load();
        Variant a = db.get("refinement-s0-g000-0").orElseThrow();
        assertEquals(VariantStatus.OK, a.status(), a.feedback());
        assertEquals(3, WorkerRequest.read(sharedWorker(path).resolve("request.properties")).sets());
        assertTrue(a.evaluation().id().endsWith("-s1"), a.evaluation().id());
        JsonNode seed = events(path).stream().filter(e -> e.get("type").asText().equals("seed-remeasured")).findFirst().orElseThrow();
        assertEquals(1, seed.get("instanceAucs").size());
        assertEquals(a.auc() / seed.get("auc").asDouble(), a.reward(), 1e-9);
    }

    @Test
    void seedInstancesGoFirstAndSpreadEvenlyAmongTheOtherSets() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 1, 2, 3, 4}, SharedWorker.spreadSeeds(1, 4));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 2, 3, 1, 4, 5}, SharedWorker.spreadSeeds(2, 4));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 1, 2}, SharedWorker.spreadSeeds(2, 1));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, SharedWorker.spreadSeeds(3, 3));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 1}, SharedWorker.spreadSeeds(2, 0));
    }

    @Test
    void fastestSeedIsTheQuickestInstanceThatFinishedAmongTheFirstK() {
        Evaluation slow = evaluation(Status.OK, 100);
        Evaluation quick = evaluation(Status.OK, 120);
        Evaluation crashed = evaluation(Status.CRASH, 0);
        Evaluation candidate = evaluation(Status.OK, 500);
        assertEquals(1, SharedWorker.fastestSeed(List.of(slow, quick, candidate), 2));
        assertEquals(0, SharedWorker.fastestSeed(List.of(slow, quick, candidate), 1), "only the first k are seed instances");
        assertEquals(1, SharedWorker.fastestSeed(List.of(crashed, slow, candidate), 2));
        assertEquals(-1, SharedWorker.fastestSeed(List.of(crashed, candidate), 1));
    }

    /** An evaluation whose curve is flat over the band at {@code qps}, so its AUC orders as qps does (0: no curve). */
    private static Evaluation evaluation(Status status, double qps) {
        io.crinn4j.reward.RewardSummary summary = qps > 0
                ? io.crinn4j.reward.RewardSummary.of(io.crinn4j.reward.Curve.of(new io.crinn4j.reward.CurvePoint(1, 0.95, qps))) : null;
        return new Evaluation("e" + qps, null, "h", status, null, null, null, null, 1.0, 1L, null, null, List.of(), summary, null, null, 1,
                false, null, false, null);
    }

    private static Path sharedWorker(Path campaign) throws Exception {
        List<Path> shared;
        try (Stream<Path> s = Files.list(campaign.resolve("sandbox").resolve("evals"))) {
            shared = s.filter(d -> d.getFileName().toString().endsWith("-s0-g000") && Files.exists(d.resolve("evaluation-0.json"))).toList();
        }
        assertEquals(1, shared.size());
        return shared.get(0);
    }

    @Test
    void aCandidateThatThrowsInTheSharedWorkerIsBlamedAloneAndTheGroupStaysTogether() throws Exception {
        String wide = REFINE.replace("FACTOR = 1.5f", "FACTOR = 2.0f");
        String crashing = REFINE.replace("int m = in.size;", "int m = in.size;\n            if (topK > 0) { throw new IllegalStateException(\"refiner exploded\"); }");
        Path path = tmp.resolve("apart");
        run(path, config("apart", 2, null), FixedProposer.of(wide, crashing));
        ProgramDatabase db = new ProgramDatabase(path);
        db.load();
        Variant ok = db.get("refinement-s0-g000-0").orElseThrow();
        Variant bad = db.get("refinement-s0-g000-1").orElseThrow();
        assertEquals(VariantStatus.OK, ok.status(), ok.feedback());
        assertEquals(VariantStatus.CRASH, bad.status());
        assertTrue(bad.feedback().contains("refiner exploded"), bad.feedback());
        List<String> types = events(path).stream().map(e -> e.get("type").asText()).toList();
        assertFalse(types.contains("group-apart"), "the worker named the set it was on when the module threw: " + types);
        // The good candidate's reward is relative to the seed of the retried shared worker.
        JsonNode seed = events(path).stream().filter(e -> e.get("type").asText().equals("seed-remeasured")).reduce((x, y) -> y).orElseThrow();
        assertTrue(seed.get("together").asBoolean());
        assertEquals(ok.auc() / seed.get("auc").asDouble(), ok.reward(), 1e-9);
    }

    @Test
    void aSharedWorkerThatRunsOutOfHeapIsReplacedBySeparateWorkers() throws Exception {
        // Every index shares the heap, so running out of it cannot be pinned on one set: the group is measured apart.
        String wide = REFINE.replace("FACTOR = 1.5f", "FACTOR = 2.0f");
        String hog = REFINE.replace("this.base = base;", "this.base = base;\n        java.util.ArrayList<long[]> hog = new java.util.ArrayList<>();"
                + " for (int i = 0; i >= 0; i++) { hog.add(new long[1 << 20]); }");
        Path path = tmp.resolve("oom");
        run(path, config("oom", 2, null), FixedProposer.of(wide, hog));
        ProgramDatabase db = new ProgramDatabase(path);
        db.load();
        assertEquals(VariantStatus.OK, db.get("refinement-s0-g000-0").orElseThrow().status());
        assertEquals(VariantStatus.OUT_OF_MEMORY, db.get("refinement-s0-g000-1").orElseThrow().status());
        List<String> types = events(path).stream().map(e -> e.get("type").asText()).toList();
        assertTrue(types.contains("group-apart"), types.toString());
        // The fallback measures each candidate beside the seed's instances in a worker of its own, never against a seed
        // measured elsewhere: the OK one's verdict comes from a worker of two seed instances and itself.
        String evalId = db.get("refinement-s0-g000-0").orElseThrow().evaluation().id();
        assertTrue(evalId.matches(".*-s0-g000-c0-s\\d"), evalId);
        Path folder = path.resolve("sandbox").resolve("evals").resolve(evalId.substring(0, evalId.lastIndexOf("-s")));
        assertEquals(3, io.crinn4j.sandbox.worker.WorkerRequest.read(folder.resolve("request.properties")).sets());
    }

    @Test
    void groupTogetherExcludesOverlapAndParallelism() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestConfig.tiny("x").set("evaluator.parallelism", 1)
                .set("evaluator.overlapProposals", true).set("evaluator.groupTogether", true).build());
        assertTrue(e.getMessage().contains("groupTogether") && e.getMessage().contains("overlapProposals"), e.getMessage());
        CampaignConfig parallel = TestConfig.tiny("x").set("evaluator.parallelism", 2).build();
        assertFalse(parallel.evaluator().groupTogether(), "parallelism 2 turns the default off");
        CampaignConfig llm = TestConfig.tiny("x").set("proposer.kind", "openai").set("proposer.model", "gpt-4o-mini").build();
        assertTrue(llm.evaluator().overlapProposals());
        assertFalse(llm.evaluator().groupTogether(), "an LLM overlaps proposals by default, so its groups are measured one by one");
    }
}
