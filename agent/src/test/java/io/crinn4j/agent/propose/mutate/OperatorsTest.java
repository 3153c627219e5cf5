package io.crinn4j.agent.propose.mutate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.check.SourcePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each operator on each seed module: parseable, policy-clean, different from the parent, the described change visible. */
class OperatorsTest {

    static final int DRAWS = 12;

    /** Applies one operator with {@link #DRAWS} generator seeds; all results (empty when it never applies). */
    static List<Mutation> draws(OperatorKind op, ModuleKind kind, String parent, List<Subject.Donor> donors) {
        MutateProposer p = new MutateProposer();
        Subject s = Fixtures.subject(kind, parent, donors);
        List<Mutation> out = new ArrayList<>();
        for (int seed = 0; seed < DRAWS; seed++) {
            Optional<Mutation> m = p.apply(op, s, new Rng(seed));
            m.ifPresent(out::add);
        }
        return out;
    }

    /** The text of the mutant that replaced the parent's text: the middle after stripping the common prefix and suffix. */
    static String changed(String parent, String mutant) {
        int p = 0;
        int max = Math.min(parent.length(), mutant.length());
        while (p < max && parent.charAt(p) == mutant.charAt(p)) {
            p++;
        }
        int s = 0;
        while (s < max - p && parent.charAt(parent.length() - 1 - s) == mutant.charAt(mutant.length() - 1 - s)) {
            s++;
        }
        return mutant.substring(p, mutant.length() - s);
    }

    /** Code tokens (no layout, no comments) of a source. */
    static List<String> tokens(String source) {
        return List.of(ParsedSource.parse(source).orElseThrow().code().split(" "));
    }

    /** The token-level change: {old tokens, new tokens} after stripping the common prefix and suffix. */
    static List<List<String>> tokenDiff(String parent, String mutant) {
        List<String> a = tokens(parent);
        List<String> b = tokens(mutant);
        int p = 0;
        while (p < a.size() && p < b.size() && a.get(p).equals(b.get(p))) {
            p++;
        }
        int s = 0;
        while (s < a.size() - p && s < b.size() - p && a.get(a.size() - 1 - s).equals(b.get(b.size() - 1 - s))) {
            s++;
        }
        return List.of(a.subList(p, a.size() - s), b.subList(p, b.size() - s));
    }

    static void assertValidAndDifferent(ModuleKind kind, String parent, Mutation m) {
        assertNotEquals(parent, m.source(), m.description());
        Optional<ParsedSource> p = ParsedSource.parse(m.source());
        assertTrue(p.isPresent(), "does not parse: " + m.description());
        assertNotEquals(ParsedSource.parse(parent).orElseThrow().code(), p.get().code(), "same code: " + m.description());
        assertTrue(SourcePolicy.check(m.source(), kind).ok(), m.description() + ": " + SourcePolicy.check(m.source(), kind).feedback());
        assertFalse(m.description().contains("\n"), m.description());
    }

    // ---- 1. tunables ----------------------------------------------------------------------

    static final Pattern TUNABLE = Pattern.compile("tunable (\\w+) (\\S+)->(\\S+)");

    @ParameterizedTest
    @EnumSource(value = ModuleKind.class, names = {"CONSTRUCTION", "REFINEMENT"})
    void tunablePerturbsAStaticFinalConstant(ModuleKind kind) {
        String parent = Fixtures.seed(kind);
        List<Mutation> ms = draws(OperatorKind.TUNABLE, kind, parent, List.of());
        assertEquals(DRAWS, ms.size());
        for (Mutation m : ms) {
            assertValidAndDifferent(kind, parent, m);
            Matcher d = TUNABLE.matcher(m.description());
            assertTrue(d.matches(), m.description());
            assertTrue(parent.contains(d.group(1) + " = " + d.group(2) + ";"), m.description());
            assertTrue(m.source().contains(d.group(1) + " = " + d.group(3) + ";"), m.description());
            assertEquals(List.of(List.of(d.group(2)), List.of(d.group(3))), tokenDiff(parent, m.source()), m.description());
            assertFalse(d.group(1).contains("SEED"), "seeds are not tunables: " + m.description());
            if (d.group(1).equals("M") || d.group(1).equals("EF_CONSTRUCTION")) {
                long v = Long.parseLong(d.group(3));
                assertTrue(v >= 2 && v % 2 == 0, "even integers stay even and positive: " + m.description());
            }
            if (d.group(1).equals("FACTOR")) {
                float v = Float.parseFloat(d.group(3));
                // A local step within [0.7, 1.4], or a large one (half or double).
                assertTrue(d.group(3).endsWith("f") && (v >= 1.5f * 0.69f && v <= 1.5f * 1.41f || v == 0.75f || v == 3.0f), m.description());
            }
        }
    }

