package io.crinn4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthBuilder;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox as infrastructure: failures of the harness itself, and callers on several threads. */
class SandboxHarnessTest {
    private static final Dataset DATA = QuerySplit.campaign(
            Datasets.resolve("synthetic:n=2000,d=16,clusters=8,queries=60,seed=5", Path.of(".")));
    private static final GroundTruth GT = GroundTruthBuilder.compute(DATA, 10, 2);
    private static final ModuleSources SEED = new ModuleSources(GlassBaseline.sources());

    @TempDir
    Path tmp;

    private Sandbox sandbox() {
        SandboxConfig cfg = new SandboxConfig(new SweepConfig(10, new int[] {1, 8, 32}, 1, 1, 50, 2, 42),
                RecallBand.DEFAULT, 0.85, "256m", Duration.ofSeconds(30), Duration.ofSeconds(30), 16 * 1024);
        return new Sandbox(tmp.resolve("run"), DATA, GT, cfg);
    }

    private static String refinementWithFactor(String factor) {
        String src = GlassBaseline.source(ModuleKind.REFINEMENT);
        assertTrue(src.contains("FACTOR = 1.5f"));
        return src.replace("FACTOR = 1.5f", "FACTOR = " + factor);
    }

    @Test
    void aWorkerThatCannotReadItsDataIsAHarnessFailureThatIsNeverCached() throws IOException {
        Sandbox sb = sandbox();
        Evaluation seed = sb.measureAlone(SEED, null, MeasurementKey.eval(0));
        assertEquals(Status.OK, seed.status(), seed.feedback());
        Path baseFile;
        try (Stream<Path> s = Files.list(sb.runDir().resolve("data"))) {
            baseFile = s.filter(p -> p.getFileName().toString().endsWith("-base.f32")).findFirst().orElseThrow();
        }
        byte[] good = Files.readAllBytes(baseFile);
        Files.write(baseFile, new byte[] {1, 2, 3});
        Evaluation broken = sb.measureAlone(SEED.with(ModuleKind.REFINEMENT, refinementWithFactor("2.0f")), ModuleKind.REFINEMENT, MeasurementKey.eval(0));
        assertEquals(Status.HARNESS_FAILURE, broken.status(), broken.feedback());
        assertTrue(broken.feedback().contains("during start"), broken.feedback());
        try (Stream<Path> s = Files.walk(sb.runDir().resolve("evals"))) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().equals("evaluation.json")).count(),
                    "only the seed's verdict may be stored; the harness failure must not be");
        }
        // Once the harness is repaired, the same code is measured afresh rather than blamed from a cache.
        Files.write(baseFile, good);
        Evaluation again = sb.measureAlone(SEED.with(ModuleKind.REFINEMENT, refinementWithFactor("2.0f")), ModuleKind.REFINEMENT, MeasurementKey.eval(0));
        assertEquals(Status.OK, again.status(), again.feedback());
        assertFalse(again.cached());
    }

    @Test
    void concurrentCallersShareOneMeasurementOfTheSameCodeAndGetTheirOwnForDifferentCode() throws Exception {
        Sandbox sb = sandbox();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            String a = refinementWithFactor("2.0f");
            String b = refinementWithFactor("1.2f");
            List<Callable<Evaluation>> jobs = List.of(
                    () -> sb.measureAlone(SEED.with(ModuleKind.REFINEMENT, a), ModuleKind.REFINEMENT, MeasurementKey.eval(0)),
                    () -> sb.measureAlone(SEED.with(ModuleKind.REFINEMENT, a), ModuleKind.REFINEMENT, MeasurementKey.eval(0)),
                    () -> sb.measureAlone(SEED.with(ModuleKind.REFINEMENT, b), ModuleKind.REFINEMENT, MeasurementKey.eval(0)));
            List<Future<Evaluation>> fs = pool.invokeAll(jobs);
            Evaluation a1 = fs.get(0).get();
            Evaluation a2 = fs.get(1).get();
            Evaluation b1 = fs.get(2).get();
            for (Evaluation e : List.of(a1, a2, b1)) {
                assertEquals(Status.OK, e.status(), e.feedback());
                assertTrue(e.auc() > 0);
            }
            assertTrue(a1.cached() ^ a2.cached(), "exactly one of two identical concurrent requests runs a worker");
            assertEquals(a1.auc(), a2.auc(), 0.0);
            assertEquals(a1.id(), a2.id());
            assertFalse(b1.cached());
            assertTrue(!a1.id().equals(b1.id()));
        } finally {
            pool.shutdownNow();
        }
    }
}
