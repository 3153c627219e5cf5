package io.crinn4j.contract.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The profiling worker's distinct-row count: what a query's search read, told apart from how often
 * it read it. The kernels are exercised directly (this JVM was not started with
 * {@code crinn.kernels.count=distinct}, so {@link Kernels#get()} is not them).
 */
class DistinctRowKernelsTest {
    private static final int D = 16;
    private final DistinctRowKernels k = DistinctRowKernels.INSTANCE;
    private final SplittableRandom r = new SplittableRandom(7);
    private final float[] query = floats(D);
    private final float[] base = floats(100 * D);
    private final byte[] codes = bytes(100 * D);

    @AfterEach
    void stop() {
        DistinctRowKernels.stop();
    }

    @Test
    void aRowScoredTwiceIsOneVectorAndTheDistancesAreTheInnerKernels() {
        DistinctRowKernels.start();
        float first = k.squaredL2(query, 0, base, 5 * D, D);
        assertEquals(Kernels.scalar().squaredL2(query, 0, base, 5 * D, D), first, 1e-3f * Math.max(1, first));
        k.squaredL2(query, 0, base, 5 * D, D);
        k.dot(base, 5 * D, query, 0, D); // the query may come first: the row is the operand in the longer array
        k.squaredL2(query, 0, base, 6 * D, D);
        assertEquals(2, DistinctRowKernels.stop());
    }

    @Test
    void aBatchPaddedWithARepeatedRowCountsItsDistinctRows() {
        DistinctRowKernels.start();
        float[] out = new float[4];
        k.dotBytes4(query, codes, 0, D, 2 * D, 2 * D, D, out);
        assertEquals(Kernels.scalar().dotBytes(query, 0, codes, 2 * D, D), out[3], 1e-3f * Math.max(1, Math.abs(out[3])));
        k.dotBytes(query, 0, codes, D, D);
        k.dotBytes(query, 0, codes, 3 * D, D);
        assertEquals(4, DistinctRowKernels.stop());
    }

    @Test
    void theSameOffsetInAnotherArrayIsAnotherVector() {
        DistinctRowKernels.start();
        k.dotBytes(query, 0, codes, 4 * D, D); // the search's code of node 4
        k.squaredL2(query, 0, base, 4 * D, D); // the refinement's exact vector of node 4
        k.dotBytes(query, 0, codes.clone(), 4 * D, D); // a module's own copy of the codes
        assertEquals(3, DistinctRowKernels.stop());
    }

    @Test
    void nothingIsRecordedOutsideStartAndStopAndEachStartBeginsAfresh() {
        k.dotBytes(query, 0, codes, 0, D);
        DistinctRowKernels.start();
        k.dotBytes(query, 0, codes, D, D);
        assertEquals(1, DistinctRowKernels.stop());
        k.dotBytes(query, 0, codes, 2 * D, D);
        DistinctRowKernels.start();
        assertEquals(0, DistinctRowKernels.stop());
    }

    @Test
    void thousandsOfRowsInOneQueryAreAllCounted() {
        float[] big = floats(20_000 * 4);
        DistinctRowKernels.start();
        for (int rep = 0; rep < 2; rep++) {
            for (int i = 0; i < 20_000; i++) {
                k.squaredL2(query, 0, big, i * 4, 4);
            }
        }
        assertEquals(20_000, DistinctRowKernels.stop());
    }

    @Test
    void rowSetGrowsAndClears() {
        RowSet s = new RowSet();
        Object a = new int[0];
        Object b = new int[0];
        for (int i = 0; i < 5000; i++) {
            assertTrue(s.add(a, i * 128));
        }
        assertFalse(s.add(a, 0));
        assertTrue(s.add(b, 0));
        assertEquals(5001, s.size());
        s.clear();
        assertEquals(0, s.size());
        assertTrue(s.add(a, 0));
    }

    @Test
    void aJvmNotStartedForItRefusesToCountDistinctRows() {
        assertFalse(Kernels.countsDistinctRows());
        assertThrows(IllegalStateException.class, Kernels::startDistinctRows);
        assertThrows(IllegalStateException.class, Kernels::stopDistinctRows);
    }

    private float[] floats(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextGaussian();
        }
        return f;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
