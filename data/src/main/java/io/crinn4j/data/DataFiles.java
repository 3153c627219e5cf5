package io.crinn4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Small helpers shared by the readers: display names, bounds checks, and I/O error mapping. */
final class DataFiles {

    /** Largest Java array length that every JVM accepts (a few header words below Integer.MAX_VALUE). */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private DataFiles() {
    }

    /**
     * The name used in error messages: {@code parentFolder/fileName}, which identifies the dataset
     * and the role of the file without the noise of an absolute path.
     */
    static String label(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return file.toString();
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        Path parentName = parent == null ? null : parent.getFileName();
        return parentName == null ? name.toString() : parentName + "/" + name;
    }

    /** Throws unless {@code file} is an existing regular file. */
    static void requireFile(Path file, String label) {
        if (!Files.exists(file)) {
            throw new DataException(label + ": file not found (" + file.toAbsolutePath().normalize() + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataException(label + ": not a regular file (" + file.toAbsolutePath().normalize() + ")");
        }
    }

    /** Maps an I/O failure to a one-line {@link DataException}. */
    static DataException ioFailure(String label, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(label + ": file not found", e);
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new DataException(label + ": cannot read (" + msg.replace('\n', ' ') + ")", e);
    }

    /** Fills {@code buf} from {@code pos}; throws {@link EOFException} if the file ends first. */
    static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new EOFException("file ended at byte " + p);
            }
            p += r;
        }
    }

    /** Checks that {@code rows * dim} values fit in one Java array. */
    static int checkedLength(String label, long rows, int dim) {
        long len = rows * dim;
        if (len > MAX_ARRAY) {
            throw new DataException(label + ": " + rows + " x " + dim + " values exceed the Java array limit of "
                    + MAX_ARRAY + "; load fewer rows");
        }
        return (int) len;
    }

    /**
     * Throws if any of {@code data[from, to)} is NaN or infinite, naming the row (relative to
     * {@code firstRow}) and component, so a corrupt file is rejected before it poisons distances.
     */
    static void checkFinite(String label, String what, float[] data, int from, int to, int dim, long firstRow) {
        for (int i = from; i < to; i++) {
            float v = data[i];
            if (!Float.isFinite(v)) {
                long row = firstRow + (i - from) / dim;
                throw new DataException(label + ": " + what + "row " + row + " component " + ((i - from) % dim)
                        + " is " + (Float.isNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity"));
            }
        }
    }
}
