package io.crinn4j.sandbox.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.sandbox.compile.CandidateCompiler.Strategy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failed compiles: errors at the candidate's own line numbers, and feedback fit for a prompt. */
class CompileErrorTest {

    private static CandidateCompiler compiler;

    @BeforeAll
    static void setUp() {
        compiler = new CandidateCompiler();
    }

    @AfterAll
    static void tearDown() throws Exception {
        compiler.close();
    }

    private static List<Integer> lines(CompileResult r) {
        return r.errors().stream().map(CompileError::line).toList();
    }

    @Test
    void syntaxErrorIsReportedAtItsLine() {
        String source = String.join("\n",
                "package cand;",                      // 1
                "",                                   // 2
                "public class Broken {",              // 3
                "    int f() {",                      // 4
                "        int x = 1",                  // 5: missing ';'
                "        return x;",                  // 6
                "    }",                              // 7
                "}");
        CompileResult r = compiler.compile(source, "cand.Broken");
        assertFalse(r.ok());
        assertEquals(CompileResult.JDK, r.compiler(), "javac's errors are reported when both compilers fail");
        assertNotNull(r.janinoFailure());
        assertEquals(List.of(5), lines(r), r::toString);
        CompileError e = r.errors().get(0);
        assertTrue(e.message().contains("';' expected"), e.message());
        assertEquals(18, e.column(), "just after 'int x = 1'");
        assertTrue(r.feedback().contains("line 5:18: ';' expected"), r.feedback());
        assertTrue(r.feedback().contains("5 | int x = 1"), "the offending line is quoted: " + r.feedback());
        assertTrue(r.classes().isEmpty());
        System.out.println(r.feedback());
    }

    @Test
    void undefinedMethodIsReportedAtItsLine() {
        String source = String.join("\n",
                "package cand;",                               // 1
                "import java.util.Arrays;",                    // 2
                "public class Broken {",                       // 3
                "    int f(int[] a) {",                        // 4
                "        Arrays.sort(a);",                     // 5
                "        int y = undefinedHelper(a.length);",  // 6
                "        return y;",                           // 7
                "    }",                                       // 8
                "}");
        CompileResult r = compiler.compile(source, "cand.Broken");
        assertFalse(r.ok());
        assertEquals(CompileResult.JDK, r.compiler());
        assertEquals(List.of(6), lines(r), r::toString);
        assertEquals(17, r.errors().get(0).column());
        assertTrue(r.errors().get(0).message().contains("cannot find symbol"));
        assertTrue(r.feedback().contains("line 6:17: cannot find symbol (symbol: method undefinedHelper(int)"), r.feedback());
        // Janino failed too; its own first error is kept, with its own position.
        assertTrue(r.janinoFailure().startsWith("line 6:"), r.janinoFailure());
        assertTrue(r.janinoFailure().contains("undefinedHelper"), r.janinoFailure());
        System.out.println(r.feedback());
    }

    @Test
    void tabsCountAsOneColumn() {
        String source = "package cand;\npublic class T {\n\tint f() {\n\t\treturn g();\n\t}\n}\n";
        CompileResult r = compiler.compile(source, "cand.T");
        assertFalse(r.ok());
        assertEquals(4, r.errors().get(0).line());
        assertEquals(10, r.errors().get(0).column(), "two tabs + 'return ' = 9 characters before g");
    }

    @Test
    void manyErrorsAreCappedAtTwentyFeedbackLines() {
        StringBuilder sb = new StringBuilder("package cand;\npublic class Many {\n    void f() {\n");
        for (int i = 0; i < 30; i++) {
            sb.append("        missing").append(i).append("();\n");
        }
        sb.append("    }\n}\n");
        CompileResult r = compiler.compile(sb.toString(), "cand.Many");
        assertFalse(r.ok());
        assertEquals(30, r.errors().size());
        assertEquals(4, r.errors().get(0).line());
        assertEquals(33, r.errors().get(29).line());
        String[] feedback = r.feedback().split("\n");
        assertTrue(feedback.length <= CompileResult.MAX_FEEDBACK_LINES, r.feedback());
        assertTrue(feedback[0].startsWith("Compilation failed (jdk), 30 errors"), feedback[0]);
        assertTrue(feedback[feedback.length - 1].matches("\\.\\.\\. and \\d+ more"), r.feedback());
        assertTrue(r.feedback().contains("line 4:"));
        for (String line : feedback) {
            assertTrue(line.length() <= 240 && line.equals(line.stripTrailing()), line);
        }
    }

