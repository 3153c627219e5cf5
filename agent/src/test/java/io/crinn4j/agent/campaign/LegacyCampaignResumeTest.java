package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.propose.TestProposer;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.sandbox.MeasurementKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign folder written by crinn4j before the loop's redesign (commit cff60d6: a flat
 * {@code campaign.yaml}, statuses as plain strings, the evaluator's integer repetitions), killed
 * with {@code kill -9} while its third group was being measured: two groups recorded, the third's
 * two replies saved. Resumed by today's code it must keep every recorded variant as it was, take
 * the third group's saved replies instead of asking the proposer, and finish the campaign. The
 * folder's {@code sandbox/} cache is left out of the fixture: it is a cache, rebuilt on demand.
 */
class LegacyCampaignResumeTest {
    @TempDir
    Path tmp;

    private static void unzip(String resource, Path into) throws IOException {
        try (InputStream in = LegacyCampaignResumeTest.class.getResourceAsStream(resource); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path f = into.resolve(e.getName()).normalize();
                assertTrue(f.startsWith(into), e.getName());
                Files.createDirectories(f.getParent());
                Files.copy(zip, f);
            }
        }
    }

    @Test
    void aCampaignSavedBeforeTheRedesignResumesWithItsSettingsAndVariants() throws IOException {
        Path path = tmp.resolve("old-flat");
        unzip("/campaigns/old-flat.zip", path);
        Map<String, Integer> before = CampaignTest.evaluationEvents(path);
        TestProposer never = new TestProposer("never", (request, count) -> {
            throw new AssertionError("every reply of this campaign was saved before the kill: nothing may be asked again");
        });
        List<FakeEvaluator> opened = new ArrayList<>();
        Campaign.Result r;
        try (CampaignDir dir = CampaignDir.open(path)) {
            CampaignConfig cfg = dir.config();
            assertEquals(6, cfg.budget().evaluations());
            assertEquals(2, cfg.sampling().group());
            assertEquals(List.of(ModuleKind.SEARCH), cfg.moduleKinds());
            assertEquals(10.0, cfg.evaluator().maxSeedSpread(), 0.0);
            assertEquals(List.of(1, 4, 16, 64), cfg.evaluator().efs());
            assertEquals(2, cfg.evaluator().seedInstances());
            assertTrue(cfg.evaluator().groupTogether(), "the mutate proposer's campaigns measure groups together");
            r = new Campaign(dir, never, spec -> Datasets.resolve(spec, tmp), new GroundTruthCache(tmp.resolve("gt")), new Campaign.Listener() {
            }, FakeEvaluator.factory(0.003, opened)).run();
        }
        assertEquals("completed", r.stopReason());
        assertEquals(6, r.evaluations());
        Map<String, Integer> after = CampaignTest.evaluationEvents(path);
        for (String id : List.of("search-s0-g000-0", "search-s0-g000-1", "search-s0-g001-0", "search-s0-g001-1")) {
            assertEquals(1, before.get(id), id);
            assertEquals(1, after.get(id), id + " is read back, not evaluated again");
        }
        assertEquals(1, after.get("search-s0-g002-0"));
        assertEquals(1, after.get("search-s0-g002-1"));
        ProgramDatabase db = new ProgramDatabase(path);
        db.load();
        Variant old = db.get("search-s0-g000-0").orElseThrow();
        assertEquals(VariantStatus.OK, old.status(), "a status saved as a string reads as the typed one");
        assertEquals(0.6701903482869099, old.reward(), 0.0, "its measured reward is kept");
        assertTrue(opened.get(0).keys.contains(MeasurementKey.group(0, 2)), "only the third group is measured: " + opened.get(0).keys);
        assertTrue(opened.get(0).keys.stream().noneMatch(k -> k.equals(MeasurementKey.group(0, 0)) || k.equals(MeasurementKey.group(0, 1))));
    }
}
