package io.crinn4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthBuilder;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.sandbox.worker.WorkerRequest;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several module sets measured in one worker JVM, taking turns ef by ef. */
class SandboxTogetherTest {
    private static final Dataset DATA = QuerySplit.campaign(
            Datasets.resolve("synthetic:n=3000,d=16,clusters=8,queries=100,seed=3", Path.of(".")));
    private static final GroundTruth GT = GroundTruthBuilder.compute(DATA, 10, 2);

    @TempDir
    Path tmp;

    private Sandbox sandbox(String name) {
        SandboxConfig cfg = new SandboxConfig(new SweepConfig(10, new int[] {1, 4, 16, 64}, 2, 1, 100, 5, 42),
                RecallBand.DEFAULT, 0.85, "256m", Duration.ofSeconds(30), Duration.ofSeconds(30), 16 * 1024);
        Sandbox s = new Sandbox(tmp.resolve(name), DATA, GT, cfg);
        Evaluation seed = s.measureAlone(seed(), null, MeasurementKey.eval(0));
        assertEquals(Status.OK, seed.status(), seed.feedback());
        return s;
    }

    private static ModuleSources seed() {
        return new ModuleSources(GlassBaseline.sources());
    }

    /** A different graph (hence a different recall curve) and a different re-rank window. */
    private static ModuleSources variant() {
        return seed().with(ModuleKind.CONSTRUCTION, GlassBaseline.source(ModuleKind.CONSTRUCTION).replace("M = 16;", "M = 6;"))
                .with(ModuleKind.REFINEMENT, GlassBaseline.source(ModuleKind.REFINEMENT).replace("FACTOR = 1.5f", "FACTOR = 2.0f"));
    }

    @Test
    void eachSetGetsItsOwnCurveAsInAWorkerOfItsOwn() throws IOException {
        Sandbox s = sandbox("together");
        Optional<List<Evaluation>> got = s.measureTogether(List.of(seed(), variant()), null, MeasurementKey.eval(1));
        assertTrue(got.isPresent(), "both sets are valid: the shared worker must finish");
        List<Evaluation> both = got.get();
        assertEquals(2, both.size());
        Evaluation alone = s.measureAlone(variant(), null, MeasurementKey.eval(1));
        assertEquals(Status.OK, alone.status(), alone.feedback());
        Evaluation seedAlone = s.measureAlone(seed(), null, MeasurementKey.eval(0));
        // Builds are deterministic, so recall does not depend on whether a set shared its worker.
        assertEquals(recalls(seedAlone), recalls(both.get(0)), "set 0 is the seed");
        assertEquals(recalls(alone), recalls(both.get(1)), "set 1 is the variant");
        assertTrue(!recalls(alone).equals(recalls(seedAlone)), "the two sets really differ (M 16 vs 6)");
        for (Evaluation e : both) {
            assertEquals(Status.OK, e.status(), e.feedback());
            assertTrue(e.auc() > 0, "a curve in the band");
            assertNull(e.reward(), "raw: a reward needs a reference, which only the caller chooses");
            assertTrue(e.indexBytes() > 0, "each set's own index heap");
        }
        assertTrue(both.get(1).indexBytes() < both.get(0).indexBytes(), "M = 6 makes a smaller graph than M = 16");
        // One worker, one folder: a request naming both sets, one result and one verdict per set.
        Path dir;
        try (Stream<Path> evals = Files.list(s.runDir().resolve("evals"))) {
            dir = evals.filter(p -> p.getFileName().toString().endsWith("-eval-r1") && shared(p)).findFirst().orElseThrow();
        }
        WorkerRequest req = WorkerRequest.read(dir.resolve("request.properties"));
        assertEquals(2, req.sets());
        assertEquals(1, req.rotation());
        for (String f : List.of("result.bin", "result-1.bin", "evaluation-0.json", "evaluation-1.json")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        // After loads, builds and warm-ups (a set line each), 2 runs x 4 ef values x 2 sets turns: the sets
        // alternate within every ef, the first turn rotating with the run, the ef and the request's rotation.
        List<String> setLines = Files.readAllLines(dir.resolve("worker.out")).stream().filter(l -> l.startsWith("CRINN-SET ")).toList();
        assertEquals(6 + 16, setLines.size(), setLines.toString());
        List<String> expected = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            for (int e = 0; e < 4; e++) {
                for (int j = 0; j < 2; j++) {
                    expected.add("CRINN-SET " + (j + run + e + 1) % 2);
                }
            }
        }
        assertEquals(expected, setLines.subList(6, 22));
        // Asked again, the same measurement is read back, not repeated.
        List<Evaluation> again = s.measureTogether(List.of(seed(), variant()), null, MeasurementKey.eval(1)).orElseThrow();
        assertTrue(again.get(0).cached() && again.get(1).cached());
        assertEquals(both.get(1).auc(), again.get(1).auc(), 0.0);
    }

