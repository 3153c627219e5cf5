package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Operator 6, {@link OperatorKind#CROSSOVER}: takes code from another exemplar with a reward
 * (the donor; earlier exemplars, i.e. better ones, are drawn more often: weight {@code 1/(rank+1)}).
 * Two variants, methods first 7 times out of 10, the other when the first has nothing to take:
 * <ul>
 *   <li><b>method</b>: one method or constructor whose code differs replaces the parent's one
 *       with the same signature in the same (nested) class; classes are matched by their path
 *       below the top-level class, so donors with another class name work (their name is
 *       rewritten). Fields, constants and helper methods the transplanted code needs and the
 *       parent lacks are copied too (transitively), constants next to the parent's constants.
 *       The parent keeps its own javadoc of the replaced method;</li>
 *   <li><b>tunables</b>: the donor's values of the {@code static final} constants both declare
 *       with the same type — all of them half of the time, otherwise one.</li>
 * </ul>
 * Descriptions: {@code crossover method Builder#selectHeuristic(int[],float[],int,int) from v12 (+ALPHA)},
 * {@code crossover tunables from v12: M 16->20, EF_CONSTRUCTION 200->240}.
 */
final class CrossoverOperator implements MutationOperator {

    @Override
    public OperatorKind kind() {
        return OperatorKind.CROSSOVER;
    }

    @Override
    public Optional<Mutation> apply(Subject subject, Rng rnd) {
        List<Subject.Donor> donors = subject.donors();
        if (donors.isEmpty()) {
            return Optional.empty();
        }
        double[] w = new double[donors.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1.0 / (i + 1);
        }
        Subject.Donor donor = donors.get(rnd.pickWeighted(w));
        boolean methodsFirst = rnd.chance(0.7);
        Optional<Mutation> m = methodsFirst ? method(subject.source(), donor, rnd) : tunables(subject.source(), donor, rnd);
        if (m.isEmpty()) {
            m = methodsFirst ? tunables(subject.source(), donor, rnd) : method(subject.source(), donor, rnd);
        }
        return m;
    }

    // ---- tunables -----------------------------------------------------------------------

    static Optional<Mutation> tunables(ParsedSource parent, Subject.Donor donor, Rng rnd) {
        Map<String, Code.Tunable> theirs = new LinkedHashMap<>();
        for (Code.Tunable t : Code.tunables(donor.source())) {
            theirs.putIfAbsent(t.name(), t);
        }
        List<Code.Tunable[]> differing = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Code.Tunable mine : Code.tunables(parent)) {
            Code.Tunable other = theirs.get(mine.name());
            if (other != null && seen.add(mine.name()) && other.value() != mine.value()
                    && other.var().getType().asString().equals(mine.var().getType().asString())) {
                differing.add(new Code.Tunable[] {mine, other});
            }
        }
        if (differing.isEmpty()) {
            return Optional.empty();
        }
        List<Code.Tunable[]> take = differing;
        if (!rnd.chance(0.5)) {
            take = new ArrayList<>();
            take.add(rnd.pick(differing));
        }
        List<ParsedSource.Edit> edits = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (Code.Tunable[] p : take) {
            String newText = donor.source().text(p[1].init());
            edits.add(new ParsedSource.Edit(parent.begin(p[0].init()), parent.end(p[0].init()), newText));
            changes.add(p[0].name() + " " + parent.text(p[0].init()) + "->" + newText);
        }
        return Optional.of(new Mutation(parent.apply(edits), "crossover tunables from " + donor.id() + ": "
                + String.join(", ", changes)));
    }

    // ---- methods ------------------------------------------------------------------------

    static Optional<Mutation> method(ParsedSource parent, Subject.Donor donor, Rng rnd) {
        ParsedSource d = donor.source();
        String parentTop = parent.primaryType().getNameAsString();
        String donorTop = d.primaryType().getNameAsString();
        Map<String, CallableDeclaration<?>> theirs = callables(d);
        List<CallableDeclaration<?>[]> differing = new ArrayList<>();
        for (Map.Entry<String, CallableDeclaration<?>> e : callables(parent).entrySet()) {
            CallableDeclaration<?> other = theirs.get(e.getKey());
            if (other != null && !ParsedSource.code(e.getValue()).equals(rename(ParsedSource.code(other), donorTop, parentTop))) {
                differing.add(new CallableDeclaration<?>[] {e.getValue(), other});
            }
        }
        if (differing.isEmpty()) {
            return Optional.empty();
        }
        CallableDeclaration<?>[] pick = rnd.pick(differing);
        CallableDeclaration<?> mine = pick[0];
        CallableDeclaration<?> other = pick[1];
        List<ParsedSource.Edit> edits = new ArrayList<>();
        String transplanted = rename(reindent(d.text(other), d.indentAt(d.begin(other)), parent.indentAt(parent.begin(mine))),
                donorTop, parentTop);
        edits.add(new ParsedSource.Edit(parent.begin(mine), parent.end(mine), transplanted));
        List<String> added = copyDependencies(parent, d, other, donorTop, parentTop, edits);
        String desc = "crossover method " + Code.key(mine) + " from " + donor.id()
                + (added.isEmpty() ? "" : " (+" + String.join(", +", added) + ")");
        return Optional.of(new Mutation(parent.apply(edits), desc));
    }

    private static Map<String, CallableDeclaration<?>> callables(ParsedSource s) {
        Map<String, CallableDeclaration<?>> out = new LinkedHashMap<>();
        for (CallableDeclaration<?> c : s.unit().findAll(CallableDeclaration.class)) {
            String k = Code.key(c);
            if (k != null) {
                out.putIfAbsent(k, c);
            }
        }
        return out;
    }

    /**
     * Copies the donor's fields and methods that {@code from} refers to and the parent does not
     * declare, transitively; returns their names.
     */
    private static List<String> copyDependencies(ParsedSource parent, ParsedSource d, Node from, String donorTop, String parentTop,
            List<ParsedSource.Edit> edits) {
        Set<String> parentNames = new LinkedHashSet<>();
        for (VariableDeclarator v : parent.unit().findAll(VariableDeclarator.class)) {
            if (v.getParentNode().orElse(null) instanceof FieldDeclaration) {
                parentNames.add(v.getNameAsString());
            }
        }
        for (MethodDeclaration m : parent.unit().findAll(MethodDeclaration.class)) {
            parentNames.add(m.getNameAsString());
        }
        List<String> added = new ArrayList<>();
        Set<Node> copied = new LinkedHashSet<>();
        Deque<Node> work = new ArrayDeque<>();
        work.add(from);
        int rounds = 0;
        while (!work.isEmpty() && rounds++ < 16) {
            Node n = work.poll();
            for (String name : referenced(n)) {
                if (parentNames.contains(name)) {
                    continue;
                }
                for (BodyDeclaration<?> member : donorMembers(d, name)) {
                    if (!copied.add(member)) {
                        continue;
                    }
                    parentNames.add(name);
                    String path = Code.typePath(member);
                    String text = rename(d.textWithComment(member), donorTop, parentTop);
                    String memberIndent = d.indentAt(d.begin(member));
                    boolean isStaticField = member instanceof FieldDeclaration && ((FieldDeclaration) member).isStatic();
                    Optional<TypeDeclaration<?>> target = path == null ? Optional.empty() : Code.typeAt(parent, path);
                    if (isStaticField && (path == null || path.isEmpty() || target.isEmpty())) {
                        edits.add(Code.insertConstant(parent, dedent(text, memberIndent)));
                    } else if (target.isPresent()) {
                        edits.add(Code.appendMember(parent, target.get(), dedent(text, memberIndent)));
                    } else {
                        continue; // nowhere to put it: the mutant will not compile and be discarded
                    }
                    added.add(name);
                    work.add(member);
                }
            }
        }
        return added;
    }

    /** Names a member refers to that it does not declare itself: variables, this-fields and unqualified calls. */
    private static Set<String> referenced(Node n) {
        Set<String> local = new LinkedHashSet<>();
        for (VariableDeclarator v : n.findAll(VariableDeclarator.class)) {
            if (!(v.getParentNode().orElse(null) instanceof FieldDeclaration)) {
                local.add(v.getNameAsString());
            }
        }
        for (Parameter p : n.findAll(Parameter.class)) {
            local.add(p.getNameAsString());
        }
        Set<String> out = new LinkedHashSet<>();
        for (NameExpr e : n.findAll(NameExpr.class)) {
            out.add(e.getNameAsString());
        }
        for (FieldAccessExpr e : n.findAll(FieldAccessExpr.class)) {
            if (e.getScope() instanceof ThisExpr) {
                out.add(e.getNameAsString());
            }
        }
        for (MethodCallExpr m : n.findAll(MethodCallExpr.class)) {
            if (m.getScope().isEmpty() || m.getScope().get() instanceof ThisExpr) {
                out.add(m.getNameAsString());
            }
        }
        out.removeAll(local);
        return out;
    }

    private static List<BodyDeclaration<?>> donorMembers(ParsedSource d, String name) {
        List<BodyDeclaration<?>> out = new ArrayList<>();
        for (FieldDeclaration f : d.unit().findAll(FieldDeclaration.class)) {
            for (VariableDeclarator v : f.getVariables()) {
                if (v.getNameAsString().equals(name) && Code.typePath(f) != null) {
                    out.add(f);
                }
            }
        }
        for (MethodDeclaration m : d.unit().findAll(MethodDeclaration.class)) {
            if (m.getNameAsString().equals(name) && Code.key(m) != null) {
                out.add(m);
            }
        }
        return out;
    }

    static String rename(String text, String from, String to) {
        if (from.equals(to)) {
            return text;
        }
        return text.replaceAll("\\b" + Pattern.quote(from) + "\\b", Matcher.quoteReplacement(to));
    }

    /** Removes {@code indent} from the start of every line but the first. */
    static String dedent(String text, String indent) {
        if (indent.isEmpty()) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        StringBuilder sb = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            sb.append('\n').append(lines[i].startsWith(indent) ? lines[i].substring(indent.length()) : lines[i]);
        }
        return sb.toString();
    }

    /** Moves continuation lines from one indentation to another (blank lines stay empty). */
    static String reindent(String text, String from, String to) {
        if (from.equals(to)) {
            return text;
        }
        String[] lines = dedent(text, from).split("\n", -1);
        StringBuilder sb = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            sb.append('\n');
            if (!lines[i].isBlank()) {
                sb.append(to).append(lines[i]);
            }
        }
        return sb.toString();
    }
}
