package io.crinn4j.seed.glass;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The seed must be a good index, not just a runnable one: recall@10 >= 0.95 at a moderate ef. */
class SeedRecallTest {

    static Path sharedDatasets() {
        String p = System.getProperty("crinn.shared.datasets");
        return p == null ? null : Path.of(p);
    }

    static Dataset shared(String name) {
        Path dir = sharedDatasets();
        assumeTrue(dir != null && Files.isDirectory(dir.resolve(name)), "../shared/datasets/" + name + " not present");
        return Datasets.resolve(name, dir);
    }

    @Test
    void syntheticL2() {
        SeedIndex idx = new SeedIndex(Datasets.resolve("synthetic:n=8000,d=32,clusters=16,queries=200,seed=7", Path.of(".")));
        double r = idx.recallAt10(64);
        assertTrue(r >= 0.95, "recall@10 at ef=64 on synthetic = " + r);
    }

    @Test
    void syntheticAngular() {
        SeedIndex idx = new SeedIndex(Datasets.resolve("synthetic:n=8000,d=32,clusters=16,queries=200,seed=8,metric=angular", Path.of(".")));
        double r = idx.recallAt10(64);
        assertTrue(r >= 0.95, "recall@10 at ef=64 on angular synthetic = " + r);
    }

    @Test
    void bigann10k() {
        SeedIndex idx = new SeedIndex(shared("bigann10k"));
        double r = idx.recallAt10(64);
        assertTrue(r >= 0.95, "recall@10 at ef=64 on bigann10k = " + r);
    }

    @Test
    void glove25Angular() {
        SeedIndex idx = new SeedIndex(shared("glove25-twitter-12k"));
        double r = idx.recallAt10(100);
        assertTrue(r >= 0.95, "recall@10 at ef=100 on glove25-twitter-12k = " + r);
    }

    @Test
    void largerEfDoesNotLoseRecall() {
        SeedIndex idx = new SeedIndex(Datasets.resolve("synthetic:n=5000,d=24,clusters=8,queries=200,seed=9", Path.of(".")));
        double low = idx.recallAt10(10);
        double high = idx.recallAt10(200);
        assertTrue(high >= low, "ef=200 recall " + high + " < ef=10 recall " + low);
        assertTrue(high > 0.99, "ef=200 recall " + high);
    }
}