    @Test
    void aSetThatThrowsInASharedWorkerIsBlamedAloneAndTheOthersAreMeasuredAgain() throws IOException {
        Sandbox s = sandbox("failing");
        ModuleSources crashing = seed().with(ModuleKind.SEARCH, SandboxTest.inSearch(
                "if (ef > 3) { throw new IllegalStateException(\"pool exploded\"); }"));
        List<Evaluation> got = s.measureTogether(List.of(seed(), crashing, variant()), null, MeasurementKey.eval(0)).orElseThrow();
        assertEquals(Status.OK, got.get(0).status(), got.get(0).feedback());
        assertEquals(Status.CRASH, got.get(1).status());
        assertTrue(got.get(1).feedback().contains("pool exploded"), got.get(1).feedback());
        assertEquals(Status.OK, got.get(2).status(), got.get(2).feedback());
        // Two workers: the one that failed (three sets) and the retry without the crashing set (two sets).
        List<Path> folders;
        try (Stream<Path> evals = Files.list(s.runDir().resolve("evals"))) {
            folders = evals.filter(p -> p.getFileName().toString().endsWith("-eval-r0") && shared(p)).toList();
        }
        assertEquals(2, folders.size(), folders.toString());
        assertEquals(1, folders.stream().filter(f -> Files.exists(f.resolve("evaluation-2.json"))).count(),
                "the failed worker's folder keeps all three verdicts, so reading it back runs nothing");
        List<Evaluation> again = s.measureTogether(List.of(seed(), crashing, variant()), null, MeasurementKey.eval(0)).orElseThrow();
        assertTrue(again.stream().allMatch(Evaluation::cached), "read back, not measured again");
        assertEquals(Status.CRASH, again.get(1).status());
        assertEquals(got.get(2).auc(), again.get(2).auc(), 0.0);
        // A set that fails its checks is never sent to a worker.
        ModuleSources hostile = seed().with(ModuleKind.SEARCH, SandboxTest.inSearch("System.exit(1);"));
        assertTrue(s.measureTogether(List.of(seed(), hostile), null, MeasurementKey.eval(0)).isEmpty());
    }

    @Test
    void theLimitsHoldPerSetSoAHangingSetCostsOneLimitNotOnePerSet() throws IOException {
        SandboxConfig cfg = new SandboxConfig(new SweepConfig(10, new int[] {4, 16}, 2, 1, 50, 5, 42),
                RecallBand.DEFAULT, 0.85, "256m", Duration.ofSeconds(30), Duration.ofSeconds(3), 16 * 1024);
        Sandbox s = new Sandbox(tmp.resolve("hang"), DATA, GT, cfg);
        ModuleSources hanging = seed().with(ModuleKind.SEARCH, SandboxTest.inSearch("long spin = 1; while (spin != 0) { spin = (spin * 3) | 1; }"));
        ModuleSources wider = seed().with(ModuleKind.REFINEMENT, GlassBaseline.source(ModuleKind.REFINEMENT).replace("FACTOR = 1.5f", "FACTOR = 2.0f"));
        ModuleSources narrower = seed().with(ModuleKind.REFINEMENT, GlassBaseline.source(ModuleKind.REFINEMENT).replace("FACTOR = 1.5f", "FACTOR = 1.2f"));
        ModuleSources variant = variant();
        long t0 = System.nanoTime();
        List<Evaluation> got = s.measureTogether(List.of(seed(), wider, narrower, variant, hanging), null, MeasurementKey.eval(0)).orElseThrow();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(Status.SEARCH_TIMEOUT, got.get(4).status(), "the set that was searching when the limit expired");
        for (int i = 0; i < 4; i++) {
            assertEquals(Status.OK, got.get(i).status(), got.get(i).feedback());
        }
        // Five sets: a limit scaled by the number of sets would have waited 15 s for the hanging one.
        assertTrue(seconds < 11, "killed after about one 3 s sweep limit, then the others measured again: " + seconds + " s");
        Path dir;
        try (Stream<Path> evals = Files.list(s.runDir().resolve("evals"))) {
            dir = evals.filter(p -> p.getFileName().toString().endsWith("-eval-r0") && Files.exists(p.resolve("evaluation-4.json")))
                    .findFirst().orElseThrow();
        }
        List<String> out = Files.readAllLines(dir.resolve("worker.out"));
        assertEquals(5, out.stream().filter(l -> l.equals("CRINN-PHASE build")).count(), "one build phase line per set restarts the caller's clock");
        assertEquals("CRINN-SET 4", out.stream().filter(l -> l.startsWith("CRINN-SET")).reduce((a, b) -> b).orElseThrow(),
                "the last set the worker named is the hanging one");
    }

