package io.crinn4j.agent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.agent.campaign.Campaign;
import io.crinn4j.agent.campaign.CampaignDir;
import io.crinn4j.agent.campaign.Variant;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.util.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One campaign folder as the report reads it: without the lock, so a campaign still running can
 * be read (its files are replaced atomically, so each is old or new, never half of one), and
 * without assuming a file the campaign writes late exists ({@code result.json}, {@code group.json},
 * a stage's {@code winner-confirmation} event) or that an event carries a field added later.
 *
 * <p>Bad input is one {@link IllegalArgumentException} naming the file: a folder without
 * {@code campaign.yaml}, a {@code variant.json} or {@code result.json} that is not JSON, a line of
 * {@code events.jsonl} that is not JSON — except the last one when it does not end in a newline:
 * that is an event being written (or a process killed mid-write), which {@code EventLog} itself
 * cuts off on reopening, and is left out.
 *
 * @param events        the events in order; {@code tornLastLine} tells whether a partial last line was left out
 * @param result        {@code result.json}, or null while the campaign runs (or if it was stopped before its end)
 * @param elapsedSeconds wall-clock time the campaign has used, from {@code state.json}; null when not recorded
 * @param groups        {@code groups/<gid>/group.json} by group id, for the groups that are complete
 */
public record CampaignFolder(Path path, CampaignConfig config, List<Variant> variants, List<JsonNode> events, boolean tornLastLine,
                             Campaign.Result result, Double elapsedSeconds, Map<String, JsonNode> groups) {

    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads the folder; see the class comment for what is tolerated and what is an error. */
    public static CampaignFolder read(Path path) {
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + " is not a campaign folder (" + (Files.exists(path) ? "not a directory" : "no such directory")
                    + ")");
        }
        CampaignConfig cfg = CampaignDir.savedConfig(path);
        List<Variant> variants = variants(path);
        List<JsonNode> events = new ArrayList<>();
        boolean torn = events(path.resolve("events.jsonl"), events);
        Path resultFile = path.resolve("result.json");
        Campaign.Result result = Files.exists(resultFile) ? json(resultFile, Campaign.Result.class) : null;
        Double elapsed = null;
        Path state = path.resolve("state.json");
        if (Files.exists(state)) {
            JsonNode s = json(state, JsonNode.class);
            elapsed = s.hasNonNull("elapsedSeconds") ? s.get("elapsedSeconds").asDouble() : null;
        }
        return new CampaignFolder(path, cfg, variants, events, torn, result, elapsed, groups(path.resolve("groups")));
    }

    /** Whether the campaign has written its result: finished, or stopped by its budget. */
    public boolean finished() {
        return result != null;
    }

    public Optional<Variant> variant(String id) {
        return variants.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /** The events of one type, in order. */
    public List<JsonNode> events(String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    /** The variant's source, or null when it has none (a proposer error, a reply without code) or it cannot be read. */
    public String source(String id) {
        Path f = sourceFile(id);
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The path of a variant's source file (which may not exist). */
    public Path sourceFile(String id) {
        return path.resolve("variants").resolve(id).resolve("source.java");
    }

    private static List<Variant> variants(Path dir) {
        Path vdir = dir.resolve("variants");
        List<Variant> out = new ArrayList<>();
        if (!Files.isDirectory(vdir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(vdir)) {
            for (Path p : s.sorted().toList()) {
                Path f = p.resolve("variant.json");
                if (Files.exists(f)) { // a variant folder without its verdict is still being recorded
                    out.add(json(f, Variant.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + vdir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Variant::stage).thenComparing(Variant::group).thenComparing(Variant::index));
        return out;
    }

    /** Reads events.jsonl into {@code out}; true when a partial last line (no newline yet) was left out. */
    static boolean events(Path file, List<JsonNode> out) {
        if (!Files.exists(file)) {
            return false;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) { // malformed UTF-8
            throw new IllegalArgumentException(file + ": not a text file (" + e.getMessage() + ")", e);
        }
        String[] lines = text.split("\n", -1);
        // The piece after the last newline is empty for a complete log; anything else is a line still being written.
        boolean torn = !lines[lines.length - 1].isEmpty();
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                if (n == null || !n.isObject()) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a JSON object");
                }
                out.add(n);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not valid JSON (" + Text.firstLine(e.getOriginalMessage()) + ")",
                        e);
            }
        }
        return torn;
    }

    private static Map<String, JsonNode> groups(Path gdir) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (!Files.isDirectory(gdir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(gdir)) {
            for (Path p : s.sorted().toList()) {
                Path f = p.resolve("group.json");
                if (Files.exists(f)) {
                    out.put(p.getFileName().toString(), json(f, JsonNode.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + gdir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** One JSON file, or an error line naming it. */
    static <T> T json(Path f, Class<T> type) {
        try {
            T v = JSON.readValue(f.toFile(), type);
            if (v == null) {
                throw new IllegalArgumentException(f + ": empty");
            }
            return v;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(f + ": not valid JSON for a campaign's " + f.getFileName() + " (" + Text.firstLine(e.getOriginalMessage())
                    + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
