package io.crinn4j.agent.prompt;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.nodeTypes.NodeWithModifiers;
import com.github.javaparser.ast.stmt.BlockStmt;
import io.crinn4j.contract.ModuleKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The "module contract" section of a prompt: the interface of the module kind in full (minus
 * imports), then the shared types it uses as compact API stubs (javadoc and public signatures
 * kept, method bodies shown as <code>{ ... }</code>, private members and imports dropped).
 *
 * <p>The sources come from the contract jar, which ships them as text resources under
 * {@code crinn4j/contract/}, so the prompt always shows the exact contract the sandbox compiles
 * against. The result is cached per kind (it depends only on the jar).
 */
final class ContractText {

    private static final String ROOT = "/crinn4j/contract/";
    private static final Map<ModuleKind, String> CACHE = new EnumMap<>(ModuleKind.class);

    private ContractText() {
    }

    /** The interface file name of a kind, e.g. {@code SearchModule.java}. */
    static String interfaceFile(ModuleKind kind) {
        return kind.contract().getSimpleName() + ".java";
    }

    /** Shared types shown for a kind, in order. Construction never sees a CandidateBuffer. */
    static List<String> sharedFiles(ModuleKind kind) {
        List<String> files = new ArrayList<>(List.of("Vectors.java", "Graph.java"));
        if (kind != ModuleKind.CONSTRUCTION) {
            files.add("CandidateBuffer.java");
        }
        files.add("DistanceCounter.java");
        files.add("vector/VectorKernels.java");
        files.add("quant/Sq8.java");
        return files;
    }

    /** The rendered section for {@code kind} (markdown with java fences). */
    static synchronized String forKind(ModuleKind kind) {
        return CACHE.computeIfAbsent(kind, ContractText::render);
    }

    private static String render(ModuleKind kind) {
        StringBuilder sb = new StringBuilder();
        String iface = kind.contract().getName();
        sb.append("Implement `").append(iface).append("` (complete interface):\n\n");
        sb.append("```java\n").append(withoutImports(load(interfaceFile(kind)))).append("```\n\n");
        sb.append("Shared types it uses, as API stubs (method bodies shown as `{ ... }`, private members left out):\n\n");
        sb.append("```java\n");
        boolean first = true;
        for (String f : sharedFiles(kind)) {
            if (!first) {
                sb.append('\n');
            }
            first = false;
            sb.append("// ---- ").append(f).append('\n').append(stub(load(f)));
        }
        sb.append("```\n\n");
        sb.append("Also available: `io.crinn4j.contract.vector.Kernels.get()` returns the `VectorKernels` chosen for this JVM "
                + "(Vector API when present, scalar otherwise); fetch it once into a final field. "
                + "`io.crinn4j.contract.Metric` is the enum `{ L2, ANGULAR, INNER_PRODUCT }`; internal distances are "
                + "\"smaller is closer\": squared L2 for L2, negative inner product otherwise (angular rows are unit length).");
        return sb.toString();
    }

