package io.crinn4j.agent.prompt;

import static io.crinn4j.agent.prompt.ParsedReply.Kind.EDITS_APPLIED;
import static io.crinn4j.agent.prompt.ParsedReply.Kind.EDIT_NOT_APPLIED;
import static io.crinn4j.agent.prompt.ParsedReply.Kind.FULL_SOURCE;
import static io.crinn4j.agent.prompt.ParsedReply.Kind.NO_CODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplyParserTest {

    static final String PARENT = String.join("\n",
            "package io.crinn4j.seed.glass;",
            "",
            "import io.crinn4j.contract.RefinementModule;",
            "",
            "public final class Rerank implements RefinementModule {",
            "    static final float FACTOR = 1.5f;",
            "",
            "    @Override",
            "    public int candidates(int k) {",
            "        return (int) Math.ceil(k * FACTOR);",
            "    }",
            "",
            "    private int a() {",
            "        return 1;",
            "    }",
            "",
            "    private int b() {",
            "        return 1;",
            "    }",
            "}",
            "");

    static final String MODULE = PARENT.replace("1.5f", "1.25f");

    private static ParsedReply parse(String reply) {
        return ReplyParser.parse(reply, PARENT);
    }

    private static String edit(String search, String replace) {
        return "<<<<<<< SEARCH\n" + search + "\n=======\n" + replace + "\n>>>>>>> REPLACE\n";
    }

    // ---- complete modules -------------------------------------------------------------------

    @Test
    void takesAFencedModule() {
        ParsedReply r = parse("The window of 1.5k is wider than needed.\n\nHere is the code:\n\n```java\n" + MODULE + "```\n\nThat's it.");
        assertEquals(FULL_SOURCE, r.kind(), r.reason());
        assertEquals(MODULE, r.source());
        assertTrue(r.hasSource());
        assertTrue(r.reason().contains("reply line 5"), r.reason());
    }

    @Test
    void acceptsJavaInAnyCaseUntaggedAndTildeFences() {
        for (String open : new String[] {"```Java", "```JAVA", "```", "~~~java", "~~~", "````java", "```java title=Rerank.java"}) {
            String close = open.startsWith("~") ? "~~~" : open.startsWith("````") ? "````" : "```";
            ParsedReply r = parse("Answer:\n" + open + "\n" + MODULE + close + "\n");
            assertEquals(FULL_SOURCE, r.kind(), open + ": " + r.reason());
            assertEquals(MODULE, r.source(), open);
        }
        ParsedReply py = parse("```python\nclass Rerank:\n    pass\n```\n");
        assertEquals(NO_CODE, py.kind(), "a python block is not a module");
    }

    @Test
    void prefersTheBlockThatDeclaresAClassAndTheLongestOfThose() {
        String reply = "The hot spot is this loop:\n```java\nfor (int i = 0; i < m; i++) { dists[i] = 0; }\n```\n"
                + "For example:\n```java\nclass Tiny {}\n```\nFull module:\n```java\n" + MODULE + "```\n"
                + "Usage:\n```\nint x = refiner.refine(q, 10, buf, out);\n```\n";
        ParsedReply r = parse(reply);
        assertEquals(FULL_SOURCE, r.kind());
        assertEquals(MODULE, r.source());
        assertTrue(r.reason().contains("longest of 2 blocks that declare a class"), r.reason());
    }

    @Test
    void noCodeWhenNothingDeclaresAClass() {
        assertEquals(NO_CODE, parse("I think the factor should be 1.25, but I am not sure.").kind());
        assertEquals(NO_CODE, parse("").kind());
        assertEquals(NO_CODE, parse(null).kind());
        ParsedReply r = parse("Change this:\n```java\nstatic final float FACTOR = 1.25f;\n```\n");
        assertEquals(NO_CODE, r.kind());
        assertNull(r.source());
        assertTrue(r.reason().contains("1 code block but none"), r.reason());
    }

    @Test
    void brokenJavaInAClosedFenceIsStillTakenTheSandboxJudgesIt() {
        String broken = "public class Rerank implements RefinementModule {\n    int x =\n}\n";
        ParsedReply r = parse("```java\n" + broken + "```");
        assertEquals(FULL_SOURCE, r.kind());
        assertEquals(broken, r.source());
    }

    @Test
    void handlesCrlf() {
        String crlf = ("Sure.\n```java\n" + MODULE + "```\n").replace("\n", "\r\n");
        ParsedReply r = parse(crlf);
        assertEquals(FULL_SOURCE, r.kind());
        assertEquals(MODULE, r.source());
        assertFalse(r.source().contains("\r"));

        ParsedReply e = ReplyParser.parse(edit("    static final float FACTOR = 1.5f;", "    static final float FACTOR = 1.3f;")
                .replace("\n", "\r\n"), PARENT.replace("\n", "\r\n"));
        assertEquals(EDITS_APPLIED, e.kind(), e.reason());
        assertEquals(PARENT.replace("1.5f", "1.3f"), e.source());
    }

    @Test
    void aTruncatedFinalFenceIsTakenOnlyWhenItParses() {
        ParsedReply ok = parse("Here:\n```java\n" + MODULE);
        assertEquals(FULL_SOURCE, ok.kind(), ok.reason());
        assertEquals(MODULE, ok.source());
        assertTrue(ok.reason().contains("closing fence is missing"), ok.reason());

        String cut = MODULE.substring(0, MODULE.indexOf("private int b()"));
        ParsedReply bad = parse("Here:\n```java\n" + cut);
        assertEquals(NO_CODE, bad.kind());
        assertTrue(bad.reason().contains("cut off"), bad.reason());
    }

    @Test
    void aClosingFenceGluedToTheLastLineStillCloses() {
        ParsedReply r = parse("```java\n" + MODULE.stripTrailing() + "```\nDone.");
        assertEquals(FULL_SOURCE, r.kind());
        assertEquals(MODULE, r.source());
        assertFalse(r.reason().contains("missing"));
    }

    @Test
    void unfencedCodeAfterChatterIsTaken() {
        ParsedReply r = parse("Here is the code:\n\n" + MODULE + "\nThis should be faster.");
        assertEquals(FULL_SOURCE, r.kind(), r.reason());
        assertEquals(MODULE, r.source());
        assertTrue(r.reason().contains("no code fence"));
    }

    @Test
    void reasoningBeforeThinkEndIsIgnored() {
        String reply = "<think>\nMaybe:\n```java\npublic class Draft implements RefinementModule { /* long draft, long draft, long draft */ }\n"
                + "```\n</think>\nFinal:\n```java\n" + MODULE + "```\n";
        assertEquals(MODULE, parse(reply).source());
    }

    // ---- SEARCH/REPLACE edits -------------------------------------------------------------

    @Test
    void appliesExactEditsInOrder() {
        String reply = "Two changes.\n\n" + edit("    static final float FACTOR = 1.5f;", "    static final float FACTOR = 1.25f;")
                + "\n" + edit("    private int b() {\n        return 1;", "    private int b() {\n        return 2;");
        ParsedReply r = parse(reply);
        assertEquals(EDITS_APPLIED, r.kind(), r.reason());
        assertEquals(PARENT.replace("1.5f", "1.25f").replace("b() {\n        return 1;", "b() {\n        return 2;"), r.source());
        assertEquals("applied 2 SEARCH/REPLACE edits (2 exact, 0 whitespace-tolerant)", r.reason());
    }

    @Test
    void laterEditsSeeEarlierOnes() {
        String reply = edit("FACTOR = 1.5f;", "FACTOR = 1.4f;") + edit("FACTOR = 1.4f;", "FACTOR = 1.3f;");
        assertEquals(PARENT.replace("1.5f", "1.3f"), parse(reply).source());
    }

    @Test
    void appliesEditsWhitespaceTolerantlyAndReindents() {
        // The model lost the indentation and added trailing blanks.
        String reply = "<<<<<<< SEARCH\n@Override   \npublic int candidates(int k) {\n    return (int) Math.ceil(k * FACTOR);\n"
                + "=======\npublic int candidates(int k) {\n    return k + k / 4;\n>>>>>>> REPLACE\n";
        ParsedReply r = parse(reply);
        assertEquals(EDITS_APPLIED, r.kind(), r.reason());
        assertTrue(r.reason().contains("1 whitespace-tolerant"), r.reason());
        assertEquals(PARENT.replace("    @Override\n    public int candidates(int k) {\n        return (int) Math.ceil(k * FACTOR);",
                "    public int candidates(int k) {\n        return k + k / 4;"), r.source());
    }

    @Test
    void editsInsideAFenceAreAppliedNotTakenAsAModule() {
        String reply = "```java\n" + edit("public final class Rerank implements RefinementModule {\n    static final float FACTOR = 1.5f;",
                "public final class Rerank implements RefinementModule {\n    static final float FACTOR = 1.2f;") + "```\n";
        ParsedReply r = parse(reply);
        assertEquals(EDITS_APPLIED, r.kind(), r.reason());
        assertEquals(PARENT.replace("1.5f", "1.2f"), r.source());
    }

    @Test
    void anEditThatDoesNotMatchAppliesNothing() {
        String reply = edit("    static final float FACTOR = 1.5f;", "    static final float FACTOR = 1.2f;")
                + edit("    static final int WINDOW = 3;", "    static final int WINDOW = 2;");
        ParsedReply r = parse(reply);
        assertEquals(EDIT_NOT_APPLIED, r.kind());
        assertNull(r.source(), "all or nothing");
        assertTrue(r.reason().startsWith("edit block 2 of 2 (reply line 6): SEARCH text not found"), r.reason());
        assertTrue(r.reason().contains("static final int WINDOW = 3;"), r.reason());
    }

    @Test
    void anAmbiguousEditAppliesNothing() {
        ParsedReply r = parse(edit("        return 1;", "        return 3;"));
        assertEquals(EDIT_NOT_APPLIED, r.kind());
        assertTrue(r.reason().contains("edit block 1 of 1") && r.reason().contains("occurs 2 times"), r.reason());

        ParsedReply tolerant = parse(edit("return 1;\n}", "return 3;\n}"));
        assertEquals(EDIT_NOT_APPLIED, tolerant.kind(), "also ambiguous when matched ignoring whitespace");
    }

    @Test
    void exactMatchesDoNotStartInsideAnIdentifier() {
        // "ACTOR = 1.5f;" occurs inside "FACTOR = 1.5f;" only; that is not a match.
        ParsedReply r = parse(edit("ACTOR = 1.5f;", "ACTOR = 1.2f;"));
        assertEquals(EDIT_NOT_APPLIED, r.kind());
        assertTrue(r.reason().contains("not found"), r.reason());
    }

    @Test
    void anEmptyReplaceDeletesTheLines() {
        ParsedReply r = parse(edit("    private int a() {\n        return 1;\n    }\n", ""));
        assertEquals(EDITS_APPLIED, r.kind(), r.reason());
        assertEquals(PARENT.replace("    private int a() {\n        return 1;\n    }\n", ""), r.source());
    }

    @Test
    void malformedOrUnusableEditsAreReported() {
        ParsedReply incomplete = parse("<<<<<<< SEARCH\n    static final float FACTOR = 1.5f;\n=======\n    static final float FACTOR = 1.2f;\n");
        assertEquals(EDIT_NOT_APPLIED, incomplete.kind());
        assertTrue(incomplete.reason().contains("incomplete"), incomplete.reason());

        ParsedReply empty = parse(edit("", "    int extra;"));
        assertEquals(EDIT_NOT_APPLIED, empty.kind());
        assertTrue(empty.reason().contains("empty SEARCH"), empty.reason());

        ParsedReply noParent = ReplyParser.parse(edit("FACTOR = 1.5f;", "FACTOR = 1.2f;"), null);
        assertEquals(EDIT_NOT_APPLIED, noParent.kind());
        assertTrue(noParent.reason().contains("no parent"));
    }

    @Test
    void aFullModuleWinsOverEditsInTheSameReply() {
        String reply = edit("    static final int WINDOW = 3;", "    static final int WINDOW = 2;")
                + "\nOr, as a whole file:\n```java\n" + MODULE + "```\n";
        ParsedReply r = parse(reply);
        assertEquals(FULL_SOURCE, r.kind());
        assertEquals(MODULE, r.source());
        assertTrue(r.reason().contains("edits in the same reply were ignored"), r.reason());
    }

    @Test
    void aClassSnippetNextToEditsDoesNotReplaceTheModule() {
        String reply = "A helper like\n```java\nfinal class Heap { int[] ids; }\n```\nwould help. Edit:\n"
                + edit("    static final float FACTOR = 1.5f;", "    static final float FACTOR = 1.2f;");
        ParsedReply r = parse(reply);
        assertEquals(EDITS_APPLIED, r.kind(), r.reason());
        assertEquals(PARENT.replace("1.5f", "1.2f"), r.source());
    }

    @Test
    void parsedReplyChecksItsShape() {
        assertThrows(IllegalArgumentException.class, () -> new ParsedReply(FULL_SOURCE, null, "x"));
        assertThrows(IllegalArgumentException.class, () -> new ParsedReply(NO_CODE, "class A {}", "x"));
        assertEquals("two lines", new ParsedReply(NO_CODE, null, "two\nlines").reason());
    }
}
