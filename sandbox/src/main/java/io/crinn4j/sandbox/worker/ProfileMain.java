package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.contract.Vectors;
import io.crinn4j.sandbox.harness.BuiltIndex;
import io.crinn4j.sandbox.harness.ModuleSet;
import io.crinn4j.sandbox.harness.PassGuard;
import io.crinn4j.sandbox.harness.ProfilePasses;
import io.crinn4j.sandbox.harness.SweepPoint;
import io.crinn4j.sandbox.harness.TamperingException;
import io.crinn4j.sandbox.harness.Tripwire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.Recording;

/**
 * Entry point of a profiling worker: where a module set's search is profiled, untimed, never in
 * a worker that measures. Started by {@link WorkerLauncher#runWorker} with the sandbox worker's
 * isolation, limits and flags (the same class loaders and allow-list for module code: nothing here
 * gives it a permission it does not have in a measurement); arguments: the request file, the
 * search time to profile in milliseconds, and the sampling period in microseconds.
 *
 * <ol>
 *   <li>{@code load}, {@code build}: the modules, and the graph as the measuring worker has it (read
 *       from the run folder's graph cache, or built and written there), prepared on a copy.</li>
 *   <li>{@code sweep}: a warm-up over the request's ef values, then one pass at each, whose
 *       answers go to {@value #PROBE_FILE}; the worker asks the caller, which alone holds the
 *       ground truth, at which ef values to profile ({@value #EFS_QUESTION}: their recall lies in
 *       the band). Then the harness — never module code, to which {@code jdk.jfr} stays forbidden —
 *       starts a JFR recording of {@code jdk.ExecutionSample} alone, and searches at those ef values
 *       in turn for the given time ({@link ProfilePasses}); the recording stays in the folder as
 *       {@value #JFR_FILE}, and its samples, counted by place ({@link SampleTable}), go to
 *       {@value #RESULT_FILE} with each query's distance computations; then, outside the recording,
 *       one more pass at each of those ef values counts the distinct vectors each query's search
 *       and refinement scored (its visited nodes, {@link ProfilePasses#visits}).</li>
 * </ol>
 * Every pass follows the measurement's rules ({@link PassGuard}); exit codes are {@link WorkerMain}'s.
 */
public final class ProfileMain {
    /** The question asked once the probe's answers are written: the caller answers with ef values, comma-separated, or nothing to stop. */
    public static final String EFS_QUESTION = "efs";
    /** The probe's answers: one pass at each requested ef, as a {@link WorkerResult}. */
    public static final String PROBE_FILE = "probe.bin";
    /** The {@link ProfileResult}. */
    public static final String RESULT_FILE = "profile.bin";
    /** The JFR recording, kept for people ({@code jfr print --events jdk.ExecutionSample profile.jfr}). */
    public static final String JFR_FILE = "profile.jfr";

    private ProfileMain() {
    }

    public static void main(String[] args) {
        WorkerMain.watchParent();
        WorkerMain.Inputs in = WorkerMain.readInputs(args);
        Path dir = in.dir();
        WorkerRequest req = in.req();
        Vectors base = in.base();
        float[][] queries = in.queries();
        long searchMillis;
        int periodMicros;
        try {
            searchMillis = Long.parseLong(args[1]);
            periodMicros = Integer.parseInt(args[2]);
        } catch (RuntimeException e) {
            System.err.println("profiling worker: bad arguments " + Arrays.toString(args));
            System.exit(WorkerMain.EXIT_SETUP_FAILED);
            return;
        }
        String phase = "load";
        try {
            WorkerMain.phase(phase);
            ModuleSet modules = ModuleLoader.load(dir, req.set(0));
            float[] pristineBase = base.data.clone();
            Tripwire baseWire = Tripwire.baseOnly(base, pristineBase);
            phase = "build";
            WorkerMain.phase(phase);
            BuiltIndex.BuiltGraph built = WorkerMain.graph(dir, req.set(0), modules, base);
            baseWire.check("while the graph was built");
            BuiltIndex index = BuiltIndex.prepareOnCopy(modules, base, built);
            PassGuard guard = PassGuard.afterPrepare(index, pristineBase, built.graph());
            phase = "sweep";
            WorkerMain.phase(phase);
            ProfilePasses passes = new ProfilePasses(index, queries, req.k(), guard, req.shuffleSeed());
            passes.warmUp(req.efs(), req.warmupMillis());
            probe(dir, req, index, passes, queries.length);
            String answer = WorkerMain.ask(dir, EFS_QUESTION);
            if (answer.isEmpty()) {
                WorkerMain.phase("done");
                System.exit(0);
                return;
            }
            int[] efs = Arrays.stream(answer.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            Path jfr = dir.resolve(JFR_FILE);
            ProfilePasses.Work work;
            try (Recording r = new Recording()) {
                r.setName("crinn4j profile");
                r.enable("jdk.ExecutionSample").withPeriod(Duration.ofNanos(periodMicros * 1000L)).withStackTrace();
                r.setToDisk(true);
                r.setDestination(jfr);
                r.start();
                try {
                    work = passes.profile(efs, searchMillis);
                } finally {
                    r.stop();
                }
            }
            ProfilePasses.Visits visits = passes.visits(efs);
            SampleTable.Table table = SampleTable.read(jfr, moduleOf(dir, req.set(0)));
            new ProfileResult(periodMicros, work.searchNanos(), work.passes(), work.efs(), work.reportedPerQuery(),
                    work.countedPerQuery(), visits == null ? null : visits.search(), visits == null ? null : visits.refinement(),
                    table.samples(), table.other(), table.rows()).write(dir.resolve(RESULT_FILE));
            WorkerMain.phase("done");
            System.exit(0);
        } catch (TamperingException t) {
            WorkerMain.writeFailure(dir, phase, t);
            System.exit(WorkerMain.EXIT_TAMPERED);
        } catch (Throwable t) {
            WorkerMain.writeFailure(dir, phase, t);
            System.exit(WorkerMain.EXIT_CANDIDATE_FAILED);
        }
    }

    /** One pass at every requested ef, answers written as a result the caller reads like a sweep's (QPS only from these passes, not a measurement). */
    private static void probe(Path dir, WorkerRequest req, BuiltIndex index, ProfilePasses passes, int nq) throws IOException {
        List<SweepPoint> points = new ArrayList<>();
        for (int ef : req.efs()) {
            long t0 = System.nanoTime();
            int[] ids = passes.answers(ef);
            double qps = nq * 1e9 / Math.max(1, System.nanoTime() - t0);
            points.add(new SweepPoint(ef, qps, new double[] {qps}, 1, 0, -1, 0, 0, ids, 0));
        }
        new WorkerResult(index.constructionNanos, index.searchPrepareNanos, index.refinementPrepareNanos, index.buildDistanceComputations,
                0, index.indexBytes(), nq, req.k(), points, 0, passes.passes(), "").write(dir.resolve(PROBE_FILE));
    }

    /** Which module each class of the set belongs to, from the class files in each module's folder. */
    private static java.util.function.Function<String, ModuleKind> moduleOf(Path dir, WorkerRequest.ModuleRefs set) throws IOException {
        Map<String, ModuleKind> byClass = new HashMap<>();
        for (ModuleKind kind : ModuleKind.values()) {
            Path classes = dir.resolve(set.dirs().get(kind));
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String rel = classes.relativize(f).toString();
                    if (rel.endsWith(".class")) {
                        byClass.putIfAbsent(rel.substring(0, rel.length() - ".class".length()).replace(f.getFileSystem().getSeparator(), "."), kind);
                    }
                }
            }
        }
        return byClass::get;
    }
}
