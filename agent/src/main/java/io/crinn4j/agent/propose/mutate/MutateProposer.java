package io.crinn4j.agent.propose.mutate;

import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.util.Text;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.SourceRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The offline proposer ({@code mutate}): evolutionary search on the JavaParser tree of the
 * parent, the default when no LLM is configured and the baseline LLM runs are compared against.
 * It never reads the prompt text, only {@link PromptRequest#parent()},
 * {@link PromptRequest#exemplars()}, {@link PromptRequest#module()} and {@link PromptRequest#seed()}.
 *
 * <p>Reply {@code i} of a request is drawn from a {@link java.util.SplittableRandom} seeded from
 * {@code (request.seed(), i)} (only {@code nextLong()} is used and numbers are printed with
 * {@code BigDecimal}, so one request gives the same replies on every JDK). Each reply applies one
 * mutation, or two with probability {@link #SECOND_MUTATION}, each drawn by weight among the
 * operators that have something to work on (default weights, see {@link OperatorKind}):
 * <pre>
 *   tunable    40   static final numeric constant × log-normal factor in [0.7, 1.4] (ints: ±1 or rounded, even stays even)
 *   relax      18   float comparison a &lt; b → RELAX_n * a &lt; b, new named constant in [0.8, 1.5]
 *   literal     8   numeric literal of arithmetic/comparisons nudged (not indices, masks, ±1, loop headers)
 *   swap        8   &lt; ↔ &lt;=, &gt; ↔ &gt;= (float operands weigh 4, others 0.25), rarely Math.max ↔ Math.min
 *   statement   6   delete / exchange independent neighbours / off-by-one on a for bound
 *   crossover  20   a method, or the tunable values, of another exemplar with a reward
 * </pre>
 * Crossover takes part only when another exemplar with a reward and different code exists. The
 * package documentation has the full catalogue with measured validity rates.
 *
 * <p>Every mutant is re-parsed and must pass {@link SourcePolicy#check}; a mutant that fails,
 * or whose code equals the parent's or an earlier reply's of the same group (layout and comments
 * ignored), is discarded and the reply retried with the same generator, up to
 * {@link #MAX_ATTEMPTS} times, after which the reply is {@link Reply#failed} with the reasons.
 * A reply is {@code Reply.ok("```java\n" + source + "\n```", "mutate:" + description, 0, 0, 0, millis)}
 * where the description says exactly what changed ({@code mutate:tunable EF_CONSTRUCTION 200->260};
 * two mutations are joined by {@code "; "}). The proposer is stateless and thread-safe.
 */
public final class MutateProposer implements Proposer.Streaming {

    /** {@link #name()}. */
    public static final String NAME = "mutate";
    /** Attempts per reply before it is returned as failed. */
    public static final int MAX_ATTEMPTS = 40;
    /** Probability that a reply applies a second mutation on top of the first. */
    public static final double SECOND_MUTATION = 0.25;

    private final Map<OperatorKind, Double> weights;
    private final Map<OperatorKind, MutationOperator> operators;

    /** The default weights ({@link OperatorKind#defaultWeight()}). */
    public MutateProposer() {
        this(defaultWeights());
    }

    /**
     * Custom weights; operators absent from the map or with weight 0 are never drawn.
     *
     * @throws IllegalArgumentException when a weight is negative or no weight is positive
     */
    public MutateProposer(Map<OperatorKind, Double> weights) {
        EnumMap<OperatorKind, Double> w = new EnumMap<>(OperatorKind.class);
        double total = 0;
        for (OperatorKind k : OperatorKind.values()) {
            double v = weights.getOrDefault(k, 0.0);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("weight of " + k.label() + " must be a finite number >= 0: " + v);
            }
            w.put(k, v);
            total += v;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("at least one operator weight must be positive");
        }
        this.weights = Collections.unmodifiableMap(w);
        EnumMap<OperatorKind, MutationOperator> ops = new EnumMap<>(OperatorKind.class);
        for (MutationOperator op : List.of(new TunableOperator(), new LiteralOperator(), new RelaxOperator(),
                new SwapOperator(), new StatementOperator(), new CrossoverOperator())) {
            ops.put(op.kind(), op);
        }
        this.operators = Collections.unmodifiableMap(ops);
    }

    /** The default weight of every operator. */
    public static Map<OperatorKind, Double> defaultWeights() {
        EnumMap<OperatorKind, Double> w = new EnumMap<>(OperatorKind.class);
        for (OperatorKind k : OperatorKind.values()) {
            w.put(k, k.defaultWeight());
        }
        return Collections.unmodifiableMap(w);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** It mutates the exemplars' code; the prompt's text is for readers. */
    @Override
    public boolean readsPrompt() {
        return false;
    }

    /** Mutants are made in index order; each is handed on as soon as it exists. */
    @Override
    public void propose(PromptRequest request, int count, ReplySink sink) {
        Objects.requireNonNull(request, "request");
        Exemplar parentExemplar = request.parent() != null ? request.parent()
                : request.exemplars().isEmpty() ? null : request.exemplars().get(0);
        Optional<ParsedSource> parent = parentExemplar == null ? Optional.empty() : ParsedSource.parse(parentExemplar.source());
        if (parent.isEmpty() || parent.get().primaryType() == null) {
            String why = parentExemplar == null ? "the request has no parent to mutate"
                    : "the parent " + parentExemplar.id() + " does not parse as Java 17";
            for (int i = 0; i < count; i++) {
                sink.accept(i, Reply.failed(NAME, why, 0));
            }
            return;
        }
        Subject subject = new Subject(request.module(), parent.get(), donors(parentExemplar, parent.get(), request.exemplars()));
        Set<String> seen = new HashSet<>();
        seen.add(parent.get().code());
        // Mutating back to a program the prompt already shows (e.g. M 22->16 when the seed has 16) would only re-measure it.
        for (Exemplar e : request.exemplars()) {
            ParsedSource.parse(e.source()).ifPresent(ps -> seen.add(ps.code()));
        }
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            Outcome o = mutant(subject, Rng.forReply(request.seed(), i), seen, request.knownCode());
            long millis = Reply.millisSince(t0);
            if (o.source != null) {
                sink.accept(i, Reply.ok("```java\n" + o.source + "\n```", NAME + ":" + o.description, 0, 0, 0, millis));
            } else {
                sink.accept(i, Reply.failed(NAME, o.description, millis));
            }
        }
    }

    /** A mutant (source set) or why none was found (source null). */
    record Outcome(String source, String description) {
    }

    /**
     * One reply: mutates until a mutant passes the policy and differs from everything in
     * {@code seen} (to which it is then added) and from every earlier variant in {@code known}
     * (normalized source hashes).
     */
    Outcome mutant(Subject subject, Rng rnd, Set<String> seen, Set<String> known) {
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int steps = rnd.chance(SECOND_MUTATION) ? 2 : 1;
            Subject cur = subject;
            List<String> descriptions = new ArrayList<>();
            String failure = null;
            for (int step = 0; step < steps && failure == null; step++) {
                Optional<Mutation> m = mutateOnce(cur, rnd);
                if (m.isEmpty()) {
                    failure = descriptions.isEmpty() ? "no operator applies to this source" : null;
                    break;
                }
                Optional<ParsedSource> p = ParsedSource.parse(m.get().source());
                if (p.isEmpty()) {
                    failure = m.get().description() + ": the mutant does not parse";
                    break;
                }
                descriptions.add(m.get().description());
                cur = cur.with(p.get());
            }
            if (failure == null && descriptions.isEmpty()) {
                failure = "no operator applies to this source";
            }
            if (failure != null) {
                failures.add(failure);
                if (failure.equals("no operator applies to this source")) {
                    break;
                }
                continue;
            }
            String description = join(descriptions);
            String code = cur.source().code();
            if (seen.contains(code)) {
                failures.add(description + ": same code as the parent or an earlier reply");
                continue;
            }
            if (!known.isEmpty() && known.contains(SourceRules.hash(cur.source().text()))) {
                failures.add(description + ": same code as an earlier variant of this stage");
                continue;
            }
            SourceRules.Verdict check = SourceRules.check(subject.module(), cur.source().text());
            if (!check.ok()) {
                failures.add(description + ": " + summary(check.feedback()));
                continue;
            }
            seen.add(code);
            return new Outcome(cur.source().text(), description);
        }
        String last = failures.isEmpty() ? "" : "; last: " + failures.get(failures.size() - 1);
        return new Outcome(null, "no valid new mutant after " + failures.size() + " attempts" + last);
    }

    /** One mutation by an operator drawn by weight among those that apply. */
    Optional<Mutation> mutateOnce(Subject subject, Rng rnd) {
        OperatorKind[] kinds = OperatorKind.values();
        double[] w = new double[kinds.length];
        for (int k = 0; k < kinds.length; k++) {
            w[k] = weights.get(kinds[k]);
        }
        if (subject.donors().isEmpty()) {
            w[OperatorKind.CROSSOVER.ordinal()] = 0;
        }
        while (true) {
            int k = rnd.pickWeighted(w);
            if (k < 0) {
                return Optional.empty();
            }
            Optional<Mutation> m = apply(kinds[k], subject, rnd);
            if (m.isPresent()) {
                return m;
            }
            w[k] = 0; // nothing to work on here: draw among the others
        }
    }

    /** Applies one named operator (for tests and tools); empty when it has nothing to work on. */
    Optional<Mutation> apply(OperatorKind kind, Subject subject, Rng rnd) {
        try {
            return operators.get(kind).apply(subject, rnd);
        } catch (RuntimeException e) {
            // An operator bug on odd input must cost one draw, not the whole group.
            return Optional.empty();
        }
    }

    /**
     * The exemplars crossover may borrow from: with a reward, parseable, and with code different
     * from the parent's; best first as given (duplicates of one code are kept once).
     */
    static List<Subject.Donor> donors(Exemplar parentExemplar, ParsedSource parent, List<Exemplar> exemplars) {
        List<Subject.Donor> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        codes.add(parent.code());
        for (Exemplar e : exemplars) {
            if (e == null || e.reward() == null || e.source() == null || e == parentExemplar) {
                continue;
            }
            Optional<ParsedSource> p = ParsedSource.parse(e.source());
            if (p.isEmpty() || p.get().primaryType() == null || !codes.add(p.get().code())) {
                continue;
            }
            out.add(new Subject.Donor(e.id() == null ? "exemplar" : e.id(), e.reward(), p.get()));
        }
        return out;
    }

    /** Builds the subject of a module source without donors (for tests and tools). */
    static Optional<Subject> subject(ModuleKind module, String source, List<Subject.Donor> donors) {
        return ParsedSource.parse(source).map(p -> new Subject(module, p, donors));
    }

    private static final java.util.regex.Pattern TUNABLE_STEP = java.util.regex.Pattern.compile("tunable (\\w+) (\\S+)->(\\S+)");

    /** Joins step descriptions with "; ", merging two steps on one tunable ({@code M 16->18; M 18->20} → {@code M 16->20}). */
    static String join(List<String> steps) {
        if (steps.size() == 2) {
            java.util.regex.Matcher a = TUNABLE_STEP.matcher(steps.get(0));
            java.util.regex.Matcher b = TUNABLE_STEP.matcher(steps.get(1));
            if (a.matches() && b.matches() && a.group(1).equals(b.group(1)) && a.group(3).equals(b.group(2))) {
                return "tunable " + a.group(1) + " " + a.group(2) + "->" + b.group(3);
            }
        }
        return String.join("; ", steps);
    }

    /** The feedback's first two lines: the first alone only says "The source breaks the sandbox rules:", the second names the rule. */
    private static String summary(String feedback) {
        String first = Text.firstLine(feedback, "rejected by the source policy");
        String second = feedback == null || feedback.length() == first.length() ? "" : Text.firstLine(feedback.substring(first.length() + 1)).trim();
        return second.isEmpty() ? first : first + " " + second;
    }
}
