package io.crinn4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthBuilder;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.reward.Stats;
import io.crinn4j.sandbox.harness.SweepConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reward tells an honest improvement from the seed. Data with many clusters, where CRINN's
 * relaxed RNG pruning is known to pay off (measured while writing this test: +15-25% AUC); seed
 * and candidate are measured alternately, so each reward is a ratio taken in one sitting.
 */
class SandboxRewardTest {
    @TempDir
    Path tmp;

    @Test
    void relaxedPruningBeatsTheSeedAndTheSeedScoresAboutOne() throws Exception {
        Dataset data = QuerySplit.campaign(Datasets.resolve("synthetic:n=10000,d=64,clusters=64,queries=300,seed=5,spread=1.0", Path.of(".")));
        GroundTruth gt = GroundTruthBuilder.compute(data, 10, 2);
        int[] efs = {1, 2, 4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 70, 100};
        SandboxConfig cfg = new SandboxConfig(new SweepConfig(10, efs, 3, 1, 500, 20, 42), RecallBand.DEFAULT, 0.85, "512m",
                Duration.ofSeconds(120), Duration.ofSeconds(120), 3.0, 2.0, 16 * 1024);
        Sandbox sandbox = new Sandbox(tmp, data, gt, cfg);
        ModuleSources seed = SandboxTest.seedSources();
        String better = SandboxTest.resource("RelaxedPruningConstruction.java");
        int reps = 3;
        double[] seedAuc = new double[reps];
        double[] rewards = new double[reps];
        for (int i = 0; i < reps; i++) {
            Evaluation s = sandbox.evaluateSet(seed, i);
            assertEquals(Status.OK, s.status(), s.feedback());
            if (i == 0) {
                sandbox.setBaseline(s);
            }
            seedAuc[i] = s.auc();
            Evaluation c = sandbox.evaluate(ModuleKind.CONSTRUCTION, better, seed, i);
            assertEquals(Status.OK, c.status(), c.feedback());
            rewards[i] = c.auc() / s.auc();
        }
        // Medians, and a majority rule for the seed, so one sitting disturbed by other load cannot decide the test.
        double seedMedian = Stats.median(seedAuc);
        int stable = 0;
        for (double a : seedAuc) {
            if (Math.abs(a / seedMedian - 1) <= 0.2) {
                stable++;
            }
        }
        System.out.printf("seed AUC %s (median %.1f, %d of %d within 20%%); relaxed-pruning rewards %s (median %.3f)%n",
                java.util.Arrays.toString(seedAuc), seedMedian, stable, reps, java.util.Arrays.toString(rewards), Stats.median(rewards));
        assertTrue(stable >= 2, "the seed against itself: " + java.util.Arrays.toString(seedAuc));
        assertTrue(Stats.median(rewards) > 1.0, "relaxed pruning should beat the seed, rewards " + java.util.Arrays.toString(rewards));
    }
}
