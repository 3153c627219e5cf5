package io.crinn4j.agent.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

    /** Every placeholder PromptBuilder fills; the shipped template must use exactly these. */
    static final Set<String> PLACEHOLDERS = Set.of("module", "interface_name", "module_focus", "band_lo", "band_hi",
            "build_budget", "memory_budget", "contract", "sandbox_rules", "omissions", "exemplar_count", "exemplars",
            "diff", "failures", "best_id", "workload", "lessons", "profile", "diff_title", "instructions");

    @Test
    void rendersInOnePassAndLeavesNonPlaceholdersAlone() {
        PromptTemplate t = PromptTemplate.of("a {{x}} b {{ y }} c {{1, 2}} d {{Upper}}");
        assertEquals(List.of("x", "y"), List.copyOf(t.placeholders()));
        // A value that looks like a placeholder is not expanded again.
        assertEquals("a {{y}} b 2 c {{1, 2}} d {{Upper}}", t.render(Map.of("x", "{{y}}", "y", "2", "unused", "z")));
    }

    @Test
    void aPlaceholderWithoutValueIsAnError() {
        PromptTemplate t = PromptTemplate.of("hello {{name}} and {{other}}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.render(Map.of("name", "n")));
        assertTrue(e.getMessage().contains("{{other}}"), e.getMessage());
    }

    @Test
    void leadingCommentIsDroppedAndLineEndingsNormalized() {
        PromptTemplate t = PromptTemplate.of("<!-- doc {{ignored}} -->\r\nline {{a}}\r\n");
        assertEquals(Set.of("a"), t.placeholders());
        assertEquals("line 1\n", t.render(Map.of("a", "1")));
        assertThrows(IllegalStateException.class, () -> PromptTemplate.of("<!-- never closed"));
    }

    @Test
    void theShippedTemplateUsesExactlyTheDocumentedPlaceholders() {
        PromptTemplate t = PromptTemplate.contrastive();
        assertEquals(PLACEHOLDERS, t.placeholders());
        assertFalse(t.text().contains("<!--"), "the documentation comment is stripped");
    }

    @Test
    void docsDescribeEveryPlaceholder() throws Exception {
        Path doc = Path.of("..", "docs", "prompt.md");
        Assumptions.assumeTrue(Files.exists(doc), "docs/prompt.md is outside this module's test tree");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        for (String p : PLACEHOLDERS) {
            assertTrue(text.contains("{{" + p + "}}"), "docs/prompt.md does not describe {{" + p + "}}");
        }
    }
}
