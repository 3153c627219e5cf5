package io.crinn4j.agent.prompt;

import io.crinn4j.agent.propose.Exemplar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Chooses the earlier variants a contrastive prompt shows.
 *
 * <p>Rule for {@link #sample} (K = {@code k}; only <em>usable</em> variants take part: status
 * {@code OK} or null, with a finite reward; duplicates by id or by identical source text are
 * dropped, the first occurrence in the given order wins):
 * <ol>
 *   <li>the current best (highest reward; the earliest of equals) is always included;</li>
 *   <li>when K ≥ 2 and another variant exists, the weakest one (lowest reward; the earliest of
 *       equals) is included for contrast;</li>
 *   <li>the remaining K − 2 slots are filled by softmax sampling without replacement over the rest:
 *       {@code p_i ∝ exp(reward_i / T)}, renormalized after every draw. T → 0 is greedy, large T
 *       uniform;</li>
 *   <li>the result is sorted by reward, best first (ties in input order).</li>
 * </ol>
 * Draws use a {@link SplittableRandom}; the same candidates in the same order with the same seed
 * give the same exemplars.
 */
public final class ExemplarSampler {

    /** Default softmax temperature; rewards are ratios around 1.0, so 0.1 turns a 0.1 reward gap into a factor e. */
    public static final double DEFAULT_TEMPERATURE = 0.1;

    private final double temperature;

    public ExemplarSampler() {
        this(DEFAULT_TEMPERATURE);
    }

    /** @param temperature T &gt; 0; {@link Double#POSITIVE_INFINITY} gives uniform sampling */
    public ExemplarSampler(double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    /** {@link #sample(List, int, SplittableRandom)} with {@code new SplittableRandom(seed)}. */
    public List<Exemplar> sample(List<Exemplar> candidates, int k, long seed) {
        return sample(candidates, k, new SplittableRandom(seed));
    }

    /**
     * Up to {@code k} distinct usable exemplars, best first; empty when none is usable.
     *
     * @param candidates all variants of one module, in a stable order (e.g. creation order);
     *                   failed ones (null reward or non-OK status) are skipped
     */
    public List<Exemplar> sample(List<Exemplar> candidates, int k, SplittableRandom random) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        List<Exemplar> pool = distinctUsable(candidates);
        if (pool.isEmpty()) {
            return List.of();
        }
        List<Exemplar> chosen = new ArrayList<>(k);
        int best = 0;
        for (int i = 1; i < pool.size(); i++) {
            if (pool.get(i).reward() > pool.get(best).reward()) {
                best = i;
            }
        }
        chosen.add(pool.remove(best));
        if (k >= 2 && !pool.isEmpty()) {
            int weak = 0;
            for (int i = 1; i < pool.size(); i++) {
                if (pool.get(i).reward() < pool.get(weak).reward()) {
                    weak = i;
                }
            }
            chosen.add(pool.remove(weak));
        }
        while (chosen.size() < k && !pool.isEmpty()) {
            double[] p = probabilities(rewards(pool), temperature);
            double u = random.nextDouble();
            int pick = -1;
            double acc = 0;
            for (int i = 0; i < p.length; i++) {
                acc += p[i];
                if (u < acc) {
                    pick = i;
                    break;
                }
            }
            if (pick < 0) { // rounding: the cumulative sum ended just below u; take the last entry with mass
                pick = p.length - 1;
                while (p[pick] == 0) {
                    pick--;
                }
            }
            chosen.add(pool.remove(pick));
        }
        List<Exemplar> sorted = new ArrayList<>(chosen);
        sorted.sort(Comparator.comparingDouble((Exemplar e) -> e.reward()).reversed()); // stable: best stays first among equals
        return List.copyOf(sorted);
    }

    /**
     * Softmax over {@code rewards / temperature}: {@code p_i = exp((r_i − max) / T) / Σ_j exp((r_j − max) / T)}.
     * Subtracting the maximum keeps it finite for any T &gt; 0; equal maxima share the mass as T → 0.
     */
    public static double[] probabilities(double[] rewards, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (rewards.length == 0) {
            return new double[0];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double r : rewards) {
            if (!Double.isFinite(r)) {
                throw new IllegalArgumentException("rewards must be finite, got " + r);
            }
            max = Math.max(max, r);
        }
        double[] p = new double[rewards.length];
        double sum = 0;
        for (int i = 0; i < rewards.length; i++) {
            double z = (rewards[i] - max) / temperature;
            p[i] = Double.isNaN(z) ? 1.0 : Math.exp(z); // NaN only for infinite T and r == max: uniform
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * The latest {@code n} failed variants, newest first. "Latest" follows the order of
     * {@code variants}, which is taken to be chronological (oldest first). A failure is any
     * variant that is not {@link #usable}; duplicates by id are reported once.
     */
    public static List<Exemplar> failures(List<Exemplar> variants, int n) {
        List<Exemplar> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = variants.size() - 1; i >= 0 && out.size() < n; i--) {
            Exemplar e = variants.get(i);
            // An unstable measurement is the machine's failure, not the code's: it is no lesson for the next prompt.
            if (e != null && !usable(e) && !"UNSTABLE".equals(e.status()) && (e.id() == null || seen.add(e.id()))) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /** True for a measured variant: a finite reward and status {@code OK} (or no status). */
    public static boolean usable(Exemplar e) {
        return e.reward() != null && Double.isFinite(e.reward())
                && (e.status() == null || e.status().equalsIgnoreCase("OK"));
    }

    private static List<Exemplar> distinctUsable(List<Exemplar> candidates) {
        List<Exemplar> pool = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> sources = new HashSet<>();
        for (Exemplar e : candidates) {
            if (e == null || !usable(e)) {
                continue;
            }
            if (e.id() != null && !ids.add(e.id())) {
                continue;
            }
            if (e.source() != null && !sources.add(e.source().strip())) {
                continue;
            }
            pool.add(e);
        }
        return pool;
    }

    private static double[] rewards(List<Exemplar> pool) {
        double[] r = new double[pool.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = pool.get(i).reward();
        }
        return r;
    }
}
