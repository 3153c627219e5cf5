package io.crinn4j.agent.propose.mutate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.check.SourcePolicy;
import io.crinn4j.sandbox.compile.CandidateCompiler;
import io.crinn4j.sandbox.compile.CompileResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The validity rate the proposer must reach: of 60 mutants of each seed module (the seed as
 * parent, two earlier mutants with rewards as crossover donors), at least 80% pass the source
 * policy and compile. Prints the measured rates per module and operator.
 */
class ValidityRateTest {

    static final int MUTANTS = 60;
    static final double REQUIRED = 0.80;

    private static CandidateCompiler compiler;

    @BeforeAll
    static void open() {
        compiler = new CandidateCompiler();
    }

    @AfterAll
    static void close() {
        compiler.close();
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void atLeast80PercentOfMutantsPassThePolicyAndCompile(ModuleKind kind) {
        MutateProposer proposer = new MutateProposer();
        // Donors: two mutants of the seed, as a campaign would have them after one round.
        List<Reply> earlier = proposer.propose(Fixtures.seedRequest(kind, 7), 2);
        Exemplar seed = Fixtures.exemplar("seed", Fixtures.seed(kind), 1.0);
        List<Exemplar> exemplars = new ArrayList<>(List.of(seed));
        exemplars.add(Fixtures.exemplar("v1", Fixtures.source(earlier.get(0)), 0.98));
        exemplars.add(Fixtures.exemplar("v2", Fixtures.source(earlier.get(1)), 0.95));
        PromptRequest request = Fixtures.request(kind, seed, exemplars, 20240601L);

        List<Reply> replies = proposer.propose(request, MUTANTS);
        assertEquals(MUTANTS, replies.size());
        int valid = 0;
        Map<String, int[]> perOperator = new TreeMap<>();
        List<String> invalid = new ArrayList<>();
        for (Reply r : replies) {
            assertFalse(r.failed(), r.error());
            String source = Fixtures.source(r);
            String op = r.source().substring("mutate:".length()).split(" ")[0];
            int[] c = perOperator.computeIfAbsent(op, k -> new int[2]);
            c[1]++;
            boolean policy = SourcePolicy.check(source, kind).ok();
            CompileResult compiled = policy ? compiler.compile(source, Fixtures.binaryName(kind)) : null;
            if (policy && compiled.ok()) {
                valid++;
                c[0]++;
            } else {
                invalid.add(r.source() + (policy ? " -> " + compiled.errors() : " -> policy"));
            }
        }
        double rate = valid / (double) MUTANTS;
        StringBuilder sb = new StringBuilder(String.format("validity %-12s %d/%d = %.0f%%", kind.cliName(), valid, MUTANTS, 100 * rate));
        perOperator.forEach((op, c) -> sb.append(String.format("  %s %d/%d", op, c[0], c[1])));
        System.out.println(sb);
        invalid.forEach(s -> System.out.println("  invalid: " + s));
        assertTrue(rate >= REQUIRED, sb + "\n" + String.join("\n", invalid));
    }

    /** Each operator alone, 20 draws per module: the per-operator validity the catalogue documents. */
    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void everyOperatorAloneIsValidAtLeast80PercentOfTheTime(ModuleKind kind) {
        MutateProposer proposer = new MutateProposer();
        List<Reply> earlier = proposer.propose(Fixtures.seedRequest(kind, 11), 3);
        List<Subject.Donor> donors = new ArrayList<>();
        for (int i = 0; i < earlier.size(); i++) {
            donors.add(Fixtures.donor("v" + i, 1.0 - 0.01 * i, Fixtures.source(earlier.get(i))));
        }
        if (kind == ModuleKind.CONSTRUCTION) {
            donors.add(0, Fixtures.donor("relaxed", 1.2, Fixtures.relaxedPruning()));
        }
        Subject subject = Fixtures.subject(kind, Fixtures.seed(kind), donors);
        StringBuilder sb = new StringBuilder("per-operator validity " + kind.cliName() + ":");
        for (OperatorKind op : OperatorKind.values()) {
            int applied = 0;
            int valid = 0;
            List<String> invalid = new ArrayList<>();
            for (int seed = 0; seed < 20; seed++) {
                var m = proposer.apply(op, subject, new Rng(1000 + seed));
                if (m.isEmpty()) {
                    continue;
                }
                applied++;
                boolean ok = SourcePolicy.check(m.get().source(), kind).ok()
                        && compiler.compile(m.get().source(), Fixtures.binaryName(kind)).ok();
                if (ok) {
                    valid++;
                } else {
                    invalid.add(m.get().description());
                }
            }
            sb.append(String.format("  %s %s", op.label(), applied == 0 ? "n/a" : valid + "/" + applied));
            assertTrue(applied == 0 || valid >= REQUIRED * applied, op + " on " + kind + ": " + invalid);
        }
        System.out.println(sb);
    }
}