    @Test
    void theSweepLimitHoldsForASetsTurnsTogetherNotForEachTurn() {
        // About 17 ms per query here: each turn (one pass over the queries at one ef) stays well inside
        // the 2.5 s limit, but warm-up plus 2 ef values x 3 runs of turns add up to well over it.
        SandboxConfig cfg = new SandboxConfig(new SweepConfig(10, new int[] {4, 16}, 3, 1, 50, 5, 42),
                RecallBand.DEFAULT, 0.85, "256m", Duration.ofSeconds(30), Duration.ofMillis(2500), 16 * 1024);
        Sandbox s = new Sandbox(tmp.resolve("slow"), DATA, GT, cfg);
        ModuleSources slow = seed().with(ModuleKind.SEARCH, SandboxTest.inSearch(
                "long spin = 1; for (long i = 0; i < 16_000_000L; i++) { spin = spin * 3 + i; } if (spin == 7) { ef++; }"));
        List<Evaluation> got = s.measureTogether(List.of(seed(), slow), null, MeasurementKey.eval(0)).orElseThrow();
        assertEquals(Status.OK, got.get(0).status(), got.get(0).feedback());
        assertEquals(Status.SEARCH_TIMEOUT, got.get(1).status(), "slow in every turn, over the limit in all of them together");
    }

    @Test
    void aRequestForSeveralSetsSurvivesTheRoundTrip() throws IOException {
        Map<ModuleKind, String> dirs = Map.of(ModuleKind.CONSTRUCTION, "c0", ModuleKind.SEARCH, "s0", ModuleKind.REFINEMENT, "r0");
        Map<ModuleKind, String> classes = Map.of(ModuleKind.CONSTRUCTION, "a.C", ModuleKind.SEARCH, "a.S", ModuleKind.REFINEMENT, "a.R");
        WorkerRequest.ModuleRefs other = new WorkerRequest.ModuleRefs(
                Map.of(ModuleKind.CONSTRUCTION, "c1", ModuleKind.SEARCH, "s1", ModuleKind.REFINEMENT, "r1"),
                Map.of(ModuleKind.CONSTRUCTION, "b.C", ModuleKind.SEARCH, "b.S", ModuleKind.REFINEMENT, "b.R"));
        WorkerRequest req = new WorkerRequest("base.f32", "q.f32", dirs, classes, null, 10, new int[] {1, 8}, 3, 100, 5, 7, "result.bin",
                List.of(other), 1);
        Path f = tmp.resolve("request.properties");
        req.write(f);
        WorkerRequest back = WorkerRequest.read(f);
        assertEquals(2, back.sets());
        assertEquals(1, back.rotation());
        assertEquals("c1", back.set(1).dirs().get(ModuleKind.CONSTRUCTION));
        assertEquals("b.R", back.set(1).classes().get(ModuleKind.REFINEMENT));
        assertEquals("s0", back.set(0).dirs().get(ModuleKind.SEARCH));
        assertEquals("result-1.bin", back.resultFile(1));
        // A one-set request keeps the original format: no set keys at all.
        WorkerRequest single = new WorkerRequest("base.f32", "q.f32", dirs, classes, 10, new int[] {1, 8}, 3, 100, 5, 7, "result.bin");
        single.write(f);
        assertFalse(Files.readString(f).contains("sets="));
        assertEquals(1, WorkerRequest.read(f).sets());
    }

    /** A shared worker's folder (one verdict per set), not that of a set measured alone. */
    private static boolean shared(Path evalDir) {
        return Files.exists(evalDir.resolve("evaluation-0.json"));
    }

    private static List<Double> recalls(Evaluation e) {
        return e.points().stream().map(Evaluation.Point::recall).toList();
    }
}
