package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.measure.Referee;
import io.crinn4j.agent.measure.SharedWorker;
import io.crinn4j.agent.propose.TestProposer;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruthBuilder;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.MeasurementKey;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.QuerySplit;
import io.crinn4j.sandbox.Sandbox;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.sandbox.Status;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.sandbox.worker.WorkerRequest;
import io.crinn4j.seed.glass.GlassBaseline;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end of a stage: finalists re-measured with the seed, in one worker per round. */
class CampaignConfirmationTest {
    @TempDir
    Path tmp;

    private static final ModuleSources SEED = new ModuleSources(GlassBaseline.sources());

    /** A construction-only campaign re-measuring its top 1 in exactly {@code rounds} rounds. */
    private static CampaignConfig config(String name, int rounds) {
        return config(name, rounds, null);
    }

    /** As many rounds at most as at least, so a test knows how many workers confirmation starts. */
    private static CampaignConfig config(String name, int rounds, Integer seedInstances) {
        return TestConfig.tiny(name).set("modules", List.of("construction")).set("evaluator.parallelism", 1)
                .set("evaluator.overlapProposals", false).set("evaluator.seedInstances", seedInstances).set("confirmation.top", 1)
                .set("confirmation.rounds", rounds).set("confirmation.maxRounds", rounds).build();
    }

    private Sandbox sandbox() {
        Dataset data = QuerySplit.campaign(Datasets.resolve(CampaignTest.TINY, tmp));
        return new Sandbox(tmp.resolve("sandbox"), data, GroundTruthBuilder.compute(data, 10, 2),
                new SandboxConfig(new SweepConfig(10, new int[] {1, 4, 16, 64}, 1, 1, 100, 5, 7), RecallBand.DEFAULT, 0.85, "256m",
                        Duration.ofSeconds(60), Duration.ofSeconds(60), 16 * 1024));
    }

    /**
     * Confirms a stage of construction whose start is the seed and whose one variant has the given
     * source, first reward and first evaluation (null: none recorded).
     */
    private StageConfirmation.Outcome confirmOne(CampaignConfig cfg, Sandbox sandbox, Evaluation seedEval, Path path, double firstReward,
                                                 Evaluation firstEval, String source, List<String> messages) {
        try (CampaignDir dir = CampaignDir.create(path, cfg); EventLog log = dir.events()) {
            ProgramDatabase db = dir.database();
            Variant start = addStart(db, seedEval);
            Variant v = new Variant("construction-s0-g000-0", ModuleKind.CONSTRUCTION, 0, 0, 0, List.of(start.id()), "fixed",
                    VariantStatus.OK, null, firstReward, 0, firstReward * seedEval.auc(), 0.1, 1L, 0, 0, 0, "x", firstEval, null, null);
            db.add(v, source, null);
            CampaignContext c = context(dir, db, log, sandbox, messages);
            return new StageConfirmation(new StageContext(c, ModuleKind.CONSTRUCTION, 0, SEED, start, 1.0)).run();
        }
    }

    /** A campaign's context on {@code sandbox}, whose proposer must never be asked (confirmation proposes nothing), collecting its messages. */
    private static CampaignContext context(CampaignDir dir, ProgramDatabase db, EventLog log, Sandbox sandbox, List<String> messages) {
        Campaign.Listener listener = new Campaign.Listener() {
            @Override
            public void message(String text) {
                messages.add(text);
            }
        };
        TestProposer unused = new TestProposer("unused", (request, count) -> {
            throw new AssertionError("confirmation asks no proposer");
        });
        return CampaignContext.open(dir.config(), dir.path(), db, log, listener, unused, sandbox, Referee.of(dir.config().reward()),
                new NoiseMonitor(0.02), null);
    }

    /** The held-out check of a campaign with {@code cfg}'s seed instances, on {@code sandbox}. */
    private static HeldOutCheck.Outcome heldOut(CampaignDir dir, Sandbox sandbox, ModuleSources current) {
        CampaignConfig cfg = dir.config();
        try (EventLog log = dir.events()) {
            SharedWorker paired = SharedWorker.of(sandbox, Referee.of(cfg.reward()), cfg.evaluator());
            return new HeldOutCheck(log, paired, new NoiseMonitor(0.02), RecallBand.DEFAULT).measure(SEED, current);
        }
    }

    /** The stage's start: the seed's construction with its measurement. */
    private static Variant addStart(ProgramDatabase db, Evaluation seedEval) {
        Variant start = new Variant("construction-s0-start", ModuleKind.CONSTRUCTION, 0, -1, 0, List.of(), "start", VariantStatus.OK, null, 1.0, 0,
                seedEval.auc(), seedEval.buildSeconds(), seedEval.indexBytes(), 0, 0, 0, seedEval.sourceHash(), seedEval, null, null);
        db.add(start, GlassBaseline.source(ModuleKind.CONSTRUCTION), null);
        return start;
    }

    /** The seed measured once, in a worker of its own (the start's recorded measurement). */
    private static Evaluation measuredSeed(Sandbox sandbox) {
        Evaluation seedEval = sandbox.measureAlone(SEED, null, MeasurementKey.eval(0));
        assertEquals(Status.OK, seedEval.status(), seedEval.feedback());
        return seedEval.withReward(seedEval.auc(), 1.0);
    }

