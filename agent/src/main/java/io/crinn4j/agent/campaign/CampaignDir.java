package io.crinn4j.agent.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.config.ConfigYaml;
import io.crinn4j.agent.config.LegacyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

/**
 * A campaign's folder: {@code campaign.yaml} (the resolved configuration, written once),
 * {@code state.json} (wall-clock time used by earlier sessions), {@code events.jsonl}, the
 * program database ({@code variants/}, {@code groups/}), the sandbox's run folder
 * ({@code sandbox/}) and {@code result.json}. Holds an exclusive lock on {@code .lock} while
 * open, so two processes never run the same campaign at once.
 */
public final class CampaignDir implements AutoCloseable {
    private final Path path;
    private final CampaignConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private double elapsedBefore;

    private CampaignDir(Path path, CampaignConfig config) {
        this.path = path;
        this.config = config;
        FileLock l;
        try {
            lockChannel = FileChannel.open(path.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                l = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                l = null; // held by this very JVM
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + path + ": " + e.getMessage(), e);
        }
        if (l == null) {
            try {
                lockChannel.close();
            } catch (IOException ignored) {
                // closing only releases our handle
            }
            throw new IllegalStateException(path + " is in use by another crinn process");
        }
        lock = l;
        Path state = path.resolve("state.json");
        if (Files.exists(state)) {
            try {
                Map<?, ?> m = new ObjectMapper().readValue(state.toFile(), Map.class);
                elapsedBefore = ((Number) m.get("elapsedSeconds")).doubleValue();
            } catch (IOException | RuntimeException e) {
                elapsedBefore = 0;
            }
        }
    }

    /** Creates a new campaign folder; refuses a folder that already holds a campaign. */
    public static CampaignDir create(Path path, CampaignConfig config) {
        if (Files.exists(path.resolve("campaign.yaml"))) {
            throw new IllegalArgumentException(path + " already holds a campaign; continue it with: crinn resume " + path);
        }
        try {
            Files.createDirectories(path);
            ProgramDatabase.writeAtomic(path.resolve("campaign.yaml"), config.toYaml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the campaign folder " + path + ": " + e.getMessage(), e);
        }
        return new CampaignDir(path, config);
    }

    /** Opens an existing campaign folder for resuming. */
    public static CampaignDir open(Path path) {
        return new CampaignDir(path, savedConfig(path));
    }

    /**
     * The configuration saved in a campaign folder, read without taking the lock: for readers such
     * as {@code crinn leaderboard}, which may look at a campaign while it runs (every file in it is
     * replaced atomically, so a reader sees old or new files, never half of one).
     */
    public static CampaignConfig savedConfig(Path path) {
        Path f = path.resolve("campaign.yaml");
        if (!Files.exists(f)) {
            throw new IllegalArgumentException(path + " is not a campaign folder (no campaign.yaml)");
        }
        try {
            // Saved by an earlier version in the flat format: read with the settings it was saved with.
            return CampaignConfig.fromTree(LegacyConfig.upgrade(ConfigYaml.read(f), true));
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw m.startsWith(f.toString()) ? e : new IllegalArgumentException(f + ": " + m, e);
        }
    }

    public Path path() {
        return path;
    }

    public CampaignConfig config() {
        return config;
    }

    public ProgramDatabase database() {
        return new ProgramDatabase(path);
    }

    public EventLog events() {
        return new EventLog(path.resolve("events.jsonl"));
    }

    double elapsedBefore() {
        return elapsedBefore;
    }

    void saveElapsed(double seconds) {
        ProgramDatabase.writeAtomic(path.resolve("state.json"), String.format(Locale.ROOT, "{\"elapsedSeconds\": %.3f}%n", seconds));
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
