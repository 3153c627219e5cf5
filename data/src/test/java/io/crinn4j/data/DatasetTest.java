package io.crinn4j.data;

import io.crinn4j.contract.Metric;
import org.junit.jupiter.api.Test;

import static io.crinn4j.data.TestFiles.assertDataError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    private static FloatMatrix m(int rows, int dim, float... v) {
        return new FloatMatrix(rows, dim, v);
    }

    private static Dataset small() {
        return Dataset.of("small", Metric.L2, m(3, 2, 0, 0, 1, 0, 0, 2), m(3, 2, 1, 1, 2, 2, 3, 3));
    }

    @Test
    void holdsShapeAndArrays() {
        Dataset ds = small();
        assertEquals(3, ds.n());
        assertEquals(2, ds.d());
        assertEquals(3, ds.nq());
        assertEquals(4, ds.baseOffset(2));
        assertEquals(2, ds.queryOffset(1));
        assertEquals(4L * 12, ds.sizeBytes());
        assertTrue(ds.toString().contains("n=3, d=2, nq=3"));
    }

    @Test
    void queryRowsAreCopiesOfEachQuery() {
        Dataset ds = small();
        float[][] rows = ds.queryRows();
        assertEquals(3, rows.length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2, 2}, rows[1]);
        rows[1][0] = 9;
        assertEquals(2f, ds.queries()[ds.queryOffset(1)], "a copy: the dataset's queries are unchanged");
    }

    @Test
    void dimensionMismatchNamesBothDimensions() {
        assertDataError(() -> Dataset.of("mix", Metric.L2, m(1, 3, 1, 2, 3), m(1, 2, 1, 2)),
                "mix: base dimension 3 differs from query dimension 2");
    }

    @Test
    void emptySetsAreRejected() {
        assertDataError(() -> Dataset.of("e", Metric.L2, new FloatMatrix(0, 2, new float[0]), m(1, 2, 1, 2)),
                "e: base set is empty");
        assertDataError(() -> Dataset.of("e", Metric.L2, m(1, 2, 1, 2), new FloatMatrix(0, 2, new float[0])),
                "e: query set is empty");
    }

    @Test
    void nonFiniteValuesAreRejected() {
        assertDataError(() -> Dataset.of("nan", Metric.L2, m(2, 2, 1, 2, 3, Float.NaN), m(1, 2, 1, 2)),
                "nan: base row 1 component 1 is NaN");
        assertDataError(() -> Dataset.of("inf", Metric.L2, m(1, 2, 1, 2), m(1, 2, Float.POSITIVE_INFINITY, 2)),
                "inf: query row 0 component 0 is +Infinity");
    }

    @Test
    void angularDataAreNormalizedAndZeroVectorsRejected() {
        Dataset ds = Dataset.of("ang", Metric.ANGULAR, m(2, 2, 3, 4, 0, -7), m(1, 2, 10, 0));
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, -1}, ds.base(), 1e-7f);
        assertArrayEquals(new float[] {1, 0}, ds.queries());
        assertDataError(() -> Dataset.of("z", Metric.ANGULAR, m(2, 2, 1, 1, 0, 0), m(1, 2, 1, 0)),
                "z: base row 1 is a zero vector");
        // Inner product keeps raw magnitudes.
        Dataset ip = Dataset.of("ip", Metric.INNER_PRODUCT, m(1, 2, 3, 4), m(1, 2, 0, 0));
        assertArrayEquals(new float[] {3, 4}, ip.base());
    }

    @Test
    void contentHashIsStableAndSensitive() {
        String h = small().contentHash();
        assertEquals(64, h.length());
        assertTrue(h.matches("[0-9a-f]{64}"));
        assertEquals(h, small().contentHash());
        assertSame(small().contentHash().intern(), h.intern());
        // The name is not part of the content...
        assertEquals(h, Dataset.of("other", Metric.L2, m(3, 2, 0, 0, 1, 0, 0, 2), m(3, 2, 1, 1, 2, 2, 3, 3)).contentHash());
        // ...but every value, the metric and the base/query split are.
        assertNotEquals(h, Dataset.of("small", Metric.L2, m(3, 2, 0, 0, 1, 0, 0, 2.0001f),
                m(3, 2, 1, 1, 2, 2, 3, 3)).contentHash());
        assertNotEquals(h, Dataset.of("small", Metric.INNER_PRODUCT, m(3, 2, 0, 0, 1, 0, 0, 2),
                m(3, 2, 1, 1, 2, 2, 3, 3)).contentHash());
        assertNotEquals(h, Dataset.of("small", Metric.L2, m(4, 2, 0, 0, 1, 0, 0, 2, 1, 1),
                m(2, 2, 2, 2, 3, 3)).contentHash());
        assertNotEquals(h, small().firstQueries(2).contentHash());
    }

    @Test
    void queryRangesShareTheBaseAndSliceGroundTruth() {
        Dataset ds = small().withProvidedGroundTruth(new IntMatrix(3, 2, new int[] {0, 1, 1, 2, 2, 0}),
                new float[] {1, 2, 3, 4, 5, 6});
        Dataset sub = ds.withQueryRange(1, 3);
        assertSame(ds.base(), sub.base());
        assertEquals(2, sub.nq());
        assertArrayEquals(new float[] {2, 2, 3, 3}, sub.queries());
        assertArrayEquals(new int[] {1, 2, 2, 0}, sub.providedIds());
        assertArrayEquals(new float[] {3, 4, 5, 6}, sub.providedDistances());
        assertEquals(2, sub.providedK());
        Dataset first = ds.firstQueries(1);
        assertEquals(1, first.nq());
        assertArrayEquals(new int[] {0, 1}, first.providedIds());
        assertSame(ds, ds.firstQueries(99));
        assertThrows(IllegalArgumentException.class, () -> ds.withQueryRange(2, 2));
        assertThrows(IllegalArgumentException.class, () -> ds.withQueryRange(0, 4));
    }

    @Test
    void providedGroundTruthIsValidated() {
        assertDataError(() -> small().withProvidedGroundTruth(new IntMatrix(2, 1, new int[] {0, 1}), null),
                "small: ground truth has 2 rows but there are 3 queries");
        assertDataError(() -> small().withProvidedGroundTruth(new IntMatrix(3, 1, new int[] {0, 3, 1}), null),
                "small: ground truth row 1 holds id 3, outside the base range 0..2");
    }

    @Test
    void providedGroundTruthWithoutDistancesGetsComputedOnes() {
        Dataset ds = small().withProvidedGroundTruth(new IntMatrix(3, 1, new int[] {1, 2, 2}), null);
        GroundTruth gt = ds.providedGroundTruth().orElseThrow();
        assertEquals(1f, gt.distance(0, 0), 1e-6f); // (1,1)-(1,0)
        assertEquals((float) Math.sqrt(4), gt.distance(1, 0), 1e-6f); // (2,2)-(0,2)
        assertEquals((float) Math.sqrt(10), gt.distance(2, 0), 1e-6f); // (3,3)-(0,2)
    }
}
