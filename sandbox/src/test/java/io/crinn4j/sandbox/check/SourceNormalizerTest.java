package io.crinn4j.sandbox.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.seed.glass.GlassBaseline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SourceNormalizerTest {

    /** The same program with different layout, comments, Javadoc, import order and line ends. */
    static String reformat(String source) {
        String s = Pattern.compile("/\\*\\*.*?\\*/", Pattern.DOTALL).matcher(source).replaceAll("");
        List<String> imports = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String line : s.split("\n", -1)) {
            if (line.startsWith("import ")) {
                imports.add(line);
                continue;
            }
            String l = line.replaceAll("^( {4})+", "\t  ");
            if (l.endsWith(";") && !l.startsWith("package")) {
                l = l + "   // reformatted";
            }
            l = l.replace("public ", "/* block */ public  ");
            l = l.replace(") {", ")\n{");
            rest.add(l);
            if (l.isBlank()) {
                rest.add("");
            }
        }
        Collections.reverse(imports);
        rest.add(2, String.join("\n", imports));
        return "// a new header comment\n" + String.join("\r\n", rest) + "\n/* trailing */\n";
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void reformattedAndRecommentedSeedHashesEqual(ModuleKind kind) {
        String seed = GlassBaseline.source(kind);
        String other = reformat(seed);
        assertNotEquals(seed, other);
        assertTrue(SourcePolicy.check(other, kind).ok(), "the reformatted seed is still a valid module");
        assertEquals(SourceNormalizer.normalize(seed), SourceNormalizer.normalize(other));
        assertEquals(SourceNormalizer.hash(seed), SourceNormalizer.hash(other));
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void oneTokenChangeHashesDifferent(ModuleKind kind) {
        String seed = GlassBaseline.source(kind);
        String changed;
        switch (kind) {
            case CONSTRUCTION:
                changed = seed.replace("static final int M = 16;", "static final int M = 17;");
                break;
            case SEARCH:
                changed = seed.replace("cap = Math.max(ef, topK);", "cap = Math.min(ef, topK);");
                break;
            default:
                changed = seed.replace("static final float FACTOR = 1.5f;", "static final float FACTOR = 2.5f;");
                break;
        }
        assertNotEquals(seed, changed, "the edit applied");
        assertNotEquals(SourceNormalizer.hash(seed), SourceNormalizer.hash(changed));
        assertNotEquals(SourceNormalizer.hash(reformat(seed)), SourceNormalizer.hash(reformat(changed)));
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void normalizeIsIdempotentAndDropsComments(ModuleKind kind) {
        String n = SourceNormalizer.normalize(GlassBaseline.source(kind));
        assertEquals(n, SourceNormalizer.normalize(n));
        assertFalse(n.contains("//") || n.contains("/*"), n);
        assertFalse(n.contains("\r"));
        assertTrue(n.contains("implements " + kind.contract().getSimpleName()), n);
    }

    @Test
    void modernSyntaxRoundTrips() throws Exception {
        String features = AllowedCodeTest.features();
        String n = SourceNormalizer.normalize(features);
        assertFalse(n.startsWith(SourceNormalizer.UNPARSABLE_PREFIX));
        assertEquals(n, SourceNormalizer.normalize(n), "records, switch expressions, text blocks, patterns");
        assertTrue(SourcePolicy.check(n, ModuleKind.SEARCH).ok(), "the normalized text is still a valid module");
        assertEquals(SourceNormalizer.hash(features), SourceNormalizer.hash(reformat(features)));
    }

    @Test
    void hashIsLowerCaseHexSha256() {
        String h = SourceNormalizer.hash(GlassBaseline.source(ModuleKind.SEARCH));
        assertTrue(h.matches("[0-9a-f]{64}"), h);
        assertEquals(h, SourceNormalizer.hash(GlassBaseline.source(ModuleKind.SEARCH)), "deterministic");
    }

    @Test
    void stringLiteralContentsMatter() {
        String a = Hostile.search("", "    String s = \"a  b\";\n");
        String b = Hostile.search("", "    String s = \"a b\";\n");
        assertNotEquals(SourceNormalizer.hash(a), SourceNormalizer.hash(b));
    }

    @Test
    void unparsableTextFallsBackToCollapsedWhitespace() {
        String a = "public class {\n   int x = ;\n}";
        String b = "public   class {   int x\t= ; }\n\n";
        String n = SourceNormalizer.normalize(a);
        assertTrue(n.startsWith(SourceNormalizer.UNPARSABLE_PREFIX), n);
        assertEquals(SourceNormalizer.UNPARSABLE_PREFIX + "public class { int x = ; }", n);
        assertEquals(n, SourceNormalizer.normalize(b));
        assertEquals(n, SourceNormalizer.normalize(n), "idempotent");
        assertNotEquals(SourceNormalizer.hash(a), SourceNormalizer.hash("public class { int x = 1; }"));
        assertEquals(SourceNormalizer.UNPARSABLE_PREFIX, SourceNormalizer.normalize(null));
    }
}
