package io.crinn4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles through the real sandbox: the seed's profile names its own search code, its distances
 * per query are the sweep's, it is read back when asked again, and a profiling worker is held to
 * the measurement's rules (the allow-list, the state checks).
 */
class ProfileTest {
    private static final Dataset DATA = QuerySplit.campaign(
            Datasets.resolve("synthetic:n=3000,d=16,clusters=8,queries=100,seed=3", Path.of(".")));
    private static final GroundTruth GT = GroundTruthBuilder.compute(DATA, 10, 2);
    private static final ModuleSources SEED = new ModuleSources(GlassBaseline.sources());
    /** Short, so the test stays fast; a campaign profiles for {@link Profile#DEFAULT_SEARCH_TIME}. */
    private static final Duration SEARCH = Duration.ofMillis(800);
    private static final Duration PERIOD = Duration.ofMillis(1);

    @TempDir
    static Path tmp;
    static Sandbox sandbox;
    static Profile seed;

    @BeforeAll
    static void setUp() {
        SandboxConfig cfg = new SandboxConfig(new SweepConfig(10, new int[] {1, 2, 4, 8, 16, 32, 64}, 1, 1, 200, 5, 42),
                RecallBand.DEFAULT, 0.85, "256m", Duration.ofSeconds(60), Duration.ofSeconds(60), 16 * 1024);
        sandbox = new Sandbox(tmp.resolve("run"), DATA, GT, cfg);
        seed = sandbox.profile(SEED, ModuleKind.SEARCH, MeasurementKey.profile(), SEARCH, PERIOD).orElseThrow();
        System.out.println(seed.samples() + " samples over " + seed.searchSeconds() + " s, " + seed.passes() + " passes, " + seed.points()
                + "; hottest " + seed.rows().get(0));
    }

    @Test
    void theSeedsHotRowsAreItsSearchMethodsAtLinesOfItsSource() {
        assertFalse(seed.cached());
        assertEquals(ModuleKind.SEARCH, seed.module());
        // About 0.8 samples per ms of search on a quiet machine; far fewer while other processes take the cores.
        assertTrue(seed.samples() >= 30, "samples: " + seed.samples());
        assertTrue(seed.searchSeconds() >= SEARCH.toMillis() / 1e3, "searched " + seed.searchSeconds() + " s");
        assertEquals(DATA.nq(), seed.queries());
        double searchShare = 0;
        String[] lines = GlassBaseline.source(ModuleKind.SEARCH).split("\n", -1);
        for (Profile.Row r : seed.rows()) {
            assertTrue(r.method().startsWith("HnswSearch.") || r.method().startsWith("ExactRerank."), "module code only: " + r);
            assertFalse(r.method().endsWith("$"), "names as in the source, not Janino's accessors: " + r);
            assertTrue(r.line() >= 1, "a line: " + r);
            if (r.module() == ModuleKind.SEARCH) {
                searchShare += r.share();
                assertTrue(r.line() <= lines.length, "a line of HnswSearch.java: " + r);
            } else {
                assertEquals(ModuleKind.REFINEMENT, r.module(), r.toString());
            }
        }
        assertTrue(searchShare > 0.5, "the seed spends most of its time searching the graph: " + seed.rows());
        Profile.MethodShare top = seed.methods().stream().filter(m -> m.module() != null).findFirst().orElseThrow();
        assertTrue(top.method().startsWith("HnswSearch.LinearPoolSearcher."), "the searcher's code is the hottest module method: " + seed.methods());
        assertTrue(seed.kernelShare() > 0.05, "the SQ8 kernels are called from the search: " + seed.methods());
        assertTrue(seed.rows().stream().anyMatch(r -> r.kernel() && r.callee().startsWith("VectorKernels.dotBytes")
                && r.method().startsWith("HnswSearch.LinearPoolSearcher.")), "kernel rows name the line that called them: " + seed.rows());
        assertTrue(seed.otherShare() < 0.2, "the harness's per-query work is small: " + seed.otherShare());
        double sum = seed.otherShare() + seed.rows().stream().mapToDouble(Profile.Row::share).sum();
        assertTrue(sum <= 1 + 1e-9 && sum > 0.99, "shares add up: " + sum);
    }

    @Test
    void distancesPerQueryAreTheSweepsAndTheEfsLieInTheBand() {
        Evaluation e = sandbox.measureAlone(SEED, null, MeasurementKey.eval(0));
        assertEquals(Status.OK, e.status(), e.feedback());
        assertFalse(seed.points().isEmpty());
        assertTrue(seed.points().size() <= Profile.MAX_EFS);
        for (Profile.Point p : seed.points()) {
            Evaluation.Point swept = e.points().stream().filter(x -> x.ef() == p.ef()).findFirst().orElseThrow();
            assertEquals(swept.distancesPerQuery(), p.distances().mean(), 1e-9 * swept.distancesPerQuery(), "ef=" + p.ef());
            assertEquals(swept.recall(), p.recall(), 1e-12, "ef=" + p.ef());
            assertTrue(p.distances().p50() <= p.distances().p99() && p.distances().p99() <= p.distances().max(), p.toString());
            assertTrue(p.distances().p50() > 0, p.toString());
        }
        boolean anyInBand = e.points().stream().anyMatch(x -> x.recall() >= 0.85 && x.recall() <= 0.95);
        if (anyInBand) {
            for (Profile.Point p : seed.points()) {
                assertTrue(p.recall() >= 0.85 && p.recall() <= 0.95, "profiled inside the band: " + p);
            }
        }
    }

