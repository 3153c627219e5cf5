package io.crinn4j.agent.replies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crinn4j.agent.prompt.ParsedReply;
import io.crinn4j.agent.prompt.ReplyParser;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthBuilder;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.QuerySplit;
import io.crinn4j.sandbox.Sandbox;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.sandbox.Status;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real LLM replies ({@code ../shared/llm-replies/}, skipped when absent) are honest candidates:
 * whatever the sandbox does to keep timed passes apart and shared state untouched must still
 * accept them. Each is parsed as a campaign parses it and measured, all six beside the seed in
 * one worker on the data they were written for (bigann10k), under the same guards as a campaign.
 */
class RecordedRepliesTest {
    @TempDir
    Path tmp;

    static Path repliesDir() {
        String p = System.getProperty("crinn.shared.replies");
        return p == null ? null : Path.of(p).resolve("bigann10k-search");
    }

    static List<Path> replies() throws IOException {
        Path dir = repliesDir();
        assumeTrue(dir != null && Files.isDirectory(dir), "../shared/llm-replies not present");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().matches("reply-\\d+-\\d+\\.md")).sorted().toList();
        }
    }

    @Test
    void everyRecordedReplyParsesAndIsMeasuredOkUnderTheGuards() throws IOException {
        List<Path> files = replies();
        assertFalse(files.isEmpty());
        String seedSearch = GlassBaseline.source(ModuleKind.SEARCH);
        ModuleSources seed = new ModuleSources(GlassBaseline.sources());
        List<ModuleSources> sets = new ArrayList<>();
        sets.add(seed);
        for (Path f : files) {
            ParsedReply p = ReplyParser.parse(Files.readString(f), seedSearch);
            assertNotNull(p.source(), f.getFileName() + ": " + p.reason());
            sets.add(seed.with(ModuleKind.SEARCH, p.source()));
        }
        Path data = Path.of(System.getProperty("crinn.shared.datasets", "../shared/datasets"));
        assumeTrue(Files.isDirectory(data.resolve("bigann10k")), "../shared/datasets/bigann10k not present");
        Dataset ds = QuerySplit.campaign(Datasets.resolve("bigann10k", data)).firstQueries(200);
        GroundTruth gt = GroundTruthBuilder.compute(ds, 10, 2);
        SandboxConfig cfg = new SandboxConfig(new SweepConfig(10, new int[] {4, 10, 16, 40}, 1, 1, 200, 5, 42), RecallBand.DEFAULT, 0.85,
                "2g", Duration.ofSeconds(120), Duration.ofSeconds(120), 16 * 1024);
        Sandbox sandbox = new Sandbox(tmp.resolve("run"), ds, gt, cfg);
        List<Evaluation> got = sandbox.measureTogether(sets, ModuleKind.SEARCH, io.crinn4j.sandbox.MeasurementKey.eval(0)).orElseThrow();
        assertEquals(Status.OK, got.get(0).status(), got.get(0).feedback());
        for (int i = 1; i < got.size(); i++) {
            Evaluation e = got.get(i);
            assertEquals(Status.OK, e.status(), files.get(i - 1).getFileName() + ": " + e.feedback());
            assertTrue(e.auc() > 0, files.get(i - 1).getFileName() + " has a curve in the band");
        }
    }
}
