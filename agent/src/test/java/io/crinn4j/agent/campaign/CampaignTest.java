package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.config.EvaluatorConfig;
import io.crinn4j.agent.propose.factory.Proposers;
import io.crinn4j.agent.propose.mutate.MutateProposer;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignTest {
    static final String TINY = "synthetic:n=3000,d=16,clusters=8,queries=100,seed=3";

    @TempDir
    Path tmp;

    static CampaignConfig config(String name, List<String> modules, int evaluations, int group) {
        return TestConfig.tiny(name).set("modules", modules).set("budget.evaluations", evaluations).set("sampling.group", group)
                .set("confirmation.top", 1).set("confirmation.rounds", 2).build();
    }

    private Campaign campaign(CampaignDir dir, Campaign.Listener l) {
        return new Campaign(dir, Proposers.create(dir.config().proposer(), dir.path(), MutateProposer::new),
                spec -> Datasets.resolve(spec, tmp), new GroundTruthCache(tmp.resolve("gt")), l);
    }

    /** Counts, per variant id, the "evaluation" events in the log. */
    static Map<String, Integer> evaluationEvents(Path campaign) throws IOException {
        Map<String, Integer> n = new HashMap<>();
        ObjectMapper m = new ObjectMapper();
        for (String line : Files.readAllLines(campaign.resolve("events.jsonl"))) {
            JsonNode e = m.readTree(line);
            if (e.get("type").asText().equals("evaluation")) {
                n.merge(e.get("variant").asText(), 1, Integer::sum);
            }
        }
        return n;
    }

    @Test
    void aCampaignKilledMidGroupResumesWithoutLosingOrRepeatingEvaluations() throws IOException {
        CampaignConfig cfg = config("crash", List.of("refinement", "construction"), 8, 2);
        Path path = tmp.resolve("crash");
        int[] seen = {0};
        try (CampaignDir dir = CampaignDir.create(path, cfg)) {
            Campaign.Listener dying = new Campaign.Listener() {
                @Override
                public void evaluated(Variant v, int used, int budget, int failures, int duplicates, double best) {
                    if (++seen[0] == 3) {
                        throw new IllegalStateException("simulated crash after the 3rd evaluation");
                    }
                }
            };
            assertThrows(IllegalStateException.class, () -> campaign(dir, dying).run());
        }
        List<String> before = variantIds(path);
        assertEquals(4, before.size(), "start variant + 3 evaluated: " + before); // refinement-s0-start and 3 candidates
        Map<String, JsonNode> sourcesBefore = new HashMap<>();
        for (String id : before) {
            sourcesBefore.put(id, finishedWork(path, id));
        }
        Campaign.Result r;
        try (CampaignDir dir = CampaignDir.open(path)) {
            r = campaign(dir, new Campaign.Listener() { }).run();
        }
        assertEquals("completed", r.stopReason());
        assertEquals(8, r.evaluations());
        Map<String, Integer> events = evaluationEvents(path);
        assertEquals(8, events.size(), events.toString());
        assertTrue(events.values().stream().allMatch(c -> c == 1), "a variant was evaluated twice: " + events);
        for (String id : before) { // finished work survived untouched (advantages and stage confirmations are added later)
            JsonNode after = finishedWork(path, id);
            assertEquals(sourcesBefore.get(id), after, id);
        }
        // Every group is complete, with GRPO advantages that centre on zero.
        ObjectMapper m = new ObjectMapper();
        try (Stream<Path> groups = Files.list(path.resolve("groups"))) {
            List<Path> gs = groups.collect(Collectors.toList());
            assertEquals(4, gs.size());
            for (Path g : gs) {
                JsonNode summary = m.readTree(g.resolve("group.json").toFile());
                double sum = 0;
                for (JsonNode a : summary.get("advantages")) {
                    sum += a.asDouble();
                }
                assertEquals(0, sum, 1e-9, g.toString());
                assertTrue(Files.exists(g.resolve("prompt.md")) && Files.exists(g.resolve("reply-0.json")));
            }
        }
        assertTrue(Files.exists(path.resolve("result.json")));
        assertTrue(Files.readString(path.resolve("campaign.yaml")).contains("refinement"));
        for (String id : variantIds(path)) {
            if (!id.contains("start")) {
                assertTrue(Files.exists(path.resolve("variants").resolve(id).resolve("reply.md")) || id.isEmpty(), id);
            }
        }
    }

    @Test
    void theBudgetIsSplitIntoWholeGroupsAsEvenlyAsPossibleEarlierStagesFirst() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {4, 4, 3}, Budget.groupsPerStage(45, 4, 3));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {3, 3, 3}, Budget.groupsPerStage(36, 4, 3));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2, 2, 2}, Budget.groupsPerStage(24, 4, 3));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {10}, Budget.groupsPerStage(40, 4, 1));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 0, 0}, Budget.groupsPerStage(5, 4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config("small", List.of("refinement"), 3, 4));
        assertTrue(e.getMessage().contains("at least one group"), e.getMessage());
    }

    /**
     * A {@code campaign.yaml} an earlier version wrote (flat format, {@code LegacyConfig}) with the
     * given lines left out, as versions before those settings existed wrote it.
     */
    private Path savedByAnEarlierVersion(String name, String... leftOut) throws IOException {
        String yaml;
        try (java.io.InputStream in = CampaignTest.class.getResourceAsStream("/io/crinn4j/agent/config/legacy-defaults.yaml")) {
            yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String line : leftOut) {
            assertTrue(yaml.contains(line), line);
            yaml = yaml.replaceAll("(?m)^\\s*" + java.util.regex.Pattern.quote(line) + "\\R", "");
        }
        Path path = tmp.resolve(name);
        Files.createDirectories(path);
        Files.writeString(path.resolve("campaign.yaml"), yaml);
        return path;
    }

    @Test
    void aCampaignSavedBeforeHeldOutExtrasResumesWithoutThem() throws IOException {
        CampaignConfig cfg = config("current", List.of("refinement"), 4, 2);
        Path path = tmp.resolve("current");
        CampaignDir.create(path, cfg).close();
        assertTrue(Files.readString(path.resolve("campaign.yaml")).contains("heldOutExtra: true"), "saved resolved");
        assertTrue(CampaignDir.savedConfig(path).evaluator().heldOutExtra());
        // What an older version wrote: every other setting, but no heldOutExtra.
        Path old = savedByAnEarlierVersion("legacy", "heldOutExtra: true");
        try (CampaignDir dir = CampaignDir.open(old)) {
            assertFalse(dir.config().evaluator().heldOutExtra(), "read as the split it started with");
        }
        // A user's configuration file without the field gets the default.
        assertTrue(CampaignConfig.parse("name: x\n").evaluator().heldOutExtra());
    }

    @Test
    void aCampaignSavedBeforeSeedInstancesResumesWithOneAndTheRangeIsChecked() throws IOException {
        CampaignConfig cfg = config("instances", List.of("refinement"), 4, 2);
        assertEquals(2, cfg.evaluator().seedInstances(), "the default");
        // What an older version wrote: no seedInstances, so it was measured with one seed per worker and keeps that protocol.
        Path old = savedByAnEarlierVersion("instances", "seedInstances: 2");
        try (CampaignDir dir = CampaignDir.open(old)) {
            assertEquals(1, dir.config().evaluator().seedInstances());
            assertTrue(dir.config().evaluator().heldOutExtra(), "saved, so read as saved");
        }
        for (int bad : new int[] {0, EvaluatorConfig.MAX_SEED_INSTANCES + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TestConfig.tiny("instances").set("evaluator.seedInstances", bad).build());
            assertEquals("evaluator.seedInstances must be in [1, 4], got " + bad, e.getMessage());
        }
    }

    @Test
    void aSecondProcessCannotOpenARunningCampaign() {
        CampaignConfig cfg = config("locked", List.of("refinement"), 4, 2);
        try (CampaignDir dir = CampaignDir.create(tmp.resolve("locked"), cfg)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> CampaignDir.open(tmp.resolve("locked")));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        CampaignDir.open(tmp.resolve("locked")).close(); // released on close
    }

    @Test
    void creatingOverAnExistingCampaignIsRefused() {
        CampaignConfig cfg = config("twice", List.of("refinement"), 4, 2);
        CampaignDir.create(tmp.resolve("twice"), cfg).close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CampaignDir.create(tmp.resolve("twice"), cfg));
        assertTrue(e.getMessage().contains("crinn resume"), e.getMessage());
    }

    static List<String> variantIds(Path campaign) throws IOException {
        try (Stream<Path> s = Files.list(campaign.resolve("variants"))) {
            return s.filter(p -> Files.exists(p.resolve("variant.json"))).map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** A variant's record minus what later steps legitimately add: its GRPO advantage and its stage confirmation. */
    private static JsonNode finishedWork(Path campaign, String id) throws IOException {
        ObjectNode v = (ObjectNode)
                new ObjectMapper().readTree(campaign.resolve("variants").resolve(id).resolve("variant.json").toFile());
        v.remove("advantage");
        v.remove("confirmed");
        return v;
    }
}