    @Test
    void eachConfirmationRoundMeasuresTheSeedAndTheFinalistInOneWorker() throws Exception {
        String sparse = GlassBaseline.source(ModuleKind.CONSTRUCTION).replace("M = 16;", "M = 6;");
        // The top 1 re-measured in 2 rounds.
        CampaignConfig cfg = config("confirm", 2);
        Sandbox sandbox = sandbox();
        Evaluation seedEval = measuredSeed(sandbox);
        Path path = tmp.resolve("confirm");
        List<String> messages = new ArrayList<>();
        // A first measurement above the start makes it a finalist; confirmation measures it afresh.
        StageConfirmation.Outcome result = confirmOne(cfg, sandbox, seedEval, path, 1.5, null, sparse, messages);
        ObjectMapper m = new ObjectMapper();
        JsonNode confirmation = null;
        List<String> types = new ArrayList<>();
        for (String line : Files.readAllLines(path.resolve("events.jsonl"))) {
            JsonNode e = m.readTree(line);
            types.add(e.get("type").asText());
            if (e.get("type").asText().equals("winner-confirmation")) {
                confirmation = e;
            }
        }
        assertTrue(confirmation != null, "the finalist is re-measured: " + types);
        assertFalse(types.contains("confirmation-apart"), "both rounds ran in a shared worker: " + types);
        JsonNode ratios = confirmation.get("finalists").get(0).get("ratios");
        assertEquals(2, ratios.size());
        for (JsonNode r : ratios) {
            // Measured afresh: positive (a failure would give 0) and not the 1.5 recorded as the first measurement. How far a
            // 6-neighbour graph is from the seed's on this tiny sweep varies by JDK (1.2 on 17, 4.2 once on 25).
            assertTrue(r.asDouble() > 0 && r.asDouble() != 1.5, "a measured ratio, not the recorded 1.5 or a failure: " + r);
        }
        // The outcome follows the test on the two measured rounds, not the first measurement's 1.5: accepted exactly when the
        // geometric-mean gain reaches 1 + minGain and its lower bound is above 1.
        JsonNode row = confirmation.get("finalists").get(0);
        assertEquals(2, row.get("rounds").asInt());
        double gain = row.get("gain").asDouble();
        assertEquals(Math.sqrt(ratios.get(0).asDouble() * ratios.get(1).asDouble()), gain, 1e-9, "the current set is the seed: ratio 1");
        boolean shown = gain >= 1.03 && row.get("lowerBound").asDouble() > 1;
        assertEquals(shown, result.winner() != null, row.toString());
        assertEquals(shown, row.get("verdict").asText().equals("accepted"), row.toString());
        if (shown) {
            assertEquals(gain, result.reward(), 1e-9, "the confirmed reward is the geometric mean of its ratios to the seed");
        }
        assertTrue(messages.stream().anyMatch(t -> t.contains("re-measured in 2 rounds at")), messages.toString());
        // Two rounds, two shared workers, each with two instances of the seed (sets 0 and 1; the current set is the seed)
        // and the finalist.
        JsonNode instances = confirmation.get("seedInstanceAucs");
        assertEquals(2, instances.size(), "one row of seed instance AUCs per round");
        java.util.Set<Integer> rotations = new java.util.HashSet<>();
        for (int r = 0; r < 2; r++) {
            Path round = confirmationRound(r);
            WorkerRequest req = WorkerRequest.read(round.resolve("request.properties"));
            assertEquals(3, req.sets());
            assertEquals(req.set(0), req.set(1), "both seed instances load the seed's modules");
            rotations.add(req.rotation());
            double[] auc = new double[3];
            for (int i = 0; i < 3; i++) {
                auc[i] = m.readTree(round.resolve("evaluation-" + i + ".json").toFile()).get("summary").get("auc").asDouble();
                assertTrue(auc[i] > 0, round + " set " + i);
            }
            assertEquals(auc[0], instances.get(r).get(0).asDouble(), 1e-9);
            assertEquals(auc[1], instances.get(r).get(1).asDouble(), 1e-9);
            // The round's reference is the faster seed instance.
            assertEquals(auc[2] / Math.max(auc[0], auc[1]), ratios.get(r).asDouble(), 1e-9, round.toString());
        }
        assertEquals(java.util.Set.of(0, 1), rotations, "rounds rotate which set takes the first turn");
    }

