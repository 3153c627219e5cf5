package io.crinn4j.agent.propose.mutate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The mutator's only source of randomness: a {@link SplittableRandom} of which only
 * {@link SplittableRandom#nextLong()} is used (its algorithm has been fixed since JDK 8), with the
 * bounded and floating-point draws derived here and transcendental functions taken from
 * {@link StrictMath}, so one seed gives the same mutants on every JDK.
 */
final class Rng {
    private final SplittableRandom random;

    Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The generator of reply {@code index} of a request with seed {@code requestSeed}. */
    static Rng forReply(long requestSeed, int index) {
        return new Rng(mix(mix(requestSeed) + 0x9E3779B97F4A7C15L * (index + 1L)));
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        return random.nextLong();
    }

    /** Uniform in {@code [0, bound)}; {@code bound > 0}. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) Long.remainderUnsigned(random.nextLong(), bound);
    }

    /** Uniform in {@code [0, 1)}. */
    double nextDouble() {
        return (random.nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code [lo, hi)}. */
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Standard normal (Box–Muller with {@link StrictMath}). */
    double gaussian() {
        double u = 1.0 - nextDouble(); // (0, 1]
        double v = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
    }

    <T> T pick(List<T> items) {
        return items.get(nextInt(items.size()));
    }

    /** An index drawn with probability proportional to {@code weights[i]}; -1 when all are 0. */
    int pickWeighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += Math.max(0, w);
        }
        if (total <= 0) {
            return -1;
        }
        double x = nextDouble() * total;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] <= 0) {
                continue;
            }
            last = i;
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return last;
    }

    /** An item drawn with probability proportional to its weight. */
    <T> T pickWeighted(List<T> items, List<Double> weights) {
        double[] w = new double[weights.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i);
        }
        int i = pickWeighted(w);
        return i < 0 ? null : items.get(i);
    }
}
