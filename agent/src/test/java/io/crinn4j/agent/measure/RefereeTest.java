package io.crinn4j.agent.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.Curve;
import io.crinn4j.reward.CurvePoint;
import io.crinn4j.reward.RewardSummary;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefereeTest {
    private static final Referee REFEREE = new Referee(3.0, 2.0, -0.5);

    /** An OK raw verdict whose AUC scales with {@code speed}, built in {@code build} seconds into {@code bytes} of heap. */
    static Evaluation raw(double speed, double build, long bytes) {
        RewardSummary s = RewardSummary.of(Curve.of(new CurvePoint(1, 0.80, 9000 * speed), new CurvePoint(2, 0.90, 6000 * speed),
                new CurvePoint(4, 0.97, 3000 * speed)));
        return new Evaluation("e", ModuleKind.SEARCH, "h", Status.OK, null, null, null, null, build, bytes, null, null, List.of(), s, null, null,
                1, false, null, false, null);
    }

    @Test
    void theRewardIsTheRatioToTheReferenceMeasuredBesideIt() {
        Evaluation seed = raw(1.0, 1.0, 100L << 20);
        Evaluation e = REFEREE.judge(raw(1.25, 1.0, 100L << 20), seed);
        assertEquals(Status.OK, e.status());
        assertEquals(1.25, e.reward(), 1e-9);
        assertEquals(seed.auc(), e.seedAuc(), 0.0);
        assertEquals(1.25, REFEREE.reward(e), 1e-9);
    }

    @Test
    void budgetsAreMultiplesOfTheReferencesBuildAndHeap() {
        Evaluation seed = raw(1.0, 2.0, 100L << 20);
        assertEquals(Status.OK, REFEREE.judge(raw(1, 6.0, 100L << 20), seed).status(), "exactly 3x is within the budget");
        Evaluation slow = REFEREE.judge(raw(2, 6.01, 100L << 20), seed);
        assertEquals(Status.BUILD_BUDGET, slow.status());
        assertTrue(slow.feedback().contains("over the budget of 6.00 s (3.0x the seed's 2.00 s)"), slow.feedback());
        assertNull(slow.reward(), "no reward for a variant over a budget, however fast");
        assertEquals(-0.5, REFEREE.reward(slow), 0.0, "it gets the failure penalty");
        // Memory: 2x plus one MiB of slack.
        assertEquals(Status.OK, REFEREE.judge(raw(1, 1, (200L << 20) + (1 << 20)), seed).status());
        assertEquals(Status.MEMORY_BUDGET, REFEREE.judge(raw(1, 1, (200L << 20) + (1 << 20) + 1), seed).status());
        assertEquals(Status.OK, new Referee(4, 2, 0).judge(raw(1, 8.0, 1), seed).status(), "another referee, another budget");
    }

    @Test
    void failuresPassUnchangedAndAReferenceMustBeSound() {
        Evaluation seed = raw(1.0, 1.0, 1);
        Evaluation crash = raw(1, 1, 1).withStatus(Status.CRASH, "boom");
        assertSame(crash, REFEREE.judge(crash, seed));
        assertThrows(IllegalArgumentException.class, () -> REFEREE.judge(raw(1, 1, 1), crash));
        assertThrows(IllegalArgumentException.class, () -> new Referee(0, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Referee(3, 2, Double.NaN));
        assertEquals(-0.5, REFEREE.reward(raw(1, 1, 1)), 0.0, "an OK verdict never judged has no reward to give");
    }

    @Test
    void anUnstableMeasurementIsNoScoreButAFailureStaysAFailure() {
        Evaluation seed = raw(1.0, 1.0, 1);
        Evaluation e = REFEREE.unstable(REFEREE.judge(raw(1.3, 1, 1), seed), "the seed's instances were 9% apart");
        assertEquals(Status.UNSTABLE, e.status());
        assertTrue(e.feedback().contains("9% apart") && e.feedback().contains("says nothing about the code"), e.feedback());
        assertEquals(-0.5, REFEREE.reward(e), 0.0);
        Evaluation crash = raw(1, 1, 1).withStatus(Status.CRASH, "boom");
        assertSame(crash, REFEREE.unstable(crash, "whatever"));
    }

    @Test
    void grpoAdvantagesNormaliseWithinTheGroupAndLeaveUnstableMembersOut() {
        Referee.Advantages a = Referee.advantages(new double[] {1.2, 1.0, 0.8}, new boolean[] {true, true, true});
        assertEquals(1.0, a.mean(), 1e-12);
        assertEquals(Math.sqrt(0.08 / 3), a.std(), 1e-12, "population standard deviation");
        assertArrayEquals(new double[] {0.2 / a.std(), 0, -0.2 / a.std()}, a.advantages(), 1e-9);
        // An unstable member neither moves the statistics nor gets an advantage.
        Referee.Advantages b = Referee.advantages(new double[] {1.2, 9.9, 0.8}, new boolean[] {true, false, true});
        assertEquals(1.0, b.mean(), 1e-12);
        assertEquals(0.0, b.advantages()[1], 0.0);
        assertEquals(1.0, b.advantages()[0], 1e-9);
        // Equal rewards: nothing to prefer.
        assertArrayEquals(new double[] {0, 0}, Referee.advantages(new double[] {1.1, 1.1}, new boolean[] {true, true}).advantages(), 0.0);
        assertArrayEquals(new double[] {0, 0}, Referee.advantages(new double[] {1.1, 1.3}, new boolean[] {false, false}).advantages(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Referee.advantages(new double[2], new boolean[3]));
    }
}
