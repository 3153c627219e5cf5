package io.crinn4j.sandbox.jmh;

import io.crinn4j.contract.CandidateBuffer;
import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.Vectors;
import io.crinn4j.contract.vector.Kernels;
import io.crinn4j.sandbox.harness.BuiltIndex;
import io.crinn4j.sandbox.harness.PassGuard;
import io.crinn4j.sandbox.harness.Tripwire;
import io.crinn4j.sandbox.worker.ModuleLoader;
import io.crinn4j.sandbox.worker.VectorFile;
import io.crinn4j.sandbox.worker.WorkerMain;
import io.crinn4j.sandbox.worker.WorkerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One query per invocation against an index built from the modules of a sandbox worker request:
 * JMH's throughput score is queries per second. Runs only in JMH's forked JVMs, started by
 * {@link ConfirmMain} inside the sandbox's isolation; this is where the variant's (possibly
 * untrusted) classes are loaded, through {@link ModuleLoader}'s policy class loaders.
 *
 * <p>The trial setup (not measured) reads the request, loads the vectors and builds the index;
 * each invocation then answers the next query of a fixed shuffled order (the same order for every
 * variant), allocating nothing. As in the sandbox's sweep, nothing survives from one pass over
 * the queries to the next: before each pass the invocation setup (not measured) checks the
 * previous pass left the base vectors, the graph and the modules' state unchanged and makes new
 * searchers, refiners and buffers ({@link PassGuard}), and each query reaches the modules as a
 * copy; a memo kept anywhere else would be repeated queries answered from a table. The setup also appends
 * one line to {@value #TRIALS_FILE} beside the request (process id, ef, kernels), so the caller can
 * check that every trial ran in a forked JVM; when a module throws, what failed is written to
 * {@value #FAILURE_FILE} there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QueryBenchmark {
    public static final String TRIALS_FILE = "trials.log";
    public static final String FAILURE_FILE = WorkerMain.FAILURE_FILE;

    /**
     * Path of a worker request ({@code request.properties} written by {@code Sandbox.prepareRequest});
     * {@link ConfirmMain} passes absolute paths, the default (JMH requires one) is relative to the working directory.
     */
    @Param({"request.properties"})
    public String request;

    /** The search breadth; {@link ConfirmMain} passes its own list. */
    @Param({"10"})
    public int ef;

    private Path dir;
    private float[][] queries;
    private int[] order;
    private int next;
    private int k;
    private int candidates;
    private SearchModule.Searcher searcher;
    private RefinementModule.Refiner refiner;
    private CandidateBuffer buffer;
    private int[] result;
    private float[] query;
    private BuiltIndex index;
    private PassGuard guard;
    private BuiltIndex.Fresh modules;
    private int passes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = Path.of(request).toAbsolutePath();
        dir = file.getParent();
        if (ef < 1) {
            throw new IllegalArgumentException("ef must be >= 1, got " + ef);
        }
        Files.writeString(dir.resolve(TRIALS_FILE), "pid=" + ProcessHandle.current().pid() + " ef=" + ef + " kernels="
                + Kernels.get().name() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        WorkerRequest req = WorkerRequest.read(file);
        VectorFile.Matrix b = VectorFile.read(dir.resolve(req.baseFile()));
        VectorFile.Matrix q = VectorFile.read(dir.resolve(req.queriesFile()));
        if (q.dim() != b.dim()) {
            throw new IllegalStateException("queries have dimension " + q.dim() + ", the base " + b.dim());
        }
        Vectors base = new Vectors(b.data(), b.rows(), b.dim(), b.metric());
        queries = new float[q.rows()][];
        for (int i = 0; i < q.rows(); i++) {
            queries[i] = Arrays.copyOfRange(q.data(), i * q.dim(), (i + 1) * q.dim());
        }
        order = new int[queries.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(req.shuffleSeed());
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        k = req.k();
        String phase = "load";
        try {
            var set = ModuleLoader.load(dir, req);
            phase = "build";
            float[] pristineBase = base.data.clone();
            BuiltIndex.BuiltGraph built = BuiltIndex.construct(set, base);
            Tripwire.baseOnly(base, pristineBase).check("while the graph was built");
            index = BuiltIndex.prepareOnCopy(set, base, built);
            guard = PassGuard.afterPrepare(index, pristineBase, built.graph());
            phase = "setup";
            candidates = Math.max(k, index.refinement.candidates(k));
            query = new float[base.d];
            next = 0;
            passes = 0;
        } catch (Throwable t) {
            recordFailure(phase, t);
            throw t;
        }
    }

    /**
     * Before each invocation, not measured: at the start of a pass over the queries, checks the
     * last pass changed nothing that outlives it and makes new searchers, refiners and buffers;
     * then copies the next query into the array handed to the modules.
     */
    @Setup(Level.Invocation)
    public void nextQuery() {
        try {
            if (next == 0) {
                if (passes > 0) {
                    guard.check(modules, "after a timed pass at ef=" + ef);
                }
                modules = guard.instancesFor(index, passes == 0);
                DistanceCounter counter = new DistanceCounter();
                searcher = modules.search().newSearcher(counter);
                refiner = modules.refinement().newRefiner(counter);
                buffer = new CandidateBuffer(candidates);
                result = new int[k];
                passes++;
            }
            float[] q = queries[order[next]];
            System.arraycopy(q, 0, query, 0, query.length);
        } catch (RuntimeException | Error e) {
            recordFailure("between passes", e);
            throw e;
        }
    }

    /** Answers one query; returns a value derived from the answer so the work cannot be eliminated. */
    @Benchmark
    public int query() {
        next = next + 1 == order.length ? 0 : next + 1;
        float[] query = this.query;
        try {
            searcher.search(query, k, ef, candidates, buffer);
            int m = refiner.refine(query, k, buffer, result);
            return m > 0 ? m + 31 * result[0] : m;
        } catch (RuntimeException | Error e) {
            recordFailure("search", e);
            throw e;
        }
    }

    /** Writes the phase, the exception and the frames above the harness for the caller's feedback. */
    private void recordFailure(String phase, Throwable t) {
        Throwable root = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null ? t.getCause() : t;
        StringBuilder sb = new StringBuilder();
        sb.append("phase: ").append(phase).append(" (ef=").append(ef).append(")\n");
        sb.append(WorkerMain.candidateTrace(root));
        try {
            Files.writeString(dir.resolve(FAILURE_FILE), sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the exception itself still reaches JMH's log
        }
    }
}
