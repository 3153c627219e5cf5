package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.Metric;
import io.crinn4j.data.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The vectors handed to a worker JVM, copied into the run folder so the worker never reads
 * outside it. Layout, little-endian: magic {@code "CRNV"}, int32 version 1, int32 rows, int32
 * dim, int32 metric ordinal, then {@code rows × dim} float32. Written with {@link AtomicFile}; a file that
 * already exists with the same size is reused (one copy per dataset per campaign).
 */
public final class VectorFile {
    private static final int MAGIC = 0x564e5243; // "CRNV" little-endian
    private static final int HEADER = 20;

    /** What a vector file holds. */
    public record Matrix(float[] data, int rows, int dim, Metric metric) {
    }

    private VectorFile() {
    }

    public static void write(Path file, float[] data, int rows, int dim, Metric metric) throws IOException {
        long bytes = HEADER + 4L * data.length;
        if (Files.exists(file) && Files.size(file) == bytes) {
            return;
        }
        AtomicFile.writeChannel(file, ch -> {
            ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            head.putInt(MAGIC).putInt(1).putInt(rows).putInt(dim).putInt(metric.ordinal()).flip();
            writeFully(ch, head);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            int i = 0;
            while (i < data.length) {
                buf.clear();
                int m = Math.min(data.length - i, buf.capacity() / 4);
                buf.asFloatBuffer().put(data, i, m);
                buf.limit(4 * m);
                writeFully(ch, buf);
                i += m;
            }
        });
    }

    public static Matrix read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, file);
            head.flip();
            if (head.getInt() != MAGIC || head.getInt() != 1) {
                throw new IOException(file + ": not a crinn4j vector file");
            }
            int rows = head.getInt();
            int dim = head.getInt();
            int metric = head.getInt();
            if (rows < 1 || dim < 1 || metric < 0 || metric >= Metric.values().length || (long) rows * dim > Integer.MAX_VALUE - 8
                    || ch.size() != HEADER + 4L * rows * dim) {
                throw new IOException(file + ": corrupt header or wrong size");
            }
            float[] data = new float[rows * dim];
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            int i = 0;
            while (i < data.length) {
                buf.clear();
                int m = Math.min(data.length - i, buf.capacity() / 4);
                buf.limit(4 * m);
                readFully(ch, buf, file);
                buf.flip();
                buf.asFloatBuffer().get(data, i, m);
                i += m;
            }
            return new Matrix(data, rows, dim, Metric.values()[metric]);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, Path file) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException(file + ": truncated");
            }
        }
    }
}
