package io.crinn4j.agent.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.Profile;
import io.crinn4j.sandbox.harness.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileTableTest {

    /** A profile of 2,134 samples: 12 places in the search module and the refinement's re-ranking, 2% outside the modules. */
    private static Profile profile() {
        List<Profile.Row> rows = new ArrayList<>();
        long total = 2_134;
        rows.add(new Profile.Row(ModuleKind.SEARCH, "HnswSearch.LinearPoolSearcher.scoreBatch", 164, "VectorKernels.dotBytes4", true, 900, 900.0 / total));
        rows.add(new Profile.Row(ModuleKind.SEARCH, "HnswSearch.LinearPoolSearcher.insert", 182, "", false, 400, 400.0 / total));
        rows.add(new Profile.Row(ModuleKind.REFINEMENT, "ExactRerank.Reranker.refine", 74, "VectorKernels.squaredL2", true, 300, 300.0 / total));
        rows.add(new Profile.Row(ModuleKind.SEARCH, "HnswSearch.LinearPoolSearcher.search", 97, "Arrays.fill", false, 100, 100.0 / total));
        long left = total - 900 - 400 - 300 - 100 - 43;
        for (int i = 0; i < 10; i++) {
            long s = i < 9 ? 40 : left - 9 * 40;
            rows.add(new Profile.Row(ModuleKind.SEARCH, "HnswSearch.LinearPoolSearcher.search", 100 + i, "", false, s, s / (double) total));
        }
        List<Profile.MethodShare> methods = List.of(
                new Profile.MethodShare(null, "VectorKernels.dotBytes4", 900, 900.0 / total),
                new Profile.MethodShare(ModuleKind.SEARCH, "HnswSearch.LinearPoolSearcher.insert", 400, 400.0 / total),
                new Profile.MethodShare(ModuleKind.SEARCH, "HnswSearch.LinearPoolSearcher.search", 491, 491.0 / total),
                new Profile.MethodShare(null, "VectorKernels.squaredL2", 300, 300.0 / total));
        return new Profile(ModuleKind.SEARCH, "abc", List.of(new Profile.Point(40, 0.9123, new Profile.Stats(1234.4, 1200, 2101, 2500),
                new Profile.Stats(1190.2, 1160, 2050, 2400), new Profile.Stats(40, 40, 40, 40))),
                500, 37, 2.1, 1.0, total, rows, methods, 1200.0 / total, 43.0 / total,
                new Method("17.0.15", "OpenJDK 64-Bit Server VM", "panama-256", 2, "Linux amd64"), false);
    }

    @Test
    void aShortTableThenOneLineEachForMethodsWorkAndMethod() {
        String md = ProfileTable.render(profile());
        String[] lines = md.split("\n");
        assertEquals("| # | share | method | line | inside |", lines[0]);
        assertTrue(lines[1].startsWith("|--:|"), lines[1]);
        assertEquals("| 1 | 42.2% | `HnswSearch.LinearPoolSearcher.scoreBatch` | 164 | kernel `dotBytes4` |", lines[2]);
        assertEquals("| 2 | 18.7% | `HnswSearch.LinearPoolSearcher.insert` | 182 |  |", lines[3]);
        assertEquals("| 3 | 14.1% | `ExactRerank.Reranker.refine` (refinement module) | 74 | kernel `squaredL2` |", lines[4]);
        assertEquals("| 4 | 4.7% | `HnswSearch.LinearPoolSearcher.search` | 97 | `Arrays.fill` |", lines[5]);
        long ranked = md.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).count();
        assertEquals(ProfileTable.DEFAULT_ROWS, ranked, md);
        assertTrue(md.contains("|   | 10.8% | 6 more lines of the modules |  |  |"), md);
        assertTrue(md.contains("|   | 2.0% | outside the modules (the harness's per-query work) |  |  |"), md);
        assertTrue(md.contains("\nBy method: kernel `dotBytes4` 42.2%, `HnswSearch.LinearPoolSearcher.insert` 18.7%, "), md);
        assertTrue(md.contains("\nDistance computations per query: ef 40: mean 1,234, p50 1,200, p99 2,101\n"
                + "Nodes visited per query (distinct vectors scored through the shared kernels; repeats = distance computations spent on "
                + "a vector the query had already scored): ef 40: search 1,190 (p50 1,160, p99 2,050), refinement 40, repeats 4\n"), md);
        assertTrue(md.endsWith("Measured with JFR execution samples, 1 ms period, 2.1 s of search at ef 40 (recall 0.912) over 500 queries, "
                + "2,134 samples (JDK 17.0.15, kernels panama-256); lines in JIT-compiled code are approximate.\n"), md);
        assertTrue(md.lines().count() <= ProfileTable.DEFAULT_ROWS + 9, "short: " + md);
    }

    @Test
    void sharesOfTheTableAddUpToTheWhole() {
        String md = ProfileTable.render(profile(), 3);
        double sum = 0;
        for (String l : md.split("\n")) {
            if (l.startsWith("| ") && l.contains("%")) {
                sum += Double.parseDouble(l.split("\\|")[2].trim().replace("%", ""));
            }
        }
        assertEquals(100, sum, 0.25, md);
        assertTrue(md.contains("11 more lines of the modules"), md);
    }

    @Test
    void severalEfsAndNoSamples() {
        Profile p = profile();
        Profile none = new Profile(p.module(), p.sourceHash(), List.of(new Profile.Point(20, 0.87, new Profile.Stats(300, 290, 600, 700), null, null),
                new Profile.Point(30, 0.93, new Profile.Stats(410, 400, 800, 900), null, null)), 500, 10, 0.5, 1.0, 0, List.of(), List.of(), 0, 0, null, false);
        String md = ProfileTable.render(none);
        assertTrue(md.startsWith("No execution samples were taken"), md);
        assertFalse(md.contains("| #"), md);
        assertTrue(md.contains("ef 20: mean 300, p50 290, p99 600; ef 30: mean 410, p50 400, p99 800"), md);
        assertTrue(md.contains("at ef 20, 30 (recall 0.870–0.930) over 500 queries, 0 samples;"), md);
        assertFalse(md.contains("Nodes visited"), "a profile made before visits were counted says nothing of them: " + md);
        assertThrows(IllegalArgumentException.class, () -> ProfileTable.render(p, 0));
    }
}
