package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.TokenRange;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.comments.Comment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A source text with its JavaParser tree (Java 17, tokens kept) and the character offset of every
 * token. Mutations are <em>text splices</em> at the ranges of tree nodes ({@link #apply}), never
 * re-printed trees, so everything outside the changed expression — formatting, comments, javadoc
 * — stays exactly as it was and the diff against the parent is minimal.
 *
 * <p>Unicode escapes are not pre-processed here (offsets must refer to the raw text); the source
 * policy, which does pre-process them, checks every mutant afterwards.
 */
final class ParsedSource {

    /** One splice: replace {@code [begin, end)} with {@code text}. */
    record Edit(int begin, int end, String text) {
    }

    private final String text;
    private final CompilationUnit unit;
    private final Map<JavaToken, Integer> offsets;

    private ParsedSource(String text, CompilationUnit unit, Map<JavaToken, Integer> offsets) {
        this.text = text;
        this.unit = unit;
        this.offsets = offsets;
    }

    /** Parses {@code text}; empty when it is not Java 17 or its tokens cannot be mapped back to the text. */
    static Optional<ParsedSource> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        ParserConfiguration cfg = new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                .setStoreTokens(true)
                .setAttributeComments(true);
        ParseResult<CompilationUnit> r;
        try {
            r = new JavaParser(cfg).parse(text);
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
        if (!r.isSuccessful() || r.getResult().isEmpty()) {
            return Optional.empty();
        }
        CompilationUnit cu = r.getResult().get();
        Optional<TokenRange> range = cu.getTokenRange();
        if (range.isEmpty()) {
            return Optional.empty();
        }
        JavaToken t = range.get().getBegin();
        while (t.getPreviousToken().isPresent()) {
            t = t.getPreviousToken().get();
        }
        Map<JavaToken, Integer> offsets = new IdentityHashMap<>();
        int pos = 0;
        for (JavaToken cur = t; cur != null; cur = cur.getNextToken().orElse(null)) {
            offsets.put(cur, pos);
            String s = cur.getText();
            if (!text.startsWith(s, pos)) {
                return Optional.empty(); // the token stream does not spell the text: cannot splice safely
            }
            pos += s.length();
        }
        if (pos != text.length()) {
            return Optional.empty();
        }
        return Optional.of(new ParsedSource(text, cu, offsets));
    }

    String text() {
        return text;
    }

    CompilationUnit unit() {
        return unit;
    }

    /** The public top-level type (the module class), or the first top-level type. */
    TypeDeclaration<?> primaryType() {
        for (TypeDeclaration<?> t : unit.getTypes()) {
            if (t.isPublic()) {
                return t;
            }
        }
        return unit.getTypes().isEmpty() ? null : unit.getType(0);
    }

    /** Offset of the node's first character. */
    int begin(Node n) {
        return offsets.get(n.getTokenRange().orElseThrow().getBegin());
    }

    /** Offset just past the node's last character. */
    int end(Node n) {
        JavaToken last = n.getTokenRange().orElseThrow().getEnd();
        return offsets.get(last) + last.getText().length();
    }

    /** Offset of a token of this source. */
    int offset(JavaToken t) {
        return offsets.get(t);
    }

    /** The node's text exactly as written. */
    String text(Node n) {
        return text.substring(begin(n), end(n));
    }

    /** The node's text preceded by its attached comment (javadoc), if any. */
    String textWithComment(Node n) {
        Optional<Comment> c = n.getComment();
        if (c.isPresent() && c.get().getTokenRange().isPresent()) {
            int b = begin(c.get());
            if (b < begin(n)) {
                return text.substring(b, end(n));
            }
        }
        return text(n);
    }

    /**
     * The node's code tokens joined by single spaces: no comments, no layout. Two nodes with equal
     * code are the same code.
     */
    static String code(Node n) {
        StringBuilder sb = new StringBuilder();
        Optional<TokenRange> r = n.getTokenRange();
        if (r.isEmpty()) {
            return n.toString();
        }
        for (JavaToken t : r.get()) {
            if (t.getCategory().isWhitespaceOrComment()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t.getText());
        }
        return sb.toString();
    }

    /** The whole unit's code tokens (see {@link #code(Node)}): sources equal here differ only in layout and comments. */
    String code() {
        return code(unit);
    }

    /** Indentation (spaces and tabs) of the line the offset is on. */
    String indentAt(int offset) {
        int ls = text.lastIndexOf('\n', offset - 1) + 1;
        int i = ls;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return text.substring(ls, i);
    }

    /**
     * The text with the edits applied; edits must not overlap (insertions at one offset keep their
     * order). In a file with CRLF line separators, the inserted line breaks become CRLF too.
     */
    String apply(List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::begin).thenComparingInt(Edit::end));
        StringBuilder sb = new StringBuilder(text.length() + 256);
        boolean crlf = text.contains("\r\n");
        int pos = 0;
        for (Edit e : sorted) {
            if (e.begin() < pos || e.end() < e.begin() || e.end() > text.length()) {
                throw new IllegalArgumentException("overlapping or invalid edit " + e.begin() + ".." + e.end());
            }
            // Inserted lines take the file's line separator.
            String t = crlf ? e.text().replace("\r\n", "\n").replace("\n", "\r\n") : e.text();
            sb.append(text, pos, e.begin()).append(t);
            pos = e.end();
        }
        sb.append(text, pos, text.length());
        return sb.toString();
    }

    String apply(Edit... edits) {
        return apply(List.of(edits));
    }
}
