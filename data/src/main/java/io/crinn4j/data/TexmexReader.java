package io.crinn4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Reads the TEXMEX vector formats ({@code .fvecs}, {@code .ivecs}, {@code .bvecs}) of the
 * INRIA corpus (SIFT1M, GIST1M, BIGANN) into flat row-major arrays.
 *
 * <p>Each record is a little-endian int32 dimension {@code d} followed by {@code d} values:
 * float32 ({@code .fvecs}), int32 ({@code .ivecs}) or uint8 ({@code .bvecs}, converted to float
 * {@code 0..255}). All records of a file must have the same {@code d}, so a file is a matrix.
 *
 * <p>Validation (each failure is a {@link DataException} naming the file): empty file; a first
 * dimension outside {@code 1..}{@value #MAX_DIM} (usually a file of another format); a record
 * whose dimension differs from record 0 (record-length mismatch); a truncated last record; NaN or
 * infinite float values (naming row and component). With a row limit only the records actually
 * read are checked, so a truncated tail beyond the limit goes unnoticed.
 *
 * <p>The file is read sequentially through a {@link FileChannel} into a reusable buffer of whole
 * records and converted with bulk view-buffer copies, which reads hundreds of megabytes in a
 * second or two; per-value {@code DataInputStream} reads would be an order of magnitude slower.
 */
public final class TexmexReader {

    /** Largest dimension accepted; larger values in a header almost always mean a wrong or corrupt file. */
    public static final int MAX_DIM = 1 << 16;

    /** No row limit. */
    public static final int ALL_ROWS = Integer.MAX_VALUE;

    private static final int CHUNK_BYTES = 4 << 20;

    private TexmexReader() {
    }

    /** Reads a whole {@code .fvecs} file. */
    public static FloatMatrix readFvecs(Path file) {
        return readFvecs(file, ALL_ROWS);
    }

    /** Reads at most {@code maxRows} records of a {@code .fvecs} file. */
    public static FloatMatrix readFvecs(Path file, int maxRows) {
        return readFloats(file, maxRows, false);
    }

    /** Reads a whole {@code .bvecs} file; bytes are unsigned and become floats {@code 0..255}. */
    public static FloatMatrix readBvecs(Path file) {
        return readBvecs(file, ALL_ROWS);
    }

    /** Reads at most {@code maxRows} records of a {@code .bvecs} file. */
    public static FloatMatrix readBvecs(Path file, int maxRows) {
        return readFloats(file, maxRows, true);
    }

    /** {@code .bvecs} components are one unsigned byte each, {@code .fvecs} ones a float32. */
    private static FloatMatrix readFloats(Path file, int maxRows, boolean bytes) {
        FloatSink sink = new FloatSink(bytes);
        scan(file, bytes ? 1 : 4, maxRows, sink);
        return new FloatMatrix(sink.rows, sink.dim, sink.out);
    }

    /** Reads a whole {@code .ivecs} file (for example {@code groundtruth.ivecs}). */
    public static IntMatrix readIvecs(Path file) {
        return readIvecs(file, ALL_ROWS);
    }

    /** Reads at most {@code maxRows} records of a {@code .ivecs} file. */
    public static IntMatrix readIvecs(Path file, int maxRows) {
        IntSink sink = new IntSink();
        scan(file, 4, maxRows, sink);
        return new IntMatrix(sink.rows, sink.dim, sink.out);
    }

    /**
     * Reads a float vector file, choosing the format by extension: {@code .fvecs} or
     * {@code .bvecs}; anything else is a {@link DataException}.
     */
    public static FloatMatrix readVectors(Path file, int maxRows) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".fvecs")) {
            return readFvecs(file, maxRows);
        }
        if (name.endsWith(".bvecs")) {
            return readBvecs(file, maxRows);
        }
        throw new DataException(DataFiles.label(file) + ": unknown vector file extension (expected .fvecs or .bvecs)");
    }

    /** Receives whole records; {@code buf} holds {@code count} records starting at byte 0. */
    private interface Sink {
        void allocate(String label, int rows, int dim);

        void accept(String label, ByteBuffer buf, int recordBytes, int count, int firstRow);
    }

    private static void scan(Path file, int elemBytes, int maxRows, Sink sink) {
        String label = DataFiles.label(file);
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows < 0: " + maxRows);
        }
        DataFiles.requireFile(file, label);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new DataException(label + ": empty file");
            }
            if (size < 4) {
                throw new DataException(label + ": truncated record 0 (expected at least 4 bytes, found " + size + ")");
            }
            ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            DataFiles.readFully(ch, head, 0);
            int dim = head.getInt(0);
            if (dim <= 0 || dim > MAX_DIM) {
                throw new DataException(label + ": implausible dimension " + dim + " in record 0 (expected 1.."
                        + MAX_DIM + "; is this really a " + extensionFor(elemBytes, sink) + " file?)");
            }
            int recordBytes = 4 + dim * elemBytes;
            long wholeRecords = size / recordBytes;
            long tail = size % recordBytes;
            int rows = (int) Math.min(maxRows, wholeRecords);
            DataFiles.checkedLength(label, rows, dim);
            sink.allocate(label, rows, dim);

            int chunkRecords = Math.max(1, CHUNK_BYTES / recordBytes);
            ByteBuffer buf = ByteBuffer.allocateDirect(Math.min(rows, chunkRecords) * recordBytes + 4)
                    .order(ByteOrder.LITTLE_ENDIAN);
            long pos = 0;
            int row = 0;
            while (row < rows) {
                int count = Math.min(chunkRecords, rows - row);
                buf.clear().limit(count * recordBytes);
                DataFiles.readFully(ch, buf, pos);
                buf.flip();
                for (int r = 0; r < count; r++) {
                    int d = buf.getInt(r * recordBytes);
                    if (d != dim) {
                        throw mismatch(label, row + r, d, dim);
                    }
                }
                sink.accept(label, buf, recordBytes, count, row);
                row += count;
                pos += (long) count * recordBytes;
            }
            if (row < maxRows && tail > 0) {
                // The file ends in a partial record; a readable header that disagrees is the more
                // useful diagnosis (mixed files), otherwise it is a plain truncation.
                if (tail >= 4) {
                    buf.clear().limit(4);
                    DataFiles.readFully(ch, buf, pos);
                    int d = buf.getInt(0);
                    if (d != dim) {
                        throw mismatch(label, row, d, dim);
                    }
                }
                throw new DataException(label + ": truncated record " + row + " (expected " + recordBytes
                        + " bytes, found " + tail + ")");
            }
        } catch (EOFException e) {
            throw new DataException(label + ": file shrank while reading (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw DataFiles.ioFailure(label, e);
        }
    }

    private static DataException mismatch(String label, int row, int d, int dim) {
        return new DataException(label + ": record " + row + " has dimension " + d + " but record 0 has " + dim
                + " (record-length mismatch)");
    }

    private static String extensionFor(int elemBytes, Sink sink) {
        if (elemBytes == 1) {
            return ".bvecs";
        }
        return sink instanceof IntSink ? ".ivecs" : ".fvecs";
    }

    private static final class FloatSink implements Sink {
        private final boolean bytes;
        private float[] out;
        private int rows;
        private int dim;
        private byte[] scratch;

        FloatSink(boolean bytes) {
            this.bytes = bytes;
        }

        @Override
        public void allocate(String label, int rows, int dim) {
            this.rows = rows;
            this.dim = dim;
            this.out = new float[rows * dim];
            if (bytes) {
                scratch = new byte[dim];
            }
        }

        @Override
        public void accept(String label, ByteBuffer buf, int recordBytes, int count, int firstRow) {
            if (bytes) {
                for (int r = 0; r < count; r++) {
                    buf.get(r * recordBytes + 4, scratch, 0, dim);
                    int o = (firstRow + r) * dim;
                    for (int j = 0; j < dim; j++) {
                        out[o + j] = scratch[j] & 0xFF;
                    }
                }
                return;
            }
            // Record r occupies float slots [r*(dim+1), (r+1)*(dim+1)); slot 0 is the int header.
            java.nio.FloatBuffer fb = buf.asFloatBuffer();
            for (int r = 0; r < count; r++) {
                fb.get(r * (dim + 1) + 1, out, (firstRow + r) * dim, dim);
            }
            int from = firstRow * dim;
            DataFiles.checkFinite(label, "", out, from, from + count * dim, dim, firstRow);
        }
    }

    private static final class IntSink implements Sink {
        private int[] out;
        private int rows;
        private int dim;

        @Override
        public void allocate(String label, int rows, int dim) {
            this.rows = rows;
            this.dim = dim;
            this.out = new int[rows * dim];
        }

        @Override
        public void accept(String label, ByteBuffer buf, int recordBytes, int count, int firstRow) {
            java.nio.IntBuffer ib = buf.asIntBuffer();
            for (int r = 0; r < count; r++) {
                ib.get(r * (dim + 1) + 1, out, (firstRow + r) * dim, dim);
            }
        }
    }
}
