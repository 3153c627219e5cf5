package io.crinn4j.sandbox.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.compile.CandidateCompiler.Strategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three seed modules compile with every back end, and the class files are the right ones.
 *
 * <p>Measured (and asserted, so a regression in either compiler shows up here): Janino 3.1.12
 * compiles all three seeds, so the default strategy never needs javac for them. They use only
 * Java-8-level constructs (nested classes, arrays, no lambdas or generics beyond imports).
 */
class SeedCompileTest {

    private static CandidateCompiler auto;
    private static CandidateCompiler jdkOnly;

    @BeforeAll
    static void setUp() {
        auto = new CandidateCompiler();
        jdkOnly = new CandidateCompiler(Strategy.JDK_ONLY);
    }

    @AfterAll
    static void tearDown() throws Exception {
        auto.close();
        jdkOnly.close();
    }

    private static final Map<String, ModuleKind> KINDS = Map.of(
            "HnswConstruction", ModuleKind.CONSTRUCTION,
            "HnswSearch", ModuleKind.SEARCH,
            "ExactRerank", ModuleKind.REFINEMENT);

    private static final Map<String, String> NESTED = Map.of(
            "HnswConstruction", "Builder",
            "HnswSearch", "LinearPoolSearcher",
            "ExactRerank", "Reranker");

    @Test
    void everySeedCompilesWithJaninoUnderTheDefaultStrategy() {
        for (String seed : Sources.SEEDS) {
            String name = Sources.SEED_PACKAGE + "." + seed;
            CompileResult r = auto.compile(Sources.seed(seed), name);
            System.out.printf("seed %-16s -> %s in %.1f ms%n", seed, r.compiler(), r.nanos() / 1e6);
            assertTrue(r.ok(), () -> seed + ": " + r.feedback());
            assertEquals(CompileResult.JANINO, r.compiler(), seed + " was expected to be Janino-compatible");
            assertNull(r.janinoFailure());
            assertEquals(0, r.janinoNanos());
            assertSeedClasses(seed, r);
            assertEquals(Runtime.version().feature() + 44, Sources.majorVersion(r.classes().get(name)),
                    "Janino targets the running JDK's class-file version");
        }
    }

    @Test
    void everySeedCompilesWithJavac() {
        for (String seed : Sources.SEEDS) {
            CompileResult r = jdkOnly.compile(Sources.seed(seed), Sources.SEED_PACKAGE + "." + seed);
            assertTrue(r.ok(), () -> seed + ": " + r.feedback());
            assertEquals(CompileResult.JDK, r.compiler());
            assertTrue(r.janinoFailure().startsWith("skipped"), r.janinoFailure());
            assertSeedClasses(seed, r);
        }
    }

    private static void assertSeedClasses(String seed, CompileResult r) {
        String name = Sources.SEED_PACKAGE + "." + seed;
        String nested = name + "$" + NESTED.get(seed);
        assertEquals(List.of(name, nested), List.copyOf(r.classes().keySet()), seed + " classes");
        for (byte[] b : r.classes().values()) {
            assertTrue(Sources.isClassFile(b), "0xCAFEBABE");
            assertTrue(Sources.hasLineNumbers(b), "debug line numbers");
        }
        String contract = KINDS.get(seed).contract().getName().replace('.', '/');
        assertEquals(List.of(contract), Sources.interfaces(r.classes().get(name)), seed + " implements " + contract);
        assertFalse(r.classes().get(name).length < 500, "suspiciously small class file");
        assertEquals("", r.feedback());
    }

    /**
     * The seed's own classes are on the test class path (the seed jar), with M = 16. A candidate
     * that changes M must get its own value everywhere, with both compilers: neither may resolve
     * the candidate's names to the stale class on the class path.
     */
    @Test
    void aChangedConstantWinsOverTheSameClassOnTheClassPath() {
        String source = Sources.seed("HnswConstruction")
                .replace("static final int M = 16;", "static final int M = 24;")
                .replace("static final int UPPER_M = 16;", "static final int UPPER_M = 24;") // else 16 is legitimately in the class
                .replace("private final int r0 = 2 * M;", "private final int r0 = 2 * HnswConstruction.M;");
        assertTrue(source.contains("M = 24;") && source.contains("2 * HnswConstruction.M"));
        String name = Sources.SEED_PACKAGE + ".HnswConstruction";
        for (CandidateCompiler c : List.of(auto, jdkOnly)) {
            CompileResult r = c.compile(source, name);
            assertTrue(r.ok(), r::feedback);
            List<Integer> builderInts = Sources.intConstants(r.classes().get(name + "$Builder"));
            assertTrue(builderInts.contains(24) || builderInts.contains(48), r.compiler() + ": " + builderInts);
            assertFalse(builderInts.contains(16), r.compiler() + " used the class path's M = 16: " + builderInts);
            assertFalse(builderInts.contains(32), r.compiler() + " used the class path's 2 * M = 32: " + builderInts);
        }
        // And the unchanged seed really does push 16 (so the assertion above can fail).
        CompileResult original = jdkOnly.compile(Sources.seed("HnswConstruction"), name);
        List<Integer> ints = Sources.intConstants(original.classes().get(name + "$Builder"));
        assertTrue(ints.contains(16) || ints.contains(32), ints::toString);
    }
}
