package io.crinn4j.agent.campaign;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every variant of every module a campaign has produced, in memory and on disk.
 *
 * <p>Layout under the campaign folder: {@code variants/<id>/} holds {@code source.java},
 * {@code reply.md} and {@code variant.json} (the verdict, written last); {@code groups/<gid>/}
 * holds {@code prompt.md}, {@code reply-<i>.json} (each reply saved the moment it arrives, so a
 * resumed campaign never asks for it again) and {@code group.json} (written when the whole group
 * is evaluated). Every file is written to a temporary name, forced to disk and renamed, so a
 * campaign killed at any moment leaves either the old file or the new one, never half of one.
 */
public final class ProgramDatabase {
    private final Path dir;
    private final List<Variant> variants = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ProgramDatabase(Path campaignDir) {
        this.dir = campaignDir;
    }

    /** Reads back every completed variant (those with a variant.json). */
    public void load() {
        Path vdir = dir.resolve("variants");
        if (!Files.isDirectory(vdir)) {
            return;
        }
        try (Stream<Path> s = Files.list(vdir)) {
            for (Path p : s.sorted().collect(Collectors.toList())) {
                Path f = p.resolve("variant.json");
                if (Files.exists(f)) {
                    variants.add(json.readValue(f.toFile(), Variant.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the program database under " + vdir + ": " + e.getMessage(), e);
        }
        variants.sort(Comparator.comparing(Variant::stage).thenComparing(Variant::group).thenComparing(Variant::index));
    }

    public List<Variant> all() {
        return List.copyOf(variants);
    }

    public List<Variant> of(ModuleKind module) {
        return variants.stream().filter(v -> v.module() == module).collect(Collectors.toList());
    }

    public Optional<Variant> get(String id) {
        return variants.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /** The best OK variant of a module in a stage (highest reward, earliest on ties). */
    public Optional<Variant> best(ModuleKind module, int stage) {
        return variants.stream().filter(v -> v.module() == module && v.stage() == stage && v.ok())
                .max(Comparator.comparingDouble(Variant::reward).thenComparing(Variant::group, Comparator.reverseOrder())
                        .thenComparing(Variant::index, Comparator.reverseOrder()));
    }

    /** Records a finished variant: source and reply first, the verdict last. */
    public void add(Variant v, String source, String reply) {
        Path d = dir.resolve("variants").resolve(v.id());
        if (source != null) {
            writeAtomic(d.resolve("source.java"), source);
        }
        if (reply != null) {
            writeAtomic(d.resolve("reply.md"), reply);
        }
        writeJson(d.resolve("variant.json"), v);
        variants.removeIf(x -> x.id().equals(v.id()));
        variants.add(v);
    }

    /** Replaces variants with their advantage filled in (the group is complete). */
    public void update(Variant v) {
        writeJson(dir.resolve("variants").resolve(v.id()).resolve("variant.json"), v);
        variants.replaceAll(x -> x.id().equals(v.id()) ? v : x);
    }

    /** A variant's code, or null when it has none (no code block, proposer error) or is unknown. */
    public String sourceOrNull(String id) {
        Path f = dir.resolve("variants").resolve(id).resolve("source.java");
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("variant " + id + " has an unreadable source: " + e.getMessage(), e);
        }
    }

    public String source(String id) {
        try {
            return Files.readString(dir.resolve("variants").resolve(id).resolve("source.java"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("variant " + id + " has no readable source: " + e.getMessage(), e);
        }
    }

    // ---- groups ----

    public Path groupDir(String gid) {
        return dir.resolve("groups").resolve(gid);
    }

    public boolean groupComplete(String gid) {
        return Files.exists(groupDir(gid).resolve("group.json"));
    }

    public void savePrompt(String gid, String prompt) {
        writeAtomic(groupDir(gid).resolve("prompt.md"), prompt);
    }

    public void saveReply(String gid, int i, Reply r) {
        writeJson(groupDir(gid).resolve("reply-" + i + ".json"), r);
    }

    /** Replies saved earlier for this group, by index; empty slots are null. */
    public Reply[] savedReplies(String gid, int count) {
        Reply[] out = new Reply[count];
        for (int i = 0; i < count; i++) {
            Path f = groupDir(gid).resolve("reply-" + i + ".json");
            if (Files.exists(f)) {
                try {
                    out[i] = json.readValue(f.toFile(), Reply.class);
                } catch (IOException e) {
                    out[i] = null; // unreadable (should not happen with atomic writes): ask again
                }
            }
        }
        return out;
    }

    public void completeGroup(String gid, Object summary) {
        writeJson(groupDir(gid).resolve("group.json"), summary);
    }

    // ---- files ----

    void writeJson(Path file, Object value) {
        try {
            writeAtomic(file, json.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public <T> T readJson(Path file, Class<T> type) {
        try {
            return json.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@link AtomicFile#writeString}, unchecked: a campaign cannot go on without its files. */
    static void writeAtomic(Path file, String text) {
        try {
            AtomicFile.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
