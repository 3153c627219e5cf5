package io.crinn4j.agent.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChangeSummaryTest {
    private static final Path RECORDED = Path.of("../../shared/llm-replies/bigann10k-search");

    @Test
    void aChangeLineIsTheReplysOwnSummary() {
        assertEquals("byte visited marks and a batched upper-layer descent",
                ChangeSummary.ofReply("Change: **byte visited marks** and a batched upper-layer descent\n\n## 1. Comparison\n...\n```java\nclass A {}\n```"));
        assertEquals("seed the pool from the descent", ChangeSummary.ofReply("> Change: seed the pool from the descent\n```java\nclass A {}\n```"));
    }

    @Test
    void withoutOneTheBoldLeadInsBeforeTheCodeNameTheChanges() {
        String reply = "## 1. Comparison\n\n- **Variant 1.** fast\n\n## 2. Improved module\n\nWhat it changes:\n\n"
                + "- **Descent.** batched.\n- **Visited set.** bytes.\n\n```java\nclass A {}\n```\n";
        assertEquals("descent; visited set", ChangeSummary.ofReply(reply));
        assertEquals("It renumbers the nodes in BFS order.", ChangeSummary.ofReply("## 2. Changes\n\nIt renumbers the nodes in BFS order. Then more.\n```java\nclass A {}\n```"));
        assertNull(ChangeSummary.ofReply("```java\nclass A {}\n```"));
    }

    @Test
    void aDiffNamesItsSizeAndTheMethodsItTouches() {
        String seed = GlassBaseline.source(ModuleKind.SEARCH);
        String changed = seed.replace("cap = Math.max(ef, topK);", "cap = Math.max(ef, topK + 2);");
        String s = ChangeSummary.ofDiff(seed, changed);
        assertTrue(s.startsWith("+1 −1 lines in "), s);
        assertNull(ChangeSummary.ofDiff(seed, seed));
    }

    @Test
    void everyRecordedReplyHasASummary() throws IOException {
        assumeTrue(Files.isDirectory(RECORDED), "../shared/llm-replies is not here");
        for (String name : new String[] {"reply-1-0.md", "reply-1-1.md", "reply-1-2.md", "reply-2-0.md", "reply-2-1.md", "reply-2-2.md"}) {
            String s = ChangeSummary.ofReply(Files.readString(RECORDED.resolve(name)));
            assertTrue(s != null && s.length() > 10 && s.length() <= ChangeSummary.MAX_CHARS, name + ": " + s);
        }
    }
}
