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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reward tells an honest improvement from the seed. Data with many clusters, where CRINN's
 * relaxed RNG pruning is known to pay off (measured while writing this test: +15-25% AUC); the
 * candidate and two seed instances share each worker, so each reward is a ratio taken side by side
 * (measured apart, as this test once did, three rewards read 0.90, 1.66 and 0.89).
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
                Duration.ofSeconds(120), Duration.ofSeconds(120), 16 * 1024);
        Sandbox sandbox = new Sandbox(tmp, data, gt, cfg);
        ModuleSources seed = SandboxTest.seedSources();
        String better = SandboxTest.resource("RelaxedPruningConstruction.java");
        int reps = 3;
        double[] seedRatio = new double[reps];
        double[] rewards = new double[reps];
        for (int i = 0; i < reps; i++) {
            // Paired, as every reward is: two seed instances and the candidate in one worker, turns ef by ef; measured again
            // while the seed's instances disagree by more than 5%, as campaigns and crinn eval do (agent.measure.SharedWorker):
            // one seed instance once came out 1.51 times the other in a worker of this test.
            List<Evaluation> got = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                got = sandbox.measureTogether(List.of(seed, seed.with(ModuleKind.CONSTRUCTION, better), seed),
                        ModuleKind.CONSTRUCTION, MeasurementKey.eval(i).attempt(attempt)).orElseThrow();
                for (Evaluation e : got) {
                    assertEquals(Status.OK, e.status(), e.feedback());
                }
                double hi = Math.max(got.get(0).auc(), got.get(2).auc());
                double lo = Math.min(got.get(0).auc(), got.get(2).auc());
                if (hi / lo - 1 <= 0.05) {
                    break;
                }
            }
            double ref = Math.max(got.get(0).auc(), got.get(2).auc());
            seedRatio[i] = got.get(2).auc() / got.get(0).auc();
            rewards[i] = got.get(1).auc() / ref;
        }
        System.out.printf("seed instance ratios %s; relaxed-pruning rewards %s (median %.3f)%n",
                java.util.Arrays.toString(seedRatio), java.util.Arrays.toString(rewards), Stats.median(rewards));
        for (double r : seedRatio) {
            assertTrue(Math.abs(r - 1) <= 0.2, "the seed against itself in one worker: " + java.util.Arrays.toString(seedRatio));
        }
        assertTrue(Stats.median(rewards) > 1.0, "relaxed pruning should beat the seed, rewards " + java.util.Arrays.toString(rewards));
    }
}
