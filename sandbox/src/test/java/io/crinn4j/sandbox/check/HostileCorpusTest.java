package io.crinn4j.sandbox.check;

import static io.crinn4j.sandbox.check.Rules.NO_CONSOLE;
import static io.crinn4j.sandbox.check.Rules.NO_ENVIRONMENT;
import static io.crinn4j.sandbox.check.Rules.NO_EXIT;
import static io.crinn4j.sandbox.check.Rules.NO_FINALIZER;
import static io.crinn4j.sandbox.check.Rules.NO_INTERNAL_API;
import static io.crinn4j.sandbox.check.Rules.NO_IO;
import static io.crinn4j.sandbox.check.Rules.NO_NATIVE;
import static io.crinn4j.sandbox.check.Rules.NO_NETWORK;
import static io.crinn4j.sandbox.check.Rules.NO_PROCESS;
import static io.crinn4j.sandbox.check.Rules.NO_REFLECTION;
import static io.crinn4j.sandbox.check.Rules.NO_THREADS;
import static io.crinn4j.sandbox.check.Rules.NO_TIMING;
import static io.crinn4j.sandbox.check.Rules.IMPORT_NOT_ALLOWED;
import static io.crinn4j.sandbox.check.Rules.NO_SYNCHRONIZED;
import static io.crinn4j.sandbox.check.Rules.STATIC_MUTABLE_STATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.crinn4j.contract.ModuleKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile candidates: each must be refused by the source layer with the right rule on the right
 * line, and, when it compiles, by the bytecode layer too.
 */
class HostileCorpusTest {

    /** An expected finding: rule id on the line containing {@code marker} (null marker: line 0 / any). */
    record Expect(String rule, String marker) {
    }

    /**
     * One hostile candidate.
     *
     * @param bytecode expected bytecode findings; empty when the case does not compile or is source-only
     */
    record Case(String name, String imports, String members, List<Expect> source, List<Expect> bytecode) {
        String text() {
            return Hostile.search(imports, members);
        }
    }

    private static Expect at(String rule, String marker) {
        return new Expect(rule, marker);
    }

    private static Case c(String name, String imports, String members, List<Expect> source, List<Expect> bytecode) {
        return new Case(name, imports, members, source, bytecode);
    }

