package io.crinn4j.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crinn4j.reward.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The held-out curves of a campaign whose {@code held-out} event predates them, read from where the
 * held-out check's evaluator left its measurements: {@code heldout/evals/<sets>-heldout-r<round>[-a<attempt>]/evaluation-<i>.json}.
 *
 * <p>In a round measured in one worker ({@code seedInstances} of 2 or more, every campaign since
 * seed instances exist) the seed's instances share one set hash and the final set has the other:
 * the seed is the fastest instance, as the check's reference, and of each round only the last
 * attempt (the one that was counted) is read. The round shown is the one whose ratio is nearest
 * the median, as the campaign now records it. Campaigns that measured each side of a round in a
 * worker of its own leave nothing that tells the seed's folder from the final set's: empty.
 */
final class HeldOutEvals {
    private static final Pattern ROUND = Pattern.compile("-heldout-r(\\d+)(?:-a(\\d+))?$");

    private HeldOutEvals() {
    }

    /** The seed's and the final set's curves (JSON point arrays) of the round nearest the median, and that round; null when not readable. */
    record Found(int round, JsonNode seed, JsonNode finalSet, List<Double> ratios) {
    }

    static Found read(Path campaignDir) {
        Path evals = campaignDir.resolve("heldout").resolve("evals");
        if (!Files.isDirectory(evals)) {
            return null;
        }
        Map<Integer, Path> lastAttempt = new TreeMap<>();
        Map<Integer, Integer> attemptOf = new HashMap<>();
        try (Stream<Path> s = Files.list(evals)) {
            for (Path p : s.toList()) {
                Matcher m = ROUND.matcher(p.getFileName().toString());
                if (!m.find() || !Files.isDirectory(p)) {
                    continue;
                }
                int round = Integer.parseInt(m.group(1));
                int attempt = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                if (lastAttempt.containsKey(round) && attemptOf.get(round) == attempt) {
                    return null; // two folders for one round and attempt: sides measured apart, nothing tells them apart
                }
                if (!lastAttempt.containsKey(round) || attemptOf.get(round) < attempt) {
                    lastAttempt.put(round, p);
                    attemptOf.put(round, attempt);
                }
            }
        } catch (IOException e) {
            return null;
        }
        List<Integer> rounds = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<JsonNode[]> curves = new ArrayList<>();
        for (Map.Entry<Integer, Path> r : lastAttempt.entrySet()) {
            JsonNode[] pair = pair(r.getValue());
            if (pair != null) {
                rounds.add(r.getKey());
                ratios.add(pair[1].path("summary").path("auc").asDouble() / pair[0].path("summary").path("auc").asDouble());
                curves.add(pair);
            }
        }
        if (rounds.isEmpty()) {
            return null;
        }
        double median = Stats.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
        int shown = 0;
        for (int i = 1; i < ratios.size(); i++) {
            if (Math.abs(ratios.get(i) - median) < Math.abs(ratios.get(shown) - median)) {
                shown = i;
            }
        }
        return new Found(rounds.get(shown), curves.get(shown)[0].get("points"), curves.get(shown)[1].get("points"), ratios);
    }

    /** The fastest seed instance and the final set of one round's folder; null unless it holds k >= 2 seed instances and one other OK set. */
    private static JsonNode[] pair(Path dir) {
        List<JsonNode> evs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(f -> f.getFileName().toString().matches("evaluation-\\d+\\.json")).toList()) {
                evs.add(CampaignFolder.JSON.readTree(f.toFile()));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Map<String, List<JsonNode>> byHash = new HashMap<>();
        for (JsonNode e : evs) {
            if (!"OK".equals(e.path("status").asText()) || !(e.path("summary").path("auc").asDouble() > 0) || !e.path("points").isArray()) {
                return null; // a round with a failed set was not counted
            }
            byHash.computeIfAbsent(e.path("sourceHash").asText(), k -> new ArrayList<>()).add(e);
        }
        if (byHash.size() != 2) {
            return null;
        }
        List<List<JsonNode>> sides = new ArrayList<>(byHash.values());
        sides.sort((a, b) -> Integer.compare(b.size(), a.size()));
        if (sides.get(0).size() < 2 || sides.get(1).size() != 1) {
            return null;
        }
        JsonNode seed = sides.get(0).stream().max((a, b) -> Double.compare(a.path("summary").path("auc").asDouble(),
                b.path("summary").path("auc").asDouble())).orElseThrow();
        return Arrays.asList(seed, sides.get(1).get(0)).toArray(new JsonNode[0]);
    }
}
