package io.crinn4j.data;

import io.crinn4j.contract.Metric;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static io.crinn4j.data.TestFiles.assertDataError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnHdf5ReaderTest {

    @TempDir
    Path tmp;

    private static final float[][] TRAIN = {{0, 0}, {3, 4}, {1, 1}, {-2, 5}};
    private static final float[][] TEST = {{0, 1}, {3, 3}};

    private Path write(String name, Consumer<WritableHdfFile> body) {
        Path p = tmp.resolve(name);
        try (WritableHdfFile w = HdfFile.write(p)) {
            body.accept(w);
        }
        return p;
    }

    @Test
    void readsEuclideanFileWithGroundTruth() {
        Path p = write("tiny-2-euclidean.hdf5", w -> {
            w.putDataset("train", TRAIN);
            w.putDataset("test", TEST);
            w.putDataset("neighbors", new int[][] {{0, 2}, {1, 2}});
            w.putDataset("distances", new float[][] {{1, 1}, {1, (float) Math.sqrt(8)}});
            w.putAttribute("distance", "euclidean");
        });
        Dataset ds = AnnHdf5Reader.read(p);
        assertEquals("tiny-2-euclidean", ds.name());
        assertEquals(Metric.L2, ds.metric());
        assertEquals(4, ds.n());
        assertEquals(2, ds.d());
        assertEquals(2, ds.nq());
        assertArrayEquals(new float[] {0, 0, 3, 4, 1, 1, -2, 5}, ds.base());
        assertArrayEquals(new float[] {0, 1, 3, 3}, ds.queries());
        assertTrue(ds.hasProvidedGroundTruth());
        assertEquals(2, ds.providedK());
        assertArrayEquals(new int[] {0, 2, 1, 2}, ds.providedIds());
        assertEquals((float) Math.sqrt(8), ds.providedDistances()[3]);
    }

    @Test
    void float64AngularFileIsConvertedAndNormalized() {
        Path p = write("a.hdf5", w -> {
            w.putDataset("train", new double[][] {{3, 4}, {0, 2}, {1, 0}});
            w.putDataset("test", new double[][] {{0, 5}});
            w.putDataset("neighbors", new long[][] {{1, 0}});
            w.putAttribute("distance", "angular");
        });
        Dataset ds = AnnHdf5Reader.read(p, "custom");
        assertEquals("custom", ds.name());
        assertEquals(Metric.ANGULAR, ds.metric());
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 1, 1, 0}, ds.base(), 1e-7f);
        assertArrayEquals(new float[] {0, 1}, ds.queries());
        assertArrayEquals(new int[] {1, 0}, ds.providedIds());
        assertNull(ds.providedDistances());
        // Distances were not in the file, so they are computed for the given ids: 1 - cos.
        GroundTruth gt = ds.providedGroundTruth().orElseThrow();
        assertEquals(0f, gt.distance(0, 0), 1e-6f);
        assertEquals(0.2f, gt.distance(0, 1), 1e-6f);
    }

    @Test
    void withoutNeighborsThereIsNoProvidedGroundTruth() {
        Path p = write("n.hdf5", w -> {
            w.putDataset("train", TRAIN);
            w.putDataset("test", TEST);
            w.putAttribute("distance", "euclidean");
        });
        Dataset ds = AnnHdf5Reader.read(p);
        assertFalse(ds.hasProvidedGroundTruth());
        assertTrue(ds.providedGroundTruth().isEmpty());
    }

    @Test
    void missingTestDataset() {
        Path p = write("notest.hdf5", w -> {
            w.putDataset("train", TRAIN);
            w.putAttribute("distance", "euclidean");
        });
        assertDataError(() -> AnnHdf5Reader.read(p), "notest.hdf5: missing dataset 'test'");
    }

    @Test
    void missingDistanceAttribute() {
        Path p = write("noattr.hdf5", w -> {
            w.putDataset("train", TRAIN);
            w.putDataset("test", TEST);
        });
        assertDataError(() -> AnnHdf5Reader.read(p), "noattr.hdf5: missing root attribute 'distance'");
    }

    @Test
    void unsupportedDistance() {
        Path p = write("jac.hdf5", w -> {
            w.putDataset("train", TRAIN);
            w.putDataset("test", TEST);
            w.putAttribute("distance", "jaccard");
        });
        assertDataError(() -> AnnHdf5Reader.read(p), "jac.hdf5: unsupported distance 'jaccard'");
    }

    @Test
    void wrongRank() {
        Path p = write("rank.hdf5", w -> {
            w.putDataset("train", new float[] {1, 2, 3});
            w.putDataset("test", TEST);
            w.putAttribute("distance", "euclidean");
        });
        assertDataError(() -> AnnHdf5Reader.read(p), "rank.hdf5: dataset 'train' has rank 1, expected 2");
    }

    @Test
    void baseQueryDimensionMismatchNamesBoth() {
        Path p = write("dims.hdf5", w -> {
            w.putDataset("train", TRAIN);
            w.putDataset("test", new float[][] {{1, 2, 3}});
            w.putAttribute("distance", "euclidean");
        });
        assertDataError(() -> AnnHdf5Reader.read(p), "dims: base dimension 2 differs from query dimension 3");
    }

    @Test
    void neighborsRowsMustMatchQueries() {
        Path p = write("nb.hdf5", w -> {
            w.putDataset("train", TRAIN);
            w.putDataset("test", TEST);
            w.putDataset("neighbors", new int[][] {{0, 1}});
            w.putAttribute("distance", "euclidean");
        });
        assertDataError(() -> AnnHdf5Reader.read(p), "nb.hdf5: 'neighbors' has 1 rows but 'test' has 2");
    }

    @Test
    void neighborIdsMustBeInRange() {
        Path p = write("ids.hdf5", w -> {
            w.putDataset("train", TRAIN);
            w.putDataset("test", TEST);
            w.putDataset("neighbors", new int[][] {{0, 1}, {4, 1}});
            w.putAttribute("distance", "euclidean");
        });
        assertDataError(() -> AnnHdf5Reader.read(p), "ids.hdf5", "holds id 4, outside the base range 0..3");
    }

    @Test
    void nanInTrain() {
        Path p = write("nan.hdf5", w -> {
            w.putDataset("train", new float[][] {{1, 2}, {Float.NaN, 0}});
            w.putDataset("test", TEST);
            w.putAttribute("distance", "euclidean");
        });
        assertDataError(() -> AnnHdf5Reader.read(p), "nan.hdf5: train row 1 component 0 is NaN");
    }

    @Test
    void notAnHdf5File() throws IOException {
        Path p = Files.writeString(tmp.resolve("fake.hdf5"), "this is plain text, not HDF5 at all\n".repeat(20));
        assertDataError(() -> AnnHdf5Reader.read(p), "fake.hdf5: not a readable HDF5 file");
        assertDataError(() -> AnnHdf5Reader.read(tmp.resolve("absent.hdf5")), "absent.hdf5: file not found");
    }
}
