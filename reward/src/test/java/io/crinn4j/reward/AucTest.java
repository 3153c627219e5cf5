package io.crinn4j.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AucTest {
    private static final double TOL = 1e-9;

    /** The worked example of docs/reward.md. */
    static Curve workedExample() {
        return Curve.of(
                new CurvePoint(10, 0.80, 1000),
                new CurvePoint(20, 0.90, 800),
                new CurvePoint(40, 0.97, 500));
    }

    @Test
    void workedExample_interpolatesAtBothBandEdges() {
        // at 0.85: 1000 + (0.05/0.10)(800 - 1000) = 900; trapezoid 0.85->0.90 = 0.05 * (900 + 800)/2 = 42.5
        // at 0.95: 800 - (0.05/0.07) * 300 = 585.714285...; trapezoid 0.90->0.95 = 0.05 * (800 + 585.714285)/2 = 34.642857...
        // total 77.142857...; normalised 77.142857 / 0.10 = 771.42857...
        Auc auc = Auc.of(workedExample());
        double at095 = 800 - (0.05 / 0.07) * 300;
        assertEquals(42.5 + 0.05 * (800 + at095) / 2, auc.area(), TOL);
        assertEquals(77.142857142857, auc.area(), 1e-9);
        assertEquals(771.42857142857, auc.normalized(), 1e-8);
        assertTrue(auc.covered());
        assertEquals(RecallBand.DEFAULT, auc.band());
    }

    @Test
    void dominatedPointsDoNotChangeTheArea() {
        // (0.88, 700) lies below the 0.80-0.90 segment (which is 840 at 0.88) and (0.97, 450) below (0.97, 500):
        // both dominated, so the area stays 77.142857...
        Curve noisy = Curve.of(
                new CurvePoint(10, 0.80, 1000), new CurvePoint(15, 0.88, 700), new CurvePoint(20, 0.90, 800),
                new CurvePoint(40, 0.97, 500), new CurvePoint(41, 0.97, 450));
        assertEquals(77.142857142857, Auc.of(noisy).area(), 1e-9);
    }

    @Test
    void severalFrontierPointsInsideTheBand() {
        // (0.86,950) (0.88,900) (0.92,700) (0.96,400):
        // 0.85->0.86 constant 950: 0.01 * 950 = 9.5
        // 0.86->0.88: 0.02 * (950 + 900)/2 = 18.5
        // 0.88->0.92: 0.04 * (900 + 700)/2 = 32
        // at 0.95: 700 + (0.03/0.04)(400 - 700) = 475; 0.92->0.95: 0.03 * (700 + 475)/2 = 17.625
        // total 77.625
        Curve c = Curve.of(new CurvePoint(1, 0.86, 950), new CurvePoint(2, 0.88, 900),
                new CurvePoint(3, 0.92, 700), new CurvePoint(4, 0.96, 400));
        Auc auc = Auc.of(c);
        assertEquals(77.625, auc.area(), TOL);
        assertTrue(auc.covered());
    }

    @Test
    void emptyCurveScoresZero() {
        Auc auc = Auc.of(Curve.empty());
        assertEquals(0.0, auc.area(), 0.0);
        assertEquals(0.0, auc.normalized(), 0.0);
        assertFalse(auc.covered());
    }

    @Test
    void curveThatNeverReachesLoScoresZero() {
        // max recall 0.84 < 0.85 -> nothing integrated
        Curve c = Curve.of(new CurvePoint(1, 0.80, 1000), new CurvePoint(2, 0.84, 900));
        assertEquals(0.0, Auc.of(c).area(), 0.0);
        assertFalse(Auc.of(c).covered());
    }

    @Test
    void curveEndingExactlyAtLoScoresZero() {
        // integration interval [0.85, min(0.95, 0.85)] has zero width
        assertEquals(0.0, Auc.of(Curve.of(new CurvePoint(1, 0.85, 900))).area(), 0.0);
    }

    @Test
    void curveThatNeverReachesHiGetsPartialArea() {
        // (0.80,1000) (0.90,800): at 0.85 -> 900; 0.85->0.90: 0.05 * (900 + 800)/2 = 42.5; nothing above 0.90
        // normalised 42.5 / 0.10 = 425 (the unreached half of the band counts as 0 QPS)
        Auc auc = Auc.of(Curve.of(new CurvePoint(1, 0.80, 1000), new CurvePoint(2, 0.90, 800)));
        assertEquals(42.5, auc.area(), TOL);
        assertEquals(425.0, auc.normalized(), 1e-8);
        assertFalse(auc.covered());
    }

    @Test
    void partialAreaEndsAtMaxRecallInsideTheBand() {
        // (0.80,1000) (0.90,800) (0.93,700): 42.5 + 0.03 * (800 + 700)/2 = 42.5 + 22.5 = 65
        Auc auc = Auc.of(Curve.of(new CurvePoint(1, 0.80, 1000), new CurvePoint(2, 0.90, 800),
                new CurvePoint(3, 0.93, 700)));
        assertEquals(65.0, auc.area(), TOL);
        assertFalse(auc.covered());
    }

    @Test
    void curveStartingAboveLoExtendsConstantToTheLeft() {
        // (0.90,1000) (1.00,500): 0.85->0.90 at constant 1000: 0.05 * 1000 = 50
        // at 0.95: 1000 + 0.5 * (500 - 1000) = 750; 0.90->0.95: 0.05 * (1000 + 750)/2 = 43.75; total 93.75
        Auc auc = Auc.of(Curve.of(new CurvePoint(1, 0.90, 1000), new CurvePoint(2, 1.00, 500)));
        assertEquals(93.75, auc.area(), TOL);
        assertTrue(auc.covered());
    }

    @Test
    void singlePointIsARectangleFromLoToMinOfHiAndItsRecall() {
        // (0.90, 1000): 1000 * (0.90 - 0.85) = 50, not covered
        Auc inside = Auc.of(Curve.of(new CurvePoint(1, 0.90, 1000)));
        assertEquals(50.0, inside.area(), TOL);
        assertFalse(inside.covered());
        // (0.97, 500): 500 * (0.95 - 0.85) = 50, covered
        Auc above = Auc.of(Curve.of(new CurvePoint(1, 0.97, 500)));
        assertEquals(50.0, above.area(), TOL);
        assertTrue(above.covered());
        // (0.95, 600): exactly at hi -> 600 * 0.10 = 60, covered
        Auc atHi = Auc.of(Curve.of(new CurvePoint(1, 0.95, 600)));
        assertEquals(60.0, atHi.area(), TOL);
        assertTrue(atHi.covered());
        // (0.80, 1000): below lo -> 0
        assertEquals(0.0, Auc.of(Curve.of(new CurvePoint(1, 0.80, 1000))).area(), 0.0);
    }

    @Test
    void customBand() {
        // worked example over [0.5, 1.0]: at 0.5 constant 1000
        // 0.5->0.8: 0.3 * 1000 = 300; 0.8->0.9: 0.1 * (1000 + 800)/2 = 90; 0.9->0.97: 0.07 * (800 + 500)/2 = 45.5
        // ends at max recall 0.97 < 1.0: total 435.5, not covered; normalised 435.5 / 0.5 = 871
        Auc auc = Auc.of(workedExample(), new RecallBand(0.5, 1.0));
        assertEquals(435.5, auc.area(), TOL);
        assertEquals(871.0, auc.normalized(), 1e-8);
        assertFalse(auc.covered());
    }

    @Test
    void bandValidation() {
        assertEquals(0.85, RecallBand.DEFAULT.lo(), 0.0);
        assertEquals(0.95, RecallBand.DEFAULT.hi(), 0.0);
        assertEquals(0.10, RecallBand.DEFAULT.width(), 1e-15);
        new RecallBand(0, 1);
        assertThrows(IllegalArgumentException.class, () -> new RecallBand(0.9, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new RecallBand(0.95, 0.85));
        assertThrows(IllegalArgumentException.class, () -> new RecallBand(-0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new RecallBand(0.5, 1.1));
        assertThrows(IllegalArgumentException.class, () -> new RecallBand(Double.NaN, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new RecallBand(0.5, Double.NaN));
    }

    @Test
    void aucRecordRejectsInvalidArea() {
        assertThrows(IllegalArgumentException.class, () -> new Auc(RecallBand.DEFAULT, -1, false));
        assertThrows(IllegalArgumentException.class, () -> new Auc(RecallBand.DEFAULT, Double.NaN, false));
        assertThrows(NullPointerException.class, () -> new Auc(null, 1, false));
    }
}
