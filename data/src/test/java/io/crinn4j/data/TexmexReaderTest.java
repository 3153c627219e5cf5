package io.crinn4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static io.crinn4j.data.TestFiles.assertDataError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TexmexReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsFvecsRowMajor() throws IOException {
        Path f = TestFiles.fvecs(tmp.resolve("a.fvecs"), new float[] {1, 2, 3}, new float[] {4, 5, 6.5f});
        FloatMatrix m = TexmexReader.readFvecs(f);
        assertEquals(2, m.rows());
        assertEquals(3, m.dim());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, m.data());
    }

    @Test
    void rowLimitReadsOnlyTheFirstRecords() throws IOException {
        Path f = TestFiles.fvecs(tmp.resolve("a.fvecs"), new float[] {1, 2}, new float[] {3, 4}, new float[] {5, 6});
        FloatMatrix m = TexmexReader.readFvecs(f, 2);
        assertEquals(2, m.rows());
        assertArrayEquals(new float[] {1, 2, 3, 4}, m.data());
        assertEquals(0, TexmexReader.readFvecs(f, 0).rows());
    }

    @Test
    void bvecsBytesAreUnsigned() throws IOException {
        Path f = TestFiles.bvecs(tmp.resolve("b.bvecs"), new int[] {0, 127, 128, 255}, new int[] {1, 2, 200, 3});
        FloatMatrix m = TexmexReader.readBvecs(f);
        assertArrayEquals(new float[] {0, 127, 128, 255, 1, 2, 200, 3}, m.data());
        assertArrayEquals(m.data(), TexmexReader.readVectors(f, TexmexReader.ALL_ROWS).data());
    }

    @Test
    void readsIvecs() throws IOException {
        Path f = TestFiles.ivecs(tmp.resolve("gt.ivecs"), new int[] {7, 3}, new int[] {-1, 1 << 30});
        IntMatrix m = TexmexReader.readIvecs(f);
        assertEquals(2, m.rows());
        assertEquals(2, m.dim());
        assertArrayEquals(new int[] {7, 3, -1, 1 << 30}, m.data());
    }

    @Test
    void readsAcrossChunkBoundaries() throws IOException {
        // 3,000 records of 1,000 floats is 12 MB: several 4 MB read chunks, and a chunk boundary
        // falls between records rather than inside one.
        int rows = 3000;
        int dim = 1000;
        Path f = tmp.resolve("big.fvecs");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(4 + 4 * dim).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < rows; i++) {
                b.clear();
                b.putInt(dim);
                for (int j = 0; j < dim; j++) {
                    b.putFloat(i * 0.5f + j);
                }
                b.flip();
                ch.write(b);
            }
        }
        long t0 = System.nanoTime();
        FloatMatrix m = TexmexReader.readFvecs(f);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(rows, m.rows());
        for (int i = 0; i < rows; i += 337) {
            assertEquals(i * 0.5f, m.data()[i * dim]);
            assertEquals(i * 0.5f + dim - 1, m.data()[i * dim + dim - 1]);
        }
        assertTrue(ms < 5000, "12 MB took " + ms + " ms");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.write(tmp.resolve("empty.fvecs"), new byte[0]);
        assertDataError(() -> TexmexReader.readFvecs(f), tmp.getFileName() + "/empty.fvecs: empty file");
    }

    @Test
    void truncatedLastRecord() throws IOException {
        Path f = TestFiles.fvecs(tmp.resolve("t.fvecs"), new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8},
                new float[] {9, 10, 11, 12});
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 8));
        assertDataError(() -> TexmexReader.readFvecs(f), "t.fvecs: truncated record 2 (expected 20 bytes, found 12)");
    }

    @Test
    void fileShorterThanOneHeader() throws IOException {
        Path f = Files.write(tmp.resolve("s.ivecs"), new byte[] {1, 0});
        assertDataError(() -> TexmexReader.readIvecs(f), "s.ivecs: truncated record 0");
    }

    @Test
    void recordLengthMismatchInTheMiddle() throws IOException {
        Path f = TestFiles.fvecs(tmp.resolve("m.fvecs"), new float[] {1, 2, 3, 4}, new float[] {5, 6, 7},
                new float[] {1, 2, 3, 4}, new float[] {0});
        assertDataError(() -> TexmexReader.readFvecs(f),
                "m.fvecs: record 1 has dimension 3 but record 0 has 4 (record-length mismatch)");
    }

    @Test
    void recordLengthMismatchAtTheEnd() throws IOException {
        Path f = TestFiles.fvecs(tmp.resolve("m.fvecs"), new float[] {1, 2, 3, 4}, new float[] {5, 6});
        assertDataError(() -> TexmexReader.readFvecs(f), "record 1 has dimension 2 but record 0 has 4");
    }

    @Test
    void nanAndInfinityNameRowAndComponent() throws IOException {
        Path f = TestFiles.fvecs(tmp.resolve("n.fvecs"), new float[] {1, 2, 3}, new float[] {4, 5, Float.NaN});
        assertDataError(() -> TexmexReader.readFvecs(f), "n.fvecs: row 1 component 2 is NaN");
        Path g = TestFiles.fvecs(tmp.resolve("i.fvecs"), new float[] {Float.NEGATIVE_INFINITY, 2});
        assertDataError(() -> TexmexReader.readFvecs(g), "i.fvecs: row 0 component 0 is -Infinity");
    }

    @Test
    void implausibleDimension() throws IOException {
        Path neg = TestFiles.ivecs(tmp.resolve("neg.ivecs"), new int[] {1});
        byte[] b = Files.readAllBytes(neg);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -5);
        Files.write(neg, b);
        assertDataError(() -> TexmexReader.readIvecs(neg), "neg.ivecs: implausible dimension -5");
        Path huge = Files.write(tmp.resolve("huge.fvecs"), "\u0089HDF\r\n\u001a\nxxxxxxxx".getBytes("ISO-8859-1"));
        assertDataError(() -> TexmexReader.readFvecs(huge), "huge.fvecs: implausible dimension", ".fvecs file?");
    }

    @Test
    void missingFileAndUnknownExtension() throws IOException {
        assertDataError(() -> TexmexReader.readFvecs(tmp.resolve("nope.fvecs")), "nope.fvecs: file not found");
        Path txt = Files.write(tmp.resolve("x.txt"), new byte[8]);
        assertDataError(() -> TexmexReader.readVectors(txt, 10), "x.txt: unknown vector file extension");
    }

    @Test
    void sharedBigannFvecsAndBvecsHoldTheSameVectors() {
        Path shared = TestFiles.sharedDatasets();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("bigann10k")), "shared datasets absent");
        Path dir = shared.resolve("bigann10k");
        FloatMatrix f = TexmexReader.readFvecs(dir.resolve("base.fvecs"));
        FloatMatrix b = TexmexReader.readBvecs(dir.resolve("base.bvecs"));
        assertEquals(9900, f.rows());
        assertEquals(128, f.dim());
        assertArrayEquals(f.data(), b.data());
        assertArrayEquals(TexmexReader.readFvecs(dir.resolve("query.fvecs")).data(),
                TexmexReader.readBvecs(dir.resolve("query.bvecs")).data());
        IntMatrix gt = TexmexReader.readIvecs(dir.resolve("groundtruth.ivecs"));
        assertEquals(100, gt.rows());
        assertEquals(100, gt.dim());
    }
}
