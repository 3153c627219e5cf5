package io.crinn4j.data;

import io.crinn4j.contract.Metric;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.crinn4j.data.TestFiles.assertDataError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GroundTruthBuilderTest {

    private static Dataset synthetic(String metric) {
        return Datasets.resolve("synthetic:n=1500,d=12,clusters=6,queries=70,seed=3,metric=" + metric, null);
    }

    @Test
    void matchesNaiveSearchForEveryMetric() {
        for (String metric : new String[] {"l2", "angular", "ip"}) {
            Dataset ds = synthetic(metric);
            int k = 15;
            GroundTruth gt = GroundTruthBuilder.compute(ds, k, 2);
            assertEquals(ds.nq(), gt.nq());
            assertEquals(k, gt.k());
            for (int q = 0; q < ds.nq(); q++) {
                int[] want = NaiveKnn.ids(ds, q, k);
                int[] got = gt.row(q);
                for (int j = 0; j < k; j++) {
                    double dw = NaiveKnn.distance(ds, q, want[j]);
                    assertEquals(dw, NaiveKnn.distance(ds, q, got[j]), 1e-5 * Math.max(1, Math.abs(dw)),
                            metric + " query " + q + " rank " + j);
                    if (j > 0) {
                        assertTrue(gt.distance(q, j - 1) <= gt.distance(q, j), "nearest first");
                    }
                }
                double internal = NaiveKnn.distance(ds, q, got[0]);
                double reported = ds.metric() == Metric.L2 ? Math.sqrt(internal)
                        : ds.metric() == Metric.ANGULAR ? 1 + internal : internal;
                assertEquals(reported, gt.distance(q, 0), 1e-4, "reported units for " + metric);
            }
        }
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        Dataset ds = synthetic("l2");
        GroundTruth one = GroundTruthBuilder.compute(ds, 10, 1);
        GroundTruth three = GroundTruthBuilder.compute(ds, 10, 3);
        GroundTruth all = GroundTruthBuilder.compute(ds, 10, 0);
        assertArrayEquals(one.ids(), three.ids());
        assertArrayEquals(one.distances(), three.distances());
        assertArrayEquals(one.ids(), all.ids());
    }

    @Test
    void exactTiesGoToTheSmallerId() {
        // Base rows 1, 3 and 4 are identical, so they tie for every query.
        float[] base = {9, 9, 1, 1, 5, 5, 1, 1, 1, 1, 0, 3};
        Dataset ds = Dataset.of("ties", Metric.L2, new FloatMatrix(6, 2, base), new FloatMatrix(1, 2, new float[] {1, 1}));
        GroundTruth gt = GroundTruthBuilder.compute(ds, 4, 2);
        assertArrayEquals(new int[] {1, 3, 4, 5}, gt.row(0));
        assertArrayEquals(new float[] {0, 0, 0, (float) Math.sqrt(5)}, gt.distances());
    }

    @Test
    void progressIsMonotoneAndEndsAtNq() {
        Dataset ds = synthetic("l2");
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        GroundTruthBuilder.compute(ds, 5, 2, seen::add);
        assertTrue(seen.size() >= (ds.nq() + GroundTruthBuilder.QUERY_BLOCK - 1) / GroundTruthBuilder.QUERY_BLOCK);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), seen.toString());
        }
        assertEquals(ds.nq(), seen.get(seen.size() - 1));
    }

    @Test
    void kMustFitTheBase() {
        Dataset ds = synthetic("l2");
        assertDataError(() -> GroundTruthBuilder.compute(ds, 1501, 1), "ground-truth k=1501 outside 1..1500");
        assertDataError(() -> GroundTruthBuilder.compute(ds, 0, 1), "k=0");
    }

    @Test
    void groundTruthAccessors() {
        Dataset ds = synthetic("l2");
        GroundTruth gt = GroundTruthBuilder.compute(ds, 10, 2);
        assertEquals(gt.distance(3, 9), gt.kthDistance(3, 10));
        assertEquals(gt.distance(3, 0), gt.kthDistance(3, 1));
        assertEquals(gt.id(5, 2), gt.row(5)[2]);
        GroundTruth first = gt.firstQueries(4);
        assertEquals(4, first.nq());
        assertArrayEquals(gt.row(3), first.row(3));
        GroundTruth p = gt.prefix(3);
        assertEquals(3, p.k());
        assertArrayEquals(java.util.Arrays.copyOf(gt.row(7), 3), p.row(7));
        assertEquals(gt.distance(7, 2), p.kthDistance(7, 3));
        assertThrows(IllegalArgumentException.class, () -> gt.kthDistance(0, 11));
        assertThrows(IllegalArgumentException.class, () -> gt.prefix(11));
        assertThrows(IndexOutOfBoundsException.class, () -> gt.id(ds.nq(), 0));
        // A subset's ground truth equals the corresponding rows of the full one.
        GroundTruth sub = GroundTruthBuilder.compute(ds.withQueryRange(10, 20), 10, 1);
        for (int q = 0; q < 10; q++) {
            assertArrayEquals(gt.row(10 + q), sub.row(q));
        }
    }

    @Test
    void sharedBigann10kMatchesProvidedGroundTruth() {
        checkShared("bigann10k");
    }

    @Test
    void sharedGlove25MatchesProvidedGroundTruth() {
        checkShared("glove25-twitter-12k");
    }

    /**
     * Computed ids must equal the provided ones except where two neighbours are at the same
     * distance (the provided file may order exact or float-rounding ties differently); so each
     * rank's distance must agree and nearly all ids must match.
     */
    private static void checkShared(String name) {
        Path shared = TestFiles.sharedDatasets();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve(name)), "shared datasets absent");
        Dataset ds = Datasets.resolve(name, shared);
        GroundTruth provided = ds.providedGroundTruth().orElseThrow();
        int k = provided.k();
        GroundTruth gt = GroundTruthBuilder.compute(ds, k, 2);
        long same = 0;
        for (int q = 0; q < ds.nq(); q++) {
            for (int j = 0; j < k; j++) {
                if (gt.id(q, j) == provided.id(q, j)) {
                    same++;
                }
                float want = provided.distance(q, j);
                assertEquals(want, gt.distance(q, j), 1e-4f * Math.max(1e-3f, Math.abs(want)) + 1e-6f,
                        name + " query " + q + " rank " + j);
            }
        }
        double match = same / (double) (ds.nq() * k);
        assertTrue(match >= 0.999, name + " id match " + match);
    }
}