    @Test
    void wrongClassNameOrPackageIsAnError() {
        // Janino accepts the file (it does not check names); the post-check catches it.
        CompileResult wrongPackage = compiler.compile("package other;\npublic class C { }", "cand.C");
        assertFalse(wrongPackage.ok());
        assertEquals(CompileResult.JANINO, wrongPackage.compiler());
        assertTrue(wrongPackage.errors().get(0).message().contains("expected the source to declare top-level class cand.C"),
                wrongPackage::toString);
        assertTrue(wrongPackage.feedback().contains("other.C"), wrongPackage.feedback());

        CompileResult wrongName = compiler.compile("package cand;\nclass D { }", "cand.C");
        assertFalse(wrongName.ok());
        assertTrue(wrongName.feedback().contains("cand.D"), wrongName.feedback());

        // javac additionally insists that a public class lives in a file of its name.
        try (CandidateCompiler jdk = new CandidateCompiler(Strategy.JDK_ONLY)) {
            CompileResult r = jdk.compile("package cand;\npublic class D { }", "cand.C");
            assertFalse(r.ok());
            assertEquals(2, r.errors().get(0).line());
            assertTrue(r.errors().get(0).message().contains("should be declared in a file named D.java"), r::toString);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void classPathIsHonoured() throws Exception {
        // Without the caller's class path the contract interfaces are unknown to both compilers.
        try (CandidateCompiler bare = new CandidateCompiler(Strategy.JANINO_THEN_JDK, List.<Path>of())) {
            CompileResult r = bare.compile(Sources.seed("ExactRerank"), Sources.SEED_PACKAGE + ".ExactRerank");
            assertFalse(r.ok());
            assertTrue(r.feedback().contains("package io.crinn4j.contract does not exist"), r.feedback());
            assertNotNull(r.janinoFailure());
        }
        assertTrue(CandidateCompiler.callerClassPath().stream()
                .anyMatch(p -> p.toString().contains("contract")), CandidateCompiler.callerClassPath()::toString);
    }

    @Test
    void oversizedSourcesAndBadNamesAreRejected() {
        CompileResult r = compiler.compile("x".repeat(CandidateCompiler.MAX_SOURCE_CHARS + 1), "cand.C");
        assertFalse(r.ok());
        assertTrue(r.feedback().contains("allowed"), r.feedback());
        assertThrows(IllegalArgumentException.class, () -> compiler.compile("class C {}", "cand/C"));
        assertThrows(IllegalArgumentException.class, () -> compiler.compile("class C {}", "cand.class"));
        assertThrows(IllegalArgumentException.class, () -> compiler.compile("class C {}", "1cand.C"));
        assertThrows(NullPointerException.class, () -> compiler.compile(null, "cand.C"));
    }

    @Test
    void absurdNestingCrashesNeitherTheCallerNorLaterCompiles() {
        int depth = 50_000;
        String source = "package cand;\npublic class D { int f() { return " + "(".repeat(depth) + "1" + ")".repeat(depth) + "; } }\n";
        for (Strategy s : Strategy.values()) {
            try (CandidateCompiler c = new CandidateCompiler(s)) {
                CompileResult r = c.compile(source, "cand.D");
                assertFalse(r.ok(), s.toString());
                assertTrue(r.feedback().contains("too deeply"), () -> s + ": " + r.feedback());
                assertTrue(r.feedback().split("\n").length <= 3, "no stack trace in the feedback: " + r.feedback());
                CompileResult next = c.compile("package cand;\npublic class E { int f() { return 7; } }", "cand.E");
                assertTrue(next.ok(), () -> s + " after a crash: " + next.feedback());
            }
        }
    }

    @Test
    void javacCrashReportsAreCondensed() {
        String banner = "An exception has occurred in the compiler (17). Please file a bug ...\n"
                + "java.lang.IllegalStateException: boom\n\tat jdk.compiler/com.sun.tools.javac.Foo.bar(Foo.java:1)\n";
        assertEquals("javac crashed: java.lang.IllegalStateException: boom", JdkBackend.crashMessage(banner));
        assertEquals("javac failed without a diagnostic", JdkBackend.crashMessage(""));
    }

    @Test
    void emptySourceFailsCleanly() {
        CompileResult r = compiler.compile("", "cand.C");
        assertFalse(r.ok());
        assertFalse(r.errors().isEmpty());
        assertFalse(r.feedback().isEmpty());
    }
}