    static String load(String file) {
        String name = ROOT + file;
        try (InputStream in = ModuleKind.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("contract source " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source without import lines, trailing whitespace trimmed, ending in one newline. */
    static String withoutImports(String src) {
        StringBuilder sb = new StringBuilder();
        for (String line : src.split("\n", -1)) {
            if (!line.startsWith("import ")) {
                sb.append(line).append('\n');
            }
        }
        return collapseBlankLines(sb.toString()).strip() + "\n";
    }

    /**
     * API stub of a class or interface: imports, non-public members of classes and initializer
     * blocks removed, bodies of the remaining methods and constructors replaced by
     * <code>{ ... }</code>. Interfaces keep every member (they are all public). Falls back to
     * {@link #withoutImports} if the source does not parse.
     */
    static String stub(String source) {
        String src = source.replace("\r\n", "\n");
        ParseResult<CompilationUnit> r = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse(src);
        if (!r.isSuccessful() || r.getResult().isEmpty()) {
            return withoutImports(src);
        }
        CompilationUnit cu = r.getResult().get();
        int[] lineStarts = lineStarts(src);
        List<Cut> cuts = new ArrayList<>();
        for (ImportDeclaration imp : cu.getImports()) {
            cutWhole(src, lineStarts, imp, cuts);
        }
        for (TypeDeclaration<?> t : cu.getTypes()) {
            stubType(src, lineStarts, t, cuts);
        }
        // Outermost first, drop cuts inside an earlier one, then apply from the end backwards.
        cuts.sort(Comparator.comparingInt((Cut c) -> c.start).thenComparing(Comparator.comparingInt((Cut c) -> c.end).reversed()));
        List<Cut> kept = new ArrayList<>();
        int reach = -1;
        for (Cut c : cuts) {
            if (c.start >= reach) {
                kept.add(c);
                reach = c.end;
            }
        }
        StringBuilder sb = new StringBuilder(src);
        for (int i = kept.size() - 1; i >= 0; i--) {
            Cut c = kept.get(i);
            sb.replace(c.start, c.end, c.replacement);
        }
        return collapseBlankLines(sb.toString()).strip() + "\n";
    }

    private static void stubType(String src, int[] ls, TypeDeclaration<?> t, List<Cut> cuts) {
        boolean iface = t instanceof ClassOrInterfaceDeclaration && ((ClassOrInterfaceDeclaration) t).isInterface();
        for (BodyDeclaration<?> m : t.getMembers()) {
            boolean visible = iface || (m instanceof NodeWithModifiers
                    && ((NodeWithModifiers<?>) m).hasModifier(Modifier.Keyword.PUBLIC));
            if (!visible) {
                cutWhole(src, ls, m, cuts);
            } else if (m instanceof MethodDeclaration) {
                ((MethodDeclaration) m).getBody().ifPresent(b -> cutBody(ls, b, cuts));
            } else if (m instanceof ConstructorDeclaration) {
                cutBody(ls, ((ConstructorDeclaration) m).getBody(), cuts);
            } else if (m instanceof TypeDeclaration) {
                stubType(src, ls, (TypeDeclaration<?>) m, cuts);
            }
        }
    }

    private static void cutBody(int[] ls, BlockStmt body, List<Cut> cuts) {
        body.getRange().ifPresent(rg -> cuts.add(new Cut(begin(ls, rg), end(ls, rg), "{ ... }")));
    }

    /** Removes a node with its comment, extended to whole lines when it stands alone on them. */
    private static void cutWhole(String src, int[] ls, Node n, List<Cut> cuts) {
        if (n.getRange().isEmpty()) {
            return;
        }
        int start = begin(ls, n.getRange().get());
        int end = end(ls, n.getRange().get());
        Comment c = n.getComment().orElse(null);
        if (c != null && c.getRange().isPresent()) {
            start = Math.min(start, begin(ls, c.getRange().get()));
        }
        int s = start;
        while (s > 0 && (src.charAt(s - 1) == ' ' || src.charAt(s - 1) == '\t')) {
            s--;
        }
        if (s == 0 || src.charAt(s - 1) == '\n') {
            start = s;
        }
        int e = end;
        while (e < src.length() && (src.charAt(e) == ' ' || src.charAt(e) == '\t')) {
            e++;
        }
        if (src.startsWith("//", e)) {
            int nl = src.indexOf('\n', e);
            e = nl < 0 ? src.length() : nl; // a trailing line comment goes with the member
        }
        if (e < src.length() && src.charAt(e) == '\n') {
            end = e + 1;
        } else if (e == src.length()) {
            end = e;
        }
        cuts.add(new Cut(start, end, ""));
    }

    private static int[] lineStarts(String s) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int begin(int[] ls, Range r) {
        return ls[r.begin.line - 1] + r.begin.column - 1;
    }

    private static int end(int[] ls, Range r) {
        return ls[r.end.line - 1] + r.end.column; // end column is inclusive
    }

    /** At most one blank line in a row, none right before a closing brace. */
    static String collapseBlankLines(String s) {
        return s.replaceAll("\n[ \t]*\n(?:[ \t]*\n)+", "\n\n").replaceAll("\n[ \t]*\n([ \t]*\\})", "\n$1");
    }

    private static final class Cut {
        final int start;
        final int end;
        final String replacement;

        Cut(int start, int end, String replacement) {
            this.start = start;
            this.end = end;
            this.replacement = replacement;
        }
    }
}
