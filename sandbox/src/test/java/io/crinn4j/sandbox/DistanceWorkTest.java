package io.crinn4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.RecallBand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistanceWorkTest {

    /** An OK evaluation whose sweep has the given (recall, distances per query) points; QPS is irrelevant here. */
    private static Evaluation sweep(double[][] recallAndDistances) {
        List<Evaluation.Point> pts = new ArrayList<>();
        int ef = 10;
        for (double[] p : recallAndDistances) {
            pts.add(new Evaluation.Point(ef, p[0], 1000, new double[] {1000}, 1, p[1], 1, 2, p[1]));
            ef += 10;
        }
        return new Evaluation("x", ModuleKind.SEARCH, "h", Status.OK, null, null, null, null, null, null, null, null,
                pts, null, null, null, 0, false, null, false, null);
    }

    @Test
    void halfTheDistancesAtTheSameRecallIsTwiceTheArea() {
        Evaluation seed = sweep(new double[][] {{0.80, 200}, {0.90, 300}, {0.97, 400}});
        Evaluation lean = sweep(new double[][] {{0.80, 100}, {0.90, 150}, {0.97, 200}});
        assertEquals(2.0, DistanceWork.ratio(lean, seed, RecallBand.DEFAULT), 1e-9);
        assertEquals(1.0, DistanceWork.ratio(seed, seed, RecallBand.DEFAULT), 1e-12);
    }

    @Test
    void fewerDistancesBoughtWithRecallIsNoGain() {
        // Each ef computes 10% fewer distances but reaches less recall: at equal recall it does more work.
        Evaluation seed = sweep(new double[][] {{0.80, 200}, {0.90, 300}, {0.97, 400}});
        Evaluation sparse = sweep(new double[][] {{0.70, 180}, {0.84, 270}, {0.93, 360}, {0.96, 480}});
        double r = DistanceWork.ratio(sparse, seed, RecallBand.DEFAULT);
        assertTrue(r < 1, "ratio " + r);
    }

    @Test
    void noDistanceCountsNoRatio() {
        Evaluation seed = sweep(new double[][] {{0.80, 200}, {0.97, 400}});
        Evaluation uncounted = sweep(new double[][] {{0.80, 0}, {0.97, 400}});
        assertNull(DistanceWork.ratio(uncounted, seed, RecallBand.DEFAULT));
        assertNull(DistanceWork.ratio(seed, sweep(new double[][] {}), RecallBand.DEFAULT));
    }
}
