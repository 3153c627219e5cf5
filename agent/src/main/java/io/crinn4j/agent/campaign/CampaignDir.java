package io.crinn4j.agent.campaign;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.crinn4j.agent.util.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
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
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
            ProgramDatabase.writeAtomic(path.resolve("campaign.yaml"), YAML.writeValueAsString(config));
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
        CampaignConfig c;
        try {
            c = legacy(YAML.readValue(f.toFile(), CampaignConfig.class)).withDefaults();
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": malformed campaign configuration: " + Text.firstLine(e.getMessage(), "unreadable"));
        }
        c.validate();
        return c;
    }

    /**
     * A saved configuration always holds every defaulted field, so one without
     * {@code sandbox.heldOutExtra} was written before that setting existed: its held-out queries
     * were the dataset's own only, and its campaign queries were measured on a base that had lost
     * only the campaign's extra queries. Reading it as false keeps a resumed campaign on that data.
     * Likewise a missing {@code sandbox.seedInstances} reads as 1, the protocol it was measured with.
     */
    private static CampaignConfig legacy(CampaignConfig c) {
        if (c == null) {
            throw new IllegalArgumentException("campaign.yaml is empty");
        }
        if (c.sandbox() == null) {
            return c;
        }
        CampaignConfig.SandboxSettings s = c.sandbox();
        if (s.heldOutExtra() == null) {
            s = s.withHeldOutExtra(Boolean.FALSE);
        }
        if (s.seedInstances() == null) {
            // Saved before seedInstances existed: one seed per shared worker, held-out pairs apart, as it was measured.
            s = s.withSeedInstances(1);
        }
        return c.withSandbox(s);
    }

    /** Reads a user's YAML or JSON configuration file (JSON is valid YAML). */
    public static CampaignConfig readConfig(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            CampaignConfig c = YAML.readValue(text, CampaignConfig.class);
            if (c == null) {
                throw new IllegalArgumentException(file + ": the configuration is empty");
            }
            return c;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no such configuration file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": malformed configuration: " + Text.firstLine(e.getMessage(), "unreadable"));
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
