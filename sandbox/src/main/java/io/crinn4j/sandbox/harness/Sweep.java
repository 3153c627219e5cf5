package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.CandidateBuffer;
import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.vector.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Times an ef sweep over a query set the way ann-benchmarks does: queries one at a time, each
 * timed, the fastest of R runs kept. Each run visits the queries in a fresh random order, so a
 * module cannot profit from a fixed order, and repeats the set until it lasts at least
 * {@link SweepConfig#minPassMillis()}, so a small query set is not timed at the clock's resolution.
 * Answers are recorded on every pass and compared, which exposes modules whose results depend on
 * what was searched before.
 *
 * <p><b>Nothing survives from one pass to the next.</b> Every pass over the queries — the warm-up
 * and each timed repetition — gets new searchers, refiners, candidate buffers, result arrays and
 * distance counters, and each query is handed over as a copy, so an answer memo in any of them is
 * gone before the queries come round again (measured before this rule: a copy of the seed that
 * remembered answers by a hash of the query scored 13.8× the seed). What outlives a pass — the
 * module instances, the base vectors, the graph — is checked unchanged after it, or the modules
 * are prepared afresh for the next ({@link PassGuard}). None of this is timed; its cost is kept in
 * {@link #untimedNanos()}.
 *
 * <p>Nothing here allocates inside the timed loop: buffers are made per pass before timing.
 */
public final class Sweep {

    /** Progress callbacks, called from the sweeping thread. */
    public interface Listener {
        default void warmingUp() {
        }

        /** One timed run of one ef value finished; {@code done} of {@code total} (runs × ef values). */
        default void runDone(int done, int total, int ef) {
        }

        /** Point {@code index} is final; called for every ef value, in order, after the last run. */
        default void pointDone(int index, int total, SweepPoint point) {
        }
    }

    private final BuiltIndex index;
    private final float[][] queries;
    private final SweepConfig cfg;
    private final PassGuard guard;
    private final int candidates;
    private BuiltIndex.Fresh modules;
    private Worker[] workers;
    private EfState[] states;
    private long untimedNanos;
    private int passes;

    /**
     * @param queries one array of length d per query (already normalized for angular data)
     */
    public Sweep(BuiltIndex index, float[][] queries, SweepConfig cfg) {
        this(index, queries, cfg, PassGuard.trusted());
    }

    /**
     * @param guard checks after the warm-up and after every timed pass that nothing was remembered,
     *              and says whether each pass gets newly prepared modules
     */
    public Sweep(BuiltIndex index, float[][] queries, SweepConfig cfg, PassGuard guard) {
        if (queries.length == 0) {
            throw new IllegalArgumentException("no queries to sweep");
        }
        this.index = index;
        this.queries = queries;
        this.cfg = cfg;
        this.guard = guard;
        this.candidates = Math.max(cfg.k(), index.refinement.candidates(cfg.k()));
    }

    /**
     * Wall time spent outside the timed passes making them fresh — preparing new module instances,
     * searchers and refiners, checking the shared arrays — so far. The price of the rule that
     * nothing survives from one pass to the next.
     */
    public long untimedNanos() {
        return untimedNanos;
    }

    /** Passes over the query set so far, the warm-up's included. */
    public int passes() {
        return passes;
    }

    /**
     * Per-thread state for the next pass, made outside its timing, on the index's module instances
     * or, when the guard re-prepares, on new ones prepared for this pass. Each new searcher first
     * answers one query that is not in the set — a base vector — at the pass's ef, untimed, so it
     * starts the pass as a long-lived one would: its pools grown to the ef, its scratch touched.
     */
    private void freshPass(int ef) {
        long t0 = System.nanoTime();
        modules = guard.instancesFor(index, passes == 0);
        Worker[] w = new Worker[cfg.threads()];
        int[] primed = new int[cfg.k()];
        for (int t = 0; t < w.length; t++) {
            w[t] = new Worker(modules);
            w[t].answer(index.base.data, 0, ef, primed, 0);
            w[t].counter.reset(); // the pass counts only its own queries
        }
        workers = w;
        passes++;
        untimedNanos += System.nanoTime() - t0;
    }

    /** After a pass (not timed): nothing it could leave for the next may have changed. */
    private void checkShared(String when) {
        long t0 = System.nanoTime();
        guard.check(modules, when);
        untimedNanos += System.nanoTime() - t0;
    }

    /**
     * Runs warm-up and the whole sweep. Runs are interleaved — run 1 of every ef, then run 2 of
     * every ef, and so on — so a transient disturbance (a JIT recompilation, a GC, another process
     * taking the core for a few hundred milliseconds) spoils one run of a few ef values instead of
     * every run of one ef value, and the best-of-R rule then discards it. With the runs back to
     * back, one 100 ms hiccup could halve the QPS of a whole point and, through the frontier,
     * cut the AUC by a third.
     */
    public List<SweepPoint> run(Listener listener) {
        start(listener);
        for (int run = 0; run < cfg.runs(); run++) {
            measureRun(run, listener);
        }
        return finish(listener);
    }

    /**
     * Warms up and sets up the per-ef state; the first step of {@link #run}, public so that
     * several sweeps in one JVM can take turns ef by ef (see {@code WorkerMain}).
     */
    public void start(Listener listener) {
        int[] efs = cfg.efs();
        listener.warmingUp();
        warmUp(efs);
        states = new EfState[efs.length];
        for (int i = 0; i < efs.length; i++) {
            states[i] = new EfState(efs[i], i);
        }
    }

    /** Timed run {@code run} (0-based, below {@code cfg.runs()}) of every ef value, in order. */
    private void measureRun(int run, Listener listener) {
        int[] efs = cfg.efs();
        int total = cfg.runs() * efs.length;
        for (int i = 0; i < efs.length; i++) {
            states[i].measureRun(run);
            listener.runDone(run * efs.length + i + 1, total, efs[i]);
        }
    }

    /**
     * Timed run {@code run} of the ef value at {@code efIndex} alone; after {@link #start}. Lets
     * several sweeps in one JVM take turns ef by ef, so each set's measurement of an ef lies within
     * tens of milliseconds of the others', inside one phase of the machine's drifting speed.
     */
    public void measurePoint(int run, int efIndex) {
        if (states == null) {
            throw new IllegalStateException("start() must come before measurePoint()");
        }
        if (run < 0 || run >= cfg.runs()) {
            throw new IllegalArgumentException("run " + run + " is outside 0.." + (cfg.runs() - 1));
        }
        states[efIndex].measureRun(run);
    }

    /** The points, best run of each ef; after every run has been measured. */
    public List<SweepPoint> finish(Listener listener) {
        if (states == null) {
            throw new IllegalStateException("start() must come before finish()");
        }
        List<SweepPoint> points = new ArrayList<>(states.length);
        for (int i = 0; i < states.length; i++) {
            SweepPoint p = states[i].point();
            points.add(p);
            listener.pointDone(i, states.length, p);
        }
        return points;
    }

    /**
     * Warms up on every ef value in turn, not just one: the JIT then compiles the search with
     * profiles that have seen small and large pools, instead of recompiling (and briefly running
     * slower code) the first time the timed sweep reaches an ef the warm-up never used.
     */
    private void warmUp(int[] efs) {
        int nq = queries.length;
        int[] ids = new int[nq * cfg.k()];
        long deadline = System.nanoTime() + cfg.warmupMillis() * 1_000_000L;
        // One fresh set of instances for the whole warm-up: whatever they remember is dropped with them.
        freshPass(efs[0]);
        Worker w = workers[0];
        int i = 0;
        int e = 0;
        do {
            w.answer(queries[i % nq], efs[e % efs.length], ids, (i % nq) * cfg.k());
            i++;
            if (i % nq == 0) {
                e++;
            }
        } while (i < nq || System.nanoTime() < deadline);
        checkShared("during the warm-up");
    }

    /** The measurements of one ef value, accumulated over interleaved runs. */
    private final class EfState {
        final int ef;
        final int[] ids;
        final int[] scratchIds;
        final long[] latency;
        final long[] bestLatency;
        final boolean[] unstable;
        final double[] runQps = new double[cfg.runs()];
        final SplittableRandom rnd;
        final int[] order;
        long bestPass = Long.MAX_VALUE;
        int passes;
        long distances;
        long counted;
        long answered;
        boolean first = true;

        EfState(int ef, int efIndex) {
            int nq = queries.length;
            int k = cfg.k();
            this.ef = ef;
            ids = new int[nq * k];
            scratchIds = new int[nq * k];
            latency = new long[nq];
            bestLatency = new long[nq];
            unstable = new boolean[nq];
            rnd = new SplittableRandom(cfg.shuffleSeed() * 1_000_003L + efIndex);
            order = new int[nq];
            for (int i = 0; i < nq; i++) {
                order[i] = i;
            }
        }

        void measureRun(int run) {
            int nq = queries.length;
            shuffle(order, rnd);
            long minNanos = cfg.minPassMillis() * 1_000_000L;
            int reps = 0;
            long elapsed = 0;
            do {
                // Untimed: fresh instances, so this pass cannot profit from anything an earlier one left behind.
                freshPass(ef);
                long kernelBefore = cfg.threads() == 1 ? Kernels.countedDistances() : -1;
                int[] target = first ? ids : scratchIds;
                long t0 = System.nanoTime();
                runPass(order, ef, target, latency);
                elapsed += System.nanoTime() - t0;
                long kernelAfter = kernelBefore < 0 ? -1 : Kernels.countedDistances();
                distances += reportedDistances();
                // The kernels' count is only exact on one thread; -1 marks it unknown for the whole point.
                counted = kernelBefore < 0 || counted < 0 ? -1 : counted + kernelAfter - kernelBefore;
                checkShared("during a timed pass at ef=" + ef);
                if (!first) {
                    compare(ids, scratchIds, unstable);
                }
                first = false;
                reps++;
            } while (elapsed < minNanos);
            long perPass = elapsed / reps;
            runQps[run] = nq * 1e9 / perPass;
            answered += (long) reps * nq;
            if (perPass < bestPass) {
                bestPass = perPass;
                passes = reps;
                System.arraycopy(latency, 0, bestLatency, 0, nq);
            }
        }

        SweepPoint point() {
            int nq = queries.length;
            long[] sorted = bestLatency.clone();
            Arrays.sort(sorted);
            int bad = 0;
            for (boolean u : unstable) {
                if (u) {
                    bad++;
                }
            }
            return new SweepPoint(ef, nq * 1e9 / bestPass, runQps, passes, distances / (double) answered,
                    counted < 0 ? -1 : counted / (double) answered,
                    sorted[(nq - 1) / 2], sorted[Math.min(nq - 1, (int) Math.ceil(nq * 0.99) - 1)], ids, bad);
        }
    }

    /** Distances the current pass's modules reported (each pass has fresh counters). */
    private long reportedDistances() {
        long sum = 0;
        for (Worker w : workers) {
            sum += w.counter.get();
        }
        return sum;
    }

    private void runPass(int[] order, int ef, int[] ids, long[] latency) {
        int k = cfg.k();
        if (workers.length == 1) {
            Worker w = workers[0];
            for (int q : order) {
                long t0 = System.nanoTime();
                w.answer(queries[q], ef, ids, q * k);
                latency[q] = System.nanoTime() - t0;
            }
            return;
        }
        int t = workers.length;
        Thread[] threads = new Thread[t];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int w = 0; w < t; w++) {
            Worker worker = workers[w];
            int from = (int) ((long) order.length * w / t);
            int to = (int) ((long) order.length * (w + 1) / t);
            threads[w] = new Thread(() -> {
                try {
                    for (int i = from; i < to; i++) {
                        int q = order[i];
                        long t0 = System.nanoTime();
                        worker.answer(queries[q], ef, ids, q * k);
                        latency[q] = System.nanoTime() - t0;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "crinn-search-" + w);
            threads[w].start();
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("sweep interrupted", e);
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
    }

    private void compare(int[] reference, int[] again, boolean[] unstable) {
        int k = cfg.k();
        for (int q = 0; q < unstable.length; q++) {
            if (!unstable[q] && !Arrays.equals(reference, q * k, q * k + k, again, q * k, q * k + k)) {
                unstable[q] = true;
            }
        }
    }

    static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * One thread's searcher, refiner and buffers for one pass, made before its timing. The query
     * goes to the modules as a copy in {@link #query}: a module that wrote into the array it was
     * given could otherwise leave marks in the harness's queries that it finds again on the next
     * pass; the copy is overwritten by the next query.
     */
    private final class Worker {
        final DistanceCounter counter = new DistanceCounter();
        final SearchModule.Searcher searcher;
        final RefinementModule.Refiner refiner;
        final CandidateBuffer buffer = new CandidateBuffer(candidates);
        final int[] result = new int[cfg.k()];
        final float[] query = new float[index.base.d];

        Worker(BuiltIndex.Fresh modules) {
            searcher = modules.search().newSearcher(counter);
            refiner = modules.refinement().newRefiner(counter);
        }

        void answer(float[] original, int ef, int[] ids, int off) {
            answer(original, 0, ef, ids, off);
        }

        /** Answers the query at {@code original[from..from+d)}, handed over as a copy. */
        void answer(float[] original, int from, int ef, int[] ids, int off) {
            int k = cfg.k();
            float[] q = query;
            System.arraycopy(original, from, q, 0, q.length);
            searcher.search(q, k, ef, candidates, buffer);
            int m = refiner.refine(q, k, buffer, result);
            m = Math.max(0, Math.min(m, k));
            System.arraycopy(result, 0, ids, off, m);
            Arrays.fill(ids, off + m, off + k, -1);
        }
    }
}
