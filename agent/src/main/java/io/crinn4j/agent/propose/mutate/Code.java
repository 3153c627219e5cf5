package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.JavaToken;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Small structural helpers over a {@link ParsedSource}: where things are, what they are called. */
final class Code {

    private Code() {
    }

    /** "Builder.insert", "HnswConstruction.build", "Builder.<init>": where a node is, for descriptions. */
    static String location(Node n) {
        Optional<CallableDeclaration> c = n.findAncestor(CallableDeclaration.class);
        String member = null;
        Node anchor = n;
        if (c.isPresent()) {
            member = c.get() instanceof ConstructorDeclaration ? "<init>" : c.get().getNameAsString();
            anchor = c.get();
        } else {
            Optional<FieldDeclaration> f = n.findAncestor(FieldDeclaration.class);
            if (f.isPresent()) {
                member = f.get().getVariable(0).getNameAsString();
                anchor = f.get();
            }
        }
        Optional<TypeDeclaration> t = anchor.findAncestor(TypeDeclaration.class);
        String type = t.map(TypeDeclaration::getNameAsString).orElse("?");
        return member == null ? type : type + "." + member;
    }

    /** Names of the types enclosing {@code n}, outermost first, without the top-level type ("" at top level). */
    static String typePath(Node n) {
        List<String> names = new ArrayList<>();
        for (Node cur = n.getParentNode().orElse(null); cur != null; cur = cur.getParentNode().orElse(null)) {
            if (cur instanceof TypeDeclaration) {
                names.add(0, ((TypeDeclaration<?>) cur).getNameAsString());
            } else if (!(cur instanceof com.github.javaparser.ast.CompilationUnit)) {
                if (!(cur instanceof BodyDeclaration)) {
                    return null; // local or anonymous class: no stable path
                }
            }
        }
        if (names.isEmpty()) {
            return null;
        }
        names.remove(0);
        return String.join(".", names);
    }

