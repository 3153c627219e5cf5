package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.Graph;
import io.crinn4j.data.AtomicFile;
import io.crinn4j.sandbox.harness.BuiltIndex;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A built graph on disk, so that module sets sharing a construction module build it once per run
 * folder instead of once per worker: a search- or refinement-stage pair (the seed's instances and
 * a candidate) then costs one build, and on fashion-mnist a seed build is 12 s of JDK 17.
 *
 * <p>The worker writes it right after construction — before any search code has run or seen a
 * query — and the caller names it by the construction module's normalized source hash and the
 * data it was built on, so a file only ever holds what that code builds on those vectors. It is
 * read back as untrusted input: magic, version, sizes against the file length, a CRC32C over
 * everything, and the {@link Graph} constructor's own validation; a file failing any of them is
 * ignored and rebuilt. Layout, big-endian: magic {@code "CRNG"}, int version 1, long construction
 * nanoseconds, long construction distances, int n, r, entry point, upper degree, then the five
 * arrays each as an int length and its values, then the CRC32C of all bytes before it.
 */
final class GraphFile {
    private static final int MAGIC = 0x43524e47; // "CRNG"
    private static final int VERSION = 1;

    private GraphFile() {
    }

    /** Writes {@code g} with {@link AtomicFile}; concurrent writers of the same graph are harmless. */
    public static void write(Path file, BuiltIndex.BuiltGraph g) throws IOException {
        AtomicFile.write(file, raw -> {
            CRC32C crc = new CRC32C();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
            Graph graph = g.graph();
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(g.constructionNanos());
            out.writeLong(g.distances());
            out.writeInt(graph.n);
            out.writeInt(graph.r);
            out.writeInt(graph.entryPoint);
            out.writeInt(graph.upperDegree);
            for (int[] a : new int[][] {graph.level0, graph.levels, graph.upperOffsets, graph.upperLinks, graph.extraEntryPoints}) {
                out.writeInt(a.length);
                for (int v : a) {
                    out.writeInt(v);
                }
            }
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
        });
    }

    /**
     * Reads a graph written by {@link #write}, checking it has {@code n} nodes; throws
     * {@link IOException} saying what is wrong when the file is damaged or not such a file.
     */
    public static BuiltIndex.BuiltGraph read(Path file, int n) throws IOException {
        long size = Files.size(file);
        CRC32C crc = new CRC32C();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             CheckedInputStream checked = new CheckedInputStream(raw, crc);
             DataInputStream in = new DataInputStream(checked)) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + ": not a crinn4j graph file of version " + VERSION);
            }
            long nanos = in.readLong();
            long distances = in.readLong();
            int gn = in.readInt();
            int r = in.readInt();
            int entry = in.readInt();
            int upperDegree = in.readInt();
            if (gn != n || r < 1 || upperDegree < 0 || nanos < 0) {
                throw new IOException(file + ": graph of " + gn + " nodes (r=" + r + "), expected " + n + " nodes");
            }
            long left = size - 40 - 8;
            int[][] arrays = new int[5][];
            for (int i = 0; i < arrays.length; i++) {
                int len = in.readInt();
                left -= 4;
                if (len < 0 || 4L * len > left) {
                    throw new IOException(file + ": truncated or corrupt (array " + i + " claims " + len + " values)");
                }
                int[] a = new int[len];
                for (int j = 0; j < len; j++) {
                    a[j] = in.readInt();
                }
                left -= 4L * len;
                arrays[i] = a;
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (stored != expected || left != 0) {
                throw new IOException(file + ": checksum mismatch (damaged file)");
            }
            try {
                return new BuiltIndex.BuiltGraph(new Graph(gn, r, arrays[0], arrays[1], entry, upperDegree, arrays[2], arrays[3], arrays[4]),
                        nanos, distances);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": not a valid graph: " + e.getMessage());
            }
        } catch (EOFException e) {
            throw new IOException(file + ": truncated");
        }
    }
}
