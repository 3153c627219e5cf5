package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LiteralStringValueExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.ArrayCreationLevel;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Operator 2, {@link OperatorKind#LITERAL}: nudges one numeric literal of code (method,
 * constructor and instance-field initializer bodies; {@code static} fields belong to operator 1).
 * Only literals that are an operand of arithmetic ({@code + - * / %}), of a comparison or of a
 * compound assignment qualify, and not:
 * <ul>
 *   <li>inside an array index or an array dimension ({@code out4[0]}, {@code batch[j + 1]}, {@code new float[4]}),</li>
 *   <li>in a for-loop header (starts, bounds and strides: loop structure, see the statement operator's off-by-one),</li>
 *   <li>hexadecimal/octal/binary (masks), {@code 0}, an integer {@code 1} in {@code ±1} position
 *       ({@code cap + 1}, {@code l - 1}: structural), {@code -1} (sentinels), shift/bitwise operands,
 *       string concatenation, switch labels, annotations.</li>
 * </ul>
 * New values as for tunables (integers ±1 or ×[0.7, 1.4]; floats ×[0.7, 1.4] with 3 significant
 * digits). In the GLASS seed this finds {@code 2 * M} (layer-0 degree) and the {@code 1.0}s of the
 * level generator of the construction, nothing in search and refinement. Description:
 * {@code literal 2->3 in Builder.r0}.
 */
final class LiteralOperator implements MutationOperator {

    @Override
    public OperatorKind kind() {
        return OperatorKind.LITERAL;
    }

    @Override
    public Optional<Mutation> apply(Subject subject, Rng rnd) {
        ParsedSource s = subject.source();
        List<LiteralStringValueExpr> all = candidates(s);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        LiteralStringValueExpr lit = rnd.pick(all);
        String newText = newText(lit, rnd);
        if (newText == null) {
            return Optional.empty();
        }
        String oldText = s.text(lit);
        String out = s.apply(new ParsedSource.Edit(s.begin(lit), s.end(lit), newText));
        return Optional.of(new Mutation(out, "literal " + oldText + "->" + newText + " in " + Code.location(lit)));
    }

    static String newText(LiteralStringValueExpr lit, Rng rnd) {
        double v = Numbers.value(lit);
        if (lit instanceof DoubleLiteralExpr) {
            double nv = Numbers.perturbFloating(v, rnd);
            if (Double.isNaN(nv)) {
                return null;
            }
            String raw = lit.getValue();
            char last = Character.toLowerCase(raw.charAt(raw.length() - 1));
            String text = Numbers.floatingLiteral(nv, last == 'f');
            return last == 'd' ? text + "d" : text;
        }
        boolean isLong = lit instanceof LongLiteralExpr;
        long nv = Numbers.perturbInt((long) v, rnd, isLong ? Long.MIN_VALUE : Integer.MIN_VALUE,
                isLong ? Long.MAX_VALUE : Integer.MAX_VALUE);
        if (nv == (long) v || nv <= 0) {
            return null; // literals are non-negative; a sign flip is not a nudge
        }
        return Numbers.integerLiteral(nv, isLong);
    }

    static List<LiteralStringValueExpr> candidates(ParsedSource s) {
        List<LiteralStringValueExpr> out = new ArrayList<>();
        for (LiteralStringValueExpr lit : s.unit().findAll(LiteralStringValueExpr.class)) {
            if ((lit instanceof IntegerLiteralExpr || lit instanceof LongLiteralExpr || lit instanceof DoubleLiteralExpr)
                    && qualifies(lit)) {
                out.add(lit);
            }
        }
        return out;
    }

    private static boolean qualifies(LiteralStringValueExpr lit) {
        if (Numbers.isBitPattern(lit)) {
            return false;
        }
        double v = Numbers.value(lit);
        if (Double.isNaN(v) || v == 0) {
            return false;
        }
        boolean integral = !(lit instanceof DoubleLiteralExpr);
        Node parent = lit.getParentNode().orElse(null);
        Node operand = lit;
        if (parent instanceof UnaryExpr) {
            if (((UnaryExpr) parent).getOperator() == UnaryExpr.Operator.MINUS && integral && v == 1) {
                return false; // -1: a sentinel
            }
            operand = parent;
            parent = parent.getParentNode().orElse(null);
        }
        while (parent instanceof EnclosedExpr) {
            operand = parent;
            parent = parent.getParentNode().orElse(null);
        }
        if (parent instanceof BinaryExpr) {
            BinaryExpr b = (BinaryExpr) parent;
            switch (b.getOperator()) {
                case PLUS:
                case MINUS:
                    if (integral && v == 1) {
                        return false; // ±1: structural
                    }
                    if (b.getLeft() instanceof StringLiteralExpr || b.getRight() instanceof StringLiteralExpr) {
                        return false;
                    }
                    break;
                case MULTIPLY: case DIVIDE: case REMAINDER:
                case LESS: case LESS_EQUALS: case GREATER: case GREATER_EQUALS:
                    break;
                default:
                    return false;
            }
        } else if (parent instanceof AssignExpr) {
            AssignExpr a = (AssignExpr) parent;
            if (a.getValue() != operand) {
                return false;
            }
            switch (a.getOperator()) {
                case PLUS: case MINUS:
                    if (integral && v == 1) {
                        return false;
                    }
                    break;
                case MULTIPLY: case DIVIDE:
                    break;
                default:
                    return false;
            }
        } else {
            return false;
        }
        for (Node cur = lit.getParentNode().orElse(null); cur != null; cur = cur.getParentNode().orElse(null)) {
            if (cur instanceof ArrayAccessExpr && isInside(lit, ((ArrayAccessExpr) cur).getIndex())) {
                return false;
            }
            if (cur instanceof ArrayCreationLevel || cur instanceof ArrayCreationExpr || cur instanceof AnnotationExpr
                    || cur instanceof SwitchEntry) {
                return false;
            }
            if (cur instanceof ForStmt) {
                ForStmt f = (ForStmt) cur;
                for (Expression e : f.getInitialization()) {
                    if (isInside(lit, e)) {
                        return false;
                    }
                }
                for (Expression e : f.getUpdate()) {
                    if (isInside(lit, e)) {
                        return false;
                    }
                }
                if (f.getCompare().isPresent() && isInside(lit, f.getCompare().get())) {
                    return false;
                }
            }
            if (cur instanceof FieldDeclaration) {
                return !((FieldDeclaration) cur).isStatic();
            }
            if (cur instanceof Statement && cur.getParentNode().map(p -> p instanceof com.github.javaparser.ast.body.CallableDeclaration).orElse(false)) {
                return true;
            }
        }
        return true;
    }

    static boolean isInside(Node n, Node container) {
        for (Node cur = n; cur != null; cur = cur.getParentNode().orElse(null)) {
            if (cur == container) {
                return true;
            }
        }
        return false;
    }
}
