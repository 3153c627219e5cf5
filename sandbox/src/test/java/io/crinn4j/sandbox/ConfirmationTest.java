package io.crinn4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthBuilder;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.sandbox.jmh.ConfirmMain;
import io.crinn4j.sandbox.jmh.QueryBenchmark;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMH confirmation end to end, on tiny data with the shortest JMH settings that still give an error. */
class ConfirmationTest {
    private static final Dataset DATA = QuerySplit.campaign(
            Datasets.resolve("synthetic:n=2000,d=16,clusters=8,queries=80,seed=5", Path.of(".")));
    private static final GroundTruth GT = GroundTruthBuilder.compute(DATA, 10, 2);
    /** The seed's refinement under another class name with a wider re-rank window: honest, slightly slower. */
    private static final String WIDER_CLASS = "io.crinn4j.seed.glass.WiderRerank";

    @TempDir
    Path tmp;

    private Sandbox sandbox() {
        SandboxConfig cfg = new SandboxConfig(new SweepConfig(10, new int[] {10, 40}, 1, 1, 100, 5, 42), RecallBand.DEFAULT, 0.85,
                "256m", Duration.ofSeconds(60), Duration.ofSeconds(60), 16 * 1024);
        return new Sandbox(tmp.resolve("run"), DATA, GT, cfg);
    }

    private static ModuleSources seed() {
        Map<ModuleKind, String> m = new EnumMap<>(ModuleKind.class);
        for (ModuleKind k : ModuleKind.values()) {
            m.put(k, GlassBaseline.source(k));
        }
        return new ModuleSources(m);
    }

    private static String refinement(String from, String to) {
        String src = GlassBaseline.source(ModuleKind.REFINEMENT);
        assertTrue(src.contains(from), from);
        return src.replace(from, to).replace("ExactRerank", "WiderRerank");
    }

    private static Confirmation.Settings tiny(int... efs) {
        return new Confirmation.Settings(efs, 1, 1, 3, 100, 0);
    }

    @Test
    void measuresBothVariantsInForkedJvmsOnly() throws IOException {
        String candidate = refinement("FACTOR = 1.5f", "FACTOR = 2.0f");
        Confirmation.Result r = Confirmation.run(sandbox(), seed(), ModuleKind.REFINEMENT, candidate, tiny(10, 40), 5);
        assertEquals(Status.OK, r.status(), r.feedback());
        assertEquals(List.of(10, 40), r.points().stream().map(Confirmation.Point::ef).toList());
        for (Confirmation.Point p : r.points()) {
            for (Confirmation.Score s : List.of(p.seed(), p.candidate())) {
                assertTrue(s.mean() > 0 && Double.isFinite(s.mean()), s.toString());
                assertTrue(s.error() >= 0 && Double.isFinite(s.error()), s.toString());
                assertEquals(3, s.samples());
                assertEquals("ops/s", s.unit());
                assertTrue(s.min() <= s.mean() && s.mean() <= s.max(), s.toString());
            }
            assertTrue(p.ratio() > 0 && Double.isFinite(p.ratio()));
        }
        // one forked JVM per variant, ef and fork, none of them this one
        assertEquals(4, r.forkJvms());
        long self = ProcessHandle.current().pid();
        for (String variant : List.of(Confirmation.SEED, Confirmation.CANDIDATE)) {
            List<String> lines = Files.readAllLines(Path.of(r.folder(), variant, QueryBenchmark.TRIALS_FILE));
            assertEquals(2, lines.size(), lines.toString());
            for (String line : lines) {
                assertFalse(line.startsWith("pid=" + self + " "), line);
            }
        }
        // the candidate was compiled but never loaded here
        assertThrows(ClassNotFoundException.class, () -> Class.forName(WIDER_CLASS));
        assertTrue(Files.exists(Path.of(r.folder(), ConfirmMain.LOG_FILE)));
        assertTrue(r.jmhVersion().startsWith("1."), r.jmhVersion());
        assertNotEquals(null, r.method().kernels());
    }

    @Test
    void policyViolationIsRejectedBeforeAnyJvmStarts() {
        String hostile = refinement("this.base = base;", "this.base = base; System.exit(7);");
        Confirmation.Result r = Confirmation.run(sandbox(), seed(), ModuleKind.REFINEMENT, hostile, tiny(10), 5);
        assertEquals(Status.POLICY_VIOLATION, r.status());
        assertTrue(r.feedback().contains("System.exit"), r.feedback());
        assertTrue(r.points().isEmpty());
        Path confirm = Path.of(r.folder());
        assertFalse(Files.exists(confirm.resolve("confirm.properties")), "a JMH run was prepared");
        assertFalse(Files.exists(confirm.resolve("worker.out")), "a JVM was started");
    }

    @Test
    void candidateThatThrowsUnderJmhIsACrashWithItsOwnFrames() {
        String broken = refinement("    public int candidates(int k) {\n",
                "    public int candidates(int k) {\n        if (k > 0) {\n            throw new IllegalStateException(\"boom in candidates\");\n        }\n");
        Confirmation.Result r = Confirmation.run(sandbox(), seed(), ModuleKind.REFINEMENT, broken, tiny(10), 5);
        assertEquals(Status.CRASH, r.status(), r.feedback());
        assertTrue(r.feedback().contains("boom in candidates") && r.feedback().contains("WiderRerank.candidates"), r.feedback());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Confirmation.Settings(new int[] {10}, 0, 1, 3, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> new Confirmation.Settings(new int[] {10}, 1, 1, 2, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> new Confirmation.Settings(new int[] {0}, 1, 1, 3, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> new Confirmation.Settings(new int[] {10, 10}, 1, 1, 3, 100, 0));
    }
}
