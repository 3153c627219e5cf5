package io.crinn4j.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writers for small test files and shared assertions. */
final class TestFiles {

    private TestFiles() {
    }

    /** Writes an .fvecs file; each row is one record with its own length as dimension. */
    static Path fvecs(Path file, float[]... rows) throws IOException {
        int bytes = 0;
        for (float[] r : rows) {
            bytes += 4 + 4 * r.length;
        }
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] r : rows) {
            b.putInt(r.length);
            for (float v : r) {
                b.putFloat(v);
            }
        }
        return Files.write(file, b.array());
    }

    static Path ivecs(Path file, int[]... rows) throws IOException {
        int bytes = 0;
        for (int[] r : rows) {
            bytes += 4 + 4 * r.length;
        }
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] r : rows) {
            b.putInt(r.length);
            for (int v : r) {
                b.putInt(v);
            }
        }
        return Files.write(file, b.array());
    }

    static Path bvecs(Path file, int[]... rows) throws IOException {
        int bytes = 0;
        for (int[] r : rows) {
            bytes += 4 + r.length;
        }
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] r : rows) {
            b.putInt(r.length);
            for (int v : r) {
                b.put((byte) v);
            }
        }
        return Files.write(file, b.array());
    }

    /** IDX bytes: magic 0x0000TTNN, big-endian dims, then the raw payload. */
    static byte[] idx(int type, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bos)) {
            out.write(raw);
        }
        return bos.toByteArray();
    }

    /** Asserts a DataException whose message contains every fragment; returns the message. */
    static String assertDataError(org.junit.jupiter.api.function.Executable body, String... fragments) {
        DataException e = assertThrows(DataException.class, body);
        String msg = e.getMessage();
        for (String f : fragments) {
            assertTrue(msg.contains(f), () -> "message '" + msg + "' lacks '" + f + "'");
        }
        assertTrue(!msg.contains("\n"), () -> "message must be one line: " + msg);
        return msg;
    }

    /** The shared datasets folder given to tests by Maven, or null when absent. */
    static Path sharedDatasets() {
        String p = System.getProperty("crinn.shared.datasets");
        if (p == null || p.isBlank()) {
            return null;
        }
        Path dir = Paths.get(p).toAbsolutePath().normalize();
        return Files.isDirectory(dir) ? dir : null;
    }
}
