package io.crinn4j.sandbox.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.sandbox.compile.CandidateCompiler.Strategy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which constructs Janino 3.1.12 handles, as measured: what it cannot compile falls back to
 * javac with the reason recorded; what it can stays with Janino. The expectations are what the
 * compilers actually do, so a Janino upgrade that changes them fails here and gets noticed.
 */
class LanguageFeatureTest {

    private static final String PKG = "package cand;\n";

    private static CandidateCompiler compiler;

    @BeforeAll
    static void setUp() {
        compiler = new CandidateCompiler();
    }

    @AfterAll
    static void tearDown() throws Exception {
        compiler.close();
    }

    static Stream<Arguments> needJavac() {
        return Stream.of(
                Arguments.of("lambda", "import java.util.function.IntUnaryOperator;\n"
                        + "public class C { int f() { IntUnaryOperator op = x -> x + 1; return op.applyAsInt(2); } }",
                        "lambda"),
                Arguments.of("method reference", "import java.util.function.IntBinaryOperator;\n"
                        + "public class C { int f() { IntBinaryOperator op = Math::max; return op.applyAsInt(2, 3); } }",
                        null),
                Arguments.of("var", "public class C { int f() { var x = 3; return x; } }", "inference"),
                Arguments.of("switch expression",
                        "public class C { int f(int k) { return switch (k) { case 1 -> 10; default -> 0; }; } }", null),
                Arguments.of("record", "public class C { record P(int a, float b) { } int f() { return new P(1, 2f).a(); } }",
                        null),
                Arguments.of("inferred generic (Map.get result used as int[])", "import java.util.*;\n"
                        + "public class C { int f() { Map<String, int[]> m = new HashMap<>(); m.put(\"a\", new int[3]);"
                        + " return m.get(\"a\").length; } }", null),
                Arguments.of("generic method inference", "import java.util.*;\n"
                        + "public class C { int f() { List<Integer> l = new ArrayList<>(); l.add(4); return Collections.max(l) + 1; } }",
                        null),
                Arguments.of("anonymous generic Comparator", "import java.util.*;\n"
                        + "public class C { final Comparator<int[]> byFirst = new Comparator<int[]>() {"
                        + " public int compare(int[] x, int[] y) { return Integer.compare(x[0], y[0]); } }; }",
                        null),
                Arguments.of("effectively final capture in an anonymous class",
                        "public class C { Runnable r(int k) { return new Runnable() { public void run() { System.out.print(k); } }; } }",
                        "non-final local variable"),
                Arguments.of("pattern matching instanceof",
                        "public class C { int f(Object o) { if (o instanceof String s) { return s.length(); } return 0; } }", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("needJavac")
    void constructsJaninoCannotCompileFallBackToJavac(String label, String body, String janinoSays) {
        CompileResult r = compiler.compile(PKG + body, "cand.C");
        assertTrue(r.ok(), () -> label + ": " + r.feedback());
        assertEquals(CompileResult.JDK, r.compiler(), label);
        assertNotNull(r.janinoFailure(), label);
        // Every construct sits on the source's last line; Janino's failure names that line.
        int lastLine = (PKG + body).split("\n").length;
        assertTrue(r.janinoFailure().startsWith("line " + lastLine + ":"),
                () -> "Janino's failure carries its position: " + r.janinoFailure());
        if (janinoSays != null) {
            assertTrue(r.janinoFailure().toLowerCase().contains(janinoSays), r.janinoFailure());
        }
        assertTrue(r.janinoNanos() > 0, "the failed Janino attempt is timed separately");
        assertTrue(r.classes().containsKey("cand.C"));
        r.classes().values().forEach(b -> assertTrue(Sources.isClassFile(b)));
        System.out.printf("%-48s -> jdk (janino: %s)%n", label, r.janinoFailure());
    }

    @Test
    void recordsProduceTheirNestedClass() {
        CompileResult r = compiler.compile(PKG + "public class C { record P(int a) { } int f() { return new P(1).a(); } }", "cand.C");
        assertTrue(r.ok(), r::feedback);
        assertEquals(List.of("cand.C", "cand.C$P"), List.copyOf(r.classes().keySet()));
        assertEquals(List.of(), Sources.interfaces(r.classes().get("cand.C$P")));
    }

    static Stream<Arguments> janinoHandles() {
        return Stream.of(
                Arguments.of("plain Java 8 style", "import java.util.Arrays;\n"
                        + "public class C { private final int[] a = new int[8];\n"
                        + "  int f() { Arrays.fill(a, 1); int s = 0; for (int i = 0; i < a.length; i++) { s += a[i]; } return s; } }"),
                Arguments.of("diamond with declared element type", "import java.util.*;\n"
                        + "public class C { int f() { List<Integer> l = new ArrayList<>(); l.add(3); int s = 0;"
                        + " for (int v : l) { s += v; } return s; } }"),
                Arguments.of("anonymous non-generic class", "public class C { Runnable r = new Runnable() {"
                        + " public void run() { } }; }"),
                Arguments.of("static interface method (List.of)", "import java.util.List;\n"
                        + "public class C { int f() { return List.of(1, 2).size(); } }"),
                Arguments.of("Vector API (jdk.incubator.vector)", "import jdk.incubator.vector.FloatVector;\n"
                        + "import jdk.incubator.vector.VectorOperators;\n"
                        + "import jdk.incubator.vector.VectorSpecies;\n"
                        + "public class C {\n"
                        + "  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;\n"
                        + "  static float l2(float[] a, float[] b) {\n"
                        + "    FloatVector acc = FloatVector.zero(F);\n"
                        + "    int i = 0;\n"
                        + "    for (; i <= a.length - F.length(); i += F.length()) {\n"
                        + "      FloatVector d = FloatVector.fromArray(F, a, i).sub(FloatVector.fromArray(F, b, i));\n"
                        + "      acc = d.fma(d, acc);\n"
                        + "    }\n"
                        + "    float s = acc.reduceLanes(VectorOperators.ADD);\n"
                        + "    for (; i < a.length; i++) { float t = a[i] - b[i]; s += t * t; }\n"
                        + "    return s;\n"
                        + "  }\n"
                        + "}"),
                Arguments.of("contract types", "import io.crinn4j.contract.*;\n"
                        + "import io.crinn4j.contract.vector.Kernels;\n"
                        + "public final class C implements RefinementModule {\n"
                        + "  private Vectors base;\n"
                        + "  public void prepare(Vectors base, Graph graph) { this.base = base; }\n"
                        + "  public int candidates(int k) { return k; }\n"
                        + "  public Refiner newRefiner(final DistanceCounter counter) { return new Refiner() {\n"
                        + "    public int refine(float[] q, int k, CandidateBuffer in, int[] result) {\n"
                        + "      int m = Math.min(k, in.size); for (int i = 0; i < m; i++) { result[i] = in.ids[i]; }\n"
                        + "      counter.add(0); Kernels.get(); return m; } }; }\n"
                        + "  public long memoryBytes() { return 0; }\n"
                        + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("janinoHandles")
    void constructsJaninoCompilesStayWithJanino(String label, String body) {
        CompileResult r = compiler.compile(PKG + body, "cand.C");
        assertTrue(r.ok(), () -> label + ": " + r.feedback());
        assertEquals(CompileResult.JANINO, r.compiler(), () -> label + " (janino: " + r.janinoFailure() + ")");
        assertNull(r.janinoFailure());
        assertTrue(r.classes().containsKey("cand.C"));
        System.out.printf("%-48s -> janino%n", label);
    }

    @Test
    void vectorApiIsVisibleToJavacToo() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "tests run with --add-modules jdk.incubator.vector (surefire argLine)");
        try (CandidateCompiler jdk = new CandidateCompiler(Strategy.JDK_ONLY)) {
            assertTrue(jdk.javacOptions().contains("jdk.incubator.vector"), jdk.javacOptions()::toString);
            String body = (String) janinoHandles().filter(a -> a.get()[0].toString().startsWith("Vector API"))
                    .findFirst().orElseThrow().get()[1];
            CompileResult r = jdk.compile(PKG + body, "cand.C");
            assertTrue(r.ok(), r::feedback);
            assertEquals(CompileResult.JDK, r.compiler());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void javacNeverRunsAnnotationProcessorsAndWritesDebugInfo() throws Exception {
        try (CandidateCompiler jdk = new CandidateCompiler(Strategy.JDK_ONLY)) {
            List<String> options = jdk.javacOptions();
            assertTrue(options.contains("-proc:none"), options::toString);
            assertTrue(options.contains("-g"), options::toString);
            assertFalse(options.contains("--release"), "release mode would hide the incubator module");
        }
    }

    @Test
    void janinoOnlyReportsJaninosErrorWithoutTryingJavac() {
        try (CandidateCompiler janino = new CandidateCompiler(Strategy.JANINO_ONLY)) {
            CompileResult r = janino.compile(PKG + "public class C { int f() { var x = 3; return x; } }", "cand.C");
            assertFalse(r.ok());
            assertEquals(CompileResult.JANINO, r.compiler());
            assertEquals(1, r.errors().size());
            assertEquals(2, r.errors().get(0).line());
            assertTrue(r.errors().get(0).column() > 0);
            assertEquals(r.errors().get(0).toString(), r.janinoFailure());
            assertTrue(r.feedback().contains("line 2:"), r.feedback());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
