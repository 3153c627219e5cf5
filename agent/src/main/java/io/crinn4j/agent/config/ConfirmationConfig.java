package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a stage's winner is accepted and the campaign's result checked ({@code confirmation}).
 *
 * @param top       how many of a stage's best variants are re-measured before one is accepted
 *                  (0 = accept the first measurement)
 * @param rounds    rounds of that re-measurement before the first decision: seed, current set and
 *                  each undecided finalist per round, decided by a sequential paired t-test
 *                  ({@code FinalistTest})
 * @param maxRounds rounds at most: finalists still undecided then are not accepted
 * @param minGain   a finalist's geometric-mean gain over the current set must reach this fraction,
 *                  and be shown to be above 0, for it to be accepted. 0.02 by default: the paired
 *                  test keeps false acceptances near 5% whatever the margin; the margin is what a
 *                  change must be worth. With rounds ±2% (turns ef by ef) a real 3.5% gain is
 *                  accepted in 90% of simulated stages at 0.02 against 75% at 0.03
 * @param heldOut   re-measure the final module set against the seed on held-out queries at the end
 */
public record ConfirmationConfig(int top, int rounds, int maxRounds, double minGain, boolean heldOut) {

    public static final int DEFAULT_TOP = 2;
    public static final int DEFAULT_ROUNDS = 3;
    /** The least default of maxRounds; it is never below rounds. */
    public static final int DEFAULT_MAX_ROUNDS = 10;
    public static final double DEFAULT_MIN_GAIN = 0.02;
    public static final boolean DEFAULT_HELD_OUT = true;
    public static final ConfirmationConfig DEFAULTS = bind(null, null, null, null, null);

    public ConfirmationConfig {
        Checks.atLeast("confirmation.top", top, 0);
        Checks.atLeast("confirmation.rounds", rounds, 1);
        if (top > 0 && rounds < 2) {
            throw new IllegalArgumentException("confirmation.rounds must be >= 2 when confirmation.top > 0 (the paired test needs two rounds), got "
                    + rounds);
        }
        if (maxRounds < rounds) {
            throw new IllegalArgumentException("confirmation.maxRounds (" + maxRounds + ") must be at least confirmation.rounds (" + rounds + ")");
        }
        if (!(minGain >= 0) || minGain >= 1) {
            throw new IllegalArgumentException("confirmation.minGain must be in [0, 1), got " + minGain);
        }
    }

    /** Binding: a field not written takes its default; maxRounds's default follows rounds. */
    @JsonCreator
    static ConfirmationConfig bind(@JsonProperty("top") Integer top, @JsonProperty("rounds") Integer rounds,
                                   @JsonProperty("maxRounds") Integer maxRounds, @JsonProperty("minGain") Double minGain,
                                   @JsonProperty("heldOut") Boolean heldOut) {
        int r = rounds != null ? rounds : DEFAULT_ROUNDS;
        return new ConfirmationConfig(top != null ? top : DEFAULT_TOP, r, maxRounds != null ? maxRounds : Math.max(DEFAULT_MAX_ROUNDS, r),
                minGain != null ? minGain : DEFAULT_MIN_GAIN, heldOut != null ? heldOut : DEFAULT_HELD_OUT);
    }
}