    @Test
    void eachHeldOutRoundMeasuresTheSeedInstancesAndTheFinalSetInOneWorker() throws Exception {
        Sandbox sandbox = sandbox();
        ModuleSources wide = SEED.with(ModuleKind.REFINEMENT, GlassBaseline.source(ModuleKind.REFINEMENT).replace("FACTOR = 1.5f", "FACTOR = 2.0f"));
        HeldOutCheck.Outcome h;
        try (CampaignDir dir = CampaignDir.create(tmp.resolve("held"), config("held", 2))) {
            h = heldOut(dir, sandbox, wide);
        }
        ObjectMapper m = new ObjectMapper();
        double[] ratios = new double[HeldOutCheck.ROUNDS];
        java.util.Set<Integer> rotations = new java.util.HashSet<>();
        for (int i = 0; i < HeldOutCheck.ROUNDS; i++) {
            Path round = workerFolder("-heldout-r" + i);
            WorkerRequest req = WorkerRequest.read(round.resolve("request.properties"));
            assertEquals(3, req.sets(), "two seed instances and the final set");
            rotations.add(req.rotation());
            double[] auc = new double[3];
            for (int j = 0; j < 3; j++) {
                auc[j] = m.readTree(round.resolve("evaluation-" + j + ".json").toFile()).get("summary").get("auc").asDouble();
            }
            ratios[i] = auc[2] / Math.max(auc[0], auc[1]);
        }
        assertEquals(3, rotations.size(), "the first turn rotates over the three sets");
        assertEquals(io.crinn4j.reward.Stats.median(ratios), h.reward(), 1e-9, "the median ratio to the faster seed instance");
        assertTrue(h.work() != null && h.seedAuc() > 0 && h.finalAuc() > 0, h.toString());
    }

    @Test
    void withOneSeedInstanceHeldOutPairsRunInSeparateWorkersAsBefore() throws Exception {
        Sandbox sandbox = sandbox();
        ModuleSources wide = SEED.with(ModuleKind.REFINEMENT, GlassBaseline.source(ModuleKind.REFINEMENT).replace("FACTOR = 1.5f", "FACTOR = 2.0f"));
        HeldOutCheck.Outcome h;
        try (CampaignDir dir = CampaignDir.create(tmp.resolve("held1"), config("held1", 2, 1))) {
            h = heldOut(dir, sandbox, wide);
        }
        List<String> folders;
        try (Stream<Path> s = Files.list(tmp.resolve("sandbox").resolve("evals"))) {
            folders = s.map(d -> d.getFileName().toString()).sorted().toList();
        }
        for (String f : folders) {
            assertTrue(Files.exists(tmp.resolve("sandbox").resolve("evals").resolve(f).resolve("evaluation.json")), "no shared worker: " + f);
        }
        // The seed and the final set, each in a worker of its own per pair.
        assertEquals(2 * HeldOutCheck.ROUNDS, folders.size(), folders.toString());
        assertTrue(h.reward() != null && h.reward() > 0, h.toString());
    }

    /** The one worker folder of the test's sandbox whose name ends with {@code suffix}. */
    private Path workerFolder(String suffix) throws Exception {
        List<Path> found;
        try (Stream<Path> s = Files.list(tmp.resolve("sandbox").resolve("evals"))) {
            found = s.filter(d -> d.getFileName().toString().endsWith(suffix)).toList();
        }
        assertEquals(1, found.size(), suffix + ": " + found);
        return found.get(0);
    }

    /** The worker folder of confirmation round r of stage 0. */
    private Path confirmationRound(int r) throws Exception {
        return workerFolder("-s0-confirm-r" + r);
    }

    @Test
    void aVariantThatCountsFewerDistancesIsReMeasuredWhateverItsFirstReward() throws Exception {
        // confirmTop 1 and the only timed finalist candidate below the start: without counted work nothing is re-measured.
        CampaignConfig cfg = config("work", 2);
        Sandbox sandbox = sandbox();
        Evaluation seedEval = measuredSeed(sandbox);
        // What the variant's first measurement recorded: the seed's recalls with 10% fewer distances at every ef (a work ratio of
        // 1/0.9), and a timed reward of 0.9. (The code re-measured is the seed with a wider upper layer, which is what runs.)
        List<Evaluation.Point> lean = new ArrayList<>();
        for (Evaluation.Point p : seedEval.points()) {
            lean.add(new Evaluation.Point(p.ef(), p.recall(), p.qps(), p.runQps(), p.passesPerRun(), 0.9 * p.distancesPerQuery(),
                    p.p50Micros(), p.p99Micros(), 0.9 * p.distancesPerQuery()));
        }
        Evaluation leanEval = new Evaluation("lean", ModuleKind.CONSTRUCTION, "y", Status.OK, null, null, null, null, seedEval.buildSeconds(),
                seedEval.indexBytes(), null, null, lean, seedEval.summary(), seedEval.auc(), 0.9, 1, false, null, false, null);
        String wider = GlassBaseline.source(ModuleKind.CONSTRUCTION).replace("UPPER_M = 16;", "UPPER_M = 20;");
        Path path = tmp.resolve("work");
        List<String> messages = new ArrayList<>();
        confirmOne(cfg, sandbox, seedEval, path, 0.9, leanEval, wider, messages);
        String events = Files.readString(path.resolve("events.jsonl"));
        assertTrue(events.contains("\"type\":\"work-finalist\"") && events.contains("\"variant\":\"construction-s0-g000-0\""), events);
        assertTrue(events.contains("\"type\":\"winner-confirmation\""), "the work finalist is re-measured: " + events);
        assertTrue(messages.stream().anyMatch(t -> t.contains("added for its counted work: 1.111")), messages.toString());
    }
}
