package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.JavaToken;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.ForStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Operator 4, {@link OperatorKind#SWAP}: flips the strictness of one comparison
 * ({@code <} ↔ {@code <=}, {@code >} ↔ {@code >=}), or, rarely, exchanges {@code Math.max} and
 * {@code Math.min}. Comparisons with a floating-point operand get weight 4 (a tie policy: mostly
 * neutral, sometimes a small win when ties are frequent, e.g. quantized distances), other
 * comparisons weight 0.25 (these usually move an index bound: out-of-bounds errors or an
 * infinite loop; in the GLASS construction they still make about a fifth of the draws); for-loop conditions are left to the statement operator's off-by-one. {@code Math.max}
 * ↔ {@code Math.min} has a total weight of 1 and almost always breaks the module (capacities and
 * bounds are what max/min compute in the seed); it is kept because the search discards such
 * candidates cheaply and, on other parents, a clamp in the wrong direction is a real bug to fix.
 * Description: {@code swap dist >= poolDist[size - 1] -> dist > poolDist[size - 1] in LinearPoolSearcher.insert}.
 */
final class SwapOperator implements MutationOperator {

    /** Selection weight of a comparison with a floating-point operand. */
    static final double FLOAT_WEIGHT = 4;
    /** Selection weight of any other comparison. */
    static final double INT_WEIGHT = 0.25;

    @Override
    public OperatorKind kind() {
        return OperatorKind.SWAP;
    }

    @Override
    public Optional<Mutation> apply(Subject subject, Rng rnd) {
        ParsedSource s = subject.source();
        List<Node> all = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (BinaryExpr b : s.unit().findAll(BinaryExpr.class)) {
            if (!RelaxOperator.isRelational(b.getOperator()) || inForCondition(b) || inStaticField(b)) {
                continue;
            }
            all.add(b);
            weights.add(TypeOracle.isFloating(b.getLeft()) || TypeOracle.isFloating(b.getRight()) ? FLOAT_WEIGHT : INT_WEIGHT);
        }
        List<MethodCallExpr> minMax = new ArrayList<>();
        for (MethodCallExpr m : s.unit().findAll(MethodCallExpr.class)) {
            if ((m.getNameAsString().equals("max") || m.getNameAsString().equals("min")) && m.getScope().isPresent()
                    && m.getScope().get() instanceof NameExpr && ((NameExpr) m.getScope().get()).getNameAsString().equals("Math")
                    && !inStaticField(m)) {
                minMax.add(m);
            }
        }
        for (MethodCallExpr m : minMax) {
            all.add(m);
            weights.add(1.0 / minMax.size());
        }
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Node n = rnd.pickWeighted(all, weights);
        if (n instanceof BinaryExpr) {
            BinaryExpr b = (BinaryExpr) n;
            JavaToken op = operatorToken(b);
            if (op == null) {
                return Optional.empty();
            }
            String swapped = swap(op.getText());
            int at = s.offset(op);
            String before = RelaxOperator.oneLine(s.text(b));
            String out = s.apply(new ParsedSource.Edit(at, at + op.getText().length(), swapped));
            String after = RelaxOperator.oneLine(s.text(b.getLeft()) + " " + swapped + " " + s.text(b.getRight()));
            return Optional.of(new Mutation(out, "swap " + before + " -> " + after + " in " + Code.location(b)));
        }
        MethodCallExpr m = (MethodCallExpr) n;
        String to = m.getNameAsString().equals("max") ? "min" : "max";
        String before = RelaxOperator.oneLine(s.text(m));
        String out = s.apply(new ParsedSource.Edit(s.begin(m.getName()), s.end(m.getName()), to));
        return Optional.of(new Mutation(out, "swap " + before + " -> Math." + to + " in " + Code.location(m)));
    }

    static String swap(String op) {
        switch (op) {
            case "<":
                return "<=";
            case "<=":
                return "<";
            case ">":
                return ">=";
            case ">=":
                return ">";
            default:
                throw new IllegalArgumentException(op);
        }
    }

    /** The operator token between the operands. */
    static JavaToken operatorToken(BinaryExpr b) {
        JavaToken t = b.getLeft().getTokenRange().orElseThrow().getEnd().getNextToken().orElse(null);
        JavaToken stop = b.getRight().getTokenRange().orElseThrow().getBegin();
        while (t != null && t != stop) {
            if (!t.getCategory().isWhitespaceOrComment() && !t.getText().equals(")")) {
                String text = t.getText();
                return text.equals("<") || text.equals("<=") || text.equals(">") || text.equals(">=") ? t : null;
            }
            t = t.getNextToken().orElse(null);
        }
        return null;
    }

    private static boolean inForCondition(Node n) {
        for (Node cur = n.getParentNode().orElse(null); cur != null; cur = cur.getParentNode().orElse(null)) {
            if (cur instanceof ForStmt) {
                ForStmt f = (ForStmt) cur;
                if (f.getCompare().isPresent() && LiteralOperator.isInside(n, f.getCompare().get())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean inStaticField(Node n) {
        return n.findAncestor(FieldDeclaration.class).map(FieldDeclaration::isStatic).orElse(false);
    }
}
