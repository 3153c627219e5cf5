package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.contract.Vectors;
import io.crinn4j.sandbox.harness.BuiltIndex;
import io.crinn4j.sandbox.harness.ModuleSet;
import io.crinn4j.sandbox.harness.PassGuard;
import io.crinn4j.sandbox.harness.Sweep;
import io.crinn4j.sandbox.harness.TamperingException;
import io.crinn4j.sandbox.harness.Tripwire;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.sandbox.harness.SweepPoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the worker JVM, the only place candidate code runs. Started by
 * {@link WorkerLauncher} with a clean environment, a heap limit and its run folder as working
 * directory; reads {@code request.properties}, loads the three modules through
 * {@link CandidateClassLoader}s, builds the index, sweeps ef, and writes {@code result.bin}.
 * A request naming several module sets gets one index per set, built one after the other; their
 * sweeps then take turns ef by ef, and each set's result goes to its own file. Each set's build and
 * warm-up starts with its own phase line and each turn with a {@code CRINN-SET} line, so the
 * caller's limits apply per set: the build limit to each build, the sweep limit to each set's
 * warm-up plus all its turns. Sets with the same construction module share one graph (each gets
 * its own copy), read from its cache file when the request names one.
 *
 * <p>Nothing candidate code could remember survives from one timed pass to the next: every pass
 * has new searchers, refiners and buffers, and after every phase the base vectors, each index's
 * graph and its modules' state are compared with what they were after {@code prepare} (see
 * {@link PassGuard}); a difference ends the worker with {@value #EXIT_TAMPERED}.
 *
 * <p>Protocol on stdout: one {@code CRINN-PHASE <name>} line as each phase starts
 * ({@code load}, {@code build}, {@code sweep}, {@code done}) so the caller can apply a separate
 * wall-clock limit to build and to the sweep. Exit codes: 0 done; {@value #EXIT_CANDIDATE_FAILED}
 * a module threw (details in {@code failure.txt}); {@value #EXIT_SETUP_FAILED} the request could not
 * be read; {@value #EXIT_TAMPERED} candidate code changed shared or prepared state; 3 is the JVM's own exit on OutOfMemoryError ({@code -XX:+ExitOnOutOfMemoryError}).
 */
public final class WorkerMain {
    public static final String PHASE = "CRINN-PHASE ";
    /** Printed before a phase of one set in a worker measuring several: which set the next phase belongs to. */
    public static final String SET = "CRINN-SET ";
    public static final String FAILURE_FILE = "failure.txt";
    public static final int EXIT_CANDIDATE_FAILED = 10;
    public static final int EXIT_SETUP_FAILED = 11;
    /** Candidate code changed what the harness shares with it read-only (details in {@code failure.txt}). */
    public static final int EXIT_TAMPERED = 12;
    /** System property carrying the caller's pid: the worker dies with its caller, even on kill -9. */
    public static final String PARENT_PID_PROPERTY = "crinn.parent.pid";

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private WorkerMain() {
    }

    public static void main(String[] args) {
        watchParent();
        Path requestFile = Path.of(args.length > 0 ? args[0] : "request.properties").toAbsolutePath();
        Path dir = requestFile.getParent();
        WorkerRequest req;
        Vectors base;
        float[][] queries;
        try {
            req = WorkerRequest.read(requestFile);
            VectorFile.Matrix b = VectorFile.read(dir.resolve(req.baseFile()));
            VectorFile.Matrix q = VectorFile.read(dir.resolve(req.queriesFile()));
            base = new Vectors(b.data(), b.rows(), b.dim(), b.metric());
            queries = new float[q.rows()][];
            for (int i = 0; i < q.rows(); i++) {
                queries[i] = Arrays.copyOfRange(q.data(), i * q.dim(), (i + 1) * q.dim());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("worker setup failed: " + e);
            System.exit(EXIT_SETUP_FAILED);
            return;
        }
        String phase = "load";
        try {
            phase(phase);
            int n = req.sets();
            ModuleSet[] modules = new ModuleSet[n];
            for (int i = 0; i < n; i++) {
                set(n, i);
                modules[i] = ModuleLoader.load(dir, req.set(i));
            }
            // A copy of the vectors that no module ever holds: after every phase the base must still equal it.
            float[] pristineBase = base.data.clone();
            Tripwire baseWire = Tripwire.baseOnly(base, pristineBase);
            phase = "build";
            BuiltIndex[] index = new BuiltIndex[n];
            PassGuard[] guards = new PassGuard[n];
            long[] heap = new long[n];
            // Sets with the same construction module (the seed's instances, and every candidate of a search or
            // refinement stage) share one build, and one file of it across workers: the graph is built or read once,
            // and each set gets its own copy of it.
            Map<String, BuiltIndex.BuiltGraph> graphs = new HashMap<>();
            for (int i = 0; i < n; i++) {
                // A phase line per set restarts the caller's clock: the limits hold per set, so one slow set
                // is killed after one build limit, not after n of them. A set whose graph was built before only prepares.
                set(n, i);
                phase(phase);
                String key = graphKey(req.set(i));
                BuiltIndex.BuiltGraph built = graphs.get(key);
                if (built == null) {
                    built = graph(dir, req.set(i), modules[i], base);
                    baseWire.check("while the graph was built");
                    graphs.put(key, built);
                }
                // Indexes built earlier stay alive, so each delta is this set's own index: its graph copy and module state.
                long heapBefore = usedHeapAfterGc();
                index[i] = BuiltIndex.prepareOnCopy(modules[i], base, built);
                heap[i] = Math.max(0, usedHeapAfterGc() - heapBefore);
                // After the heap is measured: the guard's snapshot of the modules' state is the harness's, not the index's.
                guards[i] = PassGuard.afterPrepare(index[i], pristineBase, built.graph());
            }
            phase = "sweep";
            SweepConfig cfg = new SweepConfig(req.k(), req.efs(), req.runs(), 1, req.warmupMillis(), req.minPassMillis(), req.shuffleSeed());
            Sweep.Listener quiet = new Sweep.Listener() { };
            Sweep[] sweeps = new Sweep[n];
            for (int i = 0; i < n; i++) {
                set(n, i);
                phase(phase);
                sweeps[i] = new Sweep(index[i], queries, cfg, guards[i]);
                sweeps[i].start(quiet);
            }
            // Several sets take turns ef by ef (run 1 of ef 1 for every set, then run 1 of ef 2, ...), the
            // first turn rotating. The machine's speed drifts on a scale of a few hundred milliseconds
            // (measured here: a fixed loop over a 5 MB array took 213-415 ms in 0.25 s steps, thread CPU
            // time equal to wall time), so each set's measurement of an ef must lie within tens of
            // milliseconds of the others'. Taking turns run by run (a second per turn) left identical
            // seeds 0.90-1.15 apart; ef by ef, 0.95-1.01 (4 twins, 6 workers each way, bigann10k).
            int efCount = cfg.efs().length;
            for (int run = 0; run < cfg.runs(); run++) {
                for (int e = 0; e < efCount; e++) {
                    for (int j = 0; j < n; j++) {
                        int i = (j + run + e + req.rotation()) % n;
                        if (n > 1) {
                            set(n, i);
                        }
                        sweeps[i].measurePoint(run, e);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                List<SweepPoint> points = sweeps[i].finish(quiet);
                new WorkerResult(index[i].constructionNanos, index[i].searchPrepareNanos, index[i].refinementPrepareNanos,
                        index[i].buildDistanceComputations, heap[i], index[i].indexBytes(),
                        queries.length, req.k(), points, sweeps[i].untimedNanos(), sweeps[i].passes(),
                        guards[i].reprepares() ? guards[i].reprepareReason() : "").write(dir.resolve(req.resultFile(i)));
                if (guards[i].reprepares()) {
                    System.err.println("set " + i + ": modules prepared afresh before every pass, because " + guards[i].reprepareReason());
                }
            }
            phase("done");
            System.exit(0);
        } catch (TamperingException t) {
            writeFailure(dir, phase, t);
            System.exit(EXIT_TAMPERED);
        } catch (Throwable t) {
            writeFailure(dir, phase, t);
            System.exit(EXIT_CANDIDATE_FAILED);
        }
    }

    /** Sets naming the same graph file, or (uncached) the same construction classes, share one build. */
    private static String graphKey(WorkerRequest.ModuleRefs set) {
        return set.graphFile() != null ? "file:" + set.graphFile()
                : "classes:" + set.dirs().get(ModuleKind.CONSTRUCTION) + "#" + set.classes().get(ModuleKind.CONSTRUCTION);
    }

    /**
     * The set's graph: read from its cache file when that exists and is sound, else built with a
     * new construction module and written to the file before any search code runs.
     */
    private static BuiltIndex.BuiltGraph graph(Path dir, WorkerRequest.ModuleRefs set, ModuleSet modules, Vectors base) throws IOException {
        Path file = set.graphFile() == null ? null : dir.resolve(set.graphFile());
        if (file != null && Files.isRegularFile(file)) {
            try {
                return GraphFile.read(file, base.n);
            } catch (IOException e) {
                System.err.println("graph cache ignored and rebuilt: " + e.getMessage());
            }
        }
        BuiltIndex.BuiltGraph built = BuiltIndex.construct(modules, base);
        if (file != null) {
            GraphFile.write(file, built);
        }
        return built;
    }

    /**
     * A killed caller (kill -9 skips its shutdown hook) must not leave a worker running: it would
     * keep a core busy and distort the timings of the resumed campaign.
     */
    static void watchParent() {
        String pid = System.getProperty(PARENT_PID_PROPERTY);
        if (pid == null) {
            return;
        }
        java.util.Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(pid));
        Thread t = new Thread(() -> {
            while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(137);
        }, "crinn-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** With several sets, names the set the following phase belongs to, so a failure or a timeout can be pinned on it. */
    private static void set(int sets, int i) {
        if (sets > 1) {
            OUT.println(SET + i);
        }
    }

    private static void phase(String name) {
        OUT.println(PHASE + name);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    /**
     * The exception and at most 12 stack frames, up to the first harness frame: the candidate's own
     * frames are what the LLM can act on, the harness's below them would only be noise in its prompt.
     * Shared with the JMH benchmark, so both report a failing module alike.
     */
    public static String candidateTrace(Throwable root) {
        StringBuilder sb = new StringBuilder();
        sb.append(root instanceof StackOverflowError ? "java.lang.StackOverflowError (unbounded recursion?)" : String.valueOf(root)).append('\n');
        int shown = 0;
        for (StackTraceElement e : root.getStackTrace()) {
            if (e.getClassName().startsWith("io.crinn4j.sandbox.") || shown >= 12) {
                break;
            }
            sb.append("    at ").append(e).append('\n');
            shown++;
        }
        return sb.toString();
    }

    /**
     * Writes what failed for the next prompt: the phase, the exception, and the stack frames up
     * to the first harness frame (the candidate's own frames are what the LLM can act on).
     */
    private static void writeFailure(Path dir, String phase, Throwable t) {
        Throwable root = t;
        if (root instanceof java.lang.reflect.InvocationTargetException && root.getCause() != null) {
            root = root.getCause();
        }
        StringBuilder sb = new StringBuilder();
        sb.append("phase: ").append(phase).append('\n');
        if (root instanceof TamperingException) {
            // Found by the harness, not thrown by the candidate: the message says what changed; no frames to show.
            sb.append(root.getMessage()).append('\n');
            try {
                Files.writeString(dir.resolve(FAILURE_FILE), sb.toString());
            } catch (IOException e) {
                System.err.println(sb);
            }
            return;
        }
        sb.append(candidateTrace(root));
        Throwable cause = root.getCause();
        if (cause != null && cause != root) {
            sb.append("caused by: ").append(cause).append('\n');
        }
        try {
            Files.writeString(dir.resolve(FAILURE_FILE), sb.toString());
        } catch (IOException e) {
            System.err.println(sb);
        }
    }
}
