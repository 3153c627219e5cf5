package io.crinn4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, optionally gzip-compressed.
 *
 * <p>Layout (all integers big-endian): two zero bytes, a type code ({@code 0x08} uint8,
 * {@code 0x09} int8, {@code 0x0B} int16, {@code 0x0C} int32, {@code 0x0D} float32,
 * {@code 0x0E} float64), the number of dimensions, then one int32 per dimension, then the values
 * in row-major order. So {@code train-images-idx3-ubyte} starts with magic {@code 0x00000803}
 * and dimensions {@code 60000, 28, 28}. The first dimension becomes the rows of the returned
 * {@link FloatMatrix}, the product of the others its columns (784 for 28 x 28 images); uint8
 * pixels become floats {@code 0..255}, exactly as ann-benchmarks stores Fashion-MNIST.
 *
 * <p>Compression is detected from the gzip magic bytes {@code 1f 8b}, not from the file name.
 * Validation ({@link DataException} naming the file): bad magic, unknown type code, zero or
 * negative dimensions, data shorter than the header declares (truncated), data longer than
 * declared (trailing bytes; checked only when the whole file is read), corrupt gzip streams, and
 * NaN or infinite values in float files.
 */
public final class IdxReader {

    private static final int MAX_DIMS = 8;
    private static final int BUFFER = 1 << 16;

    private IdxReader() {
    }

    /** Reads a whole IDX file. */
    public static FloatMatrix read(Path file) {
        return read(file, TexmexReader.ALL_ROWS);
    }

    /** Reads at most {@code maxRows} rows (first-dimension entries) of an IDX file. */
    public static FloatMatrix read(Path file, int maxRows) {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows < 0: " + maxRows);
        }
        String label = DataFiles.label(file);
        DataFiles.requireFile(file, label);
        boolean gzip = false;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 < 0) {
                throw new DataException(label + ": empty file");
            }
            gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(raw, BUFFER) : raw;
            return readStream(label, in, gzip ? -1 : Files.size(file), maxRows);
        } catch (ZipException e) {
            throw new DataException(label + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DataException(label + ": truncated " + (gzip ? "gzip stream" : "file") + " ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw DataFiles.ioFailure(label, e);
        }
    }

    private static FloatMatrix readStream(String label, InputStream in, long fileSize, int maxRows) throws IOException {
        byte[] magic = readHeader(label, in, 4);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataException(label + ": not an IDX file (magic "
                    + String.format("0x%02x%02x%02x%02x", magic[0], magic[1], magic[2], magic[3])
                    + ", expected 0x0000TTNN)");
        }
        int type = magic[2] & 0xFF;
        int elemBytes = elementBytes(type);
        if (elemBytes < 0) {
            throw new DataException(label + ": unknown IDX type code 0x" + Integer.toHexString(type)
                    + " (expected 08, 09, 0b, 0c, 0d or 0e)");
        }
        int ndims = magic[3] & 0xFF;
        if (ndims < 1 || ndims > MAX_DIMS) {
            throw new DataException(label + ": IDX header declares " + ndims + " dimensions (expected 1.." + MAX_DIMS + ")");
        }
        ByteBuffer dimsBuf = ByteBuffer.wrap(readHeader(label, in, 4 * ndims)).order(ByteOrder.BIG_ENDIAN);
        long rows = 0;
        long cols = 1;
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < ndims; i++) {
            int v = dimsBuf.getInt();
            if (v <= 0) {
                throw new DataException(label + ": IDX dimension " + i + " is " + v + " (must be positive)");
            }
            shape.append(i == 0 ? "" : " x ").append(v);
            if (i == 0) {
                rows = v;
            } else {
                cols *= v;
                if (cols > TexmexReader.MAX_DIM) {
                    throw new DataException(label + ": IDX row size exceeds " + TexmexReader.MAX_DIM + " values");
                }
            }
        }
        long headerBytes = 4 + 4L * ndims;
        long payloadBytes = rows * cols * elemBytes;
        if (fileSize >= 0 && fileSize != headerBytes + payloadBytes) {
            String problem = fileSize < headerBytes + payloadBytes ? "truncated" : "trailing bytes";
            throw new DataException(label + ": " + problem + ": header declares " + shape + " values of "
                    + elemBytes + " byte(s), " + (headerBytes + payloadBytes) + " bytes in all, but the file has "
                    + fileSize);
        }
        int dim = (int) cols;
        int outRows = (int) Math.min(rows, maxRows);
        float[] out = new float[DataFiles.checkedLength(label, outRows, dim)];

        int rowBytes = dim * elemBytes;
        int chunkRows = Math.max(1, BUFFER * 16 / rowBytes);
        byte[] chunk = new byte[Math.min(outRows, chunkRows) * rowBytes];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.BIG_ENDIAN);
        for (int row = 0; row < outRows; ) {
            int count = Math.min(chunkRows, outRows - row);
            int want = count * rowBytes;
            int got = in.readNBytes(chunk, 0, want);
            if (got < want) {
                long have = headerBytes + (long) row * rowBytes + got;
                throw new DataException(label + ": truncated: header declares " + shape + " (" + (headerBytes + payloadBytes)
                        + " bytes" + (fileSize < 0 ? " uncompressed" : "") + ") but the data ends after " + have + " bytes");
            }
            convert(type, view, count * dim, out, row * dim);
            row += count;
        }
        if (type == 0x0D || type == 0x0E) {
            DataFiles.checkFinite(label, "", out, 0, out.length, dim, 0);
        }
        // Reading one byte past the declared data both detects trailing garbage and makes
        // GZIPInputStream verify the CRC and length in the gzip trailer.
        if (outRows == rows && in.read() >= 0) {
            throw new DataException(label + ": trailing bytes after the " + shape + " values the header declares");
        }
        return new FloatMatrix(outRows, dim, out);
    }

    private static byte[] readHeader(String label, InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new DataException(label + ": truncated IDX header (" + b.length + " of " + n + " bytes)");
        }
        return b;
    }

    private static int elementBytes(int type) {
        switch (type) {
            case 0x08:
            case 0x09:
                return 1;
            case 0x0B:
                return 2;
            case 0x0C:
            case 0x0D:
                return 4;
            case 0x0E:
                return 8;
            default:
                return -1;
        }
    }

    private static void convert(int type, ByteBuffer src, int n, float[] out, int off) {
        byte[] a = src.array();
        switch (type) {
            case 0x08:
                for (int i = 0; i < n; i++) {
                    out[off + i] = a[i] & 0xFF;
                }
                break;
            case 0x09:
                for (int i = 0; i < n; i++) {
                    out[off + i] = a[i];
                }
                break;
            case 0x0B:
                for (int i = 0; i < n; i++) {
                    out[off + i] = src.getShort(2 * i);
                }
                break;
            case 0x0C:
                for (int i = 0; i < n; i++) {
                    out[off + i] = src.getInt(4 * i);
                }
                break;
            case 0x0D:
                for (int i = 0; i < n; i++) {
                    out[off + i] = src.getFloat(4 * i);
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    out[off + i] = (float) src.getDouble(8 * i);
                }
                break;
        }
    }
}
