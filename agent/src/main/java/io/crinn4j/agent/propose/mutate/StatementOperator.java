package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Operator 5, {@link OperatorKind#STATEMENT}, three variants drawn 1 : 2 : 2 among those that apply:
 * <ul>
 *   <li><b>delete</b> an expression statement of a block: an assignment, an increment, or a call
 *       of {@code Math.*}, {@code System.arraycopy}, {@code Arrays.fill} (not a declaration, not a
 *       call of another method, whose deletion removes a whole phase of the algorithm). Never: an
 *       assignment of a final field or of a local declared without initializer (would not
 *       compile), a statement writing a variable or array read by a loop condition of the same
 *       method (loop progress: deleting {@code j--} or the "expanded" mark hangs the loop),
 *       a statement touching what is reported to a {@code DistanceCounter} (deleting
 *       {@code distances++} would only fake fewer distance computations);</li>
 *   <li><b>exchange</b> two adjacent independent expression statements of a block: neither
 *       writes a name the other mentions, and neither calls a method other than {@code Math.*},
 *       {@code System.arraycopy} and {@code Arrays.fill} (modelled as writing their destination);
 *       semantically neutral by construction, it is drift that later mutations build on;</li>
 *   <li><b>off-by-one</b> on a for-loop bound: in {@code i < E} (or {@code <=}, {@code >}, {@code >=},
 *       also inside {@code &&}) where {@code i} is a variable the loop updates, {@code E} becomes
 *       {@code E - 1} or {@code E + 1}; mostly harmful (skips an element or reads past the end),
 *       occasionally a cheaper loop that costs no recall.</li>
 * </ul>
 * Descriptions: {@code statement delete 'changed = true;' in Builder.insert},
 * {@code statement exchange 'poolId[lo] = id;' <-> 'poolDist[lo] = dist;' in Builder.poolInsert},
 * {@code statement off-by-one 'i < m' -> 'i < m - 1' in Builder.insert}.
 */
final class StatementOperator implements MutationOperator {

    @Override
    public OperatorKind kind() {
        return OperatorKind.STATEMENT;
    }

    @Override
    public Optional<Mutation> apply(Subject subject, Rng rnd) {
        ParsedSource s = subject.source();
        List<ExpressionStmt> deletable = deletable(s);
        List<ExpressionStmt[]> pairs = exchangeable(s);
        List<BinaryExpr> bounds = loopBounds(s);
        double[] w = {deletable.isEmpty() ? 0 : 1, pairs.isEmpty() ? 0 : 2, bounds.isEmpty() ? 0 : 2};
        switch (rnd.pickWeighted(w)) {
            case 0:
                return Optional.of(delete(s, rnd.pick(deletable)));
            case 1:
                return Optional.of(exchange(s, rnd.pick(pairs)));
            case 2:
                return offByOne(s, rnd.pick(bounds), rnd.chance(0.5));
            default:
                return Optional.empty();
        }
    }

    // ---- delete -------------------------------------------------------------------------

    static Mutation delete(ParsedSource s, ExpressionStmt st) {
        int b = s.begin(st);
        int e = s.end(st);
        String text = s.text();
        int ls = text.lastIndexOf('\n', b - 1) + 1;
        int le = text.indexOf('\n', e);
        if (le >= 0 && text.substring(ls, b).isBlank() && text.substring(e, le).isBlank()) {
            b = ls;
            e = le + 1; // the whole line
        }
        String out = s.apply(new ParsedSource.Edit(b, e, ""));
        return new Mutation(out, "statement delete '" + RelaxOperator.oneLine(s.text(st)) + "' in " + Code.location(st));
    }

    static List<ExpressionStmt> deletable(ParsedSource s) {
        Set<String> counted = countedNames(s);
        List<ExpressionStmt> out = new ArrayList<>();
        for (ExpressionStmt st : s.unit().findAll(ExpressionStmt.class)) {
            if (!(st.getParentNode().orElse(null) instanceof BlockStmt) || st.getExpression() instanceof VariableDeclarationExpr
                    || (st.getExpression() instanceof MethodCallExpr && opaque(st.getExpression()))) {
                continue;
            }
            Optional<CallableDeclaration> callable = st.findAncestor(CallableDeclaration.class);
            if (callable.isEmpty()) {
                continue;
            }
            Set<String> mentioned = names(st);
            if (!disjoint(mentioned, counted)) {
                continue;
            }
            if (!disjoint(writes(st), loopConditionNames(callable.get()))) {
                continue;
            }
            if (breaksDefiniteAssignment(st)) {
                continue;
            }
            out.add(st);
        }
        return out;
    }

    /** Assignments of final fields or of locals declared without initializer: deleting them does not compile. */
    private static boolean breaksDefiniteAssignment(ExpressionStmt st) {
        if (!(st.getExpression() instanceof AssignExpr)) {
            return false;
        }
        Expression target = ((AssignExpr) st.getExpression()).getTarget();
        String name;
        if (target instanceof NameExpr) {
            name = ((NameExpr) target).getNameAsString();
        } else if (target instanceof FieldAccessExpr && ((FieldAccessExpr) target).getScope() instanceof ThisExpr) {
            name = ((FieldAccessExpr) target).getNameAsString();
        } else {
            return false;
        }
        Optional<Node> d = target instanceof FieldAccessExpr ? TypeOracle.fieldDeclaration(target, name)
                : TypeOracle.declaration(target, name);
        if (d.isEmpty() || !(d.get() instanceof VariableDeclarator)) {
            return false;
        }
        VariableDeclarator v = (VariableDeclarator) d.get();
        Node owner = v.getParentNode().orElse(null);
        if (owner instanceof FieldDeclaration) {
            return ((FieldDeclaration) owner).isFinal();
        }
        return v.getInitializer().isEmpty();
    }

    /** Names whose values reach a {@code DistanceCounter} ({@code counter.add(distances)}): the counter and its arguments. */
    static Set<String> countedNames(ParsedSource s) {
        Set<String> out = new LinkedHashSet<>();
        for (MethodCallExpr m : s.unit().findAll(MethodCallExpr.class)) {
            if (m.getScope().isEmpty()) {
                continue;
            }
            Expression scope = m.getScope().get();
            String name = scope instanceof NameExpr ? ((NameExpr) scope).getNameAsString()
                    : scope instanceof FieldAccessExpr ? ((FieldAccessExpr) scope).getNameAsString() : null;
            if (name == null) {
                continue;
            }
            Optional<Node> d = TypeOracle.declaration(scope, name);
            Type t = d.map(n -> n instanceof VariableDeclarator ? ((VariableDeclarator) n).getType() : ((Parameter) n).getType())
                    .orElse(null);
            if (t != null && t.isClassOrInterfaceType() && t.asClassOrInterfaceType().getNameAsString().equals("DistanceCounter")) {
                out.add(name);
                for (Expression a : m.getArguments()) {
                    out.addAll(names(a));
                }
            }
        }
        return out;
    }

    private static Set<String> loopConditionNames(Node callable) {
        Set<String> out = new LinkedHashSet<>();
        for (WhileStmt w : callable.findAll(WhileStmt.class)) {
            out.addAll(names(w.getCondition()));
        }
        for (DoStmt w : callable.findAll(DoStmt.class)) {
            out.addAll(names(w.getCondition()));
        }
        for (ForStmt f : callable.findAll(ForStmt.class)) {
            f.getCompare().ifPresent(c -> out.addAll(names(c)));
        }
        return out;
    }

    // ---- exchange -----------------------------------------------------------------------

    static Mutation exchange(ParsedSource s, ExpressionStmt[] pair) {
        String a = s.text(pair[0]);
        String b = s.text(pair[1]);
        String out = s.apply(List.of(new ParsedSource.Edit(s.begin(pair[0]), s.end(pair[0]), b),
                new ParsedSource.Edit(s.begin(pair[1]), s.end(pair[1]), a)));
        return new Mutation(out, "statement exchange '" + RelaxOperator.oneLine(a) + "' <-> '" + RelaxOperator.oneLine(b)
                + "' in " + Code.location(pair[0]));
    }

    static List<ExpressionStmt[]> exchangeable(ParsedSource s) {
        List<ExpressionStmt[]> out = new ArrayList<>();
        for (BlockStmt block : s.unit().findAll(BlockStmt.class)) {
            if (block.findAncestor(CallableDeclaration.class).isEmpty()) {
                continue;
            }
            List<Statement> sts = block.getStatements();
            for (int i = 0; i + 1 < sts.size(); i++) {
                if (!(sts.get(i) instanceof ExpressionStmt) || !(sts.get(i + 1) instanceof ExpressionStmt)) {
                    continue;
                }
                ExpressionStmt a = (ExpressionStmt) sts.get(i);
                ExpressionStmt b = (ExpressionStmt) sts.get(i + 1);
                if (opaque(a) || opaque(b) || ParsedSource.code(a).equals(ParsedSource.code(b))) {
                    continue;
                }
                if (disjoint(writes(a), names(b)) && disjoint(writes(b), names(a))) {
                    out.add(new ExpressionStmt[] {a, b});
                }
            }
        }
        return out;
    }

    /** Contains a call whose effects are unknown. */
    private static boolean opaque(Node n) {
        for (MethodCallExpr m : n.findAll(MethodCallExpr.class)) {
            String scope = m.getScope().filter(x -> x instanceof NameExpr).map(x -> ((NameExpr) x).getNameAsString()).orElse("");
            String name = m.getNameAsString();
            boolean known = scope.equals("Math") || (scope.equals("System") && name.equals("arraycopy"))
                    || (scope.equals("Arrays") && name.equals("fill"));
            if (!known) {
                return true;
            }
        }
        return false;
    }

    // ---- off-by-one ---------------------------------------------------------------------

    static Optional<Mutation> offByOne(ParsedSource s, BinaryExpr cmp, boolean plus) {
        ForStmt loop = cmp.findAncestor(ForStmt.class).orElseThrow();
        Set<String> vars = loopVariables(loop);
        boolean leftHasVar = !disjoint(names(cmp.getLeft()), vars);
        Expression bound = leftHasVar ? cmp.getRight() : cmp.getLeft();
        String text = s.text(bound);
        String newText;
        if (bound instanceof IntegerLiteralExpr) {
            long v = ((IntegerLiteralExpr) bound).asNumber().longValue();
            long nv = plus ? v + 1 : v - 1;
            if (nv < 0) {
                return Optional.empty();
            }
            newText = Long.toString(nv);
        } else {
            boolean wrap = !(bound instanceof NameExpr || bound instanceof FieldAccessExpr || bound instanceof MethodCallExpr
                    || bound instanceof ArrayAccessExpr || bound instanceof EnclosedExpr
                    || (bound instanceof BinaryExpr && isAdditiveOrTighter(((BinaryExpr) bound).getOperator())));
            newText = (wrap ? "(" + text + ")" : text) + (plus ? " + 1" : " - 1");
        }
        String before = RelaxOperator.oneLine(s.text(cmp));
        String out = s.apply(new ParsedSource.Edit(s.begin(bound), s.end(bound), newText));
        String after = leftHasVar ? s.text(cmp.getLeft()) + " " + cmp.getOperator().asString() + " " + newText
                : newText + " " + cmp.getOperator().asString() + " " + s.text(cmp.getRight());
        return Optional.of(new Mutation(out, "statement off-by-one '" + before + "' -> '" + RelaxOperator.oneLine(after) + "' in "
                + Code.location(cmp)));
    }

    private static boolean isAdditiveOrTighter(BinaryExpr.Operator op) {
        return op == BinaryExpr.Operator.PLUS || op == BinaryExpr.Operator.MINUS || op == BinaryExpr.Operator.MULTIPLY
                || op == BinaryExpr.Operator.DIVIDE || op == BinaryExpr.Operator.REMAINDER;
    }

    static List<BinaryExpr> loopBounds(ParsedSource s) {
        List<BinaryExpr> out = new ArrayList<>();
        for (ForStmt f : s.unit().findAll(ForStmt.class)) {
            if (f.getCompare().isEmpty()) {
                continue;
            }
            Set<String> vars = loopVariables(f);
            List<Expression> conj = new ArrayList<>();
            flattenAnd(f.getCompare().get(), conj);
            for (Expression e : conj) {
                if (!(e instanceof BinaryExpr) || !RelaxOperator.isRelational(((BinaryExpr) e).getOperator())) {
                    continue;
                }
                BinaryExpr b = (BinaryExpr) e;
                boolean l = !disjoint(names(b.getLeft()), vars);
                boolean r = !disjoint(names(b.getRight()), vars);
                if (l != r) {
                    out.add(b);
                }
            }
        }
        return out;
    }

    private static void flattenAnd(Expression e, List<Expression> out) {
        if (e instanceof BinaryExpr && ((BinaryExpr) e).getOperator() == BinaryExpr.Operator.AND) {
            flattenAnd(((BinaryExpr) e).getLeft(), out);
            flattenAnd(((BinaryExpr) e).getRight(), out);
        } else if (e instanceof EnclosedExpr) {
            flattenAnd(((EnclosedExpr) e).getInner(), out);
        } else {
            out.add(e);
        }
    }

    private static Set<String> loopVariables(ForStmt f) {
        Set<String> out = new LinkedHashSet<>();
        for (Expression e : f.getUpdate()) {
            out.addAll(writes(e));
        }
        for (Expression e : f.getInitialization()) {
            if (e instanceof VariableDeclarationExpr) {
                for (VariableDeclarator v : ((VariableDeclarationExpr) e).getVariables()) {
                    out.add(v.getNameAsString());
                }
            }
        }
        return out;
    }

    // ---- name sets ----------------------------------------------------------------------

    /** Every variable name mentioned (plain names and {@code this.x} / {@code a.x} field names). */
    static Set<String> names(Node n) {
        Set<String> out = new LinkedHashSet<>();
        if (n instanceof NameExpr) {
            out.add(((NameExpr) n).getNameAsString());
        }
        for (NameExpr e : n.findAll(NameExpr.class)) {
            out.add(e.getNameAsString());
        }
        for (FieldAccessExpr e : n.findAll(FieldAccessExpr.class)) {
            out.add(e.getNameAsString());
        }
        for (VariableDeclarator v : n.findAll(VariableDeclarator.class)) {
            out.add(v.getNameAsString());
        }
        return out;
    }

    /** Names written: assignment and increment targets (the array for element writes), declared variables, arraycopy/fill destinations. */
    static Set<String> writes(Node n) {
        Set<String> out = new LinkedHashSet<>();
        for (AssignExpr a : n.findAll(AssignExpr.class)) {
            out.add(root(a.getTarget()));
        }
        for (UnaryExpr u : n.findAll(UnaryExpr.class)) {
            switch (u.getOperator()) {
                case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
                    out.add(root(u.getExpression()));
                    break;
                default:
                    break;
            }
        }
        for (VariableDeclarator v : n.findAll(VariableDeclarator.class)) {
            out.add(v.getNameAsString());
        }
        for (MethodCallExpr m : n.findAll(MethodCallExpr.class)) {
            if (m.getNameAsString().equals("arraycopy") && m.getArguments().size() == 5) {
                out.add(root(m.getArgument(2)));
            } else if (m.getNameAsString().equals("fill") && !m.getArguments().isEmpty()) {
                out.add(root(m.getArgument(0)));
            }
        }
        out.remove(null);
        return out;
    }

    private static String root(Expression e) {
        while (true) {
            if (e instanceof ArrayAccessExpr) {
                e = ((ArrayAccessExpr) e).getName();
            } else if (e instanceof EnclosedExpr) {
                e = ((EnclosedExpr) e).getInner();
            } else if (e instanceof FieldAccessExpr) {
                return ((FieldAccessExpr) e).getNameAsString();
            } else if (e instanceof NameExpr) {
                return ((NameExpr) e).getNameAsString();
            } else {
                return null;
            }
        }
    }

    static boolean disjoint(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return false;
            }
        }
        return true;
    }
}
