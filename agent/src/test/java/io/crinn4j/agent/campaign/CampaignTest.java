package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.agent.propose.ProposerConfig;
import io.crinn4j.agent.propose.Proposers;
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
        return new CampaignConfig(name, TINY, null, null, modules, evaluations, group, 3, 0.1, 7L, null, null, null, null, false, null, null, 1, 2, null, null,
                ProposerConfig.of(ProposerConfig.MUTATE, null),
                new CampaignConfig.SandboxSettings(List.of(1, 4, 16, 64), 1, null, "256m", 60, 60, null, null, 0, null, null, TestSpread.OFF, 0), null).withDefaults();
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
        Map<String, String> sourcesBefore = new HashMap<>();
        for (String id : before) {
            sourcesBefore.put(id, Files.readString(path.resolve("variants").resolve(id).resolve("variant.json")).replaceAll("\"advantage\" : [-0-9.Ee]+", ""));
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
        for (String id : before) { // finished work survived untouched (advantages are filled in when the group completes)
            String after = Files.readString(path.resolve("variants").resolve(id).resolve("variant.json")).replaceAll("\"advantage\" : [-0-9.Ee]+", "");
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
                () -> config("small", List.of("refinement"), 3, 4).validate());
        assertTrue(e.getMessage().contains("at least one group"), e.getMessage());
    }

    @Test
    void aCampaignSavedBeforeHeldOutExtrasResumesWithoutThem() throws IOException {
        CampaignConfig cfg = config("legacy", List.of("refinement"), 4, 2);
        Path path = tmp.resolve("legacy");
        CampaignDir.create(path, cfg).close();
        Path yaml = path.resolve("campaign.yaml");
        String saved = Files.readString(yaml);
        assertTrue(saved.contains("heldOutExtra: true"), saved);
        assertTrue(CampaignDir.savedConfig(path).sandbox().heldOutExtra());
        // What an older version wrote: every other setting, but no heldOutExtra.
        Files.writeString(yaml, saved.replaceAll("(?m)^\\s*heldOutExtra: true\\R", ""));
        assertFalse(Files.readString(yaml).contains("heldOutExtra"));
        assertFalse(CampaignDir.savedConfig(path).sandbox().heldOutExtra(), "read as the split it started with");
        // A user's configuration file without the field gets the default.
        assertTrue(new CampaignConfig("x", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null).withDefaults().sandbox().heldOutExtra());
    }

    @Test
    void aCampaignSavedBeforeSeedInstancesResumesWithOneAndTheRangeIsChecked() throws IOException {
        CampaignConfig cfg = config("instances", List.of("refinement"), 4, 2);
        assertEquals(2, cfg.sandbox().seedInstances(), "the default");
        Path path = tmp.resolve("instances");
        CampaignDir.create(path, cfg).close();
        Path yaml = path.resolve("campaign.yaml");
        String saved = Files.readString(yaml);
        assertTrue(saved.contains("seedInstances: 2"), saved);
        // What an older version wrote: no seedInstances, so it was measured with one seed per worker and keeps that protocol.
        Files.writeString(yaml, saved.replaceAll("(?m)^\\s*seedInstances: 2\\R", ""));
        assertFalse(Files.readString(yaml).contains("seedInstances"));
        assertEquals(1, CampaignDir.savedConfig(path).sandbox().seedInstances());
        for (int bad : new int[] {0, CampaignConfig.SandboxSettings.MAX_SEED_INSTANCES + 1}) {
            CampaignConfig c = cfg.withSandbox(cfg.sandbox().withSeedInstances(bad));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
            assertTrue(e.getMessage().contains("seedInstances"), e.getMessage());
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
}
