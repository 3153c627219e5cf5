package io.crinn4j.data;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file as a whole: the bytes go to a temporary file in the same folder, are forced to
 * disk, and the temporary file is renamed over the target. Every file crinn4j keeps between steps
 * is written this way (campaign variants and state, worker results, vector and graph files, the
 * ground-truth cache, reports), because a campaign can be killed at any moment ({@code kill -9},
 * Ctrl-C, a worker over its limit) and is then resumed from what is on disk, and readers such as
 * {@code crinn leaderboard} look at a campaign while it runs: a reader must find the old file or
 * the new one, never half of one.
 *
 * <ul>
 * <li>Forced before the rename: without {@link FileChannel#force} a power cut can persist the
 *     rename but not the data, leaving a renamed file of length zero where the old file was.</li>
 * <li>A unique temporary name per write (random, created exclusively): two threads or processes
 *     writing the same target (two workers caching one graph, two campaigns one ground truth)
 *     each write their own file and the last rename wins, where a fixed {@code name.tmp} would
 *     let one truncate or rename the other's half-written file.</li>
 * <li>The temporary file is hidden ({@code .name.<random>.tmp}) and deleted when anything fails,
 *     so folder scans (the manual proposer's numbered prompts, the cache's file names) never see
 *     it and a failed write leaves nothing behind.</li>
 * <li>Same folder, so the rename never crosses a file system and {@code ATOMIC_MOVE} is always
 *     available. The folder itself is not forced: after a power cut the rename may be lost, which
 *     leaves the old file, still a whole one.</li>
 * </ul>
 * The temporary file is created with the default permissions (umask), as the target would be.
 */
public final class AtomicFile {

    /** Writes a file's content to a stream; the stream may be closed or left open. */
    @FunctionalInterface
    public interface StreamBody {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a file's content to a channel positioned at 0; it must not close the channel. */
    @FunctionalInterface
    public interface ChannelBody {
        void writeTo(FileChannel ch) throws IOException;
    }

    private static final int BUFFER = 1 << 16;

    private AtomicFile() {
    }

    /** Replaces {@code file} by exactly {@code bytes}; creates missing parent folders. */
    public static void write(Path file, byte[] bytes) throws IOException {
        writeChannel(file, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    /** Replaces {@code file} by {@code text} in UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code file} by what {@code body} writes to a buffered stream: for large binary files. */
    public static void write(Path file, StreamBody body) throws IOException {
        writeChannel(file, ch -> {
            // Closing the body's stream must not close the channel before it is forced.
            OutputStream buffered = new BufferedOutputStream(new FilterOutputStream(Channels.newOutputStream(ch)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            }, BUFFER);
            body.writeTo(buffered);
            buffered.flush();
        });
    }

    /** Replaces {@code file} by what {@code body} writes to the channel of the temporary file. */
    public static void writeChannel(Path file, ChannelBody body) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        try {
            FileChannel ch = null;
            while (ch == null) {
                tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
                try {
                    ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    tmp = null; // another writer drew the same name: draw again
                }
            }
            try (FileChannel c = ch) {
                body.writeTo(c);
                c.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}
