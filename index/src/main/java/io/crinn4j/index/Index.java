package io.crinn4j.index;

import io.crinn4j.contract.CandidateBuffer;
import io.crinn4j.contract.ConstructionModule;
import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.Graph;
import io.crinn4j.contract.Metric;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An approximate-nearest-neighbour index built by three modules ({@link IndexModules}): the
 * construction module turns the vectors into a graph, the search module walks it, the refinement
 * module turns candidates into the final top k.
 *
 * <pre>{@code
 * Index index = Index.build(vectors, Metric.L2);           // float[][] rows, the exported modules
 * int[] ids = index.search(query, 10, 64);                 // the 10 nearest, nearest first; ef = 64
 * int[][] all = index.search(queries, 10, 64, 8);          // a batch on 8 threads
 * index.save(Path.of("my.index"));
 * Index again = Index.load(Path.of("my.index"));           // checked: format, size, checksum, modules
 * }</pre>
 *
 * <p><b>Threads.</b> An index is safe to search from any number of threads once built or
 * loaded: its modules' state is read-only after {@code prepare}, and every thread searches with
 * a {@link Searcher} of its own (per-thread scratch: the module's searcher and refiner, the
 * candidate buffer, a query copy). {@link #search(float[], int, int)} keeps one per calling
 * thread; {@link #newSearcher()} hands one out to keep; the batch search makes one per worker
 * thread. After the first query at a given k nothing is allocated per query except the returned
 * array ({@link Searcher#search(float[], int, int, int[])} writes into the caller's).
 *
 * <p><b>Metrics.</b> {@link Metric#L2} ranks by squared Euclidean distance,
 * {@link Metric#INNER_PRODUCT} by largest inner product, {@link Metric#ANGULAR} by cosine: rows
 * and queries are scaled to unit length (rows already of unit length, within 1e-6, are kept bit
 * for bit).
 *
 * <p><b>Files.</b> {@link #save} writes the base vectors and the graph ({@link IndexFile}); what
 * the search and refinement modules compute in {@code prepare} (quantized codes, say) is computed
 * again by {@link #load} — a fraction of a second for the seed on 60,000 × 784 — rather than
 * stored, so a file carries nothing but the contract's arrays.
 *
 * <p><b>What runs.</b> The modules of an exported library were written by an LLM and optimized by
 * crinn4j; they passed its sandbox's policy and tripwires when they were measured, but here they
 * run in your JVM without the sandbox. Review their sources ({@code META-INF/crinn4j/sources/} in
 * the jar) before you depend on them.
 */
public final class Index {

    private final Vectors base;
    private final Graph graph;
    private final IndexModules modules;
    private final SearchModule search;
    private final RefinementModule refinement;
    private final BuildInfo buildInfo;
    private final ThreadLocal<Searcher> perThread = ThreadLocal.withInitial(this::newSearcher);

    /**
     * What building (or loading) cost.
     *
     * @param constructionNanos       the construction module's time; for a loaded index, the time measured when it was built
     * @param searchPrepareNanos      the search module's {@code prepare}, in this process
     * @param refinementPrepareNanos  the refinement module's {@code prepare}, in this process
     * @param distanceComputations    distances construction reported
     * @param loadNanos               reading and checking the file; 0 for an index built in this process
     */
    public record BuildInfo(long constructionNanos, long searchPrepareNanos, long refinementPrepareNanos, long distanceComputations,
                            long loadNanos) {
        /** Construction plus both prepares, in seconds. */
        public double buildSeconds() {
            return (constructionNanos + searchPrepareNanos + refinementPrepareNanos) / 1e9;
        }

        public boolean loaded() {
            return loadNanos > 0;
        }
    }

    /**
     * Memory the index holds, in bytes.
     *
     * @param baseBytes       the base vectors (float32)
     * @param graphBytes      the graph's arrays
     * @param searchBytes     the search module's state after prepare, as it reports it (e.g. SQ8 codes)
     * @param refinementBytes the refinement module's state, as it reports it
     */
    public record Memory(long baseBytes, long graphBytes, long searchBytes, long refinementBytes) {
        public long total() {
            return baseBytes + graphBytes + searchBytes + refinementBytes;
        }

        /** Everything but the base vectors: what the index adds to the data. */
        public long indexBytes() {
            return graphBytes + searchBytes + refinementBytes;
        }
    }

    private Index(Vectors base, Graph graph, IndexModules modules, long constructionNanos, long distances, long loadNanos) {
        this.base = base;
        this.graph = graph;
        this.modules = modules;
        long t0 = System.nanoTime();
        this.search = modules.newSearch();
        search.prepare(base, graph);
        long t1 = System.nanoTime();
        this.refinement = modules.newRefinement();
        refinement.prepare(base, graph);
        long t2 = System.nanoTime();
        this.buildInfo = new BuildInfo(constructionNanos, t1 - t0, t2 - t1, distances, loadNanos);
    }

    // ---- building ----

    /** Builds an index of {@code vectors} (rows of equal length) with this library's modules ({@link IndexModules#bundled()}). */
    public static Index build(float[][] vectors, Metric metric) {
        return build(vectors, metric, IndexModules.bundled());
    }

    /** Builds an index of {@code vectors} (rows of equal length, copied) with the given modules. */
    public static Index build(float[][] vectors, Metric metric, IndexModules modules) {
        return build(flatten(vectors, metric), modules);
    }

    /** Builds an index of the vectors in {@code file} ({@code .fvecs}, {@code .bvecs}, or an HDF5 file's {@code train}; see {@link VectorFiles}). */
    public static Index build(Path file, Metric metric) throws IOException {
        return build(VectorFiles.read(file), metric);
    }

    /**
     * Builds an index of {@code vectors} as given — no copy; for {@link Metric#ANGULAR} the rows must
     * already be of unit length — with the given modules. The array must not change afterwards.
     */
    public static Index build(Vectors vectors, IndexModules modules) {
        Objects.requireNonNull(vectors, "vectors");
        Objects.requireNonNull(modules, "modules");
        if (vectors.metric == Metric.ANGULAR) {
            for (int i = 0; i < vectors.n; i++) {
                double s = squaredLength(vectors.data, i * vectors.d, vectors.d);
                if (Math.abs(s - 1) > 1e-3) {
                    throw new IllegalArgumentException("angular row " + i + " has squared length " + s + "; normalize the rows first, "
                            + "or pass float[][] rows, which are normalized for you");
                }
            }
        }
        ConstructionModule c = modules.newConstruction();
        DistanceCounter counter = new DistanceCounter();
        long t0 = System.nanoTime();
        Graph g = c.build(vectors, counter);
        long t1 = System.nanoTime();
        if (g == null) {
            throw new IllegalStateException("the construction module " + c.getClass().getName() + " returned no graph");
        }
        if (g.n != vectors.n) {
            throw new IllegalStateException("the construction module returned a graph of " + g.n + " nodes for " + vectors.n + " vectors");
        }
        return new Index(vectors, g, modules, t1 - t0, counter.get(), 0);
    }

    // ---- files ----

    /** Loads an index saved by {@link #save} with this library's modules; the file must have been built by them. */
    public static Index load(Path file) throws IOException {
        return load(file, IndexModules.bundled());
    }

    /**
     * Loads an index saved by {@link #save}: reads and checks the file ({@link IndexFile}), refuses a
     * file built by other modules, and prepares the search and refinement modules on it again.
     *
     * @throws IndexFileException when the file is not an index file, of another format version,
     *                            truncated, corrupt, or built with other modules
     */
    public static Index load(Path file, IndexModules modules) throws IOException {
        long t0 = System.nanoTime();
        IndexFile.Header h = IndexFile.readHeader(file);
        if (!h.fingerprint().equals(modules.fingerprint())) {
            throw new IndexFileException(file + " was built with other modules than these (file: " + h.modules() + "; these: "
                    + modules.describe() + ")");
        }
        IndexFile.Contents c = IndexFile.read(file);
        long t1 = System.nanoTime();
        return new Index(c.vectors(), c.graph(), modules, c.header().constructionNanos(), c.header().buildDistances(), Math.max(1, t1 - t0));
    }

    /** Saves the base vectors and the graph, versioned and checksummed, atomically (a reader never sees half a file). */
    public void save(Path file) throws IOException {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("created", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        for (String key : new String[] {"name", "campaign", "construction.variant", "search.variant", "refinement.variant"}) {
            modules.property(key).ifPresent(v -> info.put(key, v));
        }
        IndexFile.write(file, base, graph, modules, buildInfo.constructionNanos(), buildInfo.distanceComputations(), info);
    }

    // ---- searching ----

    /**
     * The ids of the (approximately) {@code k} nearest base vectors to {@code query}, nearest first;
     * fewer when the index has fewer. {@code ef} is the breadth of the search (HNSW's efSearch):
     * larger is slower and finds more of the true neighbours. Safe from any thread.
     */
    public int[] search(float[] query, int k, int ef) {
        return perThread.get().search(query, k, ef);
    }

    /**
     * Searches a batch of queries on {@code threads} threads, each with a searcher of its own. Row
     * {@code i} of the result holds query i's ids, nearest first, padded with -1 when fewer than
     * {@code k} were found.
     */
    public int[][] search(float[][] queries, int k, int ef, int threads) {
        Objects.requireNonNull(queries, "queries");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        checkArgs(k, ef);
        int nq = queries.length;
        int[][] out = new int[nq][k];
        int t = Math.min(threads, Math.max(1, nq));
        if (t == 1) {
            answer(newSearcher(), queries, 0, nq, k, ef, out);
            return out;
        }
        // Queries are handed out in blocks so the threads stay busy when some queries are slower than others.
        int block = Math.max(1, Math.min(64, nq / (t * 8)));
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[t];
        for (int w = 0; w < t; w++) {
            workers[w] = new Thread(() -> {
                try {
                    Searcher s = newSearcher();
                    for (int from = next.getAndAdd(block); from < nq && failure.get() == null; from = next.getAndAdd(block)) {
                        answer(s, queries, from, Math.min(nq, from + block), k, ef, out);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "crinn-index-search-" + w);
            workers[w].start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("batch search interrupted", e);
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        return out;
    }

    private static void answer(Searcher s, float[][] queries, int from, int to, int k, int ef, int[][] out) {
        for (int i = from; i < to; i++) {
            int m = s.search(queries[i], k, ef, out[i]);
            Arrays.fill(out[i], m, k, -1);
        }
    }

    /** A searcher for one thread to keep: its scratch is made once and reused for every query. Not thread-safe. */
    public Searcher newSearcher() {
        return new Searcher();
    }

    /** The distance between {@code query} and base vector {@code id} in ann-benchmarks' units (Euclidean, 1 − cos, or −inner product). */
    public float distance(float[] query, int id) {
        checkQuery(query);
        if (id < 0 || id >= base.n) {
            throw new IllegalArgumentException("id " + id + " is not in [0, " + base.n + ")");
        }
        float[] q = base.metric == Metric.ANGULAR ? unit(query.clone()) : query;
        return base.metric.reportedDistance(base.distance(q, id));
    }

    /**
     * One thread's search state: the search module's searcher and the refinement module's refiner,
     * the candidate buffer and a copy of the query. Use it from one thread at a time.
     */
    public final class Searcher {
        private final DistanceCounter counter = new DistanceCounter();
        private final SearchModule.Searcher searcher = search.newSearcher(counter);
        private final RefinementModule.Refiner refiner = refinement.newRefiner(counter);
        private final float[] q = new float[base.d];
        private CandidateBuffer buffer = new CandidateBuffer(1);
        private int[] result = new int[1];
        private int lastK = -1;
        private int lastCount;

        private Searcher() {
        }

        /** As {@link Index#search(float[], int, int)}: allocates only the returned array. */
        public int[] search(float[] query, int k, int ef) {
            if (result.length < k) {
                result = new int[k];
            }
            int m = search(query, k, ef, result);
            return Arrays.copyOf(result, m);
        }

        /**
         * Writes the ids of the (approximately) {@code k} nearest base vectors, nearest first, into
         * {@code out[0..)} (length at least k) and returns how many it wrote. Allocates nothing once
         * a query with this k has been answered.
         */
        public int search(float[] query, int k, int ef, int[] out) {
            checkQuery(query);
            checkArgs(k, ef);
            if (out.length < k) {
                throw new IllegalArgumentException("the result array holds " + out.length + " ids, fewer than k=" + k);
            }
            if (k != lastK) {
                lastCount = Math.max(k, refinement.candidates(k));
                lastK = k;
                if (buffer.capacity() < lastCount) {
                    buffer = new CandidateBuffer(lastCount);
                }
            }
            System.arraycopy(query, 0, q, 0, q.length);
            if (base.metric == Metric.ANGULAR) {
                unit(q);
            }
            searcher.search(q, k, ef, lastCount, buffer);
            int m = refiner.refine(q, k, buffer, out);
            return Math.max(0, Math.min(m, k));
        }

        /** Distances this searcher's modules reported computing so far. */
        public long distanceComputations() {
            return counter.get();
        }
    }

    // ---- facts ----

    /** Number of base vectors. */
    public int size() {
        return base.n;
    }

    public int dimension() {
        return base.d;
    }

    public Metric metric() {
        return base.metric;
    }

    public Memory memory() {
        return new Memory(base.memoryBytes(), graph.memoryBytes(), search.memoryBytes(), refinement.memoryBytes());
    }

    /** {@link Memory#total()}: base vectors, graph and the modules' state. */
    public long memoryBytes() {
        return memory().total();
    }

    public BuildInfo buildInfo() {
        return buildInfo;
    }

    public IndexModules modules() {
        return modules;
    }

    /** The graph, shared with the modules: read-only. */
    public Graph graph() {
        return graph;
    }

    /** The base vectors (unit length for angular), shared with the modules: read-only. */
    public Vectors vectors() {
        return base;
    }

    @Override
    public String toString() {
        return "Index[n=" + base.n + ", d=" + base.d + ", metric=" + base.metric + ", " + modules.describe() + "]";
    }

    // ---- helpers ----

    private void checkQuery(float[] query) {
        Objects.requireNonNull(query, "query");
        if (query.length != base.d) {
            throw new IllegalArgumentException("the query has " + query.length + " dimensions, the index " + base.d);
        }
    }

    private static void checkArgs(int k, int ef) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (ef < 1) {
            throw new IllegalArgumentException("ef must be >= 1, got " + ef);
        }
    }

    private static Vectors flatten(float[][] rows, Metric metric) {
        Objects.requireNonNull(rows, "vectors");
        Objects.requireNonNull(metric, "metric");
        if (rows.length == 0) {
            throw new IllegalArgumentException("no vectors to index");
        }
        int d = rows[0].length;
        if ((long) rows.length * d > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows.length + " vectors of dimension " + d + " are too many for one index");
        }
        float[] data = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            float[] r = rows[i];
            if (r == null || r.length != d) {
                throw new IllegalArgumentException("vector " + i + " has " + (r == null ? "no" : r.length) + " dimensions, vector 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Float.isFinite(r[j])) {
                    throw new IllegalArgumentException("vector " + i + ", component " + j + " is " + r[j]);
                }
            }
            System.arraycopy(r, 0, data, i * d, d);
            if (metric == Metric.ANGULAR) {
                unit(data, i * d, d, i);
            }
        }
        return new Vectors(data, rows.length, d, metric);
    }

    private static float[] unit(float[] q) {
        unit(q, 0, q.length, -1);
        return q;
    }

    /**
     * Scales {@code x[off..off+d)} to unit length as the datasets of crinn4j do (double sums, one
     * division per component), leaving a row that is already of unit length (within 1e-6) as it is.
     */
    private static void unit(float[] x, int off, int d, int row) {
        double s = squaredLength(x, off, d);
        if (Math.abs(s - 1) <= 1e-6) {
            return;
        }
        if (s == 0) {
            throw new IllegalArgumentException((row < 0 ? "the query" : "vector " + row) + " is zero, which has no direction for angular distance");
        }
        double norm = Math.sqrt(s);
        for (int j = 0; j < d; j++) {
            x[off + j] = (float) (x[off + j] / norm);
        }
    }

    private static double squaredLength(float[] x, int off, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += (double) x[off + j] * x[off + j];
        }
        return s;
    }
}
