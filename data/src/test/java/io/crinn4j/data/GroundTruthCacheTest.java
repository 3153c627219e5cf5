package io.crinn4j.data;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.crinn4j.data.TestFiles.assertDataError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroundTruthCacheTest {

    @TempDir
    Path tmp;

    private final AtomicInteger computations = new AtomicInteger();
    private final AtomicInteger lastK = new AtomicInteger();
    private GroundTruthCache cache;
    private Dataset ds;

    @BeforeEach
    void setUp() {
        cache = new GroundTruthCache(tmp.resolve("cache"), (d, k, threads, progress) -> {
            computations.incrementAndGet();
            lastK.set(k);
            return GroundTruthBuilder.compute(d, k, threads, progress);
        });
        ds = Datasets.resolve("synthetic:n=800,d=8,clusters=4,queries=40,seed=9", null);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    @Test
    void secondCallLoadsInsteadOfRecomputing() throws IOException {
        GroundTruth first = cache.getOrCompute(ds, 10, 2);
        assertEquals(1, computations.get());
        assertEquals(GroundTruthCache.MIN_STORED_K, lastK.get(), "computes 100 so later k <= 100 are served");
        Path file = cache.fileFor(ds.contentHash(), 100);
        assertEquals(List.of(file), files(), "one file, no temporary left behind");
        long modified = Files.getLastModifiedTime(file).toMillis();

        GroundTruth again = cache.getOrCompute(ds, 10, 2);
        GroundTruth fresh = new GroundTruthCache(tmp.resolve("cache")).getOrCompute(ds, 10, 2);
        assertEquals(1, computations.get());
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
        assertArrayEquals(first.ids(), again.ids());
        assertArrayEquals(first.distances(), again.distances());
        assertArrayEquals(first.ids(), fresh.ids());
        assertArrayEquals(GroundTruthBuilder.compute(ds, 10, 1).ids(), again.ids());
    }

    @Test
    void smallerKIsAPrefixOfTheStoredOne() {
        GroundTruth hundred = cache.getOrCompute(ds, 100, 2);
        GroundTruth one = cache.getOrCompute(ds, 1, 2);
        GroundTruth thirty = cache.getOrCompute(ds, 30, 2);
        assertEquals(1, computations.get());
        assertEquals(1, one.k());
        assertEquals(30, thirty.k());
        for (int q = 0; q < ds.nq(); q++) {
            assertEquals(hundred.id(q, 0), one.id(q, 0));
            assertArrayEquals(java.util.Arrays.copyOf(hundred.row(q), 30), thirty.row(q));
        }
    }

    @Test
    void largerKThanStoredIsComputedAndKeptAlongside() throws IOException {
        cache.getOrCompute(ds, 10, 1);
        GroundTruth big = cache.getOrCompute(ds, 150, 1);
        assertEquals(2, computations.get());
        assertEquals(150, big.k());
        assertEquals(2, files().size());
        // The smallest sufficient file serves later requests.
        cache.getOrCompute(ds, 120, 1);
        cache.getOrCompute(ds, 50, 1);
        assertEquals(2, computations.get());
    }

    @Test
    void otherContentUsesAnotherFile() throws IOException {
        cache.getOrCompute(ds, 10, 1);
        cache.getOrCompute(ds.firstQueries(5), 10, 1);
        assertEquals(2, computations.get());
        assertEquals(2, files().size());
    }

    @Test
    void corruptFileIsDetectedRecomputedAndReplaced() throws IOException {
        GroundTruth good = cache.getOrCompute(ds, 10, 1);
        Path file = cache.fileFor(ds.contentHash(), 100);
        byte[] bytes = Files.readAllBytes(file);
        bytes[GroundTruthCache.HEADER_BYTES + 120] ^= 0x01; // low bit of one id: still in range, only the checksum notices
        Files.write(file, bytes);

        GroundTruth again = cache.getOrCompute(ds, 10, 1);
        assertEquals(2, computations.get());
        assertArrayEquals(good.ids(), again.ids());
        assertTrue(GroundTruthCache.read(file, ds) != null, "the file was replaced by a valid one");
        cache.getOrCompute(ds, 10, 1);
        assertEquals(2, computations.get());
    }

    @Test
    void truncatedGarbageAndForeignFilesAreNotTrusted() throws IOException {
        cache.getOrCompute(ds, 10, 1);
        Path file = cache.fileFor(ds.contentHash(), 100);
        byte[] bytes = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        cache.getOrCompute(ds, 10, 1);
        assertEquals(2, computations.get());

        Files.writeString(file, "not a cache file");
        cache.getOrCompute(ds, 10, 1);
        assertEquals(3, computations.get());

        // A valid file of another dataset renamed into this dataset's slot.
        Dataset other = Datasets.resolve("synthetic:n=800,d=8,clusters=4,queries=40,seed=10", null);
        cache.getOrCompute(other, 10, 1);
        Files.copy(cache.fileFor(other.contentHash(), 100), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        GroundTruth gt = cache.getOrCompute(ds, 10, 1);
        assertEquals(5, computations.get());
        assertArrayEquals(GroundTruthBuilder.compute(ds, 10, 1).ids(), gt.ids());
    }

    @Test
    void progressIsPassedThroughOnlyWhenComputing() {
        AtomicInteger last = new AtomicInteger();
        cache.getOrCompute(ds, 10, 2, last::set);
        assertEquals(ds.nq(), last.get());
        last.set(-1);
        cache.getOrCompute(ds, 10, 2, last::set);
        assertEquals(-1, last.get());
    }

    @Test
    void badKIsRejected() {
        assertDataError(() -> cache.getOrCompute(ds, 801, 1), "k=801 outside 1..800");
    }

    @Test
    void smallBaseStoresAllNeighbours() {
        Dataset tiny = Datasets.resolve("synthetic:n=30,d=4,clusters=2,queries=3,seed=1", null);
        GroundTruth gt = cache.getOrCompute(tiny, 5, 1);
        assertEquals(30, lastK.get());
        assertEquals(5, gt.k());
    }
}
