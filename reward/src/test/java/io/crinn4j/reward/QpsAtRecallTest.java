package io.crinn4j.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QpsAtRecallTest {
    private static final double TOL = 1e-9;
    private final Curve example = AucTest.workedExample(); // (0.80,1000) (0.90,800) (0.97,500)

    @Test
    void interpolatesBetweenFrontierPoints() {
        // 0.85: 1000 + (0.05/0.10)(800 - 1000) = 900
        assertEquals(900.0, example.qpsAtRecall(0.85).getAsDouble(), TOL);
        // 0.95: 800 + (0.05/0.07)(500 - 800) = 585.714285...
        assertEquals(585.714285714286, example.qpsAtRecall(0.95).getAsDouble(), 1e-9);
    }

    @Test
    void returnsThePointItselfAtAFrontierRecall() {
        assertEquals(800.0, example.qpsAtRecall(0.90).getAsDouble(), 0.0);
        assertEquals(500.0, example.qpsAtRecall(0.97).getAsDouble(), 0.0);
        assertEquals(1000.0, example.qpsAtRecall(0.80).getAsDouble(), 0.0);
    }

    @Test
    void belowTheLowestRecallIsConstant() {
        // any target below 0.80 is met by the (0.80, 1000) point
        assertEquals(1000.0, example.qpsAtRecall(0.5).getAsDouble(), 0.0);
        assertEquals(1000.0, example.qpsAtRecall(0.0).getAsDouble(), 0.0);
    }

    @Test
    void aboveTheHighestRecallIsEmpty() {
        assertFalse(example.qpsAtRecall(0.99).isPresent());
        assertFalse(example.qpsAtRecall(0.9700001).isPresent());
        assertFalse(Curve.empty().qpsAtRecall(0.5).isPresent());
    }

    @Test
    void ignoresDominatedPoints() {
        // (0.95, 100) is dominated by (0.97, 500); the answer at 0.95 is still the interpolated 585.714...
        Curve c = Curve.of(new CurvePoint(10, 0.80, 1000), new CurvePoint(20, 0.90, 800),
                new CurvePoint(30, 0.95, 100), new CurvePoint(40, 0.97, 500));
        assertEquals(585.714285714286, c.qpsAtRecall(0.95).getAsDouble(), 1e-9);
    }

    @Test
    void rejectsRecallOutsideUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> example.qpsAtRecall(1.5));
        assertThrows(IllegalArgumentException.class, () -> example.qpsAtRecall(-0.1));
        assertThrows(IllegalArgumentException.class, () -> example.qpsAtRecall(Double.NaN));
    }
}
