package io.crinn4j.data;

import io.crinn4j.contract.Metric;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Deterministic clustered-Gaussian data for tests and quick benchmarks.
 *
 * <p>Model: {@code clusters} centres drawn from N(0, I<sub>d</sub>); cluster {@code c} gets a
 * spread {@code s_c = spread * (0.5 + u_c)} with {@code u_c} uniform in [0, 1), so clusters
 * differ in density as real data do; each point picks a cluster uniformly and is
 * {@code centre_c + s_c * N(0, I_d)}. Queries come from the same model, drawn after the base
 * from the same stream, and any query that happens to equal a base vector bit for bit is redrawn,
 * so queries and base are disjoint. The default spread 0.75 makes a point's typical distance to
 * its own centre (about {@code 0.75 * sqrt(d)}) half the distance between centres, so clusters
 * are distinct but overlap at their edges; on the default data the relative contrast (mean
 * distance over 10th-nearest distance) is about 2.0, between SIFT's 1.6 and Fashion-MNIST's 2.8,
 * so neighbour search is neither trivial nor hopeless.
 *
 * <p>The embedded default ({@link Params#DEFAULT}, spec {@code synthetic}) is n = 20000, d = 64,
 * clusters = 32, queries = 1000, seed = 42, metric = l2, spread = 0.75.
 *
 * <p>Same parameters give bit-identical data on every JVM: the generator is a self-contained
 * SplitMix64 (not {@code java.util.Random}, whose Gaussian algorithm a JDK could change), normal
 * deviates come from Box-Muller with {@link StrictMath}, and all arithmetic is IEEE double
 * rounded once to float.
 */
public final class SyntheticGenerator {

    private SyntheticGenerator() {
    }

    /**
     * Generator parameters. Invariants: {@code n, d, clusters, queries > 0}, {@code spread > 0}
     * and finite, {@code n * d} and {@code queries * d} fit in an array.
     *
     * @param n        base vectors
     * @param d        dimension
     * @param clusters number of Gaussian clusters
     * @param queries  query vectors
     * @param seed     random seed
     * @param metric   metric of the resulting dataset (angular data are normalized)
     * @param spread   noise standard deviation relative to the unit spread of the centres
     */
    public record Params(int n, int d, int clusters, int queries, long seed, Metric metric, double spread) {

        /** n=20000, d=64, clusters=32, queries=1000, seed=42, metric=l2, spread=0.75. */
        public static final Params DEFAULT = new Params(20_000, 64, 32, 1_000, 42, Metric.L2, 0.75);

        /** Validates the invariants. */
        public Params {
            if (n <= 0 || d <= 0 || clusters <= 0 || queries <= 0) {
                throw new DataException("synthetic: n, d, clusters and queries must be positive");
            }
            if (!(spread > 0) || Double.isInfinite(spread)) {
                throw new DataException("synthetic: spread must be a positive number, got " + spread);
            }
            DataFiles.checkedLength("synthetic", n, d);
            DataFiles.checkedLength("synthetic", queries, d);
        }

        /**
         * Parses {@code key=value} pairs separated by commas (keys n, d, clusters, queries, seed,
         * metric, spread; all optional, defaults from {@link #DEFAULT}). An empty string gives the
         * default. Unknown keys and malformed values are a {@link DataException} naming them.
         */
        public static Params parse(String params) {
            Map<String, String> kv = new LinkedHashMap<>();
            if (params != null && !params.isBlank()) {
                for (String part : params.split(",")) {
                    String p = part.trim();
                    int eq = p.indexOf('=');
                    if (eq <= 0) {
                        throw new DataException("synthetic: malformed parameter '" + p + "' (expected key=value)");
                    }
                    String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    if (kv.put(key, p.substring(eq + 1).trim()) != null) {
                        throw new DataException("synthetic: parameter '" + key + "' given twice");
                    }
                }
            }
            Params def = DEFAULT;
            int n = def.n;
            int d = def.d;
            int clusters = def.clusters;
            int queries = def.queries;
            long seed = def.seed;
            Metric metric = def.metric;
            double spread = def.spread;
            for (Map.Entry<String, String> e : kv.entrySet()) {
                String v = e.getValue();
                switch (e.getKey()) {
                    case "n":
                        n = positiveInt("n", v);
                        break;
                    case "d":
                        d = positiveInt("d", v);
                        break;
                    case "clusters":
                        clusters = positiveInt("clusters", v);
                        break;
                    case "queries":
                        queries = positiveInt("queries", v);
                        break;
                    case "seed":
                        try {
                            seed = Long.parseLong(v);
                        } catch (NumberFormatException ex) {
                            throw new DataException("synthetic: parameter seed='" + v + "' is not an integer");
                        }
                        break;
                    case "metric":
                        try {
                            metric = Metric.parse(v);
                        } catch (IllegalArgumentException ex) {
                            throw new DataException("synthetic: parameter metric='" + v
                                    + "' is not one of l2, angular, ip");
                        }
                        break;
                    case "spread":
                        try {
                            spread = Double.parseDouble(v);
                        } catch (NumberFormatException ex) {
                            spread = Double.NaN;
                        }
                        if (!(spread > 0) || Double.isInfinite(spread)) {
                            throw new DataException("synthetic: parameter spread='" + v + "' is not a positive number");
                        }
                        break;
                    default:
                        throw new DataException("synthetic: unknown parameter '" + e.getKey()
                                + "' (known: n, d, clusters, queries, seed, metric, spread)");
                }
            }
            return new Params(n, d, clusters, queries, seed, metric, spread);
        }

        private static int positiveInt(String key, String v) {
            try {
                int x = Integer.parseInt(v.replace("_", ""));
                if (x > 0) {
                    return x;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the key, which is what the user needs to see
            }
            throw new DataException("synthetic: parameter " + key + "='" + v + "' is not a positive integer");
        }

        /** The dataset name: {@code synthetic} for the default, otherwise the full canonical spec. */
        public String name() {
            if (equals(DEFAULT)) {
                return "synthetic";
            }
            return "synthetic:n=" + n + ",d=" + d + ",clusters=" + clusters + ",queries=" + queries + ",seed=" + seed
                    + ",metric=" + metric.name().toLowerCase(Locale.ROOT) + ",spread=" + spread;
        }
    }

    /** Generates the dataset for {@code p}. */
    public static Dataset generate(Params p) {
        SplitMix64 rnd = new SplitMix64(p.seed());
        int d = p.d();
        double[] centres = new double[p.clusters() * d];
        double[] spreads = new double[p.clusters()];
        for (int c = 0; c < p.clusters(); c++) {
            for (int j = 0; j < d; j++) {
                centres[c * d + j] = rnd.nextGaussian();
            }
            spreads[c] = p.spread() * (0.5 + rnd.nextDouble());
        }
        float[] base = new float[p.n() * d];
        Set<Long> baseKeys = new HashSet<>(p.n() * 2);
        for (int i = 0; i < p.n(); i++) {
            draw(rnd, centres, spreads, d, base, i * d);
            baseKeys.add(rowKey(base, i * d, d));
        }
        float[] queries = new float[p.queries() * d];
        for (int q = 0; q < p.queries(); q++) {
            do {
                draw(rnd, centres, spreads, d, queries, q * d);
            } while (baseKeys.contains(rowKey(queries, q * d, d)) && equalsSomeBaseRow(base, queries, q * d, d));
        }
        return Dataset.of(p.name(), p.metric(), new FloatMatrix(p.n(), d, base), new FloatMatrix(p.queries(), d, queries));
    }

    private static void draw(SplitMix64 rnd, double[] centres, double[] spreads, int d, float[] out, int off) {
        int c = rnd.nextInt(spreads.length);
        double s = spreads[c];
        for (int j = 0; j < d; j++) {
            out[off + j] = (float) (centres[c * d + j] + s * rnd.nextGaussian());
        }
    }

    private static long rowKey(float[] a, int off, int d) {
        long h = 1125899906842597L;
        for (int j = 0; j < d; j++) {
            h = 31 * h + Float.floatToIntBits(a[off + j]);
        }
        return h;
    }

    /** Exact check behind the hash test; practically never reached with continuous data. */
    private static boolean equalsSomeBaseRow(float[] base, float[] queries, int qOff, int d) {
        for (int off = 0; off < base.length; off += d) {
            if (java.util.Arrays.equals(base, off, off + d, queries, qOff, qOff + d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * SplitMix64 (Steele, Lea and Flood 2014), the generator behind {@code SplittableRandom},
     * reimplemented so the sequence is fixed by this code rather than by the JDK.
     */
    static final class SplitMix64 {
        private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
        private long state;
        private double spareGaussian;
        private boolean hasSpare;

        SplitMix64(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = (state += GOLDEN_GAMMA);
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, 1) with 53 random bits. */
        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        /** Uniform in [0, bound); the modulo bias is below 2^-30 for any int bound. */
        int nextInt(int bound) {
            return (int) ((nextLong() >>> 1) % bound);
        }

        /** Standard normal deviate by the Box-Muller transform, using both outputs. */
        double nextGaussian() {
            if (hasSpare) {
                hasSpare = false;
                return spareGaussian;
            }
            double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
            double u2 = nextDouble();
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double t = 2.0 * StrictMath.PI * u2;
            spareGaussian = r * StrictMath.sin(t);
            hasSpare = true;
            return r * StrictMath.cos(t);
        }
    }
}
