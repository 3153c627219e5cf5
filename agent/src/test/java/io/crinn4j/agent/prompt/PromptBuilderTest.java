package io.crinn4j.agent.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.check.ClassPolicy;
import io.crinn4j.seed.glass.GlassBaseline;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {
    /** The default length limits and the campaigns' default band and budgets. */
    private static final PromptBuilder.Settings DEFAULTS = new PromptBuilder.Settings(PromptBuilder.DEFAULT_CHAR_BUDGET,
            PromptBuilder.DEFAULT_FAILURE_FEEDBACK_CHARS, PromptBuilder.DEFAULT_MAX_POINTS, PromptBuilder.DEFAULT_MAX_DIFF_CHARS, RecallBand.DEFAULT, 3.0, 2.0);


    private static final Pattern LEFTOVER = Pattern.compile("\\{\\{\\s*[a-z][a-z0-9_]*\\s*\\}\\}");
    private static final List<Exemplar.Point> POINTS = List.of(new Exemplar.Point(2, 0.70, 12000, 120), new Exemplar.Point(4, 0.80, 9500, 180),
            new Exemplar.Point(8, 0.86, 8100, 260), new Exemplar.Point(16, 0.905, 7020, 390), new Exemplar.Point(32, 0.93, 6000, 610),
            new Exemplar.Point(64, 0.97, 3900, 1020), new Exemplar.Point(128, 0.99, 2000, 1800));

    private static final String SEARCH_SEED = GlassBaseline.source(ModuleKind.SEARCH);
    private static final String BEST_SEARCH = SEARCH_SEED.replace("cap = Math.max(ef, topK);", "cap = Math.max(ef, topK + 2);");

    private static Exemplar ok(String id, String source, double reward) {
        return new Exemplar(id, null, source, "OK", reward, 700 * reward, POINTS, null, null, null, null);
    }

    private static Exemplar fail(String id, String status, String feedback) {
        return new Exemplar(id, null, "class Broken {", status, null, null, List.of(), null, null, null, feedback);
    }

    private static String searchPrompt(PromptBuilder b) {
        Exemplar best = ok("s-0007", BEST_SEARCH, 1.183);
        Exemplar seed = ok("seed", SEARCH_SEED, 1.0);
        Exemplar weak = ok("s-0003", SEARCH_SEED.replace("int nb = 0;", "int nb = 0; // weaker"), 0.91);
        return b.build(ModuleKind.SEARCH, List.of(best, seed, weak), seed,
                List.of(fail("s-0009", "COMPILE_ERROR", "line 42: cannot find symbol\n  symbol: variable poolSize"),
                        fail("s-0008", "POLICY_VIOLATION", "no-threads line 7: java.util.concurrent.ForkJoinPool is not allowed")));
    }

    @Test
    void containsEverySectionInOrder() {
        String p = searchPrompt(new PromptBuilder(DEFAULTS));
        String[] heads = {"# Task: make the search module", "## Goal and score", "## The contract", "## Sandbox rules",
                "## Earlier variants, best first", "## What changed between the best variant and its parent",
                "## Recent failures", "## Your answer"};
        int at = -1;
        for (String h : heads) {
            int i = p.indexOf(h);
            assertTrue(i > at, "section '" + h + "' missing or out of order");
            at = i;
        }
        assertFalse(LEFTOVER.matcher(p).find(), "an unrendered placeholder is left");
        assertTrue(p.contains("recall 0.85–0.95"));
        assertTrue(p.contains("build time at most 3×") && p.contains("index memory at most 2×"));
    }

    @Test
    void showsTheContractOfTheModuleKind() {
        String all = searchPrompt(new PromptBuilder(DEFAULTS));
        String p = all.substring(all.indexOf("## The contract"), all.indexOf("## Sandbox rules"));
        assertTrue(p.contains("public interface SearchModule {"));
        assertTrue(p.contains("void search(float[] query, int k, int ef, int count, CandidateBuffer out);"));
        assertTrue(p.contains("public final class Graph {") && p.contains("public final int[] level0;"));
        assertTrue(p.contains("public boolean add(int id, float dist) { ... }"), "CandidateBuffer as a stub");
        assertTrue(p.contains("void dotBytes4(float[] q, byte[] codes"), "kernel API");
        assertTrue(p.contains("public float prepareQuery(float[] q, int qOff, float[] w) { ... }"), "SQ8 API");
        assertFalse(p.contains("private static void checkIds"), "private members are left out");
        assertFalse(p.contains("import io.crinn4j.contract.vector.Kernels;"), "imports are left out");
        assertFalse(p.contains("public interface ConstructionModule"), "other kinds' interfaces are not shown");

        String c = new PromptBuilder(DEFAULTS).build(ModuleKind.CONSTRUCTION,
                List.of(ok("seed", GlassBaseline.source(ModuleKind.CONSTRUCTION), 1.0)), null, List.of());
        assertTrue(c.contains("Graph build(Vectors base, DistanceCounter counter);"));
        assertFalse(c.contains("// ---- CandidateBuffer.java"), "construction never sees a CandidateBuffer");
        assertTrue(c.contains("no recorded parent"));
        assertTrue(c.contains("No recent failures."));
    }

    @Test
    void statesTheSandboxRules() {
        String p = searchPrompt(new PromptBuilder(DEFAULTS));
        assertTrue(p.contains(ClassPolicy.allowListSummary()));
        assertTrue(p.contains("No static mutable state"));
        assertTrue(p.contains("Single-threaded"));
        assertTrue(p.contains("Deterministic"));
        assertTrue(p.contains("No per-query allocation"));
        assertTrue(p.contains("implements `SearchModule`"));
    }

    @Test
    void showsExemplarsBestFirstWithTheirCurvesAndCode() {
        Exemplar best = ok("s-0007", BEST_SEARCH, 1.183);
        Exemplar seed = ok("seed", SEARCH_SEED, 1.0);
        // Passed out of order: still shown best first.
        String p = new PromptBuilder(DEFAULTS).build(ModuleKind.SEARCH, List.of(seed, best), null, List.of());
        int b = p.indexOf("### Variant 1 of 2: `s-0007` (best");
        int s = p.indexOf("### Variant 2 of 2: `seed` (weakest shown)");
        assertTrue(b > 0 && s > b, "best first");
        assertTrue(p.contains("```java\n" + BEST_SEARCH.stripTrailing() + "\n```"), "the best's complete code");
        // The seed differs from the best in one line: shown as a diff against variant 1, which is shorter than its code.
        assertTrue(p.contains("Its code as a unified diff against variant 1 (`-` variant 1, `+` this one):\n\n```diff\n"
                + "--- variant-1/s-0007\n+++ variant-2/seed\n"), p.substring(s, s + 600));
        assertTrue(p.contains("\n-            cap = Math.max(ef, topK + 2);\n+            cap = Math.max(ef, topK);\n"));
        assertTrue(p.contains("Status OK · reward 1.183 (+18.3% vs the seed) · AUC 828.1"));
        // The band and one point on either side, recall ascending, with the ef that reaches each and its distances.
        assertTrue(p.contains("| ef | recall | QPS | distances/query |\n|---:|---:|---:|---:|\n| 4 | 0.800 (outside the band) | 9500 | 180 |\n"
                + "| 8 | 0.860 | 8100 | 260 |\n| 16 | 0.905 | 7020 | 390 |\n| 32 | 0.930 | 6000 | 610 |\n"
                + "| 64 | 0.970 (outside the band) | 3900 | 1020 |\n\n"), p.substring(b, b + 600));
        assertFalse(p.contains("| 0.700 "), "points far below the band are left out");
        assertTrue(p.contains("against variant 1 (`s-0007`)"));
    }

    @Test
    void showsTheDiffBetweenTheBestAndItsParent() {
        String p = searchPrompt(new PromptBuilder(DEFAULTS));
        assertTrue(p.contains("The best variant `s-0007` (reward 1.183) was derived from `seed` (reward 1.000)."));
        assertTrue(p.contains("```diff\n--- parent/seed\n+++ best/s-0007\n@@ "));
        assertTrue(p.contains("\n-            cap = Math.max(ef, topK);\n+            cap = Math.max(ef, topK + 2);\n"));
    }

    @Test
    void showsFailuresWithTheirFeedback() {
        String p = searchPrompt(new PromptBuilder(DEFAULTS));
        int f = p.indexOf("## Recent failures");
        assertTrue(p.indexOf("### `s-0009`: COMPILE_ERROR", f) > f);
        assertTrue(p.contains("```text\nline 42: cannot find symbol\n  symbol: variable poolSize\n```"));
        assertTrue(p.contains("java.util.concurrent.ForkJoinPool is not allowed"));

        String longFeedback = "x".repeat(5000);
        String q = new PromptBuilder(new PromptBuilder.Settings(PromptBuilder.DEFAULT_CHAR_BUDGET, 200, PromptBuilder.DEFAULT_MAX_POINTS, PromptBuilder.DEFAULT_MAX_DIFF_CHARS, RecallBand.DEFAULT, 3, 2)).build(ModuleKind.SEARCH,
                List.of(ok("seed", SEARCH_SEED, 1.0)), null, List.of(fail("s-1", "CRASH", longFeedback)));
        assertTrue(q.contains("x".repeat(200) + "\n[... 4800 more characters trimmed]"));
        assertFalse(q.contains("x".repeat(201)));
    }

    @Test
    void lengthGuardTrimsFailuresFirstThenOlderCodeButNeverTheBest() {
        String cons = GlassBaseline.source(ModuleKind.CONSTRUCTION);
        Exemplar best = ok("c-9", cons.replace("EF_CONSTRUCTION = 200", "EF_CONSTRUCTION = 150 /* BEST-MARKER */"), 1.2);
        // Every line of the weaker two differs from the best, so their diffs are longer than their code: shown whole.
        Exemplar mid = ok("c-5", cons.replace("EF_CONSTRUCTION = 200", "EF_CONSTRUCTION = 180 /* MID-MARKER */").replace("\n", " // m\n"), 1.1);
        Exemplar weak = ok("c-2", cons.replace("EF_CONSTRUCTION = 200", "EF_CONSTRUCTION = 400 /* WEAK-MARKER */").replace("\n", " // w\n"), 0.8);
        List<Exemplar> fails = List.of(fail("c-11", "CRASH", "trace ".repeat(800)), fail("c-10", "COMPILE_ERROR", "err ".repeat(800)));
        List<Exemplar> ex = List.of(best, mid, weak);

        String full = new PromptBuilder(new PromptBuilder.Settings(1_000_000, PromptBuilder.DEFAULT_FAILURE_FEEDBACK_CHARS, PromptBuilder.DEFAULT_MAX_POINTS, PromptBuilder.DEFAULT_MAX_DIFF_CHARS, RecallBand.DEFAULT, 3, 2)).build(ModuleKind.CONSTRUCTION, ex, mid, fails);
        assertTrue(full.contains("MID-MARKER") && full.contains("WEAK-MARKER"));
        assertFalse(full.contains("> Note: to fit the prompt budget"));

        // Just over the budget: shortening the failure feedback is enough.
        int budget1 = full.length() - 1000;
        String p1 = new PromptBuilder(new PromptBuilder.Settings(budget1, PromptBuilder.DEFAULT_FAILURE_FEEDBACK_CHARS, PromptBuilder.DEFAULT_MAX_POINTS, PromptBuilder.DEFAULT_MAX_DIFF_CHARS, RecallBand.DEFAULT, 3, 2)).build(ModuleKind.CONSTRUCTION, ex, mid, fails);
        assertTrue(p1.length() <= budget1);
        assertTrue(p1.contains("MID-MARKER") && p1.contains("WEAK-MARKER"), "exemplar code kept");
        assertTrue(p1.contains("omits failure feedback beyond 300 characters each"), "omission stated");

        // Far over: failure feedback dropped, then the code of the weaker variants, worst first.
        int budget2 = full.length() - 8_000 - 5_000;
        String p2 = new PromptBuilder(new PromptBuilder.Settings(budget2, PromptBuilder.DEFAULT_FAILURE_FEEDBACK_CHARS, PromptBuilder.DEFAULT_MAX_POINTS, PromptBuilder.DEFAULT_MAX_DIFF_CHARS, RecallBand.DEFAULT, 3, 2)).build(ModuleKind.CONSTRUCTION, ex, mid, fails);
        assertTrue(p2.length() <= budget2, "length " + p2.length());
        assertTrue(p2.contains("```java\n" + best.source().stripTrailing() + "\n```"), "the best's code is never cut");
        assertFalse(p2.contains("WEAK-MARKER"));
        assertTrue(p2.contains("(code omitted to fit the prompt budget; its scores are above)"));
        assertTrue(p2.contains("the sandbox feedback of the recent failures (statuses kept)"));
        assertTrue(p2.contains("- `c-11`: CRASH (feedback omitted to fit the prompt budget)"));
        assertTrue(p2.contains("> Note: to fit the prompt budget of " + budget2 + " characters, this prompt omits"));

        // Impossible budget: everything cuttable is cut, the best stays, the prompt may exceed the budget.
        String p3 = new PromptBuilder(new PromptBuilder.Settings(5_000, PromptBuilder.DEFAULT_FAILURE_FEEDBACK_CHARS, PromptBuilder.DEFAULT_MAX_POINTS, PromptBuilder.DEFAULT_MAX_DIFF_CHARS, RecallBand.DEFAULT, 3, 2)).build(ModuleKind.CONSTRUCTION, ex, mid, fails);
        assertTrue(p3.contains(best.source().stripTrailing()) && !p3.contains("WEAK-MARKER") && !p3.contains(mid.source().stripTrailing()));
        assertTrue(p3.contains("omits the code of variants 2, 3 (scores kept)"), p3.substring(p3.indexOf("> Note"), p3.indexOf("> Note") + 300));
        assertTrue(p3.length() > 5_000);
        assertFalse(LEFTOVER.matcher(p3).find());
    }

    private static final Workload WORKLOAD = new Workload("bigann10k", 9_000, 128, "euclidean", 500, 10, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9,
            10, 11, 12, 13, 14, 15, 17, 20, 25), 3, 2.0, 4L << 20, "JDK 17.0.15, kernels panama-512, 2 CPUs");

    @Test
    void theWorkloadTheMachineAndTheBudgetsInSecondsAreStated() {
        PromptInput in = new PromptInput(ModuleKind.SEARCH, WORKLOAD, List.of(ok("seed", SEARCH_SEED, 1.0)), null, null, List.of(), List.of(),
                null);
        String p = new PromptBuilder(DEFAULTS).build(in);
        assertTrue(p.contains("- **Data:** `bigann10k`: 9,000 base vectors of 128 dimensions (float32), metric euclidean."), p);
        assertTrue(p.contains("- **Queries:** 500 per timed pass, k = 10"));
        assertTrue(p.contains("ef ∈ {1–15, 17, 20, 25}; each ef timed in 3 runs"));
        assertTrue(p.contains("the seed builds its index in 2.00 s and it takes 4.0 MiB of heap; a candidate may take up to 3× (6.00 s) and 2× (8.0 MiB)"));
        assertTrue(p.contains("- **Machine:** JDK 17.0.15, kernels panama-512, 2 CPUs."));
        assertTrue(p.contains("No profile was measured for this prompt."));
        Exemplar built = new Exemplar("s-3", "seed", SEARCH_SEED, "OK", 1.1, 770.0, POINTS, 3.0, 6L << 20, "bigger pool", null);
        String q = new PromptBuilder(DEFAULTS).build(new PromptInput(ModuleKind.SEARCH, WORKLOAD, List.of(built), null, null, List.of(),
                List.of(), null));
        assertTrue(q.contains("· build 3.00 s (1.50× the seed's; budget 3×) · index 6.0 MiB (1.50× the seed's; budget 2×) · derived from `seed`"), q);
        assertTrue(q.contains("What it changed: bigger pool"));
        assertTrue(new PromptBuilder(DEFAULTS).build(ModuleKind.SEARCH, List.of(ok("seed", SEARCH_SEED, 1.0)), null, List.of())
                .contains("## Workload and machine\n\nNot given for this prompt."));
    }

    @Test
    void theLessonsTableListsEveryVariantWithItsChangeAndItsWorth() {
        List<Lesson> lessons = List.of(new Lesson("search-s1-start", null, "OK", 1.06, 1.06, "the module set the previous stages accepted"),
                new Lesson("search-s1-g000-0", "search-s1-start", "OK", 1.183, null, "byte visited marks | BFS order"),
                new Lesson("search-s1-g000-1", "search-s1-start", "COMPILE_ERROR", null, null, "pool as one long[]"),
                new Lesson("search-s1-g000-2", "search-s1-start", "OK", 1.02, 0.998, null));
        PromptInput in = new PromptInput(ModuleKind.SEARCH, WORKLOAD, List.of(ok("s-1", SEARCH_SEED, 1.06)), null, null, List.of(), lessons,
                "| # | method | line | samples |");
        String p = new PromptBuilder(DEFAULTS).build(in);
        int t = p.indexOf("## Lessons: every variant of this stage so far");
        assertTrue(t > 0 && p.indexOf("## Earlier variants", t) > t, "the lessons come before the exemplars");
        assertTrue(p.contains("| `search-s1-start` | — | OK | 1.060 (re-measured 1.060) | the module set the previous stages accepted |"));
        assertTrue(p.contains("| `search-s1-g000-0` | `search-s1-start` | OK | 1.183 | byte visited marks / BFS order |"), "a pipe cannot break the row");
        assertTrue(p.contains("| `search-s1-g000-1` | `search-s1-start` | COMPILE_ERROR | — | pool as one long[] |"));
        assertTrue(p.contains("| `search-s1-g000-2` | `search-s1-start` | OK | 1.020 (re-measured 0.998) | — |"));
        assertTrue(p.contains("## Where variant 1 spends its time\n\n| # | method | line | samples |"), "the profile section");
        assertTrue(p.contains("1. Start with one line `Change: <what your version changes, in at most 20 words>`"));
    }

    @Test
    void aCrossoverPromptShowsBothParentsWholeWithTheirDiffAndAsksToCombineThem() {
        Exemplar a = ok("s-7", BEST_SEARCH, 1.18);
        Exemplar b = ok("s-4", SEARCH_SEED.replace("int nb = 0;", "int nb = 0; // partner idea"), 1.12);
        Exemplar weak = ok("seed", SEARCH_SEED, 1.0);
        PromptInput in = new PromptInput(ModuleKind.SEARCH, WORKLOAD, List.of(a, weak, b), null, b, List.of(), List.of(), null);
        String p = new PromptBuilder(DEFAULTS).build(in);
        assertTrue(p.contains("### Variant 2 of 3: `s-4` (to combine with variant 1)"), "the partner second");
        assertTrue(p.contains("```java\n" + b.source().stripTrailing() + "\n```"), "the partner's code whole");
        assertTrue(p.contains("## How the two variants to combine differ"));
        assertTrue(p.contains("--- variant-1/s-7\n+++ variant-2/s-4"));
        assertTrue(p.contains("combines the strengths of both and should beat both"));
        assertTrue(p.contains("Variants 1 (`s-7`) and 2 (`s-4`) are two strong variants"));
    }

    @Test
    void codeContainingBackticksGetsALongerFence() {
        String src = "package p;\n/** use ```java blocks */\npublic class A {}\n";
        String p = new PromptBuilder(DEFAULTS).build(ModuleKind.REFINEMENT, List.of(ok("r-1", src, 1.0)), null, List.of());
        assertTrue(p.contains("````java\n" + src.stripTrailing() + "\n````"));
    }

    @Test
    void aTemplatePlaceholderWithoutValueFails() {
        PromptBuilder b = new PromptBuilder(PromptTemplate.of("{{module}} {{no_such_thing}}"), DEFAULTS);
        assertThrows(IllegalStateException.class,
                () -> b.build(ModuleKind.SEARCH, List.of(ok("seed", SEARCH_SEED, 1.0)), null, List.of()));
        assertEquals("search", new PromptBuilder(PromptTemplate.of("{{module}}"), DEFAULTS)
                .build(ModuleKind.SEARCH, List.of(ok("seed", SEARCH_SEED, 1.0)), null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PromptBuilder(DEFAULTS).build(ModuleKind.SEARCH, List.of(), null, List.of()));
    }

    @Test
    void theInstructionsAskForOneJavaBlockOrEditsInTheParserFormat() {
        String p = searchPrompt(new PromptBuilder(DEFAULTS));
        String answer = p.substring(p.indexOf("## Your answer"));
        assertTrue(answer.contains("ONE ```java block"));
        assertTrue(answer.contains("<<<<<<< SEARCH\n") && answer.contains("\n=======\n") && answer.contains("\n>>>>>>> REPLACE\n"));
        // The format shown is the one ReplyParser accepts: an edit written that way applies to the best.
        String reply = "Variant 1 pools better.\n<<<<<<< SEARCH\n            cap = Math.max(ef, topK + 2);\n=======\n"
                + "            cap = Math.max(ef, topK + 1);\n>>>>>>> REPLACE\n";
        ParsedReply r = ReplyParser.parse(reply, BEST_SEARCH);
        assertEquals(ParsedReply.Kind.EDITS_APPLIED, r.kind(), r.reason());
        assertTrue(r.source().contains("cap = Math.max(ef, topK + 1);"));
    }
}
