package io.crinn4j.sandbox.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.Vectors;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthBuilder;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.reward.RewardSummary;
import io.crinn4j.seed.glass.GlassBaseline;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {
    private static final Dataset DS = Datasets.resolve("synthetic:n=4000,d=24,clusters=12,queries=120,seed=21", Path.of("."));
    private static final Vectors BASE = new Vectors(DS.base(), DS.n(), DS.d(), DS.metric());
    private static final GroundTruth GT = GroundTruthBuilder.compute(DS, 10, 2);

    private static float[][] queries() {
        float[][] q = new float[DS.nq()][];
        for (int i = 0; i < q.length; i++) {
            q[i] = Arrays.copyOfRange(DS.queries(), DS.queryOffset(i), DS.queryOffset(i) + DS.d());
        }
        return q;
    }

    private static ModuleSet seed() {
        return new ModuleSet(GlassBaseline::construction, GlassBaseline::search, GlassBaseline::refinement);
    }

    private static SweepConfig cfg(int threads, int... efs) {
        return new SweepConfig(10, efs, 2, threads, 50, 5, 7);
    }

    @Test
    void exactModulesScoreRecallOneAndTheirCurveCoversTheBand() {
        BuiltIndex idx = BuiltIndex.build(BruteForce.modules(), BASE);
        List<SweepPoint> pts = new Sweep(idx, queries(), cfg(1, 1, 10)).run(new Sweep.Listener() { });
        List<Scoring.ScoredPoint> scored = Scoring.score(pts, 10, queries(), BASE, GT.distances(), GT.k());
        for (Scoring.ScoredPoint p : scored) {
            assertEquals(1.0, p.recall(), 1e-12);
            assertEquals(DS.n(), p.sweep().distancesPerQuery(), 1e-9);
        }
        RewardSummary s = Scoring.summarize(scored, RecallBand.DEFAULT);
        assertTrue(s.covered());
        // A single frontier point at recall 1 extends flat over the band: AUC = QPS x 0.10.
        assertEquals(s.frontier().get(0).qps() * 0.10, s.auc(), 1e-6 * s.auc());
    }

    @Test
    void seedSweepHasOnePointPerEfStableAnswersAndRisingRecall() {
        BuiltIndex idx = BuiltIndex.build(seed(), BASE);
        assertTrue(idx.buildNanos() > 0 && idx.indexBytes() > 0);
        int[] efs = {1, 5, 20, 80};
        List<SweepPoint> pts = new Sweep(idx, queries(), cfg(1, efs)).run(new Sweep.Listener() { });
        assertEquals(efs.length, pts.size());
        List<Scoring.ScoredPoint> scored = Scoring.score(pts, 10, queries(), BASE, GT.distances(), GT.k());
        for (int i = 0; i < efs.length; i++) {
            SweepPoint p = pts.get(i);
            assertEquals(efs[i], p.ef());
            assertEquals(DS.nq() * 10, p.ids().length);
            assertEquals(0, p.unstableQueries(), "the seed's answers must not depend on query order");
            assertTrue(p.qps() > 0 && p.p99Nanos() >= p.p50Nanos() && p.passesPerRun() >= 1);
            assertEquals(2, p.runQps().length);
        }
        assertTrue(scored.get(3).recall() >= scored.get(0).recall());
        assertTrue(scored.get(3).recall() > 0.95, "recall at ef=80: " + scored.get(3).recall());
    }

    @Test
    void runsAreInterleavedAcrossEfValuesAndDistancesCountedPerEf() {
        BuiltIndex idx = BuiltIndex.build(seed(), BASE);
        int[] efs = {5, 40, 10};
        List<Integer> runOrder = new java.util.ArrayList<>();
        List<Integer> finalOrder = new java.util.ArrayList<>();
        List<SweepPoint> pts = new Sweep(idx, queries(), new SweepConfig(10, efs, 3, 1, 20, 1, 7)).run(new Sweep.Listener() {
            @Override
            public void runDone(int done, int total, int ef) {
                assertEquals(9, total);
                assertEquals(runOrder.size() + 1, done);
                assertTrue(finalOrder.isEmpty(), "points are final only after the last run");
                runOrder.add(ef);
            }

            @Override
            public void pointDone(int index, int total, SweepPoint p) {
                finalOrder.add(p.ef());
            }
        });
        // Run 1 of every ef, then run 2 of every ef, ...: a transient disturbance cannot spoil every run of one point.
        assertEquals(List.of(5, 40, 10, 5, 40, 10, 5, 40, 10), runOrder);
        assertEquals(List.of(5, 40, 10), finalOrder);
        for (SweepPoint p : pts) {
            assertEquals(3, p.runQps().length);
            for (double q : p.runQps()) {
                assertTrue(q > 0 && q <= p.qps() * (1 + 1e-9), "the point's QPS is its best run");
            }
        }
        // Distances are attributed to their own ef although the runs alternate: a wider beam computes more.
        assertTrue(pts.get(1).distancesPerQuery() > pts.get(2).distancesPerQuery());
        assertTrue(pts.get(2).distancesPerQuery() >= pts.get(0).distancesPerQuery());
    }

    @Test
    void sweepsTakingTurnsEfByEfGiveEachTheAnswersOfASweepRunAlone() {
        int[] efs = {5, 40, 10};
        SweepConfig c = new SweepConfig(10, efs, 2, 1, 20, 1, 7);
        BuiltIndex seedIndex = BuiltIndex.build(seed(), BASE);
        BuiltIndex exactIndex = BuiltIndex.build(BruteForce.modules(), BASE);
        Sweep a = new Sweep(seedIndex, queries(), c);
        Sweep b = new Sweep(exactIndex, queries(), c);
        assertThrows(IllegalStateException.class, () -> a.measurePoint(0, 0), "start() first");
        a.start(new Sweep.Listener() { });
        b.start(new Sweep.Listener() { });
        assertThrows(IllegalArgumentException.class, () -> a.measurePoint(2, 0), "only runs 0 and 1 exist");
        for (int run = 0; run < c.runs(); run++) {
            for (int e = 0; e < efs.length; e++) {
                a.measurePoint(run, e);
                b.measurePoint(run, e);
            }
        }
        List<SweepPoint> together = a.finish(new Sweep.Listener() { });
        List<SweepPoint> exact = b.finish(new Sweep.Listener() { });
        List<SweepPoint> alone = new Sweep(seedIndex, queries(), c).run(new Sweep.Listener() { });
        for (int i = 0; i < efs.length; i++) {
            assertEquals(efs[i], together.get(i).ef());
            assertArrayEquals(alone.get(i).ids(), together.get(i).ids(), "turns must not change what a set answers");
            assertEquals(alone.get(i).distancesPerQuery(), together.get(i).distancesPerQuery(), 1e-9,
                    "the other sweep's distances are not booked to this one");
            assertEquals(2, together.get(i).runQps().length);
            assertTrue(Arrays.stream(together.get(i).runQps()).allMatch(q -> q > 0), "every run of every ef was timed");
            assertEquals(DS.n(), exact.get(i).distancesPerQuery(), 1e-9);
        }
    }

    @Test
    void multiThreadedSweepReturnsTheSameAnswers() {
        BuiltIndex idx = BuiltIndex.build(seed(), BASE);
        SweepPoint one = new Sweep(idx, queries(), cfg(1, 30)).run(new Sweep.Listener() { }).get(0);
        SweepPoint two = new Sweep(idx, queries(), cfg(2, 30)).run(new Sweep.Listener() { }).get(0);
        assertArrayEquals(one.ids(), two.ids());
    }

    @Test
    void orderDependentModulesAreFlaggedUnstable() {
        // A refinement that remembers the previous query's answer and returns it: results depend on order.
        ModuleSet honest = seed();
        io.crinn4j.contract.RefinementModule cheating = new io.crinn4j.contract.RefinementModule() {
            @Override
            public void prepare(Vectors base, io.crinn4j.contract.Graph graph) {
            }

            @Override
            public int candidates(int k) {
                return k;
            }

            @Override
            public Refiner newRefiner(io.crinn4j.contract.DistanceCounter counter) {
                int[] last = new int[16];
                return (query, k, in, result) -> {
                    int m = Math.min(k, in.size);
                    System.arraycopy(last, 0, result, 0, m);
                    System.arraycopy(in.ids, 0, last, 0, m);
                    return m;
                };
            }

            @Override
            public long memoryBytes() {
                return 0;
            }
        };
        BuiltIndex idx = BuiltIndex.build(new ModuleSet(honest.construction(), honest.search(), () -> cheating), BASE);
        SweepPoint p = new Sweep(idx, queries(), cfg(1, 20)).run(new Sweep.Listener() { }).get(0);
        assertTrue(p.unstableQueries() > DS.nq() / 2, "unstable queries: " + p.unstableQueries());
    }

    @Test
    void rejectsBadConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> new SweepConfig(0, new int[] {1}, 1, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SweepConfig(10, new int[0], 1, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SweepConfig(10, new int[] {0}, 1, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SweepConfig(10, new int[] {5}, 0, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SweepConfig(10, new int[] {5}, 1, 0, 0, 0, 1));
    }

    @Test
    void scoringRejectsIdsOutsideTheIndex() {
        int[] ids = new int[DS.nq() * 10];
        Arrays.fill(ids, -1);
        ids[0] = DS.n() + 5;
        SweepPoint forged = new SweepPoint(10, 1, new double[] {1}, 1, 1, -1, 1, 1, ids, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Scoring.score(List.of(forged), 10, queries(), BASE, GT.distances(), GT.k()));
        assertTrue(e.getMessage().contains("returned id " + (DS.n() + 5)), e.getMessage());
    }
}
