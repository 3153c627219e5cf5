package io.crinn4j.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CurveTest {

    @Test
    void curvePointRejectsOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> new CurvePoint(1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new CurvePoint(1, -0.01, 1));
        assertThrows(IllegalArgumentException.class, () -> new CurvePoint(1, 1.01, 1));
        assertThrows(IllegalArgumentException.class, () -> new CurvePoint(1, 0.5, -1));
        assertThrows(IllegalArgumentException.class, () -> new CurvePoint(1, 0.5, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new CurvePoint(1, 0.5, Double.POSITIVE_INFINITY));
        // boundaries are allowed
        new CurvePoint(1, 0, 0);
        new CurvePoint(1, 1, 0);
    }

    @Test
    void negativeZeroIsNormalised() {
        // record equals compares doubles with Double.compare, where -0.0 != 0.0
        assertEquals(new CurvePoint(1, 0.0, 0.0), new CurvePoint(1, -0.0, -0.0));
    }

    @Test
    void frontierDropsDominatedPointsAndSortsByRecall() {
        Curve c = Curve.of(
                new CurvePoint(40, 0.97, 500),
                new CurvePoint(30, 0.85, 700),   // dominated by (0.90, 800): lower recall and lower qps
                new CurvePoint(10, 0.80, 1000),
                new CurvePoint(50, 0.97, 400),   // dominated by (0.97, 500): equal recall, lower qps
                new CurvePoint(60, 0.70, 1000),  // dominated by (0.80, 1000): lower recall, equal qps
                new CurvePoint(20, 0.90, 800));
        assertEquals(List.of(
                new CurvePoint(10, 0.80, 1000),
                new CurvePoint(20, 0.90, 800),
                new CurvePoint(40, 0.97, 500)), c.paretoFrontier().points());
        assertEquals(6, c.points().size());
    }

    @Test
    void exactDuplicatesKeepSmallestParamWhateverTheOrder() {
        List<CurvePoint> pts = new ArrayList<>(List.of(
                new CurvePoint(7, 0.9, 800), new CurvePoint(3, 0.9, 800), new CurvePoint(5, 0.9, 800)));
        for (int i = 0; i < 3; i++) {
            Collections.rotate(pts, 1);
            assertEquals(List.of(new CurvePoint(3, 0.9, 800)), Curve.of(pts).paretoFrontier().points());
        }
    }

    @Test
    void frontierIsIndependentOfInputOrder() {
        List<CurvePoint> pts = randomPoints(new Random(42), 40);
        Frontier expected = Curve.of(pts).paretoFrontier();
        Random shuffler = new Random(7);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(pts, shuffler);
            assertEquals(expected, Curve.of(pts).paretoFrontier());
        }
    }

    @Test
    void frontierIsExactlyTheNonDominatedSet() {
        // Brute-force definition checked against the sweep, on random points with many ties
        // (recall and qps drawn from small grids so equal coordinates are common).
        Random rnd = new Random(123);
        for (int trial = 0; trial < 200; trial++) {
            List<CurvePoint> pts = randomPoints(rnd, 1 + rnd.nextInt(15));
            List<CurvePoint> frontier = Curve.of(pts).paretoFrontier().points();
            for (int i = 1; i < frontier.size(); i++) {
                assertTrue(frontier.get(i).recall() > frontier.get(i - 1).recall(), "recall strictly increasing");
                assertTrue(frontier.get(i).qps() < frontier.get(i - 1).qps(), "qps strictly decreasing");
            }
            for (CurvePoint p : pts) {
                boolean dominated = pts.stream().anyMatch(o -> dominates(o, p));
                boolean onFrontier = frontier.stream().anyMatch(f -> f.recall() == p.recall() && f.qps() == p.qps());
                assertEquals(!dominated, onFrontier, () -> p + " in " + pts);
            }
        }
    }

    @Test
    void emptyAndSinglePointCurves() {
        assertTrue(Curve.empty().paretoFrontier().isEmpty());
        assertTrue(Curve.of(List.of()).points().isEmpty());
        assertFalse(Curve.empty().paretoFrontier().maxRecall().isPresent());
        Curve one = Curve.of(new CurvePoint(16, 0.9, 1234));
        assertEquals(List.of(new CurvePoint(16, 0.9, 1234)), one.paretoFrontier().points());
        assertEquals(0.9, one.paretoFrontier().maxRecall().getAsDouble(), 0.0);
    }

    @Test
    void curveCopiesItsInputAndRejectsNulls() {
        List<CurvePoint> pts = new ArrayList<>(List.of(new CurvePoint(1, 0.9, 100)));
        Curve c = Curve.of(pts);
        pts.add(new CurvePoint(2, 0.95, 200));
        assertEquals(1, c.points().size());
        assertThrows(UnsupportedOperationException.class, () -> c.points().add(new CurvePoint(3, 0.5, 1)));
        assertThrows(NullPointerException.class, () -> Curve.of(new CurvePoint(1, 0.5, 1), null));
    }

    private static boolean dominates(CurvePoint a, CurvePoint b) {
        return a.recall() >= b.recall() && a.qps() >= b.qps() && (a.recall() > b.recall() || a.qps() > b.qps());
    }

    private static List<CurvePoint> randomPoints(Random rnd, int n) {
        List<CurvePoint> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pts.add(new CurvePoint(rnd.nextInt(5), rnd.nextInt(11) / 10.0, rnd.nextInt(6) * 100.0));
        }
        return pts;
    }
}
