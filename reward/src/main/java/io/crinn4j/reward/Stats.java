package io.crinn4j.reward;

import java.util.Arrays;
import java.util.Objects;

/**
 * Descriptive statistics over repeated measurements (e.g. QPS of the same configuration across
 * runs), used to judge measurement noise.
 *
 * <p>Every method rejects a {@code null} or empty array and any NaN or infinite element with
 * {@link IllegalArgumentException}: a non-finite measurement is a harness bug, not a value to
 * average. Input arrays are never modified.
 */
public final class Stats {
    private Stats() {}

    /** Arithmetic mean. */
    public static double mean(double[] xs) {
        check(xs, 1);
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    /**
     * Sample standard deviation, {@code sqrt(sum((x - mean)^2) / (n - 1))} (Bessel-corrected,
     * because repeated runs are a sample of the machine's behaviour). Requires {@code n >= 2}.
     */
    public static double sampleStdDev(double[] xs) {
        check(xs, 2);
        return Math.sqrt(squaredDeviations(xs) / (xs.length - 1));
    }

    /**
     * Population standard deviation, {@code sqrt(sum((x - mean)^2) / n)}: the spread of a whole set
     * judged on its own, such as the completions of one GRPO group, which normalise against each
     * other rather than estimate a wider population. {@code n >= 1}; 0 for one value.
     */
    public static double populationStdDev(double[] xs) {
        check(xs, 1);
        return Math.sqrt(squaredDeviations(xs) / xs.length);
    }

    /**
     * {@code sum((x - mean)^2)}, in two passes (mean first) rather than from a sum of squares: no
     * cancellation when values are large and close together, which is exactly the QPS case.
     */
    private static double squaredDeviations(double[] xs) {
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) {
            double d = x - m;
            ss += d * d;
        }
        return ss;
    }

    /**
     * Coefficient of variation, {@code sampleStdDev / |mean|}: relative noise, dimensionless.
     * Requires {@code n >= 2} and a non-zero mean.
     */
    public static double coefficientOfVariation(double[] xs) {
        double sd = sampleStdDev(xs);
        double m = mean(xs);
        if (m == 0) {
            throw new IllegalArgumentException("coefficient of variation is undefined when the mean is 0");
        }
        return sd / Math.abs(m);
    }

    /**
     * Geometric mean, {@code exp(mean(log x))}: the average of ratios (rewards, confirmation rounds)
     * and of speeds across ef values, where a factor of 2 up and 2 down should cancel. A 0 among the
     * values makes it 0.
     */
    public static double geometricMean(double[] xs) {
        check(xs, 1);
        double logSum = 0;
        for (double x : xs) {
            logSum += Math.log(x);
        }
        return Math.exp(logSum / xs.length);
    }

    /** Median: the middle value, or the mean of the two middle values when {@code n} is even. */
    public static double median(double[] xs) {
        check(xs, 1);
        double[] s = xs.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return (s.length & 1) == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    private static void check(double[] xs, int minLength) {
        Objects.requireNonNull(xs, "values");
        if (xs.length < minLength) {
            throw new IllegalArgumentException("need at least " + minLength + " value(s), got " + xs.length);
        }
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(xs[i])) {
                throw new IllegalArgumentException("values[" + i + "] is not finite: " + xs[i]);
            }
        }
    }
}
