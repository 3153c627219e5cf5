package io.crinn4j.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.Metric;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Index API on the seed's modules: build, search, batch, save, load, and every way a file can be refused. */
class IndexTest {
    private static final int N = 3000;
    private static final int D = 24;
    private static float[][] base;
    private static float[][] queries;
    private static Index index;

    @TempDir
    Path tmp;

    static IndexModules seed() {
        return IndexModules.of(GlassBaseline::construction, GlassBaseline::search, GlassBaseline::refinement);
    }

    @BeforeAll
    static void build() {
        base = clustered(N, D, 11);
        queries = clustered(100, D, 12);
        index = Index.build(base, Metric.L2, seed());
    }

    static float[][] clustered(int n, int d, long seed) {
        Random r = new Random(seed);
        Random centres = new Random(7);
        float[][] c = new float[16][d];
        for (float[] row : c) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) centres.nextGaussian() * 4;
            }
        }
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
            float[] ci = c[r.nextInt(c.length)];
            for (int j = 0; j < d; j++) {
                x[i][j] = ci[j] + (float) r.nextGaussian();
            }
        }
        return x;
    }

    static int[] bruteForce(float[][] base, float[] q, int k) {
        Integer[] ids = new Integer[base.length];
        double[] dist = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            ids[i] = i;
            double s = 0;
            for (int j = 0; j < q.length; j++) {
                double t = base[i][j] - q[j];
                s += t * t;
            }
            dist[i] = s;
        }
        Arrays.sort(ids, (a, b) -> Double.compare(dist[a], dist[b]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = ids[i];
        }
        return out;
    }

    static double recall(Index idx, float[][] base, float[][] queries, int k, int ef) {
        int hits = 0;
        for (float[] q : queries) {
            int[] truth = bruteForce(base, q, k);
            int[] got = idx.search(q, k, ef);
            for (int id : got) {
                for (int t : truth) {
                    if (t == id) {
                        hits++;
                        break;
                    }
                }
            }
        }
        return hits / (double) (queries.length * k);
    }

    @Test
    void findsTheNearestNeighbours() {
        assertEquals(N, index.size());
        assertEquals(D, index.dimension());
        double r = recall(index, base, queries, 10, 64);
        assertTrue(r >= 0.95, "recall@10 at ef=64 is " + r);
        assertTrue(recall(index, base, queries, 10, 200) >= r - 1e-9, "larger ef must not lose recall");
        Index.Memory m = index.memory();
        assertEquals(4L * N * D, m.baseBytes());
        assertTrue(m.graphBytes() > 0 && m.searchBytes() > 0, m.toString());
        assertEquals(m.total(), index.memoryBytes());
        assertTrue(index.buildInfo().constructionNanos() > 0);
        assertTrue(!index.buildInfo().loaded());
    }

    @Test
    void batchSearchOnSeveralThreadsGivesTheSingleThreadedAnswers() {
        int[][] one = index.search(queries, 10, 40, 1);
        int[][] four = index.search(queries, 10, 40, 4);
        for (int i = 0; i < queries.length; i++) {
            assertArrayEquals(one[i], four[i], "query " + i);
            assertArrayEquals(index.search(queries[i], 10, 40), one[i], "query " + i);
        }
        Index.Searcher s = index.newSearcher();
        int[] out = new int[10];
        assertEquals(10, s.search(queries[3], 10, 40, out));
        assertArrayEquals(one[3], out);
        assertTrue(s.distanceComputations() > 0);
    }

    @Test
    void savedAndLoadedItAnswersAlike() throws IOException {
        Path f = tmp.resolve("seed.index");
        index.save(f);
        Index again = Index.load(f, seed());
        assertTrue(again.buildInfo().loaded());
        assertEquals(index.buildInfo().constructionNanos(), again.buildInfo().constructionNanos());
        assertArrayEquals(index.graph().level0, again.graph().level0);
        for (float[] q : queries) {
            assertArrayEquals(index.search(q, 10, 50), again.search(q, 10, 50));
        }
        IndexFile.Header h = IndexFile.readHeader(f);
        assertEquals(N, h.n());
        assertEquals(D, h.d());
        assertEquals(Metric.L2, h.metric());
        assertEquals(seed().fingerprint(), h.fingerprint());
        assertTrue(h.info().containsKey("created"), h.info().toString());
    }

    @Test
    void aDamagedFileIsRefusedWithOneLine() throws IOException {
        Path f = tmp.resolve("ok.index");
        index.save(f);
        byte[] good = Files.readAllBytes(f);

        Path truncated = tmp.resolve("truncated.index");
        Files.write(truncated, Arrays.copyOf(good, good.length - 100));
        assertMessage(truncated, "is truncated");

        Path flipped = tmp.resolve("flipped.index");
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x10;
        Files.write(flipped, bad);
        assertMessage(flipped, "is corrupt: its checksum does not match");

        Path other = tmp.resolve("other.bin");
        Files.write(other, "hello, this is not an index at all".getBytes());
        assertMessage(other, "is not a crinn4j index file");

        Path newer = tmp.resolve("newer.index");
        byte[] v2 = good.clone();
        ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        Files.write(newer, v2);
        assertMessage(newer, "format version 2; this library reads version 1");

        Path longer = tmp.resolve("longer.index");
        Files.write(longer, Arrays.copyOf(good, good.length + 8));
        assertMessage(longer, "bytes more than its header announces");

        IndexFileException modules = assertThrows(IndexFileException.class, () -> Index.load(f, IndexModules.of(GlassBaseline::construction,
                GlassBaseline::search, OtherRefinement::new)));
        assertTrue(modules.getMessage().contains("was built with other modules than these"), modules.getMessage());
        assertTrue(modules.getMessage().contains(OtherRefinement.class.getName()), modules.getMessage());
        assertEquals(1, modules.getMessage().lines().count());
    }

    private void assertMessage(Path f, String expected) {
        IndexFileException e = assertThrows(IndexFileException.class, () -> Index.load(f, seed()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void aQueryOfAnotherDimensionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> index.search(new float[D + 1], 10, 10));
        assertEquals("the query has " + (D + 1) + " dimensions, the index " + D, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> index.search(queries[0], 0, 10));
        assertThrows(IllegalArgumentException.class, () -> index.search(queries[0], 10, 0));
    }

    @Test
    void angularRowsAndQueriesAreNormalized() {
        float[][] raw = clustered(500, 8, 3);
        Index a = Index.build(raw, Metric.ANGULAR, seed());
        double s = 0;
        for (int j = 0; j < 8; j++) {
            s += a.vectors().data[j] * a.vectors().data[j];
        }
        assertEquals(1.0, s, 1e-5);
        float[] q = raw[17].clone();
        for (int j = 0; j < q.length; j++) {
            q[j] *= 3; // same direction, longer
        }
        assertEquals(17, a.search(q, 1, 50)[0]);
        assertEquals(0.0, a.distance(q, 17), 1e-5);
        assertNotEquals(raw[17][0], a.vectors().data[17 * 8], "rows are copied and scaled, the caller's arrays left alone");
    }

    @Test
    void readsFvecsAndBvecs() throws IOException {
        Path fv = tmp.resolve("x.fvecs");
        ByteBuffer b = ByteBuffer.allocate(2 * (4 + 3 * 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(3).putFloat(1).putFloat(2).putFloat(3).putInt(3).putFloat(4).putFloat(5).putFloat(6);
        Files.write(fv, b.array());
        assertArrayEquals(new float[] {4, 5, 6}, VectorFiles.read(fv)[1]);
        Path bv = tmp.resolve("x.bvecs");
        ByteBuffer c = ByteBuffer.allocate(4 + 2).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt(2).put((byte) 200).put((byte) 7);
        Files.write(bv, c.array());
        assertArrayEquals(new float[] {200, 7}, VectorFiles.read(bv)[0]);
        Path cut = tmp.resolve("cut.fvecs");
        Files.write(cut, Arrays.copyOf(b.array(), 20));
        IOException e = assertThrows(IOException.class, () -> VectorFiles.read(cut));
        assertTrue(e.getMessage().contains("not a whole number"), e.getMessage());
        try (RandomAccessFile f = new RandomAccessFile(tmp.resolve("x.txt").toFile(), "rw")) {
            f.write(1);
        }
        assertThrows(IOException.class, () -> VectorFiles.read(tmp.resolve("x.txt")));
    }

    @Test
    void readsTheTrainMatrixOfAnAnnBenchmarksHdf5File() throws IOException {
        Path h5 = tmp.resolve("tiny-euclidean.hdf5");
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(h5)) {
            w.putDataset("train", new float[][] {{1, 2, 3}, {4, 5, 6}});
            w.putDataset("test", new float[][] {{1, 2, 3}});
        }
        float[][] train = VectorFiles.read(h5);
        assertEquals(2, train.length);
        assertArrayEquals(new float[] {4, 5, 6}, train[1]);
        assertArrayEquals(new float[] {1, 2, 3}, VectorFiles.readHdf5(h5, "test")[0]);
        IOException e = assertThrows(IOException.class, () -> VectorFiles.readHdf5(h5, "neighbors"));
        assertTrue(e.getMessage().contains("no dataset 'neighbors'"), e.getMessage());
    }

    @Test
    void anUnexportedLibraryHasNoBundledModules() {
        IllegalStateException e = assertThrows(IllegalStateException.class, IndexModules::bundled);
        assertTrue(e.getMessage().contains("not an exported crinn4j index library"), e.getMessage());
    }

    /** The seed's refinement under another class name: another module, as far as files go. */
    public static final class OtherRefinement implements io.crinn4j.contract.RefinementModule {
        private final io.crinn4j.contract.RefinementModule inner = GlassBaseline.refinement();

        @Override
        public void prepare(io.crinn4j.contract.Vectors base, io.crinn4j.contract.Graph graph) {
            inner.prepare(base, graph);
        }

        @Override
        public int candidates(int k) {
            return inner.candidates(k);
        }

        @Override
        public Refiner newRefiner(io.crinn4j.contract.DistanceCounter counter) {
            return inner.newRefiner(counter);
        }

        @Override
        public long memoryBytes() {
            return 0;
        }
    }
}
