package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.config.ReplayConfig;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.factory.Proposers;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorded LLM campaign ({@code ../shared/llm-replies/bigann10k-search}: two prompts, three real
 * replies each) replayed end to end on the data it was written for, through the real sandbox: the
 * loop on real LLM output. Skipped where the recorded replies or the dataset are absent.
 */
class ReplayCampaignTest {
    @TempDir
    Path tmp;

    @Test
    void theRecordedCampaignReplaysAndItsSecondPromptCarriesTheLessonsOfTheFirst() throws Exception {
        String replies = System.getProperty("crinn.shared.replies");
        String datasets = System.getProperty("crinn.shared.datasets", "../shared/datasets");
        assumeTrue(replies != null && Files.isDirectory(Path.of(replies, "bigann10k-search")), "../shared/llm-replies not present");
        assumeTrue(Files.isDirectory(Path.of(datasets, "bigann10k")), "../shared/datasets/bigann10k not present");
        Path recorded = Path.of(replies, "bigann10k-search");
        CampaignConfig cfg = TestConfig.tiny("replay").set("dataset", "bigann10k").set("dataDir", datasets).set("modules", List.of("search"))
                .set("budget.evaluations", 6).set("sampling.group", 3).set("seed", 5).set("evaluator.queries", 100)
                .set("evaluator.efs", List.of(4, 10, 16, 40)).set("evaluator.heap", "2g").set("confirmation.top", 0)
                .set("proposer.kind", "replay").set("proposer.repliesDir", recorded.toString()).build();
        Campaign.Result r;
        try (CampaignDir dir = CampaignDir.create(tmp.resolve("replay"), cfg)) {
            Proposer replay = Proposers.create(cfg.proposer(), dir.path(), null);
            assertEquals(new ReplayConfig(recorded.toString()), cfg.proposer());
            r = new Campaign(dir, replay, spec -> Datasets.resolve(spec, Path.of(datasets)), new GroundTruthCache(tmp.resolve("gt")),
                    new Campaign.Listener() {
                    }).run();
        }
        assertEquals(6, r.evaluations());
        ProgramDatabase db = new ProgramDatabase(tmp.resolve("replay"));
        db.load();
        for (int g = 0; g < 2; g++) {
            for (int i = 0; i < 3; i++) {
                Variant v = db.get(VariantId.member(ModuleKind.SEARCH, 0, g, i).toString()).orElseThrow();
                assertEquals("replay:reply-" + (g + 1) + "-" + i + ".md", v.proposer());
                assertTrue(v.ok() || v.unstable(), v.id() + " is an honest reply: " + v.status() + " " + v.feedback());
                assertNotNull(v.change(), v.id() + " has a one-line change summary");
            }
        }
        // The second prompt tells the truth: the workload, the lessons of the first group, and curves with ef.
        String prompt = Files.readString(tmp.resolve("replay/groups/search-s0-g001/prompt.md"));
        String workload = prompt.substring(prompt.indexOf("## Workload and machine"), prompt.indexOf("## The contract"));
        assertTrue(workload.contains("`bigann10k") && workload.contains("per timed pass, k = 10"), workload);
        assertTrue(prompt.contains("ef ∈ {4, 10, 16, 40}"), "the ef list");
        for (int i = 0; i < 3; i++) {
            String id = "search-s0-g000-" + i;
            assertTrue(prompt.contains("| `" + id + "` | `search-s0-start` | "), "a lessons row for " + id);
        }
        assertTrue(prompt.contains("| ef | recall | QPS | distances/query |"), "curves with ef and distances");
        assertTrue(prompt.contains("`Change: <what your version changes"), "the answer asks for a change line");
    }
}
