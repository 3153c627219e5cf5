package io.crinn4j.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Ground truth computed once per dataset content and kept on disk.
 *
 * <p>Files live directly in the cache directory as {@code gt-<contentHash>-k<K>-v1.bin}, where
 * {@code contentHash} is {@link Dataset#contentHash()} (so renaming a dataset keeps its cache,
 * and changing one vector invalidates it) and {@code K} the neighbours stored. A request for
 * {@code k} is served by the smallest valid file with {@code K >= k}, trimmed with
 * {@link GroundTruth#prefix}; only when none exists is ground truth computed, with
 * {@code K = min(n, max(k, }{@value #MIN_STORED_K}{@code ))} so later requests up to 100 reuse it.
 *
 * <p>Format version 1, little-endian: a {@value #HEADER_BYTES}-byte header (int32 magic
 * {@code 0x54474e43} "CNGT", int32 version 1, int32 nq, int32 K, int32 n, int32 reserved 0, 32
 * raw SHA-256 bytes of the content hash), then {@code nq*K} int32 ids, then {@code nq*K} float32
 * distances in ann-benchmarks units, then an int32 CRC-32 of everything before it. A file whose
 * size, header, checksum or ids do not match the dataset is deleted and recomputed, never trusted.
 * Files are written with {@link AtomicFile}, so concurrent processes see either no file or a
 * complete one. When the directory is not writable the result is still returned, with a warning.
 */
public final class GroundTruthCache {

    /** Fewest neighbours stored when computing, so one computation serves the usual k of 1, 10 and 100. */
    public static final int MIN_STORED_K = 100;

    static final int MAGIC = 0x54474e43;
    static final int VERSION = 1;
    static final int HEADER_BYTES = 56;

    private static final Logger LOG = LoggerFactory.getLogger(GroundTruthCache.class);
    private static final Pattern NAME = Pattern.compile("gt-([0-9a-f]{64})-k([0-9]+)-v" + VERSION + "\\.bin");

    /** Computes ground truth on a miss; replaceable so tests can count computations. */
    @FunctionalInterface
    interface Computer {
        GroundTruth compute(Dataset ds, int k, int threads, IntConsumer progress);
    }

    private final Path dir;
    private final Computer computer;

    /** A cache in {@code cacheDir}, created on first write if missing. */
    public GroundTruthCache(Path cacheDir) {
        this(cacheDir, GroundTruthBuilder::compute);
    }

    GroundTruthCache(Path cacheDir, Computer computer) {
        this.dir = cacheDir;
        this.computer = computer;
    }

    /**
     * The conventional cache location: system property {@code crinn.cache.dir}, else environment
     * variable {@code CRINN_CACHE_DIR}, else {@code ~/.cache/crinn4j/groundtruth}.
     */
    public static Path defaultDirectory() {
        String p = System.getProperty("crinn.cache.dir");
        if (p == null || p.isBlank()) {
            p = System.getenv("CRINN_CACHE_DIR");
        }
        if (p != null && !p.isBlank()) {
            return Paths.get(p);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "crinn4j", "groundtruth");
    }

    /** As {@link #getOrCompute(Dataset, int, int, IntConsumer)} without progress reports. */
    public GroundTruth getOrCompute(Dataset ds, int k, int threads) {
        return getOrCompute(ds, k, threads, null);
    }

    /**
     * Returns the exact {@code k} nearest neighbours of every query of {@code ds}, from the cache
     * when a valid entry exists, otherwise computed (see {@link GroundTruthBuilder#compute}) and
     * stored. {@code progress} is only called when computing.
     */
    public GroundTruth getOrCompute(Dataset ds, int k, int threads, IntConsumer progress) {
        if (k <= 0 || k > ds.n()) {
            throw new DataException(ds.name() + ": ground-truth k=" + k + " outside 1.." + ds.n() + " (the base size)");
        }
        String hash = ds.contentHash();
        for (Path candidate : candidates(hash, k)) {
            GroundTruth gt = tryLoad(candidate, ds);
            if (gt != null) {
                return gt.prefix(k);
            }
        }
        int storedK = Math.min(ds.n(), Math.max(k, MIN_STORED_K));
        GroundTruth gt = computer.compute(ds, storedK, threads, progress);
        Path target = fileFor(hash, storedK);
        try {
            write(target, gt, ds);
        } catch (IOException e) {
            LOG.warn("{}: could not store ground truth in {}: {}", ds.name(), target, e.toString());
        }
        return gt.prefix(k);
    }

    /** The cache file holding {@code k} neighbours for a dataset with this content hash. */
    public Path fileFor(String contentHash, int k) {
        return dir.resolve("gt-" + contentHash + "-k" + k + "-v" + VERSION + ".bin");
    }

    /** Existing files for this content with {@code K >= k}, smallest K first. */
    private List<Path> candidates(String hash, int k) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "gt-" + hash + "-k*-v" + VERSION + ".bin")) {
            for (Path p : ds) {
                long storedK = storedK(p);
                if (storedK >= k) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list ground-truth cache {}: {}", dir, e.toString());
            return new ArrayList<>();
        }
        out.sort(Comparator.comparingLong(GroundTruthCache::storedK));
        return out;
    }

    /** K encoded in a cache file name, or -1 if the name is not a cache file name. */
    private static long storedK(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() && m.group(2).length() < 10 ? Long.parseLong(m.group(2)) : -1;
    }

    /** Loads a cache file, or deletes it and returns null if it is not valid for {@code ds}. */
    private GroundTruth tryLoad(Path file, Dataset ds) {
        try {
            GroundTruth gt = read(file, ds);
            if (gt != null) {
                return gt;
            }
        } catch (IOException e) {
            LOG.warn("{}: unreadable ground-truth cache file {}: {}", ds.name(), file, e.toString());
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("{}: cannot delete invalid cache file {}: {}", ds.name(), file, e.toString());
        }
        return null;
    }

    /** Reads and fully validates a cache file; null (with a warning) when it is invalid. */
    static GroundTruth read(Path file, Dataset ds) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        String problem = null;
        int nq = 0;
        int k = 0;
        if (bytes.length < HEADER_BYTES + 4) {
            problem = "shorter than the header";
        } else if (b.getInt(0) != MAGIC) {
            problem = "bad magic";
        } else if (b.getInt(4) != VERSION) {
            problem = "format version " + b.getInt(4);
        } else {
            nq = b.getInt(8);
            k = b.getInt(12);
            byte[] hash = new byte[32];
            b.get(24, hash);
            if (nq != ds.nq() || b.getInt(16) != ds.n() || k <= 0 || k > ds.n()) {
                problem = "shape " + nq + " x " + k + " (n=" + b.getInt(16) + ") does not match the dataset";
            } else if (!HexFormat.of().formatHex(hash).equals(ds.contentHash())) {
                problem = "content hash does not match the dataset";
            } else if (bytes.length != HEADER_BYTES + 8L * nq * k + 4) {
                problem = "size " + bytes.length + " does not match its header";
            } else {
                CRC32 crc = new CRC32();
                crc.update(bytes, 0, bytes.length - 4);
                if ((int) crc.getValue() != b.getInt(bytes.length - 4)) {
                    problem = "checksum mismatch";
                }
            }
        }
        if (problem != null) {
            LOG.warn("{}: ignoring invalid ground-truth cache file {} ({})", ds.name(), file, problem);
            return null;
        }
        int len = nq * k;
        int[] ids = new int[len];
        float[] dist = new float[len];
        b.position(HEADER_BYTES);
        b.asIntBuffer().get(ids);
        b.position(HEADER_BYTES + 4 * len);
        b.asFloatBuffer().get(dist);
        for (int id : ids) {
            if (id < 0 || id >= ds.n()) {
                LOG.warn("{}: ignoring invalid ground-truth cache file {} (id {} out of range)", ds.name(), file, id);
                return null;
            }
        }
        return new GroundTruth(nq, k, ids, dist);
    }

    /** Writes {@code gt} to {@code target} with {@link AtomicFile}. */
    static void write(Path target, GroundTruth gt, Dataset ds) throws IOException {
        int len = gt.nq() * gt.k();
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 8 * len + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putInt(gt.nq()).putInt(gt.k()).putInt(ds.n()).putInt(0);
        b.put(HexFormat.of().parseHex(ds.contentHash()));
        b.asIntBuffer().put(gt.ids());
        b.position(HEADER_BYTES + 4 * len);
        b.asFloatBuffer().put(gt.distances());
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.capacity() - 4);
        b.putInt(b.capacity() - 4, (int) crc.getValue());
        AtomicFile.write(target, b.array());
    }
}
