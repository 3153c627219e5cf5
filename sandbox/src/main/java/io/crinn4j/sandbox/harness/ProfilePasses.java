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

    /**
     * Per ef (in the order asked), per query: the distinct vectors the shared kernels scored during
     * the query's search (its visited nodes, as the harness sees them) and during its refinement.
     */
    public record Visits(int[] efs, long[][] search, long[][] refinement) {
    }

    /** Where one pass writes what it records per query; null arrays are not recorded. */
    private record PerQuery(int[] ids, long[] reported, long[] counted, long[] searchRows, long[] refinementRows) {
        static final PerQuery NOTHING = new PerQuery(null, null, null, null, null);
    }

    /** Searches every ef in turn, a pass at a time, for at least {@code millis} (and at least one pass), as the sweep warms up. */
    public void warmUp(int[] efs, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        int e = 0;
        do {
            timedPass(efs[e++ % efs.length], PerQuery.NOTHING);
        } while (System.nanoTime() < deadline);
    }

    /** One pass at {@code ef}: the answers, {@code nq × k} row-major, -1 where fewer than k came back. */
    public int[] answers(int ef) {
        int[] ids = new int[queries.length * k];
        timedPass(ef, new PerQuery(ids, null, null, null, null));
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
            PerQuery record = PerQuery.NOTHING;
            if (reported[e] == null) {
                reported[e] = new long[nq];
                counted[e] = new long[nq];
                record = new PerQuery(null, reported[e], counted[e], null, null);
            }
            searchNanos += timedPass(efs[e], record);
            made++;
        }
        return new Work(efs.clone(), reported, counted, made, searchNanos);
    }

    /**
     * One more pass at each ef, recording each query's distinct vectors scored by its search and by
     * its refinement ({@code Kernels.startDistinctRows}); null when this JVM cannot count them. Run
     * apart from {@link #profile}, so the record's hash set is not in the samples.
     */
    public Visits visits(int[] efs) {
        if (!Kernels.countsDistinctRows()) {
            return null;
        }
        long[][] search = new long[efs.length][queries.length];
        long[][] refinement = new long[efs.length][queries.length];
        for (int e = 0; e < efs.length; e++) {
            timedPass(efs[e], new PerQuery(null, null, null, search[e], refinement[e]));
        }
        return new Visits(efs.clone(), search, refinement);
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
    private long timedPass(int ef, PerQuery record) {
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
        Sweep.shuffle(order, rnd);
        passes++;
        long t0 = System.nanoTime();
        pass(order, ef, new Pass(searcher, refiner, counter, buffer, result, query), record);
        long nanos = System.nanoTime() - t0;
        guard.check(modules, "during a profiled pass at ef=" + ef);
        return nanos;
    }

    /** One pass's fresh instances and scratch. */
    private record Pass(SearchModule.Searcher searcher, RefinementModule.Refiner refiner, DistanceCounter counter, CandidateBuffer buffer,
                        int[] result, float[] query) {
    }

    /** Answers every query of {@code order}; named {@value #PASS_METHOD}: the profile keeps the samples taken inside it. */
    private void pass(int[] order, int ef, Pass p, PerQuery record) {
        boolean rows = record.searchRows() != null;
        for (int q : order) {
            long rep0 = p.counter().get();
            long cnt0 = Kernels.countedDistances();
            System.arraycopy(queries[q], 0, p.query(), 0, p.query().length);
            if (rows) {
                Kernels.startDistinctRows();
            }
            p.searcher().search(p.query(), k, ef, candidates, p.buffer());
            if (rows) {
                record.searchRows()[q] = Kernels.stopDistinctRows();
                Kernels.startDistinctRows();
            }
            int m = p.refiner().refine(p.query(), k, p.buffer(), p.result());
            if (rows) {
                record.refinementRows()[q] = Kernels.stopDistinctRows();
            }
            if (record.reported() != null) {
                record.reported()[q] = p.counter().get() - rep0;
                record.counted()[q] = cnt0 < 0 ? -1 : Kernels.countedDistances() - cnt0;
            }
            if (record.ids() != null) {
                int[] ids = record.ids();
                m = Math.max(0, Math.min(m, k));
                System.arraycopy(p.result(), 0, ids, q * k, m);
                Arrays.fill(ids, q * k + m, q * k + k, -1);
            }
        }
    }
}