    @Test
    void searchHasNoTunablesUntilARelaxationIntroducesOne() {
        String parent = Fixtures.seed(ModuleKind.SEARCH);
        assertTrue(draws(OperatorKind.TUNABLE, ModuleKind.SEARCH, parent, List.of()).isEmpty());
        Mutation relaxed = draws(OperatorKind.RELAX, ModuleKind.SEARCH, parent, List.of()).get(0);
        List<Mutation> ms = draws(OperatorKind.TUNABLE, ModuleKind.SEARCH, relaxed.source(), List.of());
        assertEquals(DRAWS, ms.size());
        for (Mutation m : ms) {
            assertTrue(m.description().startsWith("tunable RELAX_1 "), m.description());
            assertValidAndDifferent(ModuleKind.SEARCH, relaxed.source(), m);
        }
    }

    // ---- 2. literals ----------------------------------------------------------------------

    static final Pattern LITERAL = Pattern.compile("literal (\\S+)->(\\S+) in (\\S+)");

    @Test
    void literalNudgesArithmeticLiteralsOfTheConstruction() {
        ModuleKind kind = ModuleKind.CONSTRUCTION;
        String parent = Fixtures.seed(kind);
        List<Mutation> ms = draws(OperatorKind.LITERAL, kind, parent, List.of());
        assertEquals(DRAWS, ms.size());
        for (Mutation m : ms) {
            assertValidAndDifferent(kind, parent, m);
            Matcher d = LITERAL.matcher(m.description());
            assertTrue(d.matches(), m.description());
            assertEquals(List.of(List.of(d.group(1)), List.of(d.group(2))), tokenDiff(parent, m.source()), m.description());
            assertTrue(List.of("2", "1.0").contains(d.group(1)), "only 2 * M and the level generator's 1.0 qualify: " + m.description());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ModuleKind.class, names = {"SEARCH", "REFINEMENT"})
    void literalLeavesIndicesMasksAndLoopHeadersAlone(ModuleKind kind) {
        // Every literal of these seeds is an index, a dimension, 0, ±1 or in a loop header.
        assertTrue(draws(OperatorKind.LITERAL, kind, Fixtures.seed(kind), List.of()).isEmpty());
    }

    // ---- 3. comparison relaxation ---------------------------------------------------------

    static final Pattern RELAX = Pattern.compile("relax (.+) -> (.+) \\((RELAX_\\d+) = (\\S+)\\) in (\\S+)");

    @ParameterizedTest
    @EnumSource(value = ModuleKind.class, names = {"CONSTRUCTION", "SEARCH"})
    void relaxScalesAFloatComparisonByANewNamedConstant(ModuleKind kind) {
        String parent = Fixtures.seed(kind);
        List<Mutation> ms = draws(OperatorKind.RELAX, kind, parent, List.of());
        assertEquals(DRAWS, ms.size());
        for (Mutation m : ms) {
            assertValidAndDifferent(kind, parent, m);
            Matcher d = RELAX.matcher(m.description());
            assertTrue(d.matches(), m.description());
            assertTrue(parent.contains(d.group(1)), m.description());
            assertTrue(m.source().contains(d.group(2)), m.description());
            assertTrue(d.group(2).contains(d.group(3) + " * "), m.description());
            assertTrue(m.source().contains("static final float " + d.group(3) + " = " + d.group(4) + ";"), m.description());
            float f = Float.parseFloat(d.group(4));
            assertTrue(f >= 0.8f && f <= 1.5f && Math.abs(f - 1) >= 0.049f, m.description());
        }
    }

    @Test
    void relaxSkipsSortingComparisonsSoTheRerankHasNothingToRelax() {
        // ExactRerank's only float comparisons are dists[j] < dists[best] (selection sort): never scaled.
        assertTrue(draws(OperatorKind.RELAX, ModuleKind.REFINEMENT, Fixtures.seed(ModuleKind.REFINEMENT), List.of()).isEmpty());
    }

    @Test
    void relaxFindsCrinnsRelaxedPruningRuleWithinBoundedSeeds() {
        // The honest +15-25% candidate differs from the seed only by dcs < dc -> 1.2 * dcs < dc.
        String parent = Fixtures.seed(ModuleKind.CONSTRUCTION);
        MutateProposer p = new MutateProposer();
        Subject s = Fixtures.subject(ModuleKind.CONSTRUCTION, parent, List.of());
        Pattern relaxedPruning = Pattern.compile("if \\((RELAX_\\d+) \\* dcs < dc\\)");
        int firstScaled = -1;
        int firstRelaxing = -1;
        for (int seed = 0; seed < 64 && firstRelaxing < 0; seed++) {
            Mutation m = p.apply(OperatorKind.RELAX, s, new Rng(seed)).orElseThrow();
            boolean scaled = m.source().contains("if (dcs < RELAX_1 * dc)") || relaxedPruning.matcher(m.source()).find();
            if (scaled && firstScaled < 0) {
                firstScaled = seed;
                assertFalse(m.source().contains("if (dcs < dc)"), "the original rule is replaced");
            }
            Matcher r = relaxedPruning.matcher(m.source());
            if (r.find()) {
                Matcher c = Pattern.compile("static final float " + r.group(1) + " = (\\S+)f;").matcher(m.source());
                assertTrue(c.find(), m.source());
                if (Float.parseFloat(c.group(1)) > 1) {
                    firstRelaxing = seed; // keeps more candidates: the direction of RelaxedPruningConstruction
                }
            }
        }
        System.out.println("relax: first scaled 'dcs < dc' at seed " + firstScaled + ", first relaxing (factor > 1) at seed " + firstRelaxing);
        assertTrue(firstScaled >= 0, "no mutant scaled dcs < dc within 64 seeds");
        assertTrue(firstRelaxing >= 0, "no mutant relaxed dcs < dc with a factor above 1 within 64 seeds");
    }

    @ParameterizedTest
    @EnumSource(value = ModuleKind.class, names = {"CONSTRUCTION", "SEARCH"})
    void theGreedyDescentIsOnlyEverMadeStricter(ModuleKind kind) {
        // if (dv < curDist) { ...; changed = true; } inside while (changed): a looser test can loop forever.
        MutateProposer p = new MutateProposer();
        Subject s = Fixtures.subject(kind, Fixtures.seed(kind), List.of());
        int seen = 0;
        for (int seed = 0; seed < 80; seed++) {
            Mutation m = p.apply(OperatorKind.RELAX, s, new Rng(seed)).orElseThrow();
            Matcher d = RELAX.matcher(m.description());
            assertTrue(d.matches(), m.description());
            if (!d.group(1).equals("dv < curDist")) {
                continue;
            }
            seen++;
            float f = Float.parseFloat(d.group(4));
            boolean stricter = (d.group(2).startsWith(d.group(3) + " * dv") && f > 1) || (d.group(2).endsWith(d.group(3) + " * curDist") && f < 1);
            assertTrue(stricter, m.description());
        }
        assertTrue(seen >= 5, "dv < curDist drawn " + seen + " times");
        assertTrue(RelaxOperator.guardsLoopProgress(
                ParsedSource.parse(Fixtures.seed(kind)).orElseThrow().unit().findFirst(com.github.javaparser.ast.expr.BinaryExpr.class,
                        b -> b.toString().equals("dv < curDist")).orElseThrow()));
    }

    // ---- 4. operator swap -----------------------------------------------------------------

    static final Pattern SWAP = Pattern.compile("swap (.+) -> (.+) in (\\S+)");

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void swapFlipsOneComparisonOrMinMax(ModuleKind kind) {
        String parent = Fixtures.seed(kind);
        List<Mutation> ms = draws(OperatorKind.SWAP, kind, parent, List.of());
        assertEquals(DRAWS, ms.size());
        for (Mutation m : ms) {
            assertValidAndDifferent(kind, parent, m);
            Matcher d = SWAP.matcher(m.description());
            assertTrue(d.matches(), m.description());
            List<List<String>> diff = tokenDiff(parent, m.source());
            assertEquals(1, diff.get(0).size(), m.description());
            assertEquals(1, diff.get(1).size(), m.description());
            List<String> pair = List.of(diff.get(0).get(0), diff.get(1).get(0));
            assertTrue(List.of(List.of("<", "<="), List.of("<=", "<"), List.of(">", ">="), List.of(">=", ">"), List.of("min", "max"),
                    List.of("max", "min")).contains(pair), m.description() + " changed " + pair);
            if (!d.group(2).startsWith("Math.")) {
                assertTrue(m.source().contains(d.group(2)), m.description());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void swapNeverTouchesLoopBoundsNorMakesTheDescentNonStrict(ModuleKind kind) {
        MutateProposer p = new MutateProposer();
        Subject s = Fixtures.subject(kind, Fixtures.seed(kind), List.of());
        // Integer comparisons that appear only in loop conditions (i < m, lo < hi, cursor < size, ...).
        java.util.Set<String> inLoops = new java.util.HashSet<>();
        java.util.Set<String> elsewhere = new java.util.HashSet<>();
        for (var b : s.source().unit().findAll(com.github.javaparser.ast.expr.BinaryExpr.class,
                b -> RelaxOperator.isRelational(b.getOperator()) && !TypeOracle.isFloating(b.getLeft()) && !TypeOracle.isFloating(b.getRight()))) {
            boolean loop = b.findAncestor(com.github.javaparser.ast.stmt.ForStmt.class).flatMap(f -> f.getCompare())
                    .map(c -> LiteralOperator.isInside(b, c)).orElse(false)
                    || b.findAncestor(com.github.javaparser.ast.stmt.WhileStmt.class)
                    .map(w -> LiteralOperator.isInside(b, w.getCondition())).orElse(false);
            (loop ? inLoops : elsewhere).add(s.source().text(b));
        }
        inLoops.removeAll(elsewhere);
        assertTrue(inLoops.size() >= 3, inLoops.toString());
        for (int seed = 0; seed < 100; seed++) {
            String d = p.apply(OperatorKind.SWAP, s, new Rng(seed)).orElseThrow().description();
            String before = d.substring("swap ".length(), d.indexOf(" -> "));
            assertFalse(inLoops.contains(before), d);
            assertFalse(d.startsWith("swap dv < curDist"), d);
        }
    }

    // ---- 5. statements --------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void statementMutationsAreVisibleAndValid(ModuleKind kind) {
        String parent = Fixtures.seed(kind);
        List<Mutation> ms = draws(OperatorKind.STATEMENT, kind, parent, List.of());
        assertEquals(DRAWS, ms.size());
        for (Mutation m : ms) {
            assertValidAndDifferent(kind, parent, m);
            assertTrue(m.description().matches("statement (delete|exchange|off-by-one) '.+' in \\S+"), m.description());
        }
    }

    @Test
    void eachStatementVariantWorksOnTheConstruction() {
        ParsedSource s = ParsedSource.parse(Fixtures.seed(ModuleKind.CONSTRUCTION)).orElseThrow();
        String parent = s.text();

        List<com.github.javaparser.ast.stmt.ExpressionStmt> deletable = StatementOperator.deletable(s);
        List<String> texts = new ArrayList<>();
        deletable.forEach(st -> texts.add(s.text(st)));
        assertFalse(deletable.isEmpty());
        // Loop progress, counters and final fields are protected.
        for (String never : List.of("j--;", "cursor++;", "distances++;", "distances += j;", "counter.add(distances);",
                "poolId[cursor] = u | Integer.MIN_VALUE;", "this.base = base;", "deg++;", "lo = mid + 1;")) {
            assertFalse(texts.contains(never), "must not be deletable: " + never + " in " + texts);
        }
        Mutation del = StatementOperator.delete(s, deletable.get(0));
        assertValidAndDifferent(ModuleKind.CONSTRUCTION, parent, del);
        assertTrue(del.source().length() < parent.length(), "a deletion only removes text");
        assertEquals(s.text(deletable.get(0)), changed(del.source(), parent).trim(), "exactly the statement's line goes");

        List<com.github.javaparser.ast.stmt.ExpressionStmt[]> pairs = StatementOperator.exchangeable(s);
        assertFalse(pairs.isEmpty());
        Pattern opaqueCall = Pattern.compile("\\b(poolInsert|insert|dist|searchLayer|connectBack|scoreBatch|sortByDist|prepareQuery"
                + "|dotBytes|dotBytes4|add|selectHeuristic|toGraph)\\(");
        for (var pair : pairs) {
            for (var st : pair) {
                assertFalse(opaqueCall.matcher(s.text(st)).find(), "a call with unknown effects was exchanged: " + s.text(st));
            }
        }
        Mutation ex = StatementOperator.exchange(s, pairs.get(0));
        assertValidAndDifferent(ModuleKind.CONSTRUCTION, parent, ex);
        assertEquals(parent.length(), ex.source().length(), "an exchange moves text, it adds none");

        List<com.github.javaparser.ast.expr.BinaryExpr> bounds = StatementOperator.loopBounds(s);
        assertFalse(bounds.isEmpty());
        Mutation off = StatementOperator.offByOne(s, bounds.get(0), false).orElseThrow();
        assertValidAndDifferent(ModuleKind.CONSTRUCTION, parent, off);
        assertTrue(changed(parent, off.source()).endsWith(" - 1"), off.description());
    }

    // ---- 6. crossover ---------------------------------------------------------------------

    @Test
    void crossoverTransplantsAMethodWithTheConstantsItNeeds() {
        String parent = Fixtures.seed(ModuleKind.CONSTRUCTION);
        String relaxed = Fixtures.relaxedPruning();
        List<Mutation> ms = draws(OperatorKind.CROSSOVER, ModuleKind.CONSTRUCTION, parent,
                List.of(Fixtures.donor("relaxed", 1.2, relaxed)));
        assertEquals(DRAWS, ms.size());
        for (Mutation m : ms) {
            assertValidAndDifferent(ModuleKind.CONSTRUCTION, parent, m);
            assertEquals("crossover method Builder#selectHeuristic(int[],float[],int,int) from relaxed (+ALPHA)", m.description());
            assertTrue(m.source().contains("if (ALPHA * dcs < dc) {"));
            assertTrue(m.source().contains("static final float ALPHA = 1.2f;"));
            assertTrue(m.source().contains("public final class HnswConstruction implements ConstructionModule"));
            assertFalse(m.source().contains("RelaxedPruningConstruction"));
        }
    }

    @Test
    void crossoverTakesTunableValues() {
        String parent = Fixtures.seed(ModuleKind.CONSTRUCTION);
        String donor = parent.replace("M = 16;", "M = 24;").replace("EF_CONSTRUCTION = 200;", "EF_CONSTRUCTION = 300;");
        List<Mutation> ms = draws(OperatorKind.CROSSOVER, ModuleKind.CONSTRUCTION, parent, List.of(Fixtures.donor("v9", 1.1, donor)));
        assertEquals(DRAWS, ms.size());
        int all = 0;
        for (Mutation m : ms) {
            assertValidAndDifferent(ModuleKind.CONSTRUCTION, parent, m);
            assertTrue(m.description().startsWith("crossover tunables from v9: "), m.description());
            if (m.description().contains("M 16->24")) {
                assertTrue(m.source().contains("M = 24;"));
            }
            if (m.description().contains("EF_CONSTRUCTION 200->300")) {
                assertTrue(m.source().contains("EF_CONSTRUCTION = 300;"));
            }
            if (m.source().contains("M = 24;") && m.source().contains("EF_CONSTRUCTION = 300;")) {
                all++;
            }
        }
        assertTrue(all > 0 && all < DRAWS, "sometimes all differing constants, sometimes one: " + all);
    }

    @ParameterizedTest
    @EnumSource(value = ModuleKind.class, names = {"SEARCH", "REFINEMENT"})
    void crossoverTakesMethodsFromMutantsOfTheOtherSeeds(ModuleKind kind) {
        String parent = Fixtures.seed(kind);
        // A donor whose code differs in one method: the seed with one float comparison flipped (search)
        // or its rerank tie-break swapped (refinement).
        Mutation donorMutation = draws(OperatorKind.SWAP, kind, parent, List.of()).get(0);
        List<Mutation> ms = draws(OperatorKind.CROSSOVER, kind, parent, List.of(Fixtures.donor("v3", 1.05, donorMutation.source())));
        assertEquals(DRAWS, ms.size());
        for (Mutation m : ms) {
            assertValidAndDifferent(kind, parent, m);
            assertTrue(m.description().startsWith("crossover method "), m.description());
            assertEquals(ParsedSource.parse(donorMutation.source()).orElseThrow().code(),
                    ParsedSource.parse(m.source()).orElseThrow().code(), "the one differing method is taken over");
        }
    }
}
