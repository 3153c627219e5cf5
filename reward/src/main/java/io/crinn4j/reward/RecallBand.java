package io.crinn4j.reward;

/**
 * The recall interval {@code [lo, hi]} over which the reward integrates QPS.
 *
 * <p>Invariants: {@code 0 <= lo < hi <= 1}, both finite.
 *
 * @param lo lower recall bound, inclusive
 * @param hi upper recall bound, inclusive
 */
public record RecallBand(double lo, double hi) {
    /** The CRINN band, recall 0.85 to 0.95. */
    public static final RecallBand DEFAULT = new RecallBand(0.85, 0.95);

    /** @throws IllegalArgumentException unless {@code 0 <= lo < hi <= 1} */
    public RecallBand {
        if (!(lo >= 0 && lo < hi && hi <= 1)) {
            throw new IllegalArgumentException("recall band must satisfy 0 <= lo < hi <= 1, got [" + lo + ", " + hi + "]");
        }
    }

    /** {@code hi - lo}, always {@code > 0}. */
    public double width() {
        return hi - lo;
    }
}