    @Test
    void theSeedsVisitsAreFewerThanItsDistancesByWhatItsDescentScoresAgain() {
        for (Profile.Point p : seed.points()) {
            assertNotNull(p.searchVectors(), "counted in the profiling worker: " + p);
            assertEquals(10, p.refinementVectors().mean(), 1e-9, "the refinement re-scores each of the k candidates once: " + p);
            double again = p.distances().mean() - p.searchVectors().mean() - p.refinementVectors().mean();
            // The greedy descent keeps no visited marks: it scores an upper-layer neighbour again on every
            // layer it is met, and layer 0 scores the entry the descent already scored.
            assertTrue(again >= 1 && again < 0.3 * p.searchVectors().mean(), "a few nodes scored twice per query: " + p);
        }
    }

    @Test
    void aSearchThatScoresEachNodeTwiceShowsMoreDistancesThanVisits() {
        String seedSearch = GlassBaseline.source(ModuleKind.SEARCH);
        String line = "return bias + norms[v] + k.dotBytes(w, 0, codes, v * d, d);";
        assertTrue(seedSearch.contains(line), "the seed's single-row distance");
        String twice = seedSearch.replace(line, "k.dotBytes(w, 0, codes, v * d, d);\n            " + line);
        Profile p = sandbox.profile(SEED.with(ModuleKind.SEARCH, twice), ModuleKind.SEARCH, MeasurementKey.profile(), Duration.ofMillis(200),
                PERIOD).orElseThrow();
        for (Profile.Point pt : p.points()) {
            Profile.Point same = seed.points().stream().filter(x -> x.ef() == pt.ef()).findFirst().orElseThrow();
            assertEquals(same.searchVectors(), pt.searchVectors(), "the same nodes visited: " + pt);
            double again = pt.distances().mean() - pt.searchVectors().mean() - pt.refinementVectors().mean();
            assertTrue(again > same.distances().mean() - same.searchVectors().mean() - same.refinementVectors().mean() + 1,
                    "the kernels saw the extra distances: " + pt + " against the seed's " + same);
        }
    }

