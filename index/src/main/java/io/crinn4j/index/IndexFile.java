package io.crinn4j.index;

import io.crinn4j.contract.Graph;
import io.crinn4j.contract.Metric;
import io.crinn4j.contract.Vectors;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The on-disk form of an {@link Index}: the base vectors and the graph, in one versioned file
 * with a checksum. Module state computed in {@code prepare()} (quantized codes, renumbering) is
 * not stored: it is computed again on load, so a file holds only the contract's own types and
 * cannot smuggle anything into a module (see {@code docs/export.md} for the cost).
 *
 * <p>Layout (little-endian):
 * <pre>
 *   8 bytes  magic "CRINNIDX"
 *   int32    format version ({@value #VERSION})
 *   int32    H, the header's length in bytes
 *   H bytes  header, UTF-8 "key=value" lines: n, d, metric, the graph's shape, the three modules'
 *            identities and their fingerprint, the construction's time and distance count, provenance
 *   float32  base vectors, n × d, row-major
 *   int32    graph: layer 0 (n × r), levels (n), upper offsets (n), upper links, extra entry points
 *   int32    CRC-32C of every byte before it
 *   8 bytes  "CRINNEND"
 * </pre>
 * Reading checks, in order: the magic, the version, the header's fields, the file's exact size
 * (a truncated file is named as such before anything large is allocated), the checksum, and the
 * graph's own invariants ({@link Graph}'s constructor). Each failure is an
 * {@link IndexFileException} with one line saying what is wrong.
 */
public final class IndexFile {

    /** The format version this library writes and reads. */
    public static final int VERSION = 1;

    private static final byte[] MAGIC = "CRINNIDX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "CRINNEND".getBytes(StandardCharsets.US_ASCII);
    private static final int PREAMBLE = 16;
    private static final int MAX_HEADER = 1 << 20;
    private static final int CHUNK = 1 << 20;

    private IndexFile() {
    }

    /**
     * What the header says.
     *
     * @param constructionNanos how long construction took when the index was built
     * @param buildDistances    distances construction reported
     * @param info              everything else the header holds (provenance: created, export, campaign, variants)
     */
    public record Header(int version, int n, int d, Metric metric, int r, int upperDegree, int entryPoint, int upperLinks,
                         int extraEntryPoints, String construction, String search, String refinement, String fingerprint,
                         long constructionNanos, long buildDistances, Map<String, String> info) {

        /** Exact size in bytes of a file with this header of {@code headerBytes} bytes. */
        long fileSize(int headerBytes) {
            long ints = (long) n * r + 2L * n + upperLinks + extraEntryPoints;
            return PREAMBLE + headerBytes + 4L * n * d + 4L * ints + 4 + END.length;
        }

        /** One line: the three module identities. */
        public String modules() {
            return "construction " + construction + ", search " + search + ", refinement " + refinement;
        }
    }

    /** A file read back: its header, the base vectors and the graph, all checked. */
    public record Contents(Header header, Vectors vectors, Graph graph) {
    }

    /** Reads and checks the header alone (a few hundred bytes), e.g. to see which modules built a file. */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            return header(file, ch, ch.size()).header;
        }
    }

    /** Reads and checks the whole file. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            long size = ch.size();
            Parsed p = header(file, ch, size);
            Header h = p.header;
            long expected = h.fileSize(p.headerBytes);
            if (size < expected) {
                throw new IndexFileException(file + " is truncated: " + size + " bytes, its header announces " + expected
                        + " (n=" + h.n + ", d=" + h.d + "); was it copied or written only in part?");
            }
            if (size > expected) {
                throw new IndexFileException(file + " is corrupt: " + (size - expected) + " bytes more than its header announces (" + expected + ")");
            }
            CRC32C crc = p.crc;
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            float[] data = new float[Math.multiplyExact(h.n, h.d)];
            int[] level0 = new int[Math.multiplyExact(h.n, h.r)];
            int[] levels = new int[h.n];
            int[] upperOffsets = new int[h.n];
            int[] upperLinks = new int[h.upperLinks];
            int[] extra = new int[h.extraEntryPoints];
            try {
                readFloats(ch, buf, crc, data);
                for (int[] a : new int[][] {level0, levels, upperOffsets, upperLinks, extra}) {
                    readInts(ch, buf, crc, a);
                }
                ByteBuffer tail = ByteBuffer.allocate(4 + END.length).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, tail);
                tail.flip();
                int stored = tail.getInt();
                byte[] end = new byte[END.length];
                tail.get(end);
                int computed = (int) crc.getValue();
                if (!Arrays.equals(end, END) || stored != computed) {
                    throw new IndexFileException(file + " is corrupt: its checksum does not match its content (stored "
                            + String.format(Locale.ROOT, "%08x, computed %08x", stored, computed) + ")");
                }
            } catch (EOFException e) {
                throw new IndexFileException(file + " is truncated: it ended before the data its header announces", e);
            }
            if (h.metric == Metric.ANGULAR) {
                // Not a format check, a contract one: angular rows are unit length. Cheap next to reading them.
                checkUnitRows(file, data, h.d);
            }
            Vectors v;
            Graph g;
            try {
                v = new Vectors(data, h.n, h.d, h.metric);
                g = new Graph(h.n, h.r, level0, levels, h.entryPoint, h.upperDegree, upperOffsets, upperLinks, extra);
            } catch (IllegalArgumentException e) {
                throw new IndexFileException(file + " is corrupt: its graph is inconsistent (" + e.getMessage() + ")", e);
            }
            return new Contents(h, v, g);
        }
    }

    /**
     * Writes an index file, atomically: to a temporary file beside {@code file}, forced to disk,
     * then renamed over it, so a reader never sees half a file.
     */
    static void write(Path file, Vectors v, Graph g, IndexModules modules, long constructionNanos, long buildDistances,
                      Map<String, String> info) throws IOException {
        Map<String, String> h = new TreeMap<>();
        info.forEach((k, val) -> h.put("info." + k, oneLine(val)));
        h.put("n", Integer.toString(v.n));
        h.put("d", Integer.toString(v.d));
        h.put("metric", v.metric.name());
        h.put("graph.r", Integer.toString(g.r));
        h.put("graph.upperDegree", Integer.toString(g.upperDegree));
        h.put("graph.entryPoint", Integer.toString(g.entryPoint));
        h.put("graph.upperLinks", Integer.toString(g.upperLinks.length));
        h.put("graph.extraEntryPoints", Integer.toString(g.extraEntryPoints.length));
        h.put("module.construction", modules.id(io.crinn4j.contract.ModuleKind.CONSTRUCTION));
        h.put("module.search", modules.id(io.crinn4j.contract.ModuleKind.SEARCH));
        h.put("module.refinement", modules.id(io.crinn4j.contract.ModuleKind.REFINEMENT));
        h.put("modules", modules.fingerprint());
        h.put("build.constructionNanos", Long.toString(constructionNanos));
        h.put("build.distances", Long.toString(buildDistances));
        StringBuilder text = new StringBuilder();
        h.forEach((k, val) -> text.append(k).append('=').append(val).append('\n'));
        byte[] header = text.toString().getBytes(StandardCharsets.UTF_8);
        if (header.length > MAX_HEADER) {
            throw new IllegalArgumentException("index header of " + header.length + " bytes is larger than " + MAX_HEADER);
        }
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // Not Files.createTempFile: its file is readable by the owner only, and the index should get the permissions any new file gets.
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime() ^ Thread.currentThread().getId()) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                CRC32C crc = new CRC32C();
                ByteBuffer pre = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
                pre.put(MAGIC).putInt(VERSION).putInt(header.length).flip();
                writeAll(ch, pre, crc);
                writeAll(ch, ByteBuffer.wrap(header), crc);
                ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                writeFloats(ch, buf, crc, v.data);
                for (int[] a : new int[][] {g.level0, g.levels, g.upperOffsets, g.upperLinks, g.extraEntryPoints}) {
                    writeInts(ch, buf, crc, a);
                }
                ByteBuffer tail = ByteBuffer.allocate(4 + END.length).order(ByteOrder.LITTLE_ENDIAN);
                tail.putInt((int) crc.getValue()).put(END).flip();
                while (tail.hasRemaining()) {
                    ch.write(tail);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    // ---- reading the header ----

    private record Parsed(Header header, int headerBytes, CRC32C crc) {
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such index file");
        }
    }

    private static Parsed header(Path file, FileChannel ch, long size) throws IOException {
        if (size < PREAMBLE) {
            throw new IndexFileException(file + " is not a crinn4j index file (" + size + " bytes, too short for its header)");
        }
        CRC32C crc = new CRC32C();
        ByteBuffer pre = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre);
        pre.flip();
        crc.update(pre.duplicate());
        byte[] magic = new byte[MAGIC.length];
        pre.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IndexFileException(file + " is not a crinn4j index file (it does not start with " + new String(MAGIC, StandardCharsets.US_ASCII) + ")");
        }
        int version = pre.getInt();
        if (version != VERSION) {
            throw new IndexFileException(file + " is an index file of format version " + version + "; this library reads version " + VERSION
                    + (version > VERSION ? " (it was written by a newer crinn4j)" : ""));
        }
        int hlen = pre.getInt();
        if (hlen <= 0 || hlen > MAX_HEADER) {
            throw new IndexFileException(file + " is corrupt: its header length " + hlen + " is outside 1.." + MAX_HEADER);
        }
        if (PREAMBLE + (long) hlen > size) {
            throw new IndexFileException(file + " is truncated: " + size + " bytes, shorter than its own header (" + hlen + " bytes)");
        }
        ByteBuffer hb = ByteBuffer.allocate(hlen);
        try {
            readFully(ch, hb);
        } catch (EOFException e) {
            throw new IndexFileException(file + " is truncated inside its header", e);
        }
        hb.flip();
        crc.update(hb.duplicate());
        String text = StandardCharsets.UTF_8.decode(hb).toString();
        Map<String, String> kv = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IndexFileException(file + " is corrupt: its header line '" + abbreviate(line) + "' is not key=value");
            }
            kv.put(line.substring(0, eq), line.substring(eq + 1));
        }
        Map<String, String> info = new TreeMap<>();
        kv.forEach((k, v) -> {
            if (k.startsWith("info.")) {
                info.put(k.substring(5), v);
            }
        });
        int n = positive(file, kv, "n", 1);
        int d = positive(file, kv, "d", 1);
        int r = positive(file, kv, "graph.r", 1);
        Metric metric;
        try {
            metric = Metric.valueOf(required(file, kv, "metric"));
        } catch (IllegalArgumentException e) {
            throw new IndexFileException(file + " is corrupt: unknown metric '" + kv.get("metric") + "' in its header");
        }
        String c = required(file, kv, "module.construction");
        String s = required(file, kv, "module.search");
        String rf = required(file, kv, "module.refinement");
        String fp = required(file, kv, "modules");
        if (!fp.equals(IndexModules.fingerprint(c, s, rf))) {
            throw new IndexFileException(file + " is corrupt: its module fingerprint " + fp + " does not match the modules it names");
        }
        if ((long) n * d > Integer.MAX_VALUE - 8 || (long) n * r > Integer.MAX_VALUE - 8) {
            throw new IndexFileException(file + " is corrupt: n=" + n + ", d=" + d + ", r=" + r + " are too large for one index");
        }
        Header h = new Header(version, n, d, metric, r, positive(file, kv, "graph.upperDegree", 0), positive(file, kv, "graph.entryPoint", 0),
                positive(file, kv, "graph.upperLinks", 0), positive(file, kv, "graph.extraEntryPoints", 0), c, s, rf, fp,
                nonNegativeLong(file, kv, "build.constructionNanos"), nonNegativeLong(file, kv, "build.distances"), Map.copyOf(info));
        return new Parsed(h, hlen, crc);
    }

    private static String required(Path file, Map<String, String> kv, String key) throws IndexFileException {
        String v = kv.get(key);
        if (v == null || v.isEmpty()) {
            throw new IndexFileException(file + " is corrupt: its header has no '" + key + "'");
        }
        return v;
    }

    private static int positive(Path file, Map<String, String> kv, String key, int min) throws IndexFileException {
        String v = required(file, kv, key);
        try {
            int i = Integer.parseInt(v);
            if (i < min) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IndexFileException(file + " is corrupt: its header's " + key + " is '" + abbreviate(v) + "', not an integer >= " + min);
        }
    }

    private static long nonNegativeLong(Path file, Map<String, String> kv, String key) throws IndexFileException {
        String v = required(file, kv, key);
        try {
            long l = Long.parseLong(v);
            if (l < 0) {
                throw new NumberFormatException();
            }
            return l;
        } catch (NumberFormatException e) {
            throw new IndexFileException(file + " is corrupt: its header's " + key + " is '" + abbreviate(v) + "', not a count");
        }
    }

    private static void checkUnitRows(Path file, float[] data, int d) throws IndexFileException {
        for (int off = 0; off < data.length; off += d) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (double) data[off + j] * data[off + j];
            }
            if (!(Math.abs(s - 1) < 1e-3)) {
                throw new IndexFileException(file + " is corrupt: angular row " + off / d + " has squared length " + s + ", not 1");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    // ---- bulk I/O ----

    private static void readFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException();
            }
        }
    }

    private static void writeAll(FileChannel ch, ByteBuffer b, CRC32C crc) throws IOException {
        crc.update(b.duplicate());
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Moves {@code len} elements at {@code off} between an array and the buffer's current chunk. */
    @FunctionalInterface
    private interface ChunkCopy {
        void copy(int off, int len);
    }

    private static void readFloats(FileChannel ch, ByteBuffer buf, CRC32C crc, float[] a) throws IOException {
        readChunks(ch, buf, crc, a.length, (off, len) -> buf.asFloatBuffer().get(a, off, len));
    }

    private static void readInts(FileChannel ch, ByteBuffer buf, CRC32C crc, int[] a) throws IOException {
        readChunks(ch, buf, crc, a.length, (off, len) -> buf.asIntBuffer().get(a, off, len));
    }

    private static void writeFloats(FileChannel ch, ByteBuffer buf, CRC32C crc, float[] a) throws IOException {
        writeChunks(ch, buf, crc, a.length, (off, len) -> buf.asFloatBuffer().put(a, off, len));
    }

    private static void writeInts(FileChannel ch, ByteBuffer buf, CRC32C crc, int[] a) throws IOException {
        writeChunks(ch, buf, crc, a.length, (off, len) -> buf.asIntBuffer().put(a, off, len));
    }

    /** Reads {@code count} 4-byte elements a buffer-full at a time, each chunk checksummed, then handed to {@code get}. */
    private static void readChunks(FileChannel ch, ByteBuffer buf, CRC32C crc, int count, ChunkCopy get) throws IOException {
        for (int off = 0; off < count; ) {
            int len = Math.min(count - off, buf.capacity() / 4);
            buf.clear().limit(len * 4);
            readFully(ch, buf);
            buf.flip();
            crc.update(buf.duplicate());
            get.copy(off, len);
            off += len;
        }
    }

    /** Writes {@code count} 4-byte elements a buffer-full at a time: {@code put} fills a chunk, which is checksummed and written. */
    private static void writeChunks(FileChannel ch, ByteBuffer buf, CRC32C crc, int count, ChunkCopy put) throws IOException {
        for (int off = 0; off < count; ) {
            int len = Math.min(count - off, buf.capacity() / 4);
            buf.clear();
            put.copy(off, len);
            buf.limit(len * 4);
            writeAll(ch, buf, crc);
            off += len;
        }
    }
}
