package io.crinn4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFileTest {

    @TempDir
    Path tmp;

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesExactContentCreatingFoldersAndReplacing() throws IOException {
        Path file = tmp.resolve("a/b/c.bin");
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        AtomicFile.write(file, bytes);
        assertArrayEquals(bytes, Files.readAllBytes(file));

        AtomicFile.writeString(file, "grüße ✓\n");
        assertEquals("grüße ✓\n", Files.readString(file, StandardCharsets.UTF_8));

        AtomicFile.write(file, new byte[0]);
        assertEquals(0, Files.size(file));
        assertEquals(List.of("c.bin"), names(file.getParent()));
    }

    @Test
    void streamBodyMayCloseItsStream() throws IOException {
        Path file = tmp.resolve("s.bin");
        AtomicFile.write(file, out -> {
            try (DataOutputStream d = new DataOutputStream(out)) {
                for (int i = 0; i < 100_000; i++) {
                    d.writeInt(i);
                }
            }
        });
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        assertEquals(400_000, b.capacity());
        for (int i = 0; i < 100_000; i++) {
            assertEquals(i, b.getInt());
        }
        AtomicFile.write(file, out -> out.write(new byte[] {1, 2, 3})); // left open: still flushed
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        assertEquals(List.of("s.bin"), names(tmp));
    }

    @Test
    void channelBody() throws IOException {
        Path file = tmp.resolve("c.bin");
        AtomicFile.writeChannel(file, ch -> {
            ByteBuffer b = ByteBuffer.allocate(8).putLong(0x0102030405060708L).flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
        assertEquals(0x0102030405060708L, ByteBuffer.wrap(Files.readAllBytes(file)).getLong());
    }

    @Test
    void failureKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("keep.txt");
        AtomicFile.writeString(file, "old");
        IOException io = new IOException("disk full");
        assertSame(io, assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write(new byte[100_000]);
            throw io;
        })));
        UncheckedIOException unchecked = new UncheckedIOException(io);
        assertSame(unchecked, assertThrows(UncheckedIOException.class, () -> AtomicFile.writeChannel(file, ch -> {
            ch.write(ByteBuffer.wrap(new byte[10]));
            throw unchecked;
        })));
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("keep.txt"), names(tmp));

        Path fresh = tmp.resolve("never.txt");
        assertThrows(IOException.class, () -> AtomicFile.write(fresh, out -> {
            throw new IOException("before any byte");
        }));
        assertEquals(List.of("keep.txt"), names(tmp));
    }

    /**
     * Writers of different contents to one target, and a reader meanwhile: every read finds one
     * whole content, never a mix or a truncated file, and no temporary file is left.
     */
    @Test
    void concurrentWritersOfOneTarget() throws Exception {
        Path file = tmp.resolve("shared.bin");
        int writers = 4;
        int size = 64 * 1024;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean done = new AtomicBoolean();
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                byte[] content = new byte[size];
                Arrays.fill(content, (byte) (w + 1));
                jobs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 25; i++) {
                        AtomicFile.write(file, content);
                    }
                    return null;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int reads = 0;
                while (!done.get()) {
                    byte[] got;
                    try {
                        got = Files.readAllBytes(file);
                    } catch (NoSuchFileException e) {
                        continue; // no writer has finished yet
                    }
                    assertEquals(size, got.length);
                    for (byte b : got) {
                        assertEquals(got[0], b);
                    }
                    reads++;
                }
                return reads;
            });
            start.countDown();
            for (Future<?> f : jobs) {
                f.get(60, TimeUnit.SECONDS);
            }
            done.set(true);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        byte[] last = Files.readAllBytes(file);
        assertEquals(size, last.length);
        assertTrue(last[0] >= 1 && last[0] <= writers);
        assertEquals(List.of("shared.bin"), names(tmp));
    }
}
