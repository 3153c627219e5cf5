package io.crinn4j.agent.propose.mutate;

import java.util.List;
import java.util.Optional;

/**
 * Operator 1, {@link OperatorKind#TUNABLE}: perturbs one {@code static final} numeric constant
 * ({@link Code#tunables}): floating-point values by a log-normal factor clipped to
 * {@code [0.7, 1.4]} and rounded to 3 significant digits; integers by {@code ±1} half of the time
 * when {@code |v| ≤ 8}, otherwise by the same factor, rounded, kept even when the original is even
 * and at least 4, kept ≥ 1 when positive. Constants this proposer introduced ({@code RELAX_n}) are
 * tunables too, so the search refines them. Description: {@code tunable EF_CONSTRUCTION 200->260}.
 */
final class TunableOperator implements MutationOperator {

    @Override
    public OperatorKind kind() {
        return OperatorKind.TUNABLE;
    }

    @Override
    public Optional<Mutation> apply(Subject subject, Rng rnd) {
        ParsedSource s = subject.source();
        List<Code.Tunable> all = Code.tunables(s);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Code.Tunable t = rnd.pick(all);
        String oldText = s.text(t.init());
        String newText = newValue(t, rnd);
        if (newText == null) {
            return Optional.empty();
        }
        String out = s.apply(new ParsedSource.Edit(s.begin(t.init()), s.end(t.init()), newText));
        return Optional.of(new Mutation(out, "tunable " + t.name() + " " + oldText + "->" + newText));
    }

    /** The new initializer text, or null when no different value could be drawn. */
    static String newValue(Code.Tunable t, Rng rnd) {
        String type = t.var().getType().asString();
        double v = t.value();
        switch (t.type()) {
            case INT:
            case LONG: {
                long min;
                long max;
                switch (type) {
                    case "byte":
                        min = Byte.MIN_VALUE;
                        max = Byte.MAX_VALUE;
                        break;
                    case "short":
                        min = Short.MIN_VALUE;
                        max = Short.MAX_VALUE;
                        break;
                    case "int":
                        min = Integer.MIN_VALUE;
                        max = Integer.MAX_VALUE;
                        break;
                    default:
                        min = Long.MIN_VALUE;
                        max = Long.MAX_VALUE;
                }
                long nv = Numbers.perturbInt((long) v, rnd, min, max);
                return nv == (long) v ? null : Numbers.integerLiteral(nv, t.type() == NumType.LONG);
            }
            default: {
                double nv = Numbers.perturbFloating(v, rnd);
                return Double.isNaN(nv) ? null : Numbers.floatingLiteral(nv, type.equals("float"));
            }
        }
    }
}
