package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.CandidateBuffer;
import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.vector.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The untimed search of a profiling run: passes over the query set, each with the same rules as
 * the timed {@link Sweep}'s — new searchers, refiners and buffers per pass, queries handed over as
 * copies, the module state and the shared arrays checked after every pass ({@link PassGuard}) —
 * so a module behaves as it does when it is measured, and nothing it remembers survives a pass
 * unchecked. Nothing here is timed for a score: pass times only say how long the profile ran.
 *
 * <p>Every query of a pass is answered inside {@link #PASS_METHOD}, whose frame the profile's
 * sampler looks for to tell the search's samples from the harness's own work between passes.
 */
public final class ProfilePasses {
    /** The method every profiled query is answered in (a frame of every sample taken during search). */
    public static final String PASS_METHOD = "pass";

    private final BuiltIndex index;
    private final float[][] queries;
    private final int k;
    private final int candidates;
    private final PassGuard guard;
    private final SplittableRandom rnd;
    private int passes;

    /**
     * @param queries     one array of length d per query
     * @param shuffleSeed seed of the passes' random query orders
     */
    public ProfilePasses(BuiltIndex index, float[][] queries, int k, PassGuard guard, long shuffleSeed) {
        if (queries.length == 0) {
            throw new IllegalArgumentException("no queries to profile");
        }
        this.index = index;
        this.queries = queries;
        this.k = k;
        this.guard = guard;
        this.candidates = Math.max(k, index.refinement.candidates(k));
        this.rnd = new SplittableRandom(shuffleSeed);
    }

    /** What the profiled passes did: per ef, the distance computations of each query in its first pass. */
    public record Work(int[] efs, long[][] reportedPerQuery, long[][] countedPerQuery, int passes, long searchNanos) {
    }

    /** Searches every ef in turn, a pass at a time, for at least {@code millis} (and at least one pass), as the sweep warms up. */
    public void warmUp(int[] efs, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        int e = 0;
        do {
            timedPass(efs[e++ % efs.length], null, null, null);
        } while (System.nanoTime() < deadline);
    }

    /** One pass at {@code ef}: the answers, {@code nq × k} row-major, -1 where fewer than k came back. */
    public int[] answers(int ef) {
        int[] ids = new int[queries.length * k];
        timedPass(ef, ids, null, null);
        return ids;
    }

    /**
     * Passes at the given ef values in turn until their search time adds up to {@code millis}, every
     * ef searched at least once. The first pass at each ef records every query's distance
     * computations: the modules' report and the shared kernels' count.
     */
    public Work profile(int[] efs, long millis) {
        int nq = queries.length;
        long[][] reported = new long[efs.length][];
        long[][] counted = new long[efs.length][];
        long searchNanos = 0;
        int made = 0;
        for (int i = 0; searchNanos < millis * 1_000_000L || i < efs.length; i++) {
            int e = i % efs.length;
            long[] rep = null;
            long[] cnt = null;
            if (reported[e] == null) {
                rep = reported[e] = new long[nq];
                cnt = counted[e] = new long[nq];
            }
            searchNanos += timedPass(efs[e], null, rep, cnt);
            made++;
        }
        return new Work(efs.clone(), reported, counted, made, searchNanos);
    }

    /** Passes over the query set so far, warm-up and answers included. */
    public int passes() {
        return passes;
    }

    /**
     * One pass over the queries in a fresh random order with fresh searchers, checked afterwards;
     * returns the nanoseconds spent answering (inside {@link #PASS_METHOD}: the set-up and the checks
     * around it are not in the profile).
     */
    private long timedPass(int ef, int[] ids, long[] reported, long[] counted) {
        BuiltIndex.Fresh modules = guard.instancesFor(index, passes == 0);
        DistanceCounter counter = new DistanceCounter();
        SearchModule.Searcher searcher = modules.search().newSearcher(counter);
        RefinementModule.Refiner refiner = modules.refinement().newRefiner(counter);
        CandidateBuffer buffer = new CandidateBuffer(candidates);
        int[] result = new int[k];
        float[] query = new float[index.base.d];
        int[] order = new int[queries.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        passes++;
        long t0 = System.nanoTime();
        pass(order, ef, searcher, refiner, counter, buffer, result, query, ids, reported, counted);
        long nanos = System.nanoTime() - t0;
        guard.check(modules, "during a profiled pass at ef=" + ef);
        return nanos;
    }

    /** Answers every query of {@code order}; named {@value #PASS_METHOD}: the profile keeps the samples taken inside it. */
    private void pass(int[] order, int ef, SearchModule.Searcher searcher, RefinementModule.Refiner refiner, DistanceCounter counter,
                      CandidateBuffer buffer, int[] result, float[] query, int[] ids, long[] reported, long[] counted) {
        for (int q : order) {
            long rep0 = counter.get();
            long cnt0 = Kernels.countedDistances();
            System.arraycopy(queries[q], 0, query, 0, query.length);
            searcher.search(query, k, ef, candidates, buffer);
            int m = refiner.refine(query, k, buffer, result);
            if (reported != null) {
                reported[q] = counter.get() - rep0;
                counted[q] = cnt0 < 0 ? -1 : Kernels.countedDistances() - cnt0;
            }
            if (ids != null) {
                m = Math.max(0, Math.min(m, k));
                System.arraycopy(result, 0, ids, q * k, m);
                Arrays.fill(ids, q * k + m, q * k + k, -1);
            }
        }
    }
}
