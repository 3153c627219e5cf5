package io.crinn4j.data;

import io.crinn4j.contract.Metric;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs only where the Debian package dataset-fashion-mnist (or a copy in the data folder) is installed. */
class FashionMnistTest {

    @Test
    void loadsAnnBenchmarksFashionMnistAndItsGroundTruthIsExact() {
        Path dir = Datasets.SYSTEM_FASHION_MNIST;
        assumeTrue(Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))
                && Files.isRegularFile(dir.resolve("t10k-images-idx3-ubyte.gz")), "dataset-fashion-mnist not installed");
        Dataset ds = Datasets.fashionMnist(dir.getParent(), List.of(dir));
        assertEquals("fashion-mnist-784-euclidean", ds.name());
        assertEquals(Metric.L2, ds.metric());
        assertEquals(60_000, ds.n());
        assertEquals(784, ds.d());
        assertEquals(10_000, ds.nq());
        float max = 0;
        for (float v : ds.base()) {
            assertTrue(v >= 0 && v <= 255 && v == Math.rint(v));
            max = Math.max(max, v);
        }
        assertEquals(255f, max);

        // A few queries only: brute force over all 10,000 would take minutes.
        Dataset sub = ds.firstQueries(24);
        GroundTruth gt = GroundTruthBuilder.compute(sub, 10, 2);
        for (int q = 0; q < sub.nq(); q += 7) {
            int[] expected = NaiveKnn.ids(sub, q, 10);
            int[] got = gt.row(q);
            for (int j = 0; j < 10; j++) {
                // Float sums of squared distances above 2^24 round, so near-ties may swap; the
                // exact (double) distance at each rank must still agree.
                double want = NaiveKnn.distance(sub, q, expected[j]);
                assertEquals(want, NaiveKnn.distance(sub, q, got[j]), want * 1e-6);
                assertEquals(Math.sqrt(NaiveKnn.distance(sub, q, expected[j])), gt.distance(q, j), 1e-3);
            }
        }
    }
}
