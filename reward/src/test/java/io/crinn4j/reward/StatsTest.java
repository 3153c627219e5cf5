package io.crinn4j.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {
    private static final double[] XS = {2, 4, 4, 4, 5, 5, 7, 9};

    @Test
    void meanStdDevAndCv() {
        // mean = 40 / 8 = 5
        assertEquals(5.0, Stats.mean(XS), 0.0);
        // squared deviations 9+1+1+1+0+0+4+16 = 32; sample variance 32/7; sd = sqrt(32/7) = 2.13808993...
        assertEquals(Math.sqrt(32.0 / 7), Stats.sampleStdDev(XS), 1e-15);
        assertEquals(2.1380899353, Stats.sampleStdDev(XS), 1e-9);
        // cv = 2.13808993 / 5 = 0.42761798...
        assertEquals(0.4276179871, Stats.coefficientOfVariation(XS), 1e-9);
    }

    @Test
    void populationStdDevDividesByN() {
        // the classic example: squared deviations 32 over 8 values, variance 4, sd exactly 2
        assertEquals(2.0, Stats.populationStdDev(XS), 1e-15);
        assertEquals(0.0, Stats.populationStdDev(new double[] {3.5}), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Stats.populationStdDev(new double[0]));
    }

    @Test
    void cvUsesAbsoluteMean() {
        // {-2, -4}: mean -3, sd = sqrt((1 + 1) / 1) = sqrt(2); cv = sqrt(2) / 3 = 0.4714045...
        assertEquals(Math.sqrt(2) / 3, Stats.coefficientOfVariation(new double[] {-2, -4}), 1e-15);
    }

    @Test
    void stdDevIsStableForLargeCloseValues() {
        // {1e9+1, 1e9+2, 1e9+3}: deviations -1, 0, 1 -> variance 2/2 = 1 -> sd 1
        assertEquals(1.0, Stats.sampleStdDev(new double[] {1e9 + 1, 1e9 + 2, 1e9 + 3}), 1e-9);
    }

    @Test
    void geometricMeanOfRatiosCancelsUpAndDown() {
        assertEquals(1.0, Stats.geometricMean(new double[] {2.0, 0.5}), 1e-12);
        assertEquals(4.0, Stats.geometricMean(new double[] {2.0, 8.0}), 1e-12);
        assertEquals(1.1, Stats.geometricMean(new double[] {1.1}), 1e-12);
        assertEquals(0.0, Stats.geometricMean(new double[] {0.0, 3.0}), 0.0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Stats.geometricMean(new double[0]));
    }

    @Test
    void median() {
        // sorted 2 4 4 [4 5] 5 7 9 -> (4 + 5) / 2 = 4.5
        assertEquals(4.5, Stats.median(XS), 0.0);
        double[] odd = {3, 1, 2};
        assertEquals(2.0, Stats.median(odd), 0.0); // sorted 1 [2] 3
        assertArrayEquals(new double[] {3, 1, 2}, odd, 0.0); // input not sorted in place
        assertEquals(42.0, Stats.median(new double[] {42}), 0.0);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Stats.mean(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Stats.sampleStdDev(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Stats.mean(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[] {1, Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> Stats.coefficientOfVariation(new double[] {-1, 1}));
        assertThrows(NullPointerException.class, () -> Stats.mean(null));
    }
}
