package io.crinn4j.agent.propose.mutate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.check.SourcePolicy;
import io.crinn4j.sandbox.compile.CandidateCompiler;
import io.crinn4j.sandbox.compile.CompileResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MutateProposerTest {

    private static List<String> texts(List<Reply> replies) {
        List<String> out = new ArrayList<>();
        for (Reply r : replies) {
            out.add(r.source() + "\n" + r.text() + "\n" + r.error());
        }
        return out;
    }

    @Test
    void nameIsMutate() {
        assertEquals("mutate", new MutateProposer().name());
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void theSameRequestGivesTheSameReplies(ModuleKind kind) {
        PromptRequest r = Fixtures.seedRequest(kind, 12345L);
        List<Reply> a = new MutateProposer().propose(r, 8);
        List<Reply> b = new MutateProposer().propose(r, 8);
        assertEquals(texts(a), texts(b));
        // A prefix of a group is the smaller group: reply i depends only on (seed, i) and the replies before it.
        assertEquals(texts(a).subList(0, 3), texts(new MutateProposer().propose(r, 3)));
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void codeTheCampaignMeasuredBeforeIsNotProposedAgain(ModuleKind kind) {
        PromptRequest r = Fixtures.seedRequest(kind, 777L);
        List<Reply> first = new MutateProposer().propose(r, 6);
        java.util.Set<String> known = new java.util.HashSet<>();
        for (Reply x : first) {
            assertFalse(x.failed(), x.error());
            known.add(io.crinn4j.sandbox.check.SourceNormalizer.hash(Fixtures.source(x)));
        }
        PromptRequest again = new PromptRequest(r.module(), r.prompt(), r.parent(), r.exemplars(), r.seed(), known);
        List<Reply> second = new MutateProposer().propose(again, 6);
        for (Reply x : second) {
            assertFalse(x.failed(), x.error());
            assertFalse(known.contains(io.crinn4j.sandbox.check.SourceNormalizer.hash(Fixtures.source(x))),
                    "proposed again: " + x.source());
        }
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void differentSeedsGiveDifferentReplies(ModuleKind kind) {
        MutateProposer p = new MutateProposer();
        List<String> a = texts(p.propose(Fixtures.seedRequest(kind, 1), 6));
        List<String> b = texts(p.propose(Fixtures.seedRequest(kind, 2), 6));
        assertNotEquals(a, b);
        int same = 0;
        for (int i = 0; i < a.size(); i++) {
            same += a.get(i).equals(b.get(i)) ? 1 : 0;
        }
        assertTrue(same <= 2, "seeds 1 and 2 agree on " + same + " of 6 replies");
    }

    /**
     * Pins the random stream: these descriptions must be the same on every JDK (the build runs
     * the tests on 17 and 25). If an operator changes on purpose, update the list.
     */
    @Test
    void repliesArePinnedAcrossJdks() {
        List<Reply> replies = new MutateProposer().propose(Fixtures.seedRequest(ModuleKind.CONSTRUCTION, 42), 6);
        List<String> got = new ArrayList<>();
        for (Reply r : replies) {
            got.add(r.source());
        }
        assertEquals(GOLDEN, got, "the random stream or an operator changed; if on purpose, update GOLDEN");
    }

    static final List<String> GOLDEN = List.of(
            "mutate:swap dists[j] > dv -> dists[j] >= dv in Builder.sortByDist",
            "mutate:tunable M 16->32",
            "mutate:statement off-by-one 'j < width' -> 'j < width - 1' in Builder.searchLayer",
            "mutate:tunable M 16->8",
            "mutate:tunable EF_CONSTRUCTION 200->100",
            "mutate:relax dist >= poolDist[poolSize - 1] -> dist >= RELAX_1 * poolDist[poolSize - 1] (RELAX_1 = 0.9f) in Builder.poolInsert");

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void aGroupHasNoDuplicateAndNoUnchangedReply(ModuleKind kind) {
        Exemplar seed = Fixtures.exemplar("seed", Fixtures.seed(kind), 1.0);
        PromptRequest r = Fixtures.request(kind, seed, List.of(seed), 99);
        List<Reply> replies = new MutateProposer().propose(r, 40);
        assertEquals(40, replies.size());
        Set<String> codes = new HashSet<>();
        codes.add(ParsedSource.parse(seed.source()).orElseThrow().code());
        for (Reply reply : replies) {
            assertFalse(reply.failed(), reply.error());
            assertTrue(reply.source().startsWith("mutate:"), reply.source());
            assertEquals(0, reply.inputTokens());
            assertEquals(0, reply.outputTokens());
            assertEquals(0.0, reply.costUsd());
            assertTrue(reply.text().startsWith("```java\n") && reply.text().endsWith("\n```"));
            String source = Fixtures.source(reply);
            assertTrue(codes.add(ParsedSource.parse(source).orElseThrow().code()), "duplicate or unchanged: " + reply.source());
            assertTrue(SourcePolicy.check(source, kind).ok(), reply.source());
        }
    }

    @Test
    void aSingleOperatorThatRunsOutOfNewMutantsFailsTheReplyWithAReason() {
        // Crossover only, and the seed differs from its donor in one method: there is exactly one child.
        Map<OperatorKind, Double> w = new EnumMap<>(OperatorKind.class);
        w.put(OperatorKind.CROSSOVER, 1.0);
        Exemplar seed = Fixtures.exemplar("seed", Fixtures.seed(ModuleKind.CONSTRUCTION), 1.0);
        Exemplar relaxed = Fixtures.exemplar("relaxed", Fixtures.relaxedPruning(), 1.2);
        List<Reply> replies = new MutateProposer(w).propose(Fixtures.request(ModuleKind.CONSTRUCTION, seed, List.of(relaxed, seed), 5), 2);
        assertFalse(replies.get(0).failed(), replies.get(0).error());
        assertTrue(replies.get(1).failed(), "the only crossover child was already returned");
        assertTrue(replies.get(1).error().contains("no valid new mutant after " + MutateProposer.MAX_ATTEMPTS + " attempts"),
                replies.get(1).error());
        assertTrue(replies.get(1).error().contains("same code as the parent or an earlier reply"), replies.get(1).error());
        assertEquals("mutate", replies.get(1).source());
    }

    @Test
    void crossoverTransfersTheRelaxedPruningRuleFromABetterExemplar() {
        Exemplar seed = Fixtures.exemplar("seed", Fixtures.seed(ModuleKind.CONSTRUCTION), 1.0);
        Exemplar relaxed = Fixtures.exemplar("v7", Fixtures.relaxedPruning(), 1.2);
        PromptRequest request = Fixtures.request(ModuleKind.CONSTRUCTION, seed, List.of(seed, relaxed), 2025);
        List<Reply> replies = new MutateProposer().propose(request, 16);
        Reply child = null;
        for (Reply r : replies) {
            assertFalse(r.failed(), r.error());
            if (r.source().startsWith("mutate:crossover method Builder#selectHeuristic")) {
                child = r;
            }
        }
        assertTrue(child != null, "no crossover of selectHeuristic among " + texts(replies).size() + " replies");
        String source = Fixtures.source(child);
        assertTrue(source.contains("if (ALPHA * dcs < dc) {"), child.source());
        // The donor's ALPHA, or a tuned value when a second step perturbed it.
        assertTrue(source.matches("(?s).*static final float ALPHA = \\d+\\.\\d+f;.*"), child.source());
        try (CandidateCompiler c = new CandidateCompiler()) {
            CompileResult r = c.compile(source, Fixtures.binaryName(ModuleKind.CONSTRUCTION));
            assertTrue(r.ok(), r.errors().toString());
        }
    }

    @Test
    void theProposerFindsTheRelaxedPruningRuleWithinAFewGroups() {
        MutateProposer p = new MutateProposer();
        int found = -1;
        for (int group = 0; group < 20 && found < 0; group++) {
            for (Reply r : p.propose(Fixtures.seedRequest(ModuleKind.CONSTRUCTION, 1000 + group), 8)) {
                if (r.source().contains("relax dcs < dc -> RELAX_1 * dcs < dc") && !r.source().contains("RELAX_1 = 0.")) {
                    found = group;
                }
            }
        }
        System.out.println("proposer: relaxed pruning (factor > 1) first in group " + found + " of 8 replies each");
        assertTrue(found >= 0, "no reply relaxed dcs < dc within 20 groups of 8");
    }

    @Test
    void anUnparseableParentGivesFailedReplies() {
        Exemplar bad = Fixtures.exemplar("broken", "public class X { void f( }", null);
        List<Reply> replies = new MutateProposer().propose(Fixtures.request(ModuleKind.SEARCH, bad, List.of(bad), 1), 3);
        assertEquals(3, replies.size());
        for (Reply r : replies) {
            assertTrue(r.failed());
            assertTrue(r.error().contains("does not parse"), r.error());
        }
        assertTrue(new MutateProposer().propose(Fixtures.seedRequest(ModuleKind.SEARCH, 1), 0).isEmpty());
    }

    @Test
    void donorsNeedARewardAndDifferentCode() {
        String seedSource = Fixtures.seed(ModuleKind.CONSTRUCTION);
        Exemplar seed = Fixtures.exemplar("seed", seedSource, 1.0);
        Exemplar sameCode = Fixtures.exemplar("copy", seedSource.replace("GLASS's graph construction", "a comment"), 1.1);
        Exemplar failed = Fixtures.exemplar("failed", seedSource.replace("M = 16;", "M = 20;"), null);
        Exemplar good = Fixtures.exemplar("good", seedSource.replace("M = 16;", "M = 24;"), 1.05);
        List<Subject.Donor> donors = MutateProposer.donors(seed, ParsedSource.parse(seedSource).orElseThrow(),
                List.of(seed, sameCode, failed, good));
        assertEquals(1, donors.size());
        assertEquals("good", donors.get(0).id());
    }

    @Test
    void weightsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new MutateProposer(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new MutateProposer(Map.of(OperatorKind.TUNABLE, -1.0)));
        assertEquals(100.0, MutateProposer.defaultWeights().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    }

    @Test
    void onlyTheChosenOperatorsAreDrawn() {
        Map<OperatorKind, Double> w = new EnumMap<>(OperatorKind.class);
        w.put(OperatorKind.TUNABLE, 1.0);
        for (Reply r : new MutateProposer(w).propose(Fixtures.seedRequest(ModuleKind.REFINEMENT, 3), 10)) {
            assertFalse(r.failed(), r.error());
            assertTrue(r.source().matches("mutate:tunable FACTOR \\S+->\\S+(; tunable FACTOR \\S+->\\S+)?"), r.source());
        }
        // Search has no tunables: with only that operator, nothing applies.
        Reply r = new MutateProposer(w).propose(Fixtures.seedRequest(ModuleKind.SEARCH, 3), 1).get(0);
        assertTrue(r.failed());
        assertTrue(r.error().contains("no operator applies"), r.error());
    }
}
