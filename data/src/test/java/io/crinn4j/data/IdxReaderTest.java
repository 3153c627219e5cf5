package io.crinn4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.crinn4j.data.TestFiles.assertDataError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IdxReaderTest {

    @TempDir
    Path tmp;

    /** Three 2 x 3 "images" with pixel values spanning the unsigned byte range. */
    private static byte[] images() {
        byte[] px = new byte[3 * 2 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 15);
        }
        return TestFiles.idx(0x08, new int[] {3, 2, 3}, px);
    }

    private static float[] expectedPixels() {
        float[] f = new float[18];
        for (int i = 0; i < f.length; i++) {
            f[i] = i * 15;
        }
        return f;
    }

    @Test
    void readsRawUbyteImagesAsRowsOfPixels() throws IOException {
        Path f = Files.write(tmp.resolve("imgs-idx3-ubyte"), images());
        FloatMatrix m = IdxReader.read(f);
        assertEquals(3, m.rows());
        assertEquals(6, m.dim());
        assertArrayEquals(expectedPixels(), m.data());
        assertEquals(255f, m.data()[17]);
    }

    @Test
    void detectsGzipByMagicNotByName() throws IOException {
        Path gz = Files.write(tmp.resolve("no-extension"), TestFiles.gzip(images()));
        Path raw = Files.write(tmp.resolve("looks-compressed.gz"), images());
        assertArrayEquals(expectedPixels(), IdxReader.read(gz).data());
        assertArrayEquals(expectedPixels(), IdxReader.read(raw).data());
    }

    @Test
    void rowLimit() throws IOException {
        Path gz = Files.write(tmp.resolve("a.gz"), TestFiles.gzip(images()));
        FloatMatrix m = IdxReader.read(gz, 2);
        assertEquals(2, m.rows());
        assertArrayEquals(Arrays.copyOf(expectedPixels(), 12), m.data());
    }

    @Test
    void otherTypeCodesAreConverted() throws IOException {
        ByteBuffer fl = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-2f)
                .putFloat(3f).putFloat(0.25f);
        Path f = Files.write(tmp.resolve("f.idx"), TestFiles.idx(0x0D, new int[] {2, 2}, fl.array()));
        assertArrayEquals(new float[] {1.5f, -2f, 3f, 0.25f}, IdxReader.read(f).data());

        ByteBuffer sh = ByteBuffer.allocate(6).order(ByteOrder.BIG_ENDIAN).putShort((short) -300).putShort((short) 7)
                .putShort((short) 30000);
        Path s = Files.write(tmp.resolve("s.idx"), TestFiles.idx(0x0B, new int[] {3}, sh.array()));
        FloatMatrix m = IdxReader.read(s);
        assertEquals(1, m.dim());
        assertArrayEquals(new float[] {-300, 7, 30000}, m.data());

        Path sb = Files.write(tmp.resolve("sb.idx"), TestFiles.idx(0x09, new int[] {1, 2}, new byte[] {-1, 5}));
        assertArrayEquals(new float[] {-1, 5}, IdxReader.read(sb).data());
    }

    @Test
    void badMagic() throws IOException {
        byte[] b = images();
        b[0] = 0x42;
        Path f = Files.write(tmp.resolve("bad-idx3-ubyte"), b);
        assertDataError(() -> IdxReader.read(f), "bad-idx3-ubyte: not an IDX file (magic 0x42000803");
    }

    @Test
    void unknownTypeCode() throws IOException {
        byte[] b = images();
        b[2] = 0x07;
        Path f = Files.write(tmp.resolve("t.idx"), b);
        assertDataError(() -> IdxReader.read(f), "t.idx: unknown IDX type code 0x7");
    }

    @Test
    void zeroDimension() throws IOException {
        Path f = Files.write(tmp.resolve("z.idx"), TestFiles.idx(0x08, new int[] {3, 0}, new byte[0]));
        assertDataError(() -> IdxReader.read(f), "z.idx: IDX dimension 1 is 0");
    }

    @Test
    void truncatedRawFile() throws IOException {
        byte[] b = images();
        Path f = Files.write(tmp.resolve("tr-idx3-ubyte"), Arrays.copyOf(b, b.length - 5));
        assertDataError(() -> IdxReader.read(f), "tr-idx3-ubyte: truncated: header declares 3 x 2 x 3");
    }

    @Test
    void truncatedHeader() throws IOException {
        Path f = Files.write(tmp.resolve("h.idx"), new byte[] {0, 0, 8, 3, 0, 0});
        assertDataError(() -> IdxReader.read(f), "h.idx: truncated IDX header");
    }

    @Test
    void trailingBytes() throws IOException {
        byte[] b = Arrays.copyOf(images(), images().length + 3);
        Path raw = Files.write(tmp.resolve("r.idx"), b);
        assertDataError(() -> IdxReader.read(raw), "r.idx: trailing bytes");
        Path gz = Files.write(tmp.resolve("r.idx.gz"), TestFiles.gzip(b));
        assertDataError(() -> IdxReader.read(gz), "r.idx.gz: trailing bytes");
    }

    @Test
    void truncatedGzipStream() throws IOException {
        // Incompressible payload, so cutting the compressed file also cuts the image data.
        byte[] px = new byte[50 * 784];
        new java.util.Random(3).nextBytes(px);
        byte[] gz = TestFiles.gzip(TestFiles.idx(0x08, new int[] {50, 28, 28}, px));
        Path f = Files.write(tmp.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertDataError(() -> IdxReader.read(f), "cut.gz: truncated");
    }

    @Test
    void corruptGzipData() throws IOException {
        byte[] gz = TestFiles.gzip(images());
        for (int i = 10; i < gz.length - 8; i++) {
            gz[i] = (byte) 0xff;
        }
        Path f = Files.write(tmp.resolve("corrupt.gz"), gz);
        assertDataError(() -> IdxReader.read(f), "corrupt.gz: corrupt gzip data");
    }

    @Test
    void corruptGzipChecksum() throws IOException {
        byte[] gz = TestFiles.gzip(images());
        gz[gz.length - 8] ^= 0x55; // CRC-32 in the trailer
        Path f = Files.write(tmp.resolve("crc.gz"), gz);
        assertDataError(() -> IdxReader.read(f), "crc.gz: corrupt gzip data");
    }

    @Test
    void emptyAndMissingFiles() throws IOException {
        Path f = Files.write(tmp.resolve("e.idx"), new byte[0]);
        assertDataError(() -> IdxReader.read(f), "e.idx: empty file");
        assertDataError(() -> IdxReader.read(tmp.resolve("gone.gz")), "gone.gz: file not found");
    }

    @Test
    void nanInFloatIdx() throws IOException {
        ByteBuffer fl = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1f).putFloat(Float.NaN);
        Path f = Files.write(tmp.resolve("nan.idx"), TestFiles.idx(0x0D, new int[] {1, 2}, fl.array()));
        assertDataError(() -> IdxReader.read(f), "nan.idx: row 0 component 1 is NaN");
    }
}