    static List<Case> corpus() {
        List<Case> k = new ArrayList<>();
        k.add(c("System.exit", "",
                "    void evil() {\n        System.exit(1);\n    }\n",
                List.of(at(NO_EXIT, "System.exit")), List.of(at(NO_EXIT, "System.exit"))));
        k.add(c("Files imported", "import java.nio.file.Files;\nimport java.nio.file.Path;",
                "    byte[] evil() throws Exception {\n        return Files.readAllBytes(Path.of(\"/etc/passwd\"));\n    }\n",
                List.of(at(IMPORT_NOT_ALLOWED, "import java.nio.file.Files;"), at(IMPORT_NOT_ALLOWED, "import java.nio.file.Path;"),
                        at(NO_IO, "Files.readAllBytes")),
                List.of(at(NO_IO, "Files.readAllBytes"))));
        k.add(c("Files fully qualified", "",
                "    byte[] evil() throws Exception {\n"
                        + "        return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(\"/etc/passwd\"));\n    }\n",
                List.of(at(NO_IO, "java.nio.file.Files.readAllBytes")), List.of(at(NO_IO, "java.nio.file.Files.readAllBytes"))));
        k.add(c("FileInputStream", "",
                "    int evil() throws Exception {\n"
                        + "        try (java.io.FileInputStream in = new java.io.FileInputStream(\"/etc/passwd\")) {\n"
                        + "            return in.read();\n        }\n    }\n",
                List.of(at(NO_IO, "new java.io.FileInputStream")), List.of(at(NO_IO, "new java.io.FileInputStream"))));
        k.add(c("file write via wildcard import", "import java.io.*;",
                "    void evil() throws Exception {\n"
                        + "        try (Writer w = new FileWriter(\"/tmp/pwned\")) {\n            w.write(\"x\");\n        }\n    }\n",
                List.of(at(IMPORT_NOT_ALLOWED, "import java.io.*;"), at(NO_IO, "new FileWriter")),
                List.of(at(NO_IO, "new FileWriter"))));
        k.add(c("Socket", "",
                "    void evil() throws Exception {\n        new java.net.Socket(\"example.com\", 80).close();\n    }\n",
                List.of(at(NO_NETWORK, "java.net.Socket")), List.of(at(NO_NETWORK, "java.net.Socket"))));
        k.add(c("URL", "import java.net.URL;",
                "    Object evil() throws Exception {\n        return new URL(\"http://example.com/\").openStream();\n    }\n",
                List.of(at(IMPORT_NOT_ALLOWED, "import java.net.URL;"), at(NO_NETWORK, "new URL(")),
                List.of(at(NO_NETWORK, "new URL("))));
        k.add(c("Class.forName", "",
                "    Object evil() throws Exception {\n        return Class.forName(\"java.lang.Runtime\");\n    }\n",
                List.of(at(NO_REFLECTION, "Class.forName")), List.of(at(NO_REFLECTION, "Class.forName"))));
        k.add(c("getDeclaredField + setAccessible", "",
                "    int evil(Graph g) throws Exception {\n"
                        + "        var f = Graph.class.getDeclaredField(\"n\");\n"
                        + "        f.setAccessible(true);\n"
                        + "        return f.getInt(g);\n    }\n",
                List.of(at(NO_REFLECTION, "getDeclaredField"), at(NO_REFLECTION, "setAccessible")),
                List.of(at(NO_REFLECTION, "getDeclaredField"), at(NO_REFLECTION, "setAccessible"))));
        k.add(c("getClass().getClassLoader()", "",
                "    Object evil() {\n        ClassLoader l = getClass().getClassLoader();\n        return l;\n    }\n",
                List.of(at(NO_REFLECTION, "getClassLoader")), List.of(at(NO_REFLECTION, "getClassLoader"))));
        k.add(c("new Thread().start()", "",
                "    void evil() {\n        new Thread(() -> { }).start();\n    }\n",
                List.of(at(NO_THREADS, "new Thread")), List.of(at(NO_THREADS, "new Thread"))));
        k.add(c("Executors", "import java.util.concurrent.Executors;",
                "    void evil() {\n        Executors.newFixedThreadPool(4).submit(() -> 1);\n    }\n",
                List.of(at(IMPORT_NOT_ALLOWED, "import java.util.concurrent.Executors;"), at(NO_THREADS, "Executors.newFixedThreadPool")),
                List.of(at(NO_THREADS, "Executors.newFixedThreadPool"))));
        k.add(c("CompletableFuture", "",
                "    void evil() {\n        java.util.concurrent.CompletableFuture.runAsync(() -> { });\n    }\n",
                List.of(at(NO_THREADS, "CompletableFuture.runAsync")), List.of(at(NO_THREADS, "CompletableFuture.runAsync"))));
        k.add(c("parallel streams", "",
                "    long evil(java.util.List<Integer> l) {\n"
                        + "        long a = l.parallelStream().count();\n"
                        + "        return a + java.util.stream.IntStream.range(0, 9).parallel().sum();\n    }\n",
                List.of(at(NO_THREADS, "parallelStream()"), at(NO_THREADS, ".parallel()")),
                List.of(at(NO_THREADS, "parallelStream()"), at(NO_THREADS, ".parallel()"))));
        k.add(c("ForkJoinPool via wildcard import", "import java.util.concurrent.*;",
                "    void evil() {\n        ForkJoinPool.commonPool().submit(() -> 1);\n    }\n",
                List.of(at(IMPORT_NOT_ALLOWED, "import java.util.concurrent.*;"), at(NO_THREADS, "ForkJoinPool.commonPool")),
                List.of(at(NO_THREADS, "ForkJoinPool.commonPool"))));
        k.add(c("Runtime.exec", "",
                "    void evil() throws Exception {\n        Runtime.getRuntime().exec(new String[] {\"sh\", \"-c\", \"id\"});\n    }\n",
                List.of(at(NO_PROCESS, "Runtime.getRuntime")), List.of(at(NO_PROCESS, "Runtime.getRuntime"))));
        k.add(c("ProcessBuilder", "",
                "    void evil() throws Exception {\n        new ProcessBuilder(\"id\").start();\n    }\n",
                List.of(at(NO_PROCESS, "new ProcessBuilder")), List.of(at(NO_PROCESS, "new ProcessBuilder"))));
        k.add(c("System.getenv", "",
                "    String evil() {\n        return System.getenv(\"HOME\");\n    }\n",
                List.of(at(NO_ENVIRONMENT, "System.getenv")), List.of(at(NO_ENVIRONMENT, "System.getenv"))));
        k.add(c("static HashMap cache", "import java.util.HashMap;\nimport java.util.Map;",
                "    private static final Map<Integer, int[]> CACHE = new HashMap<>();\n",
                List.of(at(STATIC_MUTABLE_STATE, "CACHE =")), List.of(at(STATIC_MUTABLE_STATE, null))));
        k.add(c("static int counter", "",
                "    private static int counter;\n",
                List.of(at(STATIC_MUTABLE_STATE, "static int counter")), List.of(at(STATIC_MUTABLE_STATE, null))));
        k.add(c("static final int[] cache", "",
                "    static final int[] CACHE = new int[1024];\n",
                List.of(at(STATIC_MUTABLE_STATE, "static final int[] CACHE")), List.of(at(STATIC_MUTABLE_STATE, null))));
        k.add(c("enum constant holding an array", "",
                "    enum Memo {\n        INSTANCE;\n\n        final int[] seen = new int[16];\n    }\n",
                List.of(at(STATIC_MUTABLE_STATE, "final int[] seen")), List.of(at(STATIC_MUTABLE_STATE, null))));
        k.add(c("enum constant body with a counter", "",
                "    enum Memo {\n        INSTANCE {\n            int calls;\n        };\n    }\n",
                List.of(at(STATIC_MUTABLE_STATE, "int calls")), List.of(at(STATIC_MUTABLE_STATE, null))));
        k.add(c("interface constant array", "",
                "    interface Tables {\n        int[] SQUARES = {0, 1, 4, 9};\n    }\n",
                List.of(at(STATIC_MUTABLE_STATE, "int[] SQUARES")), List.of(at(STATIC_MUTABLE_STATE, null))));
        k.add(c("native method", "",
                "    private native int peek(long address);\n",
                List.of(at(NO_NATIVE, "native int peek")), List.of(at(NO_NATIVE, null))));
        k.add(c("sun.misc.Unsafe", "import sun.misc.Unsafe;",
                "    Object evil() throws Exception {\n        var f = Unsafe.class.getDeclaredField(\"theUnsafe\");\n        return f;\n    }\n",
                List.of(at(IMPORT_NOT_ALLOWED, "import sun.misc.Unsafe;"), at(NO_INTERNAL_API, "Unsafe.class")),
                List.of(at(NO_INTERNAL_API, "Unsafe.class"))));
        k.add(c("MethodHandles.lookup()", "import java.lang.invoke.MethodHandles;",
                "    Object evil() {\n        return MethodHandles.lookup();\n    }\n",
                List.of(at(IMPORT_NOT_ALLOWED, "import java.lang.invoke.MethodHandles;"), at(NO_REFLECTION, "MethodHandles.lookup")),
                List.of(at(NO_REFLECTION, "MethodHandles.lookup"))));
        k.add(c("ServiceLoader", "",
                "    Object evil() {\n        return java.util.ServiceLoader.load(SearchModule.class).findFirst();\n    }\n",
                List.of(at(NO_REFLECTION, "ServiceLoader.load")), List.of(at(NO_REFLECTION, "ServiceLoader.load"))));
        k.add(c("ClassLoader subclass", "",
                "    static final class Loader extends ClassLoader {\n    }\n",
                List.of(at(NO_REFLECTION, "extends ClassLoader")), List.of(at(NO_REFLECTION, null))));
        k.add(c("System.nanoTime", "",
                "    long evil() {\n        return System.nanoTime();\n    }\n",
                List.of(at(NO_TIMING, "System.nanoTime")), List.of(at(NO_TIMING, "System.nanoTime"))));
        k.add(c("Object.wait()", "",
                "    void evil() throws Exception {\n        wait();\n    }\n",
                List.of(at(NO_THREADS, "wait();")), List.of(at(NO_THREADS, "wait();"))));
        k.add(c("System.out.println", "",
                "    void evil() {\n        System.out.println(\"hi\");\n    }\n",
                List.of(at(NO_CONSOLE, "System.out")), List.of(at(NO_CONSOLE, "System.out"))));
        k.add(c("printStackTrace", "",
                "    void evil() {\n        new RuntimeException().printStackTrace();\n    }\n",
                List.of(at(NO_CONSOLE, "printStackTrace")), List.of(at(NO_CONSOLE, "printStackTrace"))));
        k.add(c("synchronized", "",
                "    synchronized void evil() {\n    }\n\n    void evil2() {\n        synchronized (this) {\n            evil();\n        }\n    }\n",
                List.of(at(NO_SYNCHRONIZED, "synchronized void"), at(NO_SYNCHRONIZED, "synchronized (this)")),
                List.of(at(NO_SYNCHRONIZED, null), at(NO_SYNCHRONIZED, "synchronized (this)"))));
        k.add(c("finalize", "",
                "    @Override\n    protected void finalize() {\n    }\n",
                List.of(at(NO_FINALIZER, "void finalize")), List.of(at(NO_FINALIZER, null))));
        k.add(c("static import of System.exit", "import static java.lang.System.exit;",
                "    void evil() {\n        exit(0);\n    }\n",
                List.of(at(IMPORT_NOT_ALLOWED, "import static java.lang.System.exit;")), List.of(at(NO_EXIT, "exit(0)"))));
        k.add(c("code hidden behind a unicode newline in a comment", "",
                "    void evil() {\n        // harmless \\u000a System.exit(0);\n    }\n",
                List.of(at(NO_EXIT, "harmless")), List.of(at(NO_EXIT, "harmless"))));
        k.add(c("unicode-escaped identifier", "",
                "    void evil() {\n        \\u0053ystem.exit(0);\n    }\n",
                List.of(at(NO_EXIT, "ystem.exit")), List.of(at(NO_EXIT, "ystem.exit"))));
        k.add(c("local named like a class in another block", "",
                "    void evil() {\n        {\n            int System = 0;\n        }\n        System.exit(0);\n    }\n",
                List.of(at(NO_EXIT, "System.exit")), List.of(at(NO_EXIT, "System.exit"))));
        k.add(c("Thread.sleep through java.lang", "",
                "    void evil() throws Exception {\n        Thread.sleep(1000);\n    }\n",
                List.of(at(NO_THREADS, "Thread.sleep")), List.of(at(NO_THREADS, "Thread.sleep"))));
        k.add(c("method reference to System::exit", "",
                "    void evil() {\n        java.util.function.IntConsumer x = System::exit;\n        x.accept(0);\n    }\n",
                List.of(at(NO_EXIT, "System::exit")), List.of(at(NO_EXIT, "System::exit"))));
        return k;
    }

