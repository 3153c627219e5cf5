package io.crinn4j.sandbox.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.sandbox.compile.CandidateCompiler.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No candidate code runs, and one compile never sees another's classes. */
class IsolationTest {

    private static final String EVIL = String.join("\n",
            "package cand;",
            "import io.crinn4j.contract.*;",
            "public class Evil implements ConstructionModule {",
            "    static final int ANSWER = compute();",
            "    static {",
            "        System.setProperty(\"crinn4j.compile.evil\", \"ran\");",
            "        io.crinn4j.sandbox.compile.ExecutionProbe.TOUCHED.set(true);",
            "        System.exit(42);",
            "    }",
            "    { Runtime.getRuntime().halt(43); }",
            "    public Evil() { System.exit(44); }",
            "    static int compute() { io.crinn4j.sandbox.compile.ExecutionProbe.TOUCHED.set(true); return 42; }",
            "    public Graph build(Vectors base, DistanceCounter counter) { System.exit(45); return null; }",
            "    public static void main(String[] args) { System.exit(46); }",
            "}");

    @Test
    void compilingNeverRunsTheCandidate() throws Exception {
        for (Strategy s : Strategy.values()) {
            try (CandidateCompiler c = new CandidateCompiler(s)) {
                CompileResult r = c.compile(EVIL, "cand.Evil");
                assertTrue(r.ok(), () -> s + ": " + r.feedback());
                assertTrue(Sources.isClassFile(r.classes().get("cand.Evil")));
            }
            // Still alive (System.exit would have killed the fork), and no initialiser ran.
            assertFalse(ExecutionProbe.TOUCHED.get(), s + ": a static initialiser ran");
            assertNull(System.getProperty("crinn4j.compile.evil"), s + ": a static initialiser ran");
        }
        // The class was never defined in a loader this JVM can reach.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("cand.Evil", false, getClass().getClassLoader()));
    }

    private static final String FIRST = "package cand;\n"
            + "public class Same {\n"
            + "    static int helper() { return 111; }\n"
            + "    public int value() { return helper(); }\n"
            + "    static class OnlyInFirst { }\n"
            + "}\n";
    /** Compiles only if the first version's helper() leaked into this compile. */
    private static final String USES_FIRST = "package cand;\n"
            + "public class Same {\n"
            + "    public int value() { return helper() + new OnlyInFirst().hashCode(); }\n"
            + "}\n";
    private static final String SECOND = "package cand;\n"
            + "public class Same {\n"
            + "    public int value() { return 222; }\n"
            + "}\n";

    @Test
    void sameBinaryNameCompiledTwiceDoesNotInterfere() throws Exception {
        for (Strategy s : Strategy.values()) {
            try (CandidateCompiler c = new CandidateCompiler(s)) {
                CompileResult first = c.compile(FIRST, "cand.Same");
                assertTrue(first.ok(), first::feedback);
                assertEquals(List.of("cand.Same", "cand.Same$OnlyInFirst"), List.copyOf(first.classes().keySet()));
                assertTrue(Sources.intConstants(first.classes().get("cand.Same")).contains(111));

                CompileResult leaked = c.compile(USES_FIRST, "cand.Same");
                assertFalse(leaked.ok(), s + ": the first compile's members leaked into the second");
                assertEquals(3, leaked.errors().get(0).line(), leaked::toString);

                CompileResult second = c.compile(SECOND, "cand.Same");
                assertTrue(second.ok(), second::feedback);
                assertEquals(List.of("cand.Same"), List.copyOf(second.classes().keySet()), s.toString());
                List<Integer> ints = Sources.intConstants(second.classes().get("cand.Same"));
                assertTrue(ints.contains(222) && !ints.contains(111), s + ": " + ints);

                // And the first version compiles again, unchanged.
                CompileResult again = c.compile(FIRST, "cand.Same");
                assertTrue(again.ok());
                assertEquals(first.compiler(), again.compiler());
                assertTrue(java.util.Arrays.equals(first.classes().get("cand.Same"), again.classes().get("cand.Same")),
                        s + ": same source, different bytes");
            }
        }
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (CandidateCompiler c = new CandidateCompiler()) {
            List<Future<CompileResult>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int v = 1000 + i;
                // Odd ones need javac (lambda), even ones stay with Janino.
                String body = i % 2 == 0 ? "return " + v + ";"
                        : "java.util.function.IntSupplier s = () -> " + v + "; return s.getAsInt();";
                String src = "package cand;\npublic class K { public int v() { " + body + " } }\n";
                futures.add(pool.submit(() -> c.compile(src, "cand.K")));
            }
            for (int i = 0; i < futures.size(); i++) {
                CompileResult r = futures.get(i).get();
                assertTrue(r.ok(), r::feedback);
                assertEquals(i % 2 == 0 ? CompileResult.JANINO : CompileResult.JDK, r.compiler());
                assertTrue(Sources.intConstants(r.classes().get("cand.K")).contains(1000 + i), "result of another call");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Only the candidate's text is compiled: a .java file lying on the class path is not pulled in. */
    @Test
    void sourcesOnTheClassPathAreIgnored(@TempDir Path dir) throws IOException {
        Path helper = Files.createDirectories(dir.resolve("p")).resolve("Helper.java");
        Files.writeString(helper, "package p; public class Helper { public static int h() { return 5; } }");
        List<Path> cp = new ArrayList<>(CandidateCompiler.callerClassPath());
        cp.add(dir);
        for (Strategy s : Strategy.values()) {
            try (CandidateCompiler c = new CandidateCompiler(s, cp)) {
                CompileResult r = c.compile("package cand;\npublic class U { int f() { return p.Helper.h(); } }", "cand.U");
                assertFalse(r.ok(), s + " compiled p/Helper.java from the class path");
                assertEquals(2, r.errors().get(0).line());
            }
        }
    }

    @Test
    void manifestClassPathEntriesAreFollowed(@TempDir Path dir) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path inner = lib.resolve("inner.jar");
        writeJar(inner, null);
        Path outer = dir.resolve("outer.jar");
        writeJar(outer, "lib/inner.jar lib/missing.jar");
        List<Path> cp = ClassPaths.expand(outer.toString() + java.io.File.pathSeparator + dir.resolve("nope"));
        assertEquals(List.of(outer.toAbsolutePath().normalize(), inner.toAbsolutePath().normalize()), cp);
    }

    private static void writeJar(Path jar, String classPath) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.flush();
        }
    }
}
