package io.crinn4j.agent.report;

import static io.crinn4j.agent.util.TestTrees.copy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crinn4j.agent.campaign.SampleCampaigns;
import io.crinn4j.agent.campaign.VariantStatus;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.Curve;
import io.crinn4j.reward.CurvePoint;
import io.crinn4j.reward.RewardSummary;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the report computes from a campaign folder: on a whole campaign run on the fake evaluator
 * ({@link SampleCampaigns}), on the same campaign paused mid-way, and on folders laid out as older
 * versions left them.
 */
class ReportDataTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private static Path sample;

    @BeforeAll
    static void campaign() {
        sample = SampleCampaigns.finished(shared, "sample");
    }

    private static CampaignView view(Path folder) {
        return new CampaignView(0, CampaignFolder.read(folder), 10);
    }

    @Test
    void aFinishedCampaignHasItsWinnersConfirmationHeldOutCurvesFailuresTokensAndLineage() {
        CampaignView v = view(sample);
        assertFalse(v.running());
        assertEquals(Map.of(0, SampleCampaigns.CONSTRUCTION_WINNER, 1, SampleCampaigns.SEARCH_WINNER), v.winners);
        assertEquals(SampleCampaigns.SEARCH_WINNER, v.finalSet);

        // Curves on the campaign's queries: the seed, each accepted stage winner, the last one being the final set.
        assertEquals(List.of("seed", "construction winner " + SampleCampaigns.CONSTRUCTION_WINNER,
                "final set: search winner " + SampleCampaigns.SEARCH_WINNER), v.campaignCurves.names());
        // On the held-out queries, from the held-out event: the fake measures speed 1.10 x 1.06 for the final set.
        assertEquals(List.of("seed", "final set"), v.heldOutCurves.names());
        Curves.Point seed0 = v.heldOutCurves.series().get(0).points().get(0);
        Curves.Point final0 = v.heldOutCurves.series().get(1).points().get(0);
        assertEquals(seed0.ef(), final0.ef());
        assertEquals(1.10 * 1.06, final0.qps() / seed0.qps(), 0.02);
        assertEquals(v.band.hi(), 0.95, 0.0);

        // Confirmation: each winner re-measured and accepted at about its speed; held-out near 1.10 x 1.06.
        CampaignView.Confirmed c = v.confirmed.get(SampleCampaigns.CONSTRUCTION_WINNER);
        assertEquals("accepted", c.verdict());
        assertTrue(c.rounds() >= 3, "rounds " + c.rounds());
        assertEquals(1.10, c.reward(), 0.01);
        assertEquals(1.10 * 1.06, v.heldOut.reward(), 0.02);
        assertEquals(4, v.heldOut.ratios().size(), "every held-out round's ratio");
        CampaignView.Board search = v.boards.get(1);
        CampaignView.Row top = search.rows().get(0);
        assertEquals(SampleCampaigns.SEARCH_WINNER, top.variant().id());
        assertTrue(top.winner());
        assertEquals(v.heldOut.reward(), top.heldOut(), "the final set's row carries the held-out reward");

        // Failures by status and module (construction, search, refinement).
        Map<VariantStatus, int[]> f = v.failures();
        assertEquals(List.of(VariantStatus.PARSE_ERROR, VariantStatus.BUILD_BUDGET, VariantStatus.NO_CODE, VariantStatus.PROPOSER_ERROR,
                VariantStatus.DUPLICATE), List.copyOf(f.keySet()));
        assertEquals(List.of(1, 0, 0), box(f.get(VariantStatus.NO_CODE)));
        assertEquals(List.of(0, 1, 0), box(f.get(VariantStatus.PROPOSER_ERROR)));
        assertEquals(List.of(0, 0, 1), box(f.get(VariantStatus.PARSE_ERROR)));
        assertTrue(v.examples(VariantStatus.PROPOSER_ERROR, 3).get(0).feedback().contains("429"));

        // Tokens per group: two LLM replies and one without code in the first construction group.
        CampaignView.GroupUse g0 = v.groupUse().get(0);
        assertEquals("construction-s0-g000", g0.group());
        assertEquals(2 * 2400 + 900, g0.inputTokens());
        assertEquals(2 * 0.00084 + 0.0002, g0.costUsd(), 1e-12);
        assertTrue(v.usedTokens());

        // Lineage: every variant a node, parents and the crossover's donor as edges.
        @SuppressWarnings("unchecked")
        Map<String, Object> lineage = (Map<String, Object>) v.chartData().get("lineage");
        List<?> nodes = (List<?>) lineage.get("nodes");
        assertEquals(v.folder.variants().size(), nodes.size());
        assertTrue(((List<?>) lineage.get("edges")).contains(Map.of("source", SampleCampaigns.CROSSOVER_DONOR, "target", SampleCampaigns.CROSSOVER,
                "kind", "crossover")), lineage.get("edges").toString());
        assertTrue(v.methods().size() <= 1);
        assertTrue(v.protocol().contains("1 thread"), v.protocol());
    }

    @Test
    void aCampaignStillRunningIsShownAsFarAsItGot() throws Exception {
        SampleCampaigns.Running r = SampleCampaigns.running(tmp, "live");
        try {
            CampaignView v = view(r.path);
            assertTrue(v.running());
            assertTrue(v.status().startsWith("running or stopped before its end"), v.status());
            assertEquals(Map.of(0, SampleCampaigns.CONSTRUCTION_WINNER), v.winners, "only the stages that have ended");
            assertEquals(List.of("seed", "construction winner " + SampleCampaigns.CONSTRUCTION_WINNER,
                    "best so far (not confirmed): " + SampleCampaigns.SEARCH_WINNER), v.campaignCurves.names());
            assertFalse(v.heldOutCurves.drawn());
            assertTrue(v.heldOutCurves.note().startsWith("not measured yet"), v.heldOutCurves.note());
            assertNull(v.heldOut.reward());
            assertEquals(2, v.boards.size(), "construction and search so far");
            assertTrue(HtmlReport.render(List.of(CampaignFolder.read(r.path)), tmp.resolve("live.html"), 10).contains("under way"));
        } finally {
            r.finish();
        }
        assertTrue(view(r.path).folder.finished());
    }

    @Test
    void aStageWhoseGroupsAreAllMeasuredIsConfirmingUntilItEnds() throws IOException {
        Path cut = copy(sample, tmp.resolve("cut"));
        Files.delete(cut.resolve("result.json"));
        // Cut the log where the refinement stage's finalists are being re-measured: after its last group, before its verdict.
        List<String> lines = Files.readAllLines(cut.resolve("events.jsonl"));
        int confirmation = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"winner-confirmation\"") && lines.get(i).contains("\"stage\":2")) {
                confirmation = i;
            }
        }
        assertTrue(confirmation > 0, "the sample's refinement stage re-measured finalists");
        Files.write(cut.resolve("events.jsonl"), lines.subList(0, confirmation));
        CampaignView v = view(cut);
        assertTrue(v.running());
        assertTrue(v.confirming(2));
        assertFalse(v.confirming(1), "ended");
        assertEquals(Map.of(0, SampleCampaigns.CONSTRUCTION_WINNER, 1, SampleCampaigns.SEARCH_WINNER), v.winners);
        Files.delete(cut.resolve("groups/refinement-s2-g001/group.json"));
        assertFalse(view(cut).confirming(2), "a group still open");
    }

    @Test
    void aTornLastEventIsLeftOutAndACorruptOneNamesItsLine() throws IOException {
        Path log = tmp.resolve("events.jsonl");
        Files.writeString(log, "{\"seq\":1,\"type\":\"a\"}\n{\"seq\":2,\"type\":\"b\"}\n{\"seq\":3,\"ty");
        List<JsonNode> out = new ArrayList<>();
        assertTrue(CampaignFolder.events(log, out));
        assertEquals(2, out.size());
        Files.writeString(log, "{\"seq\":1,\"type\":\"a\"}\n{\"seq\":2,\"ty\n{\"seq\":3,\"type\":\"c\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CampaignFolder.events(log, new ArrayList<>()));
        assertTrue(e.getMessage().startsWith(log + " line 2: not valid JSON"), e.getMessage());
    }

    @Test
    void heldOutCurvesOfCampaignsBeforeTheyWereRecordedAreReadFromTheHeldOutWorkers() throws IOException {
        Path old = copy(sample, tmp.resolve("old"));
        // The held-out event as earlier versions wrote it: no ratios, no curves.
        rewriteEvents(old, e -> {
            if (e.path("type").asText().equals("held-out")) {
                e.remove(List.of("ratios", "curveRound", "seedCurve", "finalCurve"));
            }
        });
        assertEquals(List.of(), view(old).heldOutCurves.names(), "no held-out worker folders: nothing to draw");
        assertTrue(view(old).heldOutCurves.note().startsWith("not recorded"), view(old).heldOutCurves.note());

        // Round 0 was measured again (attempt 1 counted); round 1 once. Seed instances share a set hash, the final set has its own.
        Path evals = old.resolve("heldout/evals");
        writeRound(evals.resolve("aaaa-heldout-r0"), 100, 90, 120);       // attempt 0: not counted
        writeRound(evals.resolve("aaaa-heldout-r0-a1"), 100, 98, 110);    // ratio 1.10
        writeRound(evals.resolve("bbbb-heldout-r1"), 100, 95, 130);       // ratio 1.30
        writeRound(evals.resolve("cccc-heldout-r2"), 100, 99, 105);       // ratio 1.05
        HeldOutEvals.Found found = HeldOutEvals.read(old);
        assertNotNull(found);
        assertEquals(3, found.ratios().size());
        assertEquals(0, found.round(), "the median of 1.10, 1.30, 1.05 is round 0's, from its last attempt");
        CampaignView v = view(old);
        assertEquals(List.of("seed", "final set"), v.heldOutCurves.names());
        assertEquals(1.10, v.heldOutCurves.series().get(1).points().get(0).qps() / v.heldOutCurves.series().get(0).points().get(0).qps(), 1e-9,
                "the fastest seed instance (100, not 98) is the reference");
        assertTrue(v.heldOutCurves.note().startsWith("read from heldout/evals"), v.heldOutCurves.note());

        // Sides measured in workers of their own (one seed instance): two folders per round, nothing tells them apart.
        Path apart = old.resolve("heldout/evals-apart");
        Files.move(evals, apart);
        writeOne(evals.resolve("dddd-heldout-r0"), "seed", 100);
        writeOne(evals.resolve("eeee-heldout-r0"), "final", 110);
        assertNull(HeldOutEvals.read(old));
    }

    @Test
    void aVariantsCurveComesWithTheSeedInstanceItWasJudgedAgainst() throws IOException {
        Path worker = tmp.resolve("sandbox/evals/feed-s0-g001");
        Evaluation fastest = evaluation("feed-s0-g001-s0", "seed", 100, null);
        write(worker.resolve("evaluation-0.json"), fastest);
        write(worker.resolve("evaluation-1.json"), evaluation("feed-s0-g001-s1", "seed", 93, null));
        Evaluation candidate = evaluation("feed-s0-g001-s2", "cand", 105, fastest.auc());
        write(worker.resolve("evaluation-2.json"), candidate);
        List<Curves.Point> paired = Curves.pairedSeed(tmp, candidate);
        assertEquals(Curves.frontier(fastest), paired, "the instance whose AUC is the candidate's seedAuc");
        assertFalse(paired.isEmpty());
        assertEquals(List.of(), Curves.pairedSeed(tmp, evaluation("gone-s0-g002-s1", "cand", 105, fastest.auc())), "no worker folder");
        assertEquals(List.of(), Curves.pairedSeed(tmp, evaluation("feed-s0-g001-s2", "cand", 105, fastest.auc() * 0.9)), "measured elsewhere");
    }

    // ---- fixtures ----

    private static List<Integer> box(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int x : a) {
            out.add(x);
        }
        return out;
    }

    /** An OK evaluation whose curve is {@code scale} times the fake's: QPS = 100 * scale / ef, recall 1 - 0.5 / (1 + ef). */
    private static Evaluation evaluation(String id, String hash, double scale, Double seedAuc) {
        List<CurvePoint> curve = new ArrayList<>();
        List<Evaluation.Point> points = new ArrayList<>();
        for (int ef : new int[] {1, 2, 4, 8, 16, 32, 64}) {
            double recall = 1 - 0.5 / (1 + ef);
            double qps = 100 * scale / ef;
            curve.add(new CurvePoint(ef, recall, qps));
            points.add(new Evaluation.Point(ef, recall, qps, new double[] {qps}, 1, 10, 1, 1, 10.0));
        }
        RewardSummary s = RewardSummary.of(Curve.of(curve));
        return new Evaluation(id, ModuleKind.SEARCH, hash, Status.OK, null, "fake", 0.0, null, 1.0, 1L, null, 0L, points, s, seedAuc,
                seedAuc == null ? null : s.auc() / seedAuc, 1, false, null, false, null);
    }

    private static void writeRound(Path dir, double seedA, double seedB, double fin) throws IOException {
        write(dir.resolve("evaluation-0.json"), evaluation("s0", "seedhash", seedA, null));
        write(dir.resolve("evaluation-1.json"), evaluation("s1", "finalhash", fin, null));
        write(dir.resolve("evaluation-2.json"), evaluation("s2", "seedhash", seedB, null));
    }

    private static void writeOne(Path dir, String hash, double scale) throws IOException {
        write(dir.resolve("evaluation-0.json"), evaluation("s0", hash, scale, null));
    }

    private static void write(Path f, Object value) throws IOException {
        Files.createDirectories(f.getParent());
        Files.writeString(f, new ObjectMapper().writeValueAsString(value));
    }

    private interface EventEdit {
        void edit(ObjectNode e);
    }

    static void rewriteEvents(Path folder, EventEdit edit) throws IOException {
        ObjectMapper m = new ObjectMapper();
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(folder.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
            ObjectNode e = (ObjectNode) m.readTree(line);
            edit.edit(e);
            out.append(m.writeValueAsString(e)).append('\n');
        }
        Files.writeString(folder.resolve("events.jsonl"), out);
    }
}
