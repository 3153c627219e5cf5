package io.crinn4j.data;

import io.crinn4j.contract.Metric;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static io.crinn4j.data.TestFiles.assertDataError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DatasetsTest {

    @TempDir
    Path tmp;

    private Path texmexFolder(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        TestFiles.fvecs(dir.resolve("base.fvecs"), new float[] {2, 0}, new float[] {3, 4}, new float[] {1, 1});
        TestFiles.fvecs(dir.resolve("query.fvecs"), new float[] {1, 0});
        TestFiles.ivecs(dir.resolve("groundtruth.ivecs"), new int[] {0, 2, 1});
        return dir;
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertDataError(() -> Datasets.resolve("sift-1b", tmp), "unknown dataset 'sift-1b'",
                "fashion-mnist-784-euclidean", "bigann10k", "glove25-twitter-12k", "synthetic", "texmex:DIR", "hdf5:PATH");
        assertDataError(() -> Datasets.resolve("  ", tmp), "no dataset given");
    }

    @Test
    void texmexSpecLoadsAFolder() throws IOException {
        Path dir = texmexFolder("mini");
        Dataset ds = Datasets.resolve("texmex:" + dir, tmp);
        assertEquals("mini", ds.name());
        assertEquals(Metric.L2, ds.metric());
        assertEquals(3, ds.n());
        assertEquals(1, ds.nq());
        assertEquals(3, ds.providedK());
        assertArrayEquals(new int[] {0, 2, 1}, ds.providedIds());
        // relative to the data folder
        assertEquals(ds.contentHash(), Datasets.resolve("texmex:mini", tmp).contentHash());
        Dataset ang = Datasets.resolve("texmex:" + dir + ",metric=angular", tmp);
        assertEquals(Metric.ANGULAR, ang.metric());
        assertArrayEquals(new float[] {0.6f, 0.8f}, java.util.Arrays.copyOfRange(ang.base(), 2, 4), 1e-7f);
        assertDataError(() -> Datasets.resolve("texmex:" + dir + ",colour=red", tmp), "texmex: unknown option 'colour=red'");
        assertDataError(() -> Datasets.resolve("texmex:" + dir + ",metric=hamming", tmp), "texmex: option 'metric=hamming'");
    }

    @Test
    void texmexFallsBackToBvecsAndPrefixedNames() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("sift"));
        TestFiles.bvecs(dir.resolve("sift_base.bvecs"), new int[] {1, 2}, new int[] {250, 3});
        TestFiles.fvecs(dir.resolve("sift_query.fvecs"), new float[] {1, 1});
        Dataset ds = Datasets.texmex(dir, "sift", Metric.L2);
        assertArrayEquals(new float[] {1, 2, 250, 3}, ds.base());
        assertFalse(ds.hasProvidedGroundTruth());
    }

    @Test
    void texmexProblemsNameTheFile() throws IOException {
        Path dir = texmexFolder("broken");
        TestFiles.ivecs(dir.resolve("groundtruth.ivecs"), new int[] {0, 9, 1});
        assertDataError(() -> Datasets.resolve("texmex:" + dir, tmp),
                "broken/groundtruth.ivecs: ground truth row 0 holds id 9, outside the base range 0..2");
        TestFiles.fvecs(dir.resolve("query.fvecs"), new float[] {1, 0, 0});
        assertDataError(() -> Datasets.resolve("texmex:" + dir, tmp), "broken: base dimension 2 differs from query dimension 3");
        Files.delete(dir.resolve("base.fvecs"));
        assertDataError(() -> Datasets.resolve("texmex:" + dir, tmp), "broken: no base.fvecs or base.bvecs in");
        assertDataError(() -> Datasets.resolve("texmex:" + tmp.resolve("nowhere"), tmp), "nowhere: folder", "not found");
    }

    @Test
    void namedDatasetMissingFromDataDir() {
        assertDataError(() -> Datasets.resolve("bigann10k", tmp), "bigann10k: folder", "not found");
    }

    @Test
    void hdf5SpecAndAnnBenchmarksNameInDataDir() {
        Path p = tmp.resolve("toy-2-euclidean.hdf5");
        try (WritableHdfFile w = HdfFile.write(p)) {
            w.putDataset("train", new float[][] {{0, 0}, {1, 1}});
            w.putDataset("test", new float[][] {{1, 0}});
            w.putAttribute("distance", "euclidean");
        }
        Dataset a = Datasets.resolve("hdf5:" + p, tmp);
        Dataset b = Datasets.resolve("toy-2-euclidean", tmp);
        assertEquals("toy-2-euclidean", a.name());
        assertEquals(a.contentHash(), b.contentHash());
        assertDataError(() -> Datasets.resolve("hdf5:" + tmp.resolve("x.hdf5"), tmp), "x.hdf5: file not found");
        assertDataError(() -> Datasets.resolve("hdf5:", tmp), "hdf5: missing file path");
    }

    @Test
    void fashionMnistAbsentGivesInstallHint() {
        String msg = assertDataError(() -> Datasets.fashionMnist(tmp, List.of(tmp.resolve("a"), tmp.resolve("b"))),
                "fashion-mnist-784-euclidean: files not found in ",
                "; install them with: apt-get install dataset-fashion-mnist");
        assertTrue(msg.contains(tmp.resolve("a").toString()) && msg.contains(tmp.resolve("b").toString()), msg);
    }

    @Test
    void fashionMnistWithWrongShapeIsRejected() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fashion-mnist"));
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"),
                TestFiles.gzip(TestFiles.idx(0x08, new int[] {2, 28, 28}, new byte[2 * 784])));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), TestFiles.idx(0x08, new int[] {1, 28, 28}, new byte[784]));
        assertDataError(() -> Datasets.fashionMnist(tmp, List.of(dir)),
                "fashion-mnist/train-images-idx3-ubyte.gz: expected 60000 images of 28 x 28, found 2 x 784");
    }

    @Test
    void defaultDataDirHonoursTheSystemProperty() {
        String old = System.getProperty("crinn.data.dir");
        try {
            System.setProperty("crinn.data.dir", tmp.toString());
            assertEquals(tmp.toAbsolutePath().normalize(), Datasets.defaultDataDir());
            System.clearProperty("crinn.data.dir");
            Path p = Datasets.defaultDataDir();
            assertTrue(p.isAbsolute());
            if (System.getenv("CRINN_DATA_DIR") == null) {
                assertTrue(p.endsWith(Paths.get("shared", "datasets")), p.toString());
            }
        } finally {
            if (old != null) {
                System.setProperty("crinn.data.dir", old);
            } else {
                System.clearProperty("crinn.data.dir");
            }
        }
    }

    @Test
    void sharedBigann10k() {
        Path shared = TestFiles.sharedDatasets();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("bigann10k")), "shared datasets absent");
        Dataset ds = Datasets.resolve("bigann10k", shared);
        assertEquals(Metric.L2, ds.metric());
        assertEquals(9900, ds.n());
        assertEquals(128, ds.d());
        assertEquals(100, ds.nq());
        assertEquals(100, ds.providedK());
        for (float v : ds.base()) {
            assertTrue(v >= 0 && v <= 255 && v == Math.rint(v));
        }
    }

    @Test
    void sharedGlove25IsAngularAndNormalized() {
        Path shared = TestFiles.sharedDatasets();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("glove25-twitter-12k")), "shared datasets absent");
        Dataset ds = Datasets.resolve("glove25-twitter-12k", shared);
        assertEquals(Metric.ANGULAR, ds.metric());
        assertEquals(11425, ds.n());
        assertEquals(25, ds.d());
        assertEquals(500, ds.nq());
        assertEquals(100, ds.providedK());
        for (int i = 0; i < ds.n(); i += 101) {
            double s = 0;
            for (int j = 0; j < 25; j++) {
                s += ds.base()[i * 25 + j] * ds.base()[i * 25 + j];
            }
            assertEquals(1.0, s, 1e-5);
        }
    }
}