    /** Signature key of a method or constructor, independent of the top-level class name: {@code Builder#dist(int)}. */
    static String key(CallableDeclaration<?> c) {
        String path = typePath(c);
        if (path == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(path).append('#');
        sb.append(c instanceof ConstructorDeclaration ? "<init>" : c.getNameAsString()).append('(');
        for (int i = 0; i < c.getParameters().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(c.getParameter(i).getType().asString().replace(" ", ""));
            if (c.getParameter(i).isVarArgs()) {
                sb.append("...");
            }
        }
        return sb.append(')').toString();
    }

    /** Every identifier used anywhere in the unit (names, fields, methods, types): to pick fresh names. */
    static Set<String> identifiers(ParsedSource s) {
        Set<String> out = new TreeSet<>();
        for (SimpleName n : s.unit().findAll(SimpleName.class)) {
            out.add(n.getIdentifier());
        }
        for (com.github.javaparser.ast.expr.Name n : s.unit().findAll(com.github.javaparser.ast.expr.Name.class)) {
            out.add(n.getIdentifier());
        }
        return out;
    }

    /** {@code prefix + k} for the smallest k ≥ 1 not used in the source. */
    static String freshName(ParsedSource s, String prefix) {
        Set<String> used = identifiers(s);
        for (int k = 1; ; k++) {
            if (!used.contains(prefix + k)) {
                return prefix + k;
            }
        }
    }

    /** A {@code static final} field declaring a numeric literal (optionally negated). */
    record Tunable(FieldDeclaration field, VariableDeclarator var, Expression init, NumType type, double value) {
        String name() {
            return var.getNameAsString();
        }
    }

    /**
     * The tunables of a source: {@code static final} int/long/float/double (and short/byte) fields
     * initialised with a decimal literal. Hexadecimal/octal/binary literals (bit patterns) and
     * names containing {@code SEED} (a different seed is noise, not a direction) are excluded.
     */
    static List<Tunable> tunables(ParsedSource s) {
        List<Tunable> out = new ArrayList<>();
        for (FieldDeclaration f : s.unit().findAll(FieldDeclaration.class)) {
            if (!f.isStatic() || !f.isFinal()) {
                continue;
            }
            for (VariableDeclarator v : f.getVariables()) {
                NumType t = NumType.of(v.getType());
                if (t == null || !v.getType().isPrimitiveType() || v.getType().asString().equals("char")
                        || v.getNameAsString().toUpperCase(java.util.Locale.ROOT).contains("SEED") || v.getInitializer().isEmpty()) {
                    continue;
                }
                Expression init = v.getInitializer().get();
                Expression lit = init;
                double sign = 1;
                if (init instanceof UnaryExpr && ((UnaryExpr) init).getOperator() == UnaryExpr.Operator.MINUS) {
                    lit = ((UnaryExpr) init).getExpression();
                    sign = -1;
                }
                if (!(lit instanceof com.github.javaparser.ast.expr.LiteralStringValueExpr)
                        || Numbers.isBitPattern((com.github.javaparser.ast.expr.LiteralStringValueExpr) lit)) {
                    continue;
                }
                double val = Numbers.value(lit);
                if (Double.isNaN(val)) {
                    continue;
                }
                out.add(new Tunable(f, v, init, t, sign * val));
            }
        }
        return out;
    }

    /**
     * An insertion of a member declaration (text without leading indentation, may span lines)
     * into the top-level class: after its last {@code static final} field, or first in its body.
     */
    static ParsedSource.Edit insertConstant(ParsedSource s, String declaration) {
        TypeDeclaration<?> top = s.primaryType();
        FieldDeclaration last = null;
        for (BodyDeclaration<?> m : top.getMembers()) {
            if (m instanceof FieldDeclaration && ((FieldDeclaration) m).isStatic()) {
                last = (FieldDeclaration) m;
            }
        }
        String indent = top.getMembers().isEmpty() ? "    " : s.indentAt(s.begin(top.getMember(0)));
        if (indent.isEmpty()) {
            indent = "    ";
        }
        String body = indentLines(declaration, indent);
        if (last != null) {
            int at = s.end(last);
            return new ParsedSource.Edit(at, at, "\n" + indent + body);
        }
        int at = openBrace(s, top) + 1;
        boolean blankLineFollows = s.text().startsWith("\n\n", at) || s.text().startsWith("\r\n\r\n", at);
        return new ParsedSource.Edit(at, at, (blankLineFollows ? "\n\n" : "\n") + indent + body);
    }

    /**
     * An insertion of a member (text as written in another file, first line unindented) at the
     * end of {@code type}'s body.
     */
    static ParsedSource.Edit appendMember(ParsedSource s, TypeDeclaration<?> type, String member) {
        int close = s.end(type) - 1; // the closing brace
        int lineStart = s.text().lastIndexOf('\n', close - 1) + 1;
        String closeIndent = s.indentAt(close);
        String indent = type.getMembers().isEmpty() ? closeIndent + "    " : s.indentAt(s.begin(type.getMember(0)));
        boolean braceOnOwnLine = s.text().substring(lineStart, close).isBlank();
        int at = braceOnOwnLine ? lineStart : close;
        return new ParsedSource.Edit(at, at, (braceOnOwnLine ? "\n" : "\n\n") + indent + indentLines(member, indent) + "\n"
                + (braceOnOwnLine ? "" : closeIndent));
    }

    /** Prefixes every line but the first with {@code indent}; blank lines stay empty. */
    static String indentLines(String text, String indent) {
        String[] lines = text.split("\n", -1);
        StringBuilder sb = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            sb.append('\n');
            if (!lines[i].isBlank()) {
                sb.append(indent).append(lines[i]);
            }
        }
        return sb.toString();
    }

    /** Offset of the brace that opens a type body. */
    static int openBrace(ParsedSource s, TypeDeclaration<?> t) {
        for (JavaToken tok : t.getTokenRange().orElseThrow()) {
            if (tok.getText().equals("{")) {
                return s.offset(tok);
            }
        }
        throw new IllegalStateException("type without body: " + t.getNameAsString());
    }

    /** The type declaration at a path of nested type names below the top-level ("" = the top level itself). */
    static Optional<TypeDeclaration<?>> typeAt(ParsedSource s, String path) {
        TypeDeclaration<?> cur = s.primaryType();
        if (cur == null) {
            return Optional.empty();
        }
        if (path.isEmpty()) {
            return Optional.of(cur);
        }
        for (String name : path.split("\\.")) {
            TypeDeclaration<?> next = null;
            for (BodyDeclaration<?> m : cur.getMembers()) {
                if (m instanceof TypeDeclaration && ((TypeDeclaration<?>) m).getNameAsString().equals(name)) {
                    next = (TypeDeclaration<?>) m;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            cur = next;
        }
        return Optional.of(cur);
    }
}
