package io.crinn4j.index;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Reads vectors to build an {@link Index} from: the TEXMEX formats {@code .fvecs} (float32) and
 * {@code .bvecs} (uint8, read as 0..255), and ann-benchmarks' HDF5 files (the {@code train}
 * dataset, or any 2-d numeric dataset named). fvecs and bvecs need nothing but the JDK; HDF5
 * needs {@code io.jhdf:jhdf} on the class path, which the exported jar does not bundle (see
 * {@link #readHdf5}).
 */
public final class VectorFiles {

    /** Largest dimension accepted from a TEXMEX record header; larger almost always means a file of another format. */
    public static final int MAX_DIM = 1 << 16;

    private VectorFiles() {
    }

    /** Reads {@code file} by its extension: {@code .fvecs}, {@code .bvecs}, or {@code .hdf5}/{@code .h5} (dataset {@code train}). */
    public static float[][] read(Path file) throws IOException {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".fvecs")) {
            return readTexmex(file, false);
        }
        if (name.endsWith(".bvecs")) {
            return readTexmex(file, true);
        }
        if (name.endsWith(".hdf5") || name.endsWith(".h5")) {
            return readHdf5(file, "train");
        }
        throw new IOException(file + ": unknown vector file type (expected .fvecs, .bvecs, .hdf5 or .h5)");
    }

    /** Reads a whole {@code .fvecs} file: records of a little-endian int32 dimension and that many float32 values. */
    public static float[][] readFvecs(Path file) throws IOException {
        return readTexmex(file, false);
    }

    /** Reads a whole {@code .bvecs} file: records of an int32 dimension and that many unsigned bytes, as floats 0..255. */
    public static float[][] readBvecs(Path file) throws IOException {
        return readTexmex(file, true);
    }

    /**
     * Reads a 2-d dataset of an HDF5 file (ann-benchmarks keeps the base in {@code train} and the
     * queries in {@code test}). Needs {@code io.jhdf:jhdf} (0.9.x) on the class path: add it to
     * your pom to read HDF5; fvecs and bvecs need nothing.
     *
     * @throws IllegalStateException when jhdf is not on the class path
     */
    public static float[][] readHdf5(Path file, String dataset) throws IOException {
        try {
            return Hdf5Vectors.read(file, dataset);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("reading HDF5 needs io.jhdf:jhdf on the class path (add the dependency io.jhdf:jhdf:0.9.4); "
                    + "fvecs and bvecs files need nothing", e);
        }
    }

    private static float[][] readTexmex(Path file, boolean bytes) throws IOException {
        int width = bytes ? 1 : 4;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 4) {
                throw new IOException(file + ": empty or too short for a " + (bytes ? "bvecs" : "fvecs") + " file");
            }
            ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, file);
            int d = head.flip().getInt();
            if (d < 1 || d > MAX_DIM) {
                throw new IOException(file + ": first record's dimension is " + d + ", outside 1.." + MAX_DIM + " (not a "
                        + (bytes ? "bvecs" : "fvecs") + " file?)");
            }
            long record = 4 + (long) d * width;
            if (size % record != 0) {
                throw new IOException(file + ": " + size + " bytes is not a whole number of " + record + "-byte records of dimension " + d
                        + " (truncated, or records of different dimensions)");
            }
            long rows = size / record;
            if (rows * d > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": " + rows + " rows of dimension " + d + " are too many for one index");
            }
            float[][] out = new float[(int) rows][];
            ch.position(0);
            ByteBuffer rec = ByteBuffer.allocate((int) record).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < rows; i++) {
                rec.clear();
                readFully(ch, rec, file);
                rec.flip();
                int di = rec.getInt();
                if (di != d) {
                    throw new IOException(file + ": record " + i + " has dimension " + di + ", record 0 has " + d);
                }
                float[] row = new float[d];
                if (bytes) {
                    for (int j = 0; j < d; j++) {
                        row[j] = rec.get() & 0xFF;
                    }
                } else {
                    rec.asFloatBuffer().get(row);
                    for (int j = 0; j < d; j++) {
                        if (!Float.isFinite(row[j])) {
                            throw new IOException(file + ": row " + i + ", component " + j + " is " + row[j]);
                        }
                    }
                }
                out[i] = row;
            }
            return out;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, Path file) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException(file + ": ends inside a record");
            }
        }
    }
}
