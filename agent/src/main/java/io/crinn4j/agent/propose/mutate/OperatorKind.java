package io.crinn4j.agent.propose.mutate;

/**
 * The operators of {@link MutateProposer}, with their default selection weights. The weights of
 * the operators that have something to work on in the current source are renormalised, so a
 * module without {@code static final} constants simply never draws {@link #TUNABLE}.
 */
public enum OperatorKind {
    /** Multiplicative perturbation of a {@code static final} numeric constant. */
    TUNABLE("tunable", 40),
    /** Nudge of a numeric literal in an arithmetic or comparison context of code. */
    LITERAL("literal", 8),
    /** {@code a < b} on floating-point operands becomes {@code RELAX_n * a < b} with a new named constant. */
    RELAX("relax", 18),
    /** {@code <} ↔ {@code <=}, {@code >} ↔ {@code >=}, rarely {@code Math.max} ↔ {@code Math.min}. */
    SWAP("swap", 8),
    /** Delete a statement, exchange two independent adjacent statements, or move a for-loop bound by one. */
    STATEMENT("statement", 6),
    /** A method, or the tunable values, of another exemplar with a reward. */
    CROSSOVER("crossover", 20);

    private final String label;
    private final double defaultWeight;

    OperatorKind(String label, double defaultWeight) {
        this.label = label;
        this.defaultWeight = defaultWeight;
    }

    /** The word descriptions start with: {@code tunable}, {@code relax}, ... */
    public String label() {
        return label;
    }

    /** Default selection weight (percent of draws when every operator applies). */
    public double defaultWeight() {
        return defaultWeight;
    }
}