    @TestFactory
    Stream<DynamicTest> sourceLayerRefusesEveryHostileCase() {
        return corpus().stream().map(cs -> DynamicTest.dynamicTest(cs.name(), () -> {
            String src = cs.text();
            SourceCheck check = SourcePolicy.check(src, ModuleKind.SEARCH);
            assertNull(check.parseError(), () -> "parse error: " + check.parseError());
            assertFalse(check.ok(), cs.name() + " passed the source layer");
            assertTrue(!check.ok() && !check.notAModule(), check::feedback);
            for (Expect e : cs.source()) {
                assertFound(check.violations(), e, src, check.feedback());
            }
            for (Violation v : check.violations()) {
                assertTrue(v.line() > 0, () -> "source violations carry a line: " + v);
                assertFalse(v.message().isBlank());
                assertTrue(v.code().length() <= SourcePolicy.MAX_CODE_CHARS && !v.code().contains("\n"), v::code);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> bytecodeLayerRefusesEveryHostileCaseThatCompiles() {
        return corpus().stream().filter(cs -> !cs.bytecode().isEmpty()).map(cs -> DynamicTest.dynamicTest(cs.name(), () -> {
            String src = cs.text();
            InMemoryJavac.Result r = InMemoryJavac.compile(Hostile.BINARY, src);
            Map<String, byte[]> classes = r.require();
            List<Violation> v = BytecodePolicy.check(classes);
            for (Expect e : cs.bytecode()) {
                assertFound(v, e, src, v.toString());
            }
        }));
    }

    private static void assertFound(List<Violation> found, Expect e, String src, String all) {
        int line = e.marker() == null ? -1 : Hostile.lineOf(src, e.marker());
        for (Violation v : found) {
            if (v.rule().equals(e.rule()) && (line < 0 || v.line() == line)) {
                return;
            }
        }
        fail("expected [" + e.rule() + "]" + (line > 0 ? " on line " + line : "") + ", got:\n" + all);
    }

    // ---- structural cases --------------------------------------------------------------------

    @Test
    void twoTopLevelClasses() {
        String src = Hostile.search("", "") + "\nclass Helper {\n}\n";
        SourceCheck c = SourcePolicy.check(src, ModuleKind.SEARCH);
        assertTrue(c.notAModule());
        assertEquals(List.of(Rules.SINGLE_TOP_LEVEL_TYPE), rules(c));
        assertEquals(Hostile.lineOf(src, "class Helper"), c.violations().get(0).line());
        assertEquals(Hostile.CLASS, c.simpleName(), "the public class is still identified");
    }

    @Test
    void classNotImplementingTheInterface() {
        String src = Hostile.search("", "").replace(" implements SearchModule", "");
        SourceCheck c = SourcePolicy.check(src, ModuleKind.SEARCH);
        assertTrue(c.notAModule());
        assertEquals(List.of(Rules.MISSING_INTERFACE), rules(c));
        assertEquals(Hostile.lineOf(src, "public final class Evil"), c.violations().get(0).line());
        assertTrue(c.violations().get(0).message().contains("io.crinn4j.contract.SearchModule"));
    }

    @Test
    void interfaceNamedWithoutImportDoesNotCount() {
        String src = Hostile.search("", "").replace("import io.crinn4j.contract.SearchModule;\n", "");
        assertEquals(List.of(Rules.MISSING_INTERFACE), rules(SourcePolicy.check(src, ModuleKind.SEARCH)));
        String fq = src.replace("implements SearchModule", "implements io.crinn4j.contract.SearchModule");
        assertTrue(SourcePolicy.check(fq, ModuleKind.SEARCH).ok(), "a fully qualified interface name is fine");
        String wildcard = src.replace("import io.crinn4j.contract.Vectors;", "import io.crinn4j.contract.*;");
        assertTrue(SourcePolicy.check(wildcard, ModuleKind.SEARCH).ok(), "a wildcard import is fine");
    }

    @Test
    void noPublicNoArgConstructor() {
        String src = Hostile.search("", "    public Evil(int x) {\n    }\n");
        SourceCheck c = SourcePolicy.check(src, ModuleKind.SEARCH);
        assertTrue(c.notAModule());
        assertEquals(List.of(Rules.NO_ARG_CONSTRUCTOR), rules(c));
        assertEquals(Hostile.lineOf(src, "public Evil(int x)"), c.violations().get(0).line());

        String priv = Hostile.search("", "    private Evil() {\n    }\n");
        assertEquals(List.of(Rules.NO_ARG_CONSTRUCTOR), rules(SourcePolicy.check(priv, ModuleKind.SEARCH)));
        String both = Hostile.search("", "    public Evil(int x) {\n    }\n\n    public Evil() {\n        this(1);\n    }\n");
        assertTrue(SourcePolicy.check(both, ModuleKind.SEARCH).ok());
    }

    @Test
    void moduleClassMustBePublicAndConcrete() {
        String src = Hostile.search("", "").replace("public final class Evil", "abstract class Evil");
        SourceCheck c = SourcePolicy.check(src, ModuleKind.SEARCH);
        assertEquals(List.of(Rules.MODULE_CLASS), rules(c));
        assertTrue(c.notAModule());
        assertTrue(c.violations().get(0).message().contains("public and not abstract"), c::feedback);
        String notPublic = Hostile.search("", "").replace("public final class Evil", "final class Evil");
        assertEquals(List.of(Rules.MODULE_CLASS), rules(SourcePolicy.check(notPublic, ModuleKind.SEARCH)));
        String record = Hostile.search("", "").replace("public final class Evil implements", "public record Evil() implements");
        SourceCheck rc = SourcePolicy.check(record, ModuleKind.SEARCH);
        assertEquals(List.of(Rules.MODULE_CLASS), rules(rc));
        assertTrue(rc.violations().get(0).message().contains("is a record"), rc::feedback);
    }

    @Test
    void syntaxErrorIsAParseErrorWithItsLine() {
        String src = Hostile.search("", "    void evil() {\n        int x = ;\n    }\n");
        SourceCheck c = SourcePolicy.check(src, ModuleKind.SEARCH);
        assertTrue(c.notAModule());
        assertNotNull(c.parseError());
        assertTrue(c.violations().isEmpty());
        assertEquals(Hostile.lineOf(src, "int x = ;"), c.parseError().line());
        assertTrue(c.parseError().column() > 0);
        assertTrue(c.parseError().message().startsWith("Parse error"), c.parseError().message());
        assertTrue(c.parseError().message().length() < 300, "the expected-token list is shortened");
        assertTrue(c.feedback().contains("line " + c.parseError().line()), c.feedback());
    }

    @Test
    void emptyAndHugeSources() {
        assertTrue(SourcePolicy.check("", ModuleKind.SEARCH).notAModule());
        assertTrue(SourcePolicy.check(null, ModuleKind.SEARCH).notAModule());
        String huge = Hostile.search("", "    // " + "x".repeat(SourcePolicy.MAX_SOURCE_CHARS) + "\n");
        assertEquals(List.of(Rules.SOURCE_TOO_LARGE), rules(SourcePolicy.check(huge, ModuleKind.SEARCH)));
    }

    @Test
    void java21SyntaxIsRefused() {
        String src = Hostile.search("", "    int evil(Object o) {\n        return switch (o) {\n"
                + "            case Integer i -> i;\n            default -> 0;\n        };\n    }\n");
        SourceCheck c = SourcePolicy.check(src, ModuleKind.SEARCH);
        assertTrue(c.notAModule(), () -> String.valueOf(c.violations()));
    }

    @Test
    void reservedPackage() {
        String src = Hostile.search("", "").replace("package io.crinn4j.seed.glass;", "package io.crinn4j.contract;");
        SourceCheck c = SourcePolicy.check(src, ModuleKind.SEARCH);
        assertEquals(List.of(Rules.PACKAGE_NOT_ALLOWED), rules(c));
        assertEquals(1, c.violations().get(0).line());
        assertTrue(SourcePolicy.check(Hostile.search("", "").replace("package io.crinn4j.seed.glass;\n", ""),
                ModuleKind.SEARCH).ok(), "the default package is fine");
    }

    @Test
    void allViolationsAreReportedUpToTheCap() {
        StringBuilder m = new StringBuilder("    void evil() {\n");
        for (int i = 0; i < 30; i++) {
            m.append("        System.exit(").append(i).append(");\n");
        }
        m.append("    }\n    private static int a;\n    private static int b;\n");
        SourceCheck c = SourcePolicy.check(Hostile.search("", m.toString()), ModuleKind.SEARCH);
        assertEquals(Violations.MAX + 1, c.violations().size());
        assertEquals(Rules.TOO_MANY_VIOLATIONS, c.violations().get(Violations.MAX).rule());
        assertTrue(c.violations().get(Violations.MAX).message().startsWith("12 more"),
                c.violations().get(Violations.MAX).message());
        for (int i = 1; i < Violations.MAX; i++) {
            assertTrue(c.violations().get(i - 1).line() <= c.violations().get(i).line(), "sorted by line");
        }
        // Several different rules in one file are all listed.
        String mixed = Hostile.search("import java.io.File;", "    private static int a;\n    void evil() {\n"
                + "        System.out.println(System.nanoTime());\n        new Thread(() -> { }).start();\n    }\n");
        assertEquals(List.of(IMPORT_NOT_ALLOWED, STATIC_MUTABLE_STATE, NO_CONSOLE, NO_TIMING, NO_THREADS),
                rules(SourcePolicy.check(mixed, ModuleKind.SEARCH)));
    }

    @Test
    void bytecodeCapsItsListToo() {
        StringBuilder m = new StringBuilder("    void evil() {\n");
        for (int i = 0; i < 30; i++) {
            m.append("        System.exit(").append(i).append(");\n");
        }
        m.append("    }\n");
        List<Violation> v = BytecodePolicy.check(InMemoryJavac.compile(Hostile.BINARY, Hostile.search("", m.toString())).require());
        assertEquals(Violations.MAX + 1, v.size());
        assertEquals(Rules.TOO_MANY_VIOLATIONS, v.get(Violations.MAX).rule());
    }

    static List<String> rules(SourceCheck c) {
        List<String> r = new ArrayList<>();
        for (Violation v : c.violations()) {
            r.add(v.rule());
        }
        return r;
    }
}
