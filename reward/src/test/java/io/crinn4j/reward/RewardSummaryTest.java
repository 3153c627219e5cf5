package io.crinn4j.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RewardSummaryTest {

    @Test
    void bundlesTheWorkedExample() {
        // same numbers as AucTest.workedExample_interpolatesAtBothBandEdges
        RewardSummary s = RewardSummary.of(AucTest.workedExample());
        assertEquals(3, s.frontier().size());
        assertEquals(RecallBand.DEFAULT, s.band());
        assertEquals(77.142857142857, s.auc(), 1e-9);      // 42.5 + 34.642857
        assertEquals(771.42857142857, s.normalizedAuc(), 1e-8); // 77.142857 / 0.10
        assertTrue(s.covered());
        assertEquals(800.0, s.qpsAt090(), 0.0);             // frontier point (0.90, 800)
        assertEquals(585.714285714286, s.qpsAt095(), 1e-9); // 800 - (0.05/0.07) * 300
        assertNull(s.qpsAt099());                           // max recall 0.97 < 0.99
        assertThrows(UnsupportedOperationException.class, () -> s.frontier().clear());
    }

    @Test
    void describeIsReadable() {
        String d = RewardSummary.of(AucTest.workedExample()).describe();
        assertEquals("AUC[0.85,0.95]=77.143 meanQPS=771.4 covered=true qps@0.90=800.0 qps@0.95=585.7"
                + " qps@0.99=n/a frontier=3 points", d);
    }

    @Test
    void emptyCurve() {
        RewardSummary s = RewardSummary.of(Curve.empty(), new RecallBand(0.5, 0.9));
        assertEquals(List.of(), s.frontier());
        assertEquals(0.0, s.auc(), 0.0);
        assertEquals(0.0, s.normalizedAuc(), 0.0);
        assertEquals(false, s.covered());
        assertNull(s.qpsAt090());
        assertNull(s.qpsAt095());
        assertNull(s.qpsAt099());
    }

    @Test
    void customBandChangesAucButNotQpsAtRecall() {
        // worked example over [0.5, 1.0] = 435.5 (see AucTest.customBand); normalised 435.5 / 0.5 = 871
        RewardSummary s = RewardSummary.of(AucTest.workedExample(), new RecallBand(0.5, 1.0));
        assertEquals(435.5, s.auc(), 1e-9);
        assertEquals(871.0, s.normalizedAuc(), 1e-8);
        assertEquals(false, s.covered());
        assertEquals(800.0, s.qpsAt090(), 0.0);
    }
}
