package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.JavaToken;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Operator 4, {@link OperatorKind#SWAP}: flips the strictness of one comparison
 * ({@code <} ↔ {@code <=}, {@code >} ↔ {@code >=}), or, rarely, exchanges {@code Math.max} and
 * {@code Math.min}.
 * <ul>
 *   <li>Comparisons with a floating-point operand weigh 4: a tie policy, mostly neutral,
 *       occasionally a small win where ties are frequent (quantized distances).</li>
 *   <li>Other comparisons weigh 0.25: they usually move an index bound (out-of-bounds errors,
 *       infinite loops); in the GLASS construction they still make about a fifth of the draws.</li>
 *   <li>All {@code Math.max}/{@code Math.min} calls together weigh 0.5: the exchange almost always
 *       breaks the module (capacities and bounds are what max/min compute in the seed); it stays
 *       because such candidates are discarded cheaply and, on other parents, a clamp in the
 *       wrong direction is a real bug to fix.</li>
 *   <li>Never: for-loop conditions (the statement operator's off-by-one covers loop bounds),
 *       integer comparisons in while/do conditions ({@code while (lo < hi)} with {@code <=} never ends), and
 *       making non-strict a strict comparison that decides whether a loop goes on
 *       ({@link RelaxOperator#guardsLoopProgress}): a greedy walk could bounce between equal
 *       distances forever.</li>
 * </ul>
 * Description: {@code swap dist >= poolDist[size - 1] -> dist > poolDist[size - 1] in LinearPoolSearcher.insert}.
 */
final class SwapOperator implements MutationOperator {

    /** Selection weight of a comparison with a floating-point operand. */
    static final double FLOAT_WEIGHT = 4;
    /** Selection weight of any other comparison. */
    static final double INT_WEIGHT = 0.25;
    /** Total selection weight of all {@code Math.max}/{@code Math.min} calls together. */
    static final double MIN_MAX_WEIGHT = 0.5;

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
            boolean floating = TypeOracle.isFloating(b.getLeft()) || TypeOracle.isFloating(b.getRight());
            if (!RelaxOperator.isRelational(b.getOperator()) || inForCondition(b) || inStaticField(b)
                    || (!floating && inLoopCondition(b))) {
                continue;
            }
            if ((b.getOperator() == BinaryExpr.Operator.LESS || b.getOperator() == BinaryExpr.Operator.GREATER)
                    && RelaxOperator.guardsLoopProgress(b)) {
                continue; // dv < curDist -> dv <= curDist would let a greedy walk bounce between ties forever
            }
            all.add(b);
            weights.add(floating ? FLOAT_WEIGHT : INT_WEIGHT);
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
            weights.add(MIN_MAX_WEIGHT / minMax.size());
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

    /** Inside the condition of a while or do loop ({@code while (lo < hi)}: {@code <=} would never end). */
    private static boolean inLoopCondition(Node n) {
        for (Node cur = n.getParentNode().orElse(null); cur != null; cur = cur.getParentNode().orElse(null)) {
            if (cur instanceof WhileStmt && LiteralOperator.isInside(n, ((WhileStmt) cur).getCondition())) {
                return true;
            }
            if (cur instanceof DoStmt && LiteralOperator.isInside(n, ((DoStmt) cur).getCondition())) {
                return true;
            }
        }
        return false;
    }

    private static boolean inStaticField(Node n) {
        return n.findAncestor(FieldDeclaration.class).map(FieldDeclaration::isStatic).orElse(false);
    }
}
