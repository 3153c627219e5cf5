package io.crinn4j.agent.campaign;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The statistical decision on one finalist of a stage's confirmation ({@link Campaign#confirm}):
 * after each round, is it convincingly faster than the current module set, convincingly not
 * faster enough, or undecided?
 *
 * <p>Each round measures the finalist and the current set in one worker, so a round gives one
 * paired observation {@code d = ln(finalistRatio / currentRatio)} (both ratios to the round's
 * reference seed). Over n rounds the geometric-mean gain is {@code exp(mean d)} and a one-sided
 * Student-t bound on the mean gives how sure that gain is:
 * <ul>
 *   <li><b>accept</b> when the gain is at least {@code 1 + minGain} and the lower bound at level
 *       {@code alpha} is above 0 (faster than the current set, not by chance). The caller passes
 *       {@code alpha} already divided for the finalists and the repeated looks
 *       ({@link #perLookAlpha}), so the chance that a stage accepts any variant that is really no
 *       faster stays near the family level.</li>
 *   <li><b>reject</b> (futility) when even the upper bound at level {@link #FUTILITY_ALPHA} is
 *       below {@code ln(1 + minGain)}: more rounds would almost surely not make it acceptable,
 *       so it stops costing a build and a sweep per round.</li>
 *   <li>otherwise <b>continue</b>.</li>
 * </ul>
 *
 * <p>Why not the median of three rounds against {@code 1 + minGain}, the rule this replaces:
 * with five finalists and a per-round spread of about 4% (seven sets in a worker), a finalist that
 * is no faster than the seed passes it with a probability of about 13%, so a stage accepted
 * noise about half of the time; it did in {@code bigann-construction-4}, {@code -6} and {@code -8},
 * whose winners measured 0.98–1.00 in pairs afterwards.
 */
public final class FinalistTest {

    /** Level of the futility bound: loose on purpose, since dropping a finalist early only costs power, never a false acceptance. */
    public static final double FUTILITY_ALPHA = 0.2;

    /** The outcome after a round. */
    public enum Verdict { ACCEPT, REJECT, CONTINUE }

    /**
     * Mean and bounds of the paired log gains.
     *
     * @param n      rounds used
     * @param gain   exp(mean d): the finalist's geometric-mean speed relative to the current set
     * @param lower  exp(lower bound of mean d at level alpha); equals gain when n < 2
     * @param upper  exp(upper bound of mean d at {@link #FUTILITY_ALPHA})
     */
    public record Summary(int n, double gain, double lower, double upper) {
    }

    private FinalistTest() {
    }

    /** Summary of rounds {@code 0..n)} of the two ratio series; all ratios must be positive. */
    public static Summary summarize(double[] finalist, double[] current, int n, double alpha) {
        if (n < 1 || n > finalist.length || n > current.length) {
            throw new IllegalArgumentException("need 1.." + Math.min(finalist.length, current.length) + " rounds, got " + n);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        double[] d = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (!(finalist[i] > 0) || !(current[i] > 0)) {
                throw new IllegalArgumentException("round " + i + ": ratios must be positive, got " + finalist[i] + " and " + current[i]);
            }
            d[i] = Math.log(finalist[i] / current[i]);
            sum += d[i];
        }
        double mean = sum / n;
        if (n < 2) {
            return new Summary(n, Math.exp(mean), Math.exp(mean), Math.exp(mean));
        }
        double ss = 0;
        for (double x : d) {
            ss += (x - mean) * (x - mean);
        }
        double se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        TDistribution t = new TDistribution(null, n - 1);
        double lower = mean - t.inverseCumulativeProbability(1 - alpha) * se;
        double upper = mean + t.inverseCumulativeProbability(1 - FUTILITY_ALPHA) * se;
        return new Summary(n, Math.exp(mean), Math.exp(lower), Math.exp(upper));
    }

    /**
     * The level each look at each finalist is tested at, so that a stage's chance of accepting a
     * variant that is no faster stays near {@code family}: divided by the number of finalists
     * (Bonferroni) and by half the number of looks (rounds {@code minRounds..maxRounds}, one
     * decision after each), close to Pocock's level for repeated looks (8 looks: about a
     * quarter). Checked by simulation in {@code FinalistTestTest}: five finalists exactly as fast
     * as the current set, 3–10 rounds, 4% noise per round: 3–4% of stages accept one.
     */
    public static double perLookAlpha(double family, int finalists, int minRounds, int maxRounds) {
        int looks = Math.max(1, maxRounds - minRounds + 1);
        return family / (Math.max(1, finalists) * Math.max(1.0, looks / 2.0));
    }

    /** The decision for a summary made with the finalist-adjusted {@code alpha}. */
    public static Verdict decide(Summary s, double minGain) {
        if (s.n() < 2) {
            return Verdict.CONTINUE;
        }
        if (s.lower() > 1 && s.gain() >= 1 + minGain) {
            return Verdict.ACCEPT;
        }
        if (s.upper() < 1 + minGain) {
            return Verdict.REJECT;
        }
        return Verdict.CONTINUE;
    }
}
