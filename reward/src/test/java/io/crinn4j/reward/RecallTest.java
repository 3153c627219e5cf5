package io.crinn4j.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecallTest {
    private static final double EPS = 1e-12;

    /** True distances from a table: dist[query][id]; fails loudly if asked about a missing id. */
    private static TrueDistance table(double[][] dist) {
        return (q, id) -> {
            if (id < 0) {
                throw new AssertionError("missing id passed to TrueDistance");
            }
            return dist[q][id];
        };
    }

    @Test
    void countsHitsPerQueryAndMean() {
        // q0: gt [1, 2, 3] -> threshold 3 + 0.001 = 3.001; returned true distances 1.0, 2.0, 3.5 -> 2 hits -> 2/3
        // q1: gt [0.5, 1, 4] -> threshold 4.001; returned 0.5, 1.0, 4.0 -> 3 hits -> 3/3
        // mean = (2 + 3) / (2 * 3) = 5/6
        int[] results = {0, 1, 2, 0, 1, 2};
        float[] gt = {1f, 2f, 3f, 0.5f, 1f, 4f};
        double[][] dist = {{1.0, 2.0, 3.5}, {0.5, 1.0, 4.0}};
        RecallResult r = Recall.of(results, 3, 2, gt, 3, table(dist));
        assertArrayEquals(new double[] {2.0 / 3, 1.0}, r.perQuery(), EPS);
        assertEquals(5.0 / 6, r.mean(), EPS);
        assertEquals(5, r.totalHits());
        assertEquals(2, r.queryCount());
        assertEquals(3, r.k());
    }

    @Test
    void idTiedWithKthNeighbourIsAHitEvenIfNotInGroundTruthIds() {
        // gt distances [1, 2, 2]; k = 2 -> threshold = gt[1] + 0.001 = 2.001.
        // id 9 is some other vector at distance exactly 2.0 (tied with the 2nd neighbour) -> hit; 2/2 = 1.0
        float[] gt = {1f, 2f, 2f};
        double[][] tied = {new double[10]};
        tied[0][7] = 1.0;
        tied[0][9] = 2.0;
        assertEquals(1.0, Recall.of(new int[] {7, 9}, 2, 1, gt, 3, table(tied)).mean(), 0.0);
        // same id at 2.5 > 2.001 -> miss; 1/2 = 0.5
        tied[0][9] = 2.5;
        assertEquals(0.5, Recall.of(new int[] {7, 9}, 2, 1, gt, 3, table(tied)).mean(), 0.0);
    }

    @Test
    void epsilonWidensTheThreshold() {
        // gt k-th (k = 2) = 2.0; default threshold 2.001: 2.0009 hit, 2.0011 miss -> 1/2
        float[] gt = {1f, 2f};
        double[][] d = {{2.0009, 2.0011}};
        assertEquals(0.5, Recall.of(new int[] {0, 1}, 2, 1, gt, 2, table(d)).mean(), 0.0);
        // epsilon 0: threshold 2.0 -> both miss -> 0/2
        assertEquals(0.0, Recall.of(new int[] {0, 1}, 2, 1, gt, 2, table(d), 0.0).mean(), 0.0);
        // epsilon 0.01: threshold 2.01 -> both hit -> 2/2
        assertEquals(1.0, Recall.of(new int[] {0, 1}, 2, 1, gt, 2, table(d), 0.01).mean(), 0.0);
        // epsilon 0 still counts an exact tie: 2.0 <= 2.0 -> 1/2
        double[][] exact = {{2.0, 2.5}};
        assertEquals(0.5, Recall.of(new int[] {0, 1}, 2, 1, gt, 2, table(exact), 0.0).mean(), 0.0);
    }

    @Test
    void thresholdUsesKthGroundTruthNotLastStored() {
        // gtK = 4, k = 2: threshold = gt[1] + 0.001 = 2.001, not gt[3] + 0.001 = 4.001.
        // returned distances 1.0 (hit), 3.0 (miss) -> 1/2
        float[] gt = {1f, 2f, 3f, 4f};
        double[][] d = {{1.0, 3.0}};
        assertEquals(0.5, Recall.of(new int[] {0, 1}, 2, 1, gt, 4, table(d)).mean(), 0.0);
    }

    @Test
    void missingIdsAreMissesAndNeverLookedUp() {
        // k = 4: [-1, 0, -1, 1], ids 0 and 1 at distances 1.0 and 2.0 <= 4.001 -> 2 hits / 4 = 0.5
        float[] gt = {1f, 2f, 3f, 4f};
        double[][] d = {{1.0, 2.0}};
        assertEquals(0.5, Recall.of(new int[] {-1, 0, -1, 1}, 4, 1, gt, 4, table(d)).mean(), 0.0);
        // all missing -> 0
        assertEquals(0.0, Recall.of(new int[] {-1, -1, -1, -1}, 4, 1, gt, 4, table(d)).mean(), 0.0);
    }

    @Test
    void duplicatesAreCountedTwiceSoCallersMustRejectThem() {
        // id 5 returned twice at distance 1.0 <= 2.001 -> 2 hits / 2 = 1.0, although only one true neighbour found
        float[] gt = {1f, 2f};
        double[][] d = {new double[6]};
        d[0][5] = 1.0;
        assertEquals(1.0, Recall.of(new int[] {5, 5}, 2, 1, gt, 2, table(d)).mean(), 0.0);
        assertEquals(0, Recall.firstQueryWithDuplicate(new int[] {5, 5}, 2, 1));
    }

    @Test
    void firstQueryWithDuplicate() {
        // q0 {1,2,3} clean, q1 {4,-1,-1} repeated missing is fine, q2 {7,8,7} duplicate
        int[] results = {1, 2, 3, 4, -1, -1, 7, 8, 7};
        assertEquals(2, Recall.firstQueryWithDuplicate(results, 3, 3));
        assertEquals(-1, Recall.firstQueryWithDuplicate(new int[] {1, 2, 3, 4, -1, -1}, 3, 2));
        // the same id in different queries is not a duplicate
        assertEquals(-1, Recall.firstQueryWithDuplicate(new int[] {1, 2, 1, 2}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Recall.firstQueryWithDuplicate(new int[] {1, 2, 3}, 2, 2));
    }

    @Test
    void meanIsExactRatioOfIntegerHits() {
        // 3 queries, k = 10, 7 hits each -> 21/30 = 0.7 exactly; summing per-query 0.7s gives 0.6999999999999998
        int nq = 3;
        int k = 10;
        int[] results = new int[nq * k];
        float[] gt = new float[nq * k];
        for (int i = 0; i < results.length; i++) {
            results[i] = i % k;
            gt[i] = 1f;
        }
        TrueDistance d = (q, id) -> id < 7 ? 1.0 : 5.0; // ids 0..6 within 1.001, 7..9 not
        RecallResult r = Recall.of(results, k, nq, gt, k, d);
        assertEquals(0.7, r.mean(), 0.0);
        assertEquals(21, r.totalHits());
    }

    @Test
    void precomputedDistancesMatchFunction() {
        // q0 gt k-th (k = 2) = 2 -> 2.001: 1.5 hit, 2.5 miss -> 0.5; q1 gt k-th = 1 -> 1.001: missing, 0.5 hit -> 0.5
        int[] results = {3, 4, -1, 2};
        float[] resultDist = {1.5f, 2.5f, Float.NaN /* ignored: missing */, 0.5f};
        float[] gt = {1f, 2f, 0.5f, 1f};
        RecallResult pre = Recall.ofDistances(results, resultDist, 2, 2, gt, 2);
        assertArrayEquals(new double[] {0.5, 0.5}, pre.perQuery(), 0.0);
        double[][] d = {{0, 0, 0, 1.5, 2.5}, {0, 0, 0.5}};
        assertArrayEquals(pre.perQuery(), Recall.of(results, 2, 2, gt, 2, table(d)).perQuery(), 0.0);
    }

    @Test
    void perQueryIsADefensiveCopy() {
        RecallResult r = Recall.ofDistances(new int[] {0}, new float[] {1f}, 1, 1, new float[] {1f}, 1);
        r.perQuery()[0] = 0.25;
        assertEquals(1.0, r.recall(0), 0.0);
    }

    @Test
    void validatesArguments() {
        float[] gt = {1f, 2f};
        TrueDistance d = (q, id) -> 1.0;
        assertMessage("k must be >= 1", () -> Recall.of(new int[0], 0, 1, gt, 2, d));
        assertMessage("nq must be >= 1", () -> Recall.of(new int[0], 1, 0, new float[0], 2, d));
        assertMessage("k (3) must be <= gtK (2)", () -> Recall.of(new int[3], 3, 1, gt, 2, d));
        assertMessage("results.length (3) must equal nq * k", () -> Recall.of(new int[3], 2, 1, gt, 2, d));
        assertMessage("gtDistances.length (2) must equal nq * gtK", () -> Recall.of(new int[4], 2, 2, gt, 2, d));
        assertMessage("ids must be >= 0, or -1", () -> Recall.of(new int[] {0, -2}, 2, 1, gt, 2, d));
        assertMessage("epsilon", () -> Recall.of(new int[] {0, 1}, 2, 1, gt, 2, d, -1e-3));
        assertMessage("epsilon", () -> Recall.of(new int[] {0, 1}, 2, 1, gt, 2, d, Double.NaN));
        assertMessage("epsilon", () -> Recall.of(new int[] {0, 1}, 2, 1, gt, 2, d, Double.POSITIVE_INFINITY));
        assertMessage("is NaN", () -> Recall.of(new int[] {0, 1}, 2, 1, gt, 2, (q, id) -> Double.NaN));
        assertMessage("not finite", () -> Recall.of(new int[] {0, 1}, 2, 1, new float[] {1f, Float.NaN}, 2, d));
        assertMessage("resultDistances.length (1) must equal results.length (2)",
                () -> Recall.ofDistances(new int[] {0, 1}, new float[1], 2, 1, gt, 2));
        assertThrows(NullPointerException.class, () -> Recall.of(new int[] {0, 1}, 2, 1, gt, 2, null));
        assertThrows(NullPointerException.class, () -> Recall.of(null, 2, 1, gt, 2, d));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
