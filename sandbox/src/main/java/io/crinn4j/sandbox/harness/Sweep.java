package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.CandidateBuffer;
import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
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
 * <p>Nothing here allocates inside the timed loop: buffers are made per worker before timing.
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
    private final Worker[] workers;
    private final int candidates;
    private EfState[] states;

    /**
     * @param queries one array of length d per query (already normalized for angular data)
     */
    public Sweep(BuiltIndex index, float[][] queries, SweepConfig cfg) {
        if (queries.length == 0) {
            throw new IllegalArgumentException("no queries to sweep");
        }
        this.index = index;
        this.queries = queries;
        this.cfg = cfg;
        this.candidates = Math.max(cfg.k(), index.refinement.candidates(cfg.k()));
        this.workers = new Worker[cfg.threads()];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = new Worker();
        }
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
            long before = countedDistances();
            shuffle(order, rnd);
            long minNanos = cfg.minPassMillis() * 1_000_000L;
            long start = System.nanoTime();
            int reps = 0;
            long elapsed;
            do {
                int[] target = first ? ids : scratchIds;
                runPass(order, ef, target, latency);
                if (!first) {
                    compare(ids, scratchIds, unstable);
                }
                first = false;
                reps++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < minNanos);
            long perPass = elapsed / reps;
            runQps[run] = nq * 1e9 / perPass;
            answered += (long) reps * nq;
            distances += countedDistances() - before;
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
                    sorted[(nq - 1) / 2], sorted[Math.min(nq - 1, (int) Math.ceil(nq * 0.99) - 1)], ids, bad);
        }
    }

    private long countedDistances() {
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

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** One thread's searcher, refiner and buffers, made once before timing. */
    private final class Worker {
        final DistanceCounter counter = new DistanceCounter();
        final SearchModule.Searcher searcher = index.search.newSearcher(counter);
        final RefinementModule.Refiner refiner = index.refinement.newRefiner(counter);
        final CandidateBuffer buffer = new CandidateBuffer(candidates);
        final int[] result = new int[cfg.k()];

        void answer(float[] query, int ef, int[] ids, int off) {
            int k = cfg.k();
            searcher.search(query, k, ef, candidates, buffer);
            int m = refiner.refine(query, k, buffer, result);
            m = Math.max(0, Math.min(m, k));
            System.arraycopy(result, 0, ids, off, m);
            Arrays.fill(ids, off + m, off + k, -1);
        }
    }
}
