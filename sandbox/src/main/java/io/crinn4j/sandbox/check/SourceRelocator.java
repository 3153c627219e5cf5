package io.crinn4j.sandbox.check;

import com.github.javaparser.JavaToken;
import com.github.javaparser.TokenRange;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.PackageDeclaration;
import java.util.Optional;
import javax.lang.model.SourceVersion;

/**
 * Moves a module's source to another package: its package declaration replaced (or added), every
 * other token — comments and formatting included — as it was. Used by the export, which puts the
 * three modules of a set into one jar: each in a package of its own, so two modules declaring
 * classes of the same name (every module of the seed's lineage is in {@code io.crinn4j.seed.glass})
 * cannot collide, and none of them can be mistaken for the seed's own classes on a user's class path.
 * A module may only use the JDK's and the contract's classes besides its own (the policy), so no
 * other line needs to change.
 */
public final class SourceRelocator {
    private SourceRelocator() {
    }

    /**
     * The source with {@code packageName} as its package.
     *
     * @throws IllegalArgumentException when the source does not parse, or {@code packageName} is not a package name
     */
    public static String relocate(String source, String packageName) {
        if (!SourceVersion.isName(packageName)) {
            throw new IllegalArgumentException("not a package name: '" + packageName + "'");
        }
        SourcePolicy.ParseOutcome parsed = SourcePolicy.parse(source, true);
        if (parsed.unit() == null) {
            throw new IllegalArgumentException("the source does not parse: " + parsed.error().describe());
        }
        CompilationUnit cu = parsed.unit();
        String declaration = "package " + packageName + ";";
        Optional<PackageDeclaration> pd = cu.getPackageDeclaration();
        Optional<TokenRange> all = cu.getTokenRange();
        if (pd.isEmpty()) {
            return declaration + "\n\n" + source;
        }
        TokenRange range = pd.get().getTokenRange().orElseThrow(() -> new IllegalStateException("no tokens for the package declaration"));
        StringBuilder out = new StringBuilder(source.length() + 64);
        JavaToken begin = range.getBegin();
        JavaToken end = range.getEnd();
        // Tokens before the compilation unit's first node (a leading comment) are not in its range: walk back to the first.
        JavaToken t = all.orElseThrow(() -> new IllegalStateException("no tokens for the source")).getBegin();
        while (t.getPreviousToken().isPresent()) {
            t = t.getPreviousToken().get();
        }
        boolean inside = false;
        for (; t != null; t = t.getNextToken().orElse(null)) {
            if (t == begin) {
                out.append(declaration);
                inside = true;
            }
            if (!inside) {
                out.append(t.getText());
            }
            if (t == end) {
                inside = false;
            }
        }
        return out.toString();
    }
}
