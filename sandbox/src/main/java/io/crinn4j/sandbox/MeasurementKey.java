package io.crinn4j.sandbox;

import java.util.Locale;
import java.util.Objects;

/**
 * What a measurement is for. The key names the measurement's folder under {@code evals/} (so the
 * same sets asked for the same purpose are read back instead of measured again, which is how a
 * resumed campaign finds the rounds it had finished), fixes the queries' random order, and picks
 * which set takes the first turn in a shared worker.
 *
 * <p>Why typed: these used to be integer "repetitions" doubling as cache namespaces ({@code 0},
 * {@code g+1}, {@code 10_000+…}, {@code 20_000+…}), which collide as soon as a stage has more
 * groups or rounds than a namespace was sized for. A key's {@link #tag()} spells out every part,
 * so two purposes can never share a folder.
 *
 * @param purpose what the measurement is for
 * @param stage   the campaign stage, or -1 where a purpose has none
 * @param group   the group within the stage, or -1 where a purpose has none
 * @param number  the candidate's index in its group ({@link Purpose#CANDIDATE}) or the round
 *                ({@link Purpose#CONFIRMATION}, {@link Purpose#HELD_OUT}, {@link Purpose#EVAL}); 0 otherwise
 *                (a {@link Purpose#PROFILE} made afresh is {@link #attempt(int)} n)
 * @param attempt 0 for the first measurement; n for the n-th measurement again of the same sets
 *                (a worker whose seed instances disagreed), which takes the same query order and turns
 */
public record MeasurementKey(Purpose purpose, int stage, int group, int number, int attempt) {

    /** The purposes a module set is measured for. */
    public enum Purpose {
        /** The seed's instances at the start of a campaign. */
        BASELINE,
        /** One candidate beside the seed's instances, in a worker of its own. */
        CANDIDATE,
        /** A whole group of candidates beside the seed's instances in one worker. */
        GROUP,
        /** A round of a stage's confirmation of its finalists. */
        CONFIRMATION,
        /** A round of the final set against the seed on held-out queries. */
        HELD_OUT,
        /** A repetition of {@code crinn eval}. */
        EVAL,
        /**
         * A profile of one set ({@link Evaluator#profile}): untimed, never a measurement. One key for
         * every set, as a set's profile depends on nothing else: asking for it again reads it back.
         */
        PROFILE
    }

    public MeasurementKey {
        Objects.requireNonNull(purpose, "purpose");
        if (number < 0 || attempt < 0) {
            throw new IllegalArgumentException("number and attempt must be >= 0, got " + number + " and " + attempt);
        }
        boolean staged = purpose == Purpose.CANDIDATE || purpose == Purpose.GROUP || purpose == Purpose.CONFIRMATION;
        if (staged != (stage >= 0)) {
            throw new IllegalArgumentException(purpose + " " + (staged ? "needs a stage" : "has no stage") + ", got " + stage);
        }
        boolean grouped = purpose == Purpose.CANDIDATE || purpose == Purpose.GROUP;
        if (grouped != (group >= 0)) {
            throw new IllegalArgumentException(purpose + " " + (grouped ? "needs a group" : "has no group") + ", got " + group);
        }
    }

    public static MeasurementKey baseline() {
        return new MeasurementKey(Purpose.BASELINE, -1, -1, 0, 0);
    }

    public static MeasurementKey candidate(int stage, int group, int index) {
        return new MeasurementKey(Purpose.CANDIDATE, stage, group, index, 0);
    }

    public static MeasurementKey group(int stage, int group) {
        return new MeasurementKey(Purpose.GROUP, stage, group, 0, 0);
    }

    public static MeasurementKey confirmation(int stage, int round) {
        return new MeasurementKey(Purpose.CONFIRMATION, stage, -1, round, 0);
    }

    public static MeasurementKey heldOut(int round) {
        return new MeasurementKey(Purpose.HELD_OUT, -1, -1, round, 0);
    }

    public static MeasurementKey eval(int repetition) {
        return new MeasurementKey(Purpose.EVAL, -1, -1, repetition, 0);
    }

    /** The profile of a set ({@link Evaluator#profile}); {@code profile().attempt(n)} profiles it afresh. */
    public static MeasurementKey profile() {
        return new MeasurementKey(Purpose.PROFILE, -1, -1, 0, 0);
    }

    /** The same measurement made again ({@code n}-th time after the first). */
    public MeasurementKey attempt(int n) {
        return new MeasurementKey(purpose, stage, group, number, n);
    }

    /** Readable and unique per key, e.g. {@code s1-g003-c2}, {@code s0-confirm-r4-a1}, {@code heldout-r2}. */
    public String tag() {
        return base() + (attempt > 0 ? "-a" + attempt : "");
    }

    /**
     * Which set takes the first turn of run 0 in a shared worker: the candidate's index, the group,
     * or the round, so consecutive measurements do not always put the same program first.
     */
    public int rotation() {
        return switch (purpose) {
            case BASELINE, PROFILE -> 0;
            case GROUP -> group;
            case CANDIDATE, CONFIRMATION, HELD_OUT, EVAL -> number;
        };
    }

    /**
     * Added to the sweep's shuffle seed: every purpose draws its own query orders, and a measurement
     * made again draws the same ones as the first, so only the machine differs between them.
     */
    public long shuffleOffset() {
        long h = 1125899906842597L;
        String s = base();
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    private String base() {
        return switch (purpose) {
            case BASELINE -> "baseline";
            case CANDIDATE -> String.format(Locale.ROOT, "s%d-g%03d-c%d", stage, group, number);
            case GROUP -> String.format(Locale.ROOT, "s%d-g%03d", stage, group);
            case CONFIRMATION -> String.format(Locale.ROOT, "s%d-confirm-r%d", stage, number);
            case HELD_OUT -> "heldout-r" + number;
            case EVAL -> "eval-r" + number;
            case PROFILE -> "profile";
        };
    }
}
