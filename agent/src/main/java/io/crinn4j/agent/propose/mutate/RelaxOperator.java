package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.IfStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Operator 3, {@link OperatorKind#RELAX}: CRINN's relaxed pruning / early-stop. A comparison
 * {@code a < b} ({@code <=}, {@code >}, {@code >=}) with a floating-point operand (by
 * {@link TypeOracle}; unknown types are skipped) becomes {@code RELAX_n * a < b} or
 * {@code a < RELAX_n * b}, with a new {@code static final float RELAX_n} (double when the operand
 * is known to be double) in [0.8, 1.5], at least 0.05 from 1, above 1 seven times out of ten.
 * A comparison that decides whether a loop goes on ({@link #guardsLoopProgress}, the greedy
 * descent's {@code if (dv < curDist) {... changed = true;}}) is only ever made stricter: the
 * looser direction lets the descent move back and forth forever (measured: build timeouts).
 * Scaling assumes non-negative distances (L2); on inner-product distances it flips direction.
 * The named constant is a tunable afterwards, so operator 1 refines the slack; it carries a
 * javadoc saying which comparison it relaxes.
 *
 * <p>Comparisons between two elements of one array ({@code dists[j] < dists[best]}: sorting and
 * selection, which scaling corrupts) and comparisons already scaled by a constant are skipped.
 * Selection weights: 4 for the whole condition of an {@code if} on two plain names (the shape of
 * a pruning rule, {@code dcs < dc}), 2 inside an {@code if} condition otherwise, 1 elsewhere,
 * and 0.25 for the ordering comparisons of array scans (an operand indexed by a variable the
 * enclosing loop changes: {@code poolDist[mid] <= dist} of a binary search, {@code dists[j] > dv}
 * of an insertion sort), where scaling breaks the sorted order. The seed's {@code dcs < dc} → {@code 1.2 * dcs < dc} is
 * exactly the CRINN relaxed-pruning candidate. Description:
 * {@code relax dcs < dc -> RELAX_1 * dcs < dc (RELAX_1 = 1.2f) in Builder.selectHeuristic}.
 */
final class RelaxOperator implements MutationOperator {

    static final String PREFIX = "RELAX_";

    @Override
    public OperatorKind kind() {
        return OperatorKind.RELAX;
    }

    @Override
    public Optional<Mutation> apply(Subject subject, Rng rnd) {
        ParsedSource s = subject.source();
        List<BinaryExpr> all = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (BinaryExpr b : candidates(s)) {
            all.add(b);
            weights.add(weight(b));
        }
        if (all.isEmpty()) {
            return Optional.empty();
        }
        BinaryExpr b = rnd.pickWeighted(all, weights);
        boolean up = rnd.chance(0.7);
        double f = up ? rnd.uniform(1.05, 1.5) : rnd.uniform(0.8, 0.95);
        f = Math.round(f * 100) / 100.0;
        boolean left = rnd.chance(0.5);
        if (guardsLoopProgress(b)) {
            // Only the stricter direction: a looser test could accept moves back and forth forever.
            boolean less = b.getOperator() == BinaryExpr.Operator.LESS || b.getOperator() == BinaryExpr.Operator.LESS_EQUALS;
            left = less == up;
        }
        Expression operand = left ? b.getLeft() : b.getRight();
        Expression other = left ? b.getRight() : b.getLeft();
        boolean dbl = TypeOracle.typeOf(operand) == NumType.DOUBLE || TypeOracle.typeOf(other) == NumType.DOUBLE;
        String name = Code.freshName(s, PREFIX);
        String literal = Numbers.floatingLiteral(f, !dbl);
        String operandText = s.text(operand);
        String scaled = name + " * " + (needsParens(operand) ? "(" + operandText + ")" : operandText);
        String before = oneLine(s.text(b));
        String after = left ? scaled + " " + b.getOperator().asString() + " " + s.text(other)
                : s.text(other) + " " + b.getOperator().asString() + " " + scaled;
        String decl = "/** Comparison slack added by the mutate proposer: {@code " + javadocSafe(before)
                + "} became {@code " + javadocSafe(oneLine(after)) + "}. */\n"
                + "static final " + (dbl ? "double " : "float ") + name + " = " + literal + ";";
        String out = s.apply(List.of(
                new ParsedSource.Edit(s.begin(operand), s.end(operand), scaled),
                Code.insertConstant(s, decl)));
        return Optional.of(new Mutation(out, "relax " + before + " -> " + oneLine(after) + " (" + name + " = " + literal + ") in "
                + Code.location(b)));
    }

    static String javadocSafe(String s) {
        return s.replace("*/", "* /").replace("{", "(").replace("}", ")");
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ");
    }

    static boolean needsParens(Expression e) {
        return e instanceof BinaryExpr || e instanceof ConditionalExpr || e instanceof AssignExpr
                || e instanceof InstanceOfExpr || e instanceof LambdaExpr;
    }

    static List<BinaryExpr> candidates(ParsedSource s) {
        List<BinaryExpr> out = new ArrayList<>();
        for (BinaryExpr b : s.unit().findAll(BinaryExpr.class)) {
            if (!isRelational(b.getOperator())) {
                continue;
            }
            if (b.findAncestor(FieldDeclaration.class).map(FieldDeclaration::isStatic).orElse(false)) {
                continue;
            }
            if (!TypeOracle.isFloating(b.getLeft()) && !TypeOracle.isFloating(b.getRight())) {
                continue;
            }
            if (sameArray(b.getLeft(), b.getRight()) || isScaled(b.getLeft(), s) || isScaled(b.getRight(), s)) {
                continue;
            }
            out.add(b);
        }
        return out;
    }

    static boolean isRelational(BinaryExpr.Operator op) {
        return op == BinaryExpr.Operator.LESS || op == BinaryExpr.Operator.LESS_EQUALS
                || op == BinaryExpr.Operator.GREATER || op == BinaryExpr.Operator.GREATER_EQUALS;
    }

    static double weight(BinaryExpr b) {
        if (scansArray(b.getLeft(), b) || scansArray(b.getRight(), b)) {
            return 0.25;
        }
        Node parent = b.getParentNode().orElse(null);
        boolean plain = unwrap(b.getLeft()) instanceof NameExpr && unwrap(b.getRight()) instanceof NameExpr;
        if (parent instanceof IfStmt && ((IfStmt) parent).getCondition() == b && plain) {
            return 4;
        }
        for (Node cur = parent; cur != null; cur = cur.getParentNode().orElse(null)) {
            if (cur instanceof IfStmt) {
                return LiteralOperator.isInside(b, ((IfStmt) cur).getCondition()) ? 2 : 1;
            }
            if (cur instanceof com.github.javaparser.ast.stmt.Statement) {
                return 1;
            }
        }
        return 1;
    }

    /**
     * True when the comparison is the condition of an {@code if} whose branch writes a variable
     * read by the condition of an enclosing loop ({@code if (dv < curDist) { ...; changed = true; }}
     * inside {@code while (changed)}): the test decides whether the loop goes on.
     */
    static boolean guardsLoopProgress(BinaryExpr b) {
        Node parent = b.getParentNode().orElse(null);
        if (!(parent instanceof IfStmt) || ((IfStmt) parent).getCondition() != b) {
            return false;
        }
        java.util.Set<String> written = StatementOperator.writes(((IfStmt) parent).getThenStmt());
        ((IfStmt) parent).getElseStmt().ifPresent(e -> written.addAll(StatementOperator.writes(e)));
        for (Node cur = parent.getParentNode().orElse(null); cur != null; cur = cur.getParentNode().orElse(null)) {
            Expression cond = null;
            if (cur instanceof com.github.javaparser.ast.stmt.WhileStmt) {
                cond = ((com.github.javaparser.ast.stmt.WhileStmt) cur).getCondition();
            } else if (cur instanceof com.github.javaparser.ast.stmt.DoStmt) {
                cond = ((com.github.javaparser.ast.stmt.DoStmt) cur).getCondition();
            } else if (cur instanceof com.github.javaparser.ast.stmt.ForStmt) {
                cond = ((com.github.javaparser.ast.stmt.ForStmt) cur).getCompare().orElse(null);
            } else if (cur instanceof com.github.javaparser.ast.body.CallableDeclaration) {
                break;
            }
            if (cond != null && !StatementOperator.disjoint(StatementOperator.names(cond), written)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code operand} is an array element indexed by a variable the innermost
     * enclosing loop changes ({@code poolDist[mid]} in a binary search, {@code dists[j]} in an
     * insertion sort): an ordering comparison of a scan, which scaling corrupts.
     */
    static boolean scansArray(Expression operand, Node cmp) {
        Expression e = unwrap(operand);
        if (!(e instanceof ArrayAccessExpr)) {
            return false;
        }
        Node loop = null;
        for (Node cur = cmp.getParentNode().orElse(null); cur != null; cur = cur.getParentNode().orElse(null)) {
            if (cur instanceof com.github.javaparser.ast.stmt.WhileStmt || cur instanceof com.github.javaparser.ast.stmt.ForStmt
                    || cur instanceof com.github.javaparser.ast.stmt.DoStmt || cur instanceof com.github.javaparser.ast.stmt.ForEachStmt) {
                loop = cur;
                break;
            }
            if (cur instanceof com.github.javaparser.ast.body.CallableDeclaration) {
                break;
            }
        }
        if (loop == null) {
            return false;
        }
        return !StatementOperator.disjoint(StatementOperator.names(((ArrayAccessExpr) e).getIndex()), StatementOperator.writes(loop));
    }

    private static Expression unwrap(Expression e) {
        while (e instanceof EnclosedExpr) {
            e = ((EnclosedExpr) e).getInner();
        }
        return e;
    }

    private static boolean sameArray(Expression a, Expression b) {
        a = unwrap(a);
        b = unwrap(b);
        return a instanceof ArrayAccessExpr && b instanceof ArrayAccessExpr
                && ParsedSource.code(((ArrayAccessExpr) a).getName()).equals(ParsedSource.code(((ArrayAccessExpr) b).getName()));
    }

    /** {@code K * x} or {@code x * K} where K names a static final field: already relaxed. */
    private static boolean isScaled(Expression e, ParsedSource s) {
        e = unwrap(e);
        if (!(e instanceof BinaryExpr) || ((BinaryExpr) e).getOperator() != BinaryExpr.Operator.MULTIPLY) {
            return false;
        }
        BinaryExpr m = (BinaryExpr) e;
        return isConstant(m.getLeft()) || isConstant(m.getRight());
    }

    private static boolean isConstant(Expression e) {
        if (!(e instanceof NameExpr)) {
            return false;
        }
        Optional<Node> d = TypeOracle.declaration(e, ((NameExpr) e).getNameAsString());
        if (d.isEmpty() || !(d.get() instanceof VariableDeclarator)) {
            return false;
        }
        return d.get().getParentNode().filter(p -> p instanceof FieldDeclaration)
                .map(p -> ((FieldDeclaration) p).isStatic() && ((FieldDeclaration) p).isFinal()).orElse(false);
    }
}
