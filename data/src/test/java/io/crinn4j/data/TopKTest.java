package io.crinn4j.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TopKTest {

    @Test
    void keepsTheSmallestPairsInOrderWithTiesBySmallerId() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(300);
            int k = 1 + r.nextInt(40);
            float[] d = new float[n];
            for (int i = 0; i < n; i++) {
                d[i] = r.nextInt(20); // many ties
            }
            TopK top = new TopK(k);
            // Offer in a shuffled order so tie-breaking cannot rely on arrival order.
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int i : order) {
                top.offer(d[i], i);
            }
            int m = Math.min(k, n);
            assertEquals(m, top.size());
            int[] ids = new int[m];
            float[] ds = new float[m];
            top.drainSorted(ids, ds, 0);
            assertEquals(0, top.size());

            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = ((long) d[i] << 32) | i;
            }
            Arrays.sort(keys);
            int[] want = new int[m];
            for (int j = 0; j < m; j++) {
                want[j] = (int) keys[j];
                assertEquals(d[want[j]], ds[j]);
            }
            assertArrayEquals(want, ids, "trial " + trial);
        }
    }

    @Test
    void isReusableAfterClear() {
        TopK top = new TopK(2);
        top.offer(5, 1);
        top.offer(1, 2);
        top.offer(3, 3);
        top.clear();
        top.offer(9, 4);
        int[] ids = new int[1];
        float[] ds = new float[1];
        top.drainSorted(ids, ds, 0);
        assertArrayEquals(new int[] {4}, ids);
    }
}