    @Test
    void askingAgainReadsTheProfileBack() {
        Profile again = sandbox.profile(SEED, ModuleKind.SEARCH, MeasurementKey.profile(), SEARCH, PERIOD).orElseThrow();
        assertTrue(again.cached());
        assertEquals(seed.rows(), again.rows());
        assertEquals(seed.points(), again.points());
        // Asked for as another stage's: the same measurement, labelled for that module.
        Profile asRefinement = sandbox.profile(SEED, ModuleKind.REFINEMENT, MeasurementKey.profile(), SEARCH, PERIOD).orElseThrow();
        assertTrue(asRefinement.cached());
        assertEquals(ModuleKind.REFINEMENT, asRefinement.module());
        assertEquals(SourceRules.hash(GlassBaseline.source(ModuleKind.REFINEMENT)), asRefinement.sourceHash());
        try (Stream<Path> dirs = Files.list(sandbox.runDir().resolve("evals"))) {
            Path dir = dirs.filter(d -> Files.isRegularFile(d.resolve("profile.json"))).findFirst().orElseThrow();
            assertTrue(Files.isRegularFile(dir.resolve("profile.jfr")), "the recording stays in the run folder");
            assertTrue(Files.isRegularFile(dir.resolve("profile.json")));
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void aProfileSavedBeforeVisitsWereCountedIsReadBackWithoutThem() throws IOException {
        Path run = tmp.resolve("old-run");
        Sandbox fresh = new Sandbox(run, DATA, GT, sandbox.config());
        Path dir;
        try (Stream<Path> dirs = Files.list(sandbox.runDir().resolve("evals"))) {
            dir = dirs.filter(d -> Files.isRegularFile(d.resolve("profile.json")) && d.getFileName().toString().endsWith("-profile"))
                    .findFirst().orElseThrow();
        }
        Path copy = run.resolve("evals").resolve(dir.getFileName());
        Files.createDirectories(copy);
        String old = Files.readString(dir.resolve("profile.json")).replaceAll("(?s),\\s*\"searchVectors\"\\s*:\\s*\\{[^}]*\\}", "")
                .replaceAll("(?s),\\s*\"refinementVectors\"\\s*:\\s*\\{[^}]*\\}", "");
        assertFalse(old.contains("Vectors"), old);
        Files.writeString(copy.resolve("profile.json"), old);
        Profile back = fresh.profile(SEED, ModuleKind.SEARCH, MeasurementKey.profile(), SEARCH, PERIOD).orElseThrow();
        assertTrue(back.cached());
        for (Profile.Point p : back.points()) {
            assertEquals(null, p.searchVectors());
            assertEquals(null, p.refinementVectors());
        }
    }

    @Test
    void aModuleThatReachesForJfrIsRejectedBeforeAnythingRuns() {
        String src = SandboxTest.inSearch("try (jdk.jfr.Recording r = new jdk.jfr.Recording()) { r.start(); }");
        Evaluation rejected = sandbox.rejectBeforeRunning(ModuleKind.SEARCH, src, SEED);
        assertNotNull(rejected);
        assertEquals(Status.POLICY_VIOLATION, rejected.status());
        assertTrue(rejected.feedback().contains("jdk.jfr"), rejected.feedback());
        assertEquals(Optional.empty(), sandbox.profile(SEED.with(ModuleKind.SEARCH, src), ModuleKind.SEARCH, MeasurementKey.profile(),
                SEARCH, PERIOD));
        String reader = SandboxTest.inSearch("try { jdk.jfr.consumer.RecordingFile.readAllEvents(null); } catch (Exception e) { }");
        assertEquals(Status.POLICY_VIOLATION, sandbox.rejectBeforeRunning(ModuleKind.SEARCH, reader, SEED).status());
    }

    @Test
    void aProfilingWorkerChecksModuleStateAsAMeasurementDoes() throws IOException {
        String memo;
        try (InputStream in = getClass().getResourceAsStream("/hacks/MemoInModule.java")) {
            memo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ModuleSources hack = SEED.with(ModuleKind.SEARCH, memo);
        assertEquals(Optional.empty(), sandbox.profile(hack, ModuleKind.SEARCH, MeasurementKey.profile(), Duration.ofMillis(200), PERIOD));
        try (Stream<Path> files = Files.walk(sandbox.runDir().resolve("evals"))) {
            Path why = files.filter(f -> f.getFileName().toString().equals("no-profile.txt")).findFirst().orElseThrow();
            String text = Files.readString(why);
            assertTrue(text.contains("TAMPERED") && text.contains("MemoInModule"), text);
        }
        // Read back, not profiled again.
        assertEquals(Optional.empty(), sandbox.profile(hack, ModuleKind.SEARCH, MeasurementKey.profile(), Duration.ofMillis(200), PERIOD));
    }

    @Test
    void periodsUnderAMillisecondAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> sandbox.profile(SEED, ModuleKind.SEARCH, MeasurementKey.profile(), SEARCH, Duration.ofNanos(500_000)));
    }

    @Test
    void efsInsideTheBandEvenlySpreadOrTheNearest() {
        RecallBand band = RecallBand.DEFAULT;
        int[] efs = {10, 20, 30, 40, 50, 60, 70};
        assertArrayEquals(new int[] {20, 30}, Profiles.chooseEfs(efs, new double[] {0.8, 0.86, 0.93, 0.96, 0.97, 0.98, 0.99}, band, 3));
        assertArrayEquals(new int[] {20, 50, 70}, Profiles.chooseEfs(efs, new double[] {0.8, 0.85, 0.87, 0.89, 0.9, 0.92, 0.95}, band, 3));
        assertArrayEquals(new int[] {30}, Profiles.chooseEfs(efs, new double[] {0.5, 0.6, 0.845, 0.96, 0.97, 0.98, 0.99}, band, 3),
                "0.845 is nearer the band than 0.96");
        assertArrayEquals(new int[] {40}, Profiles.chooseEfs(efs, new double[] {0.5, 0.6, 0.83, 0.955, 0.97, 0.98, 0.99}, band, 3),
                "0.955 is nearer the band than 0.83");
        assertArrayEquals(new int[] {40}, Profiles.chooseEfs(efs, new double[] {0.8, 0.85, 0.87, 0.89, 0.9, 0.92, 0.95}, band, 1),
                "one: the middle of those inside");
        assertArrayEquals(new int[] {70}, Profiles.chooseEfs(efs, new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, band, 3),
                "never reaching the band: the highest recall");
        assertArrayEquals(new int[] {10}, Profiles.chooseEfs(new int[] {40, 10}, new double[] {0.97, 0.96}, band, 3));
    }

    @Test
    void ofEfsThatAnswerAlikeOnlyTheLargestIsProfiled() {
        int[] same = {1, 2, 3};
        assertArrayEquals(new int[] {2, 3}, Profiles.distinct(new int[] {1, 4, 10, 20},
                java.util.List.of(same, same.clone(), same.clone(), new int[] {1, 2, 4})), "ef 1 and 4 answer as ef 10 does");
        assertArrayEquals(new int[] {0, 1}, Profiles.distinct(new int[] {20, 10}, java.util.List.of(same, new int[] {1, 2, 4})));
    }
}
