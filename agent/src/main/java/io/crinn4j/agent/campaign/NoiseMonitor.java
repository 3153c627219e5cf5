package io.crinn4j.agent.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * This machine's paired noise, as a campaign sees it: every shared worker measures several
 * instances of the seed side by side, and the log-ratio of two of them is what the noise of a
 * candidate's ratio to the seed looks like when the candidate is no faster. The root mean square
 * of those log-ratios is the campaign's estimate; when it exceeds the gains the campaign looks
 * for ({@code minGain}), the campaign says so, because single rewards cannot then tell a gain
 * from noise and the stages will mostly accept nothing (or, with fewer confirmation rounds, noise).
 *
 * <p>Measured (turns ef by ef, 2 instances per worker): about 2.8% on bigann10k (9,000 × 128, the
 * whole index in cache), 0.1–0.6% on fashion-mnist (60,000 × 784); see docs/campaign.md for the
 * per-dataset table. Thread-safe: evaluator threads record while the campaign thread reads.
 */
final class NoiseMonitor {
    /** Seed instances in the campaign's first worker: three give three pairs for a first estimate. */
    static final int PROBE_INSTANCES = 3;
    /** Below this many pairs the estimate is too rough to warn about. */
    static final int MIN_PAIRS = 3;
    /** An index smaller than this fits in a server's last-level cache, where memory-layout gains cannot show. */
    static final long CACHE_BYTES = 32L << 20;

    private final double minGain;
    private final List<Double> logRatios = new ArrayList<>();
    private boolean warnedNoise;
    private boolean warnedCache;

    NoiseMonitor(double minGain) {
        this.minGain = minGain;
    }

    /** Adds every pair of the seed instances that finished in one worker (AUC 0: failed, left out). */
    synchronized void record(List<Double> seedAucs) {
        for (int i = 0; i < seedAucs.size(); i++) {
            for (int j = i + 1; j < seedAucs.size(); j++) {
                double a = seedAucs.get(i);
                double b = seedAucs.get(j);
                if (a > 0 && b > 0) {
                    logRatios.add(Math.log(a / b));
                }
            }
        }
    }

    /** Pairs recorded so far. */
    synchronized int pairs() {
        return logRatios.size();
    }

    /** Root mean square of the recorded log-ratios: the typical relative difference of two measurements of one program; NaN before any. */
    synchronized double noise() {
        if (logRatios.isEmpty()) {
            return Double.NaN;
        }
        double ss = 0;
        for (double d : logRatios) {
            ss += d * d;
        }
        return Math.sqrt(ss / logRatios.size());
    }

    /**
     * Warns once when the paired noise exceeds {@code minGain}, and once when the index fits in
     * cache; each warning also goes to the event log ({@code noise-warning}).
     */
    void warnIfNoisy(Campaign.Listener listener, EventLog log, String dataset, Long indexBytes) {
        String noiseWarning = null;
        String cacheWarning = null;
        synchronized (this) {
            double n = noise();
            if (!warnedNoise && logRatios.size() >= MIN_PAIRS && n > minGain) {
                warnedNoise = true;
                noiseWarning = String.format(Locale.ROOT, "warning: paired noise on %s is %.1f%% (RMS log-ratio of %d pairs of identical seeds "
                        + "measured side by side), above the %.1f%% gain this campaign looks for (minGain): single rewards cannot tell such a "
                        + "gain from noise, only confirmation rounds can. Use data whose index does not fit in cache (fashion-mnist-784-euclidean "
                        + "or larger), a quiet machine, or a larger --min-gain.", dataset, 100 * n, logRatios.size(), 100 * minGain);
            }
            if (!warnedCache && indexBytes != null && indexBytes > 0 && indexBytes < CACHE_BYTES) {
                warnedCache = true;
                cacheWarning = String.format(Locale.ROOT, "note: the seed's index on %s takes %.1f MiB, which fits in a last-level cache: "
                        + "gains from memory layout (node order, prefetching) will not show here; confirm them on data that does not fit "
                        + "(fashion-mnist-784-euclidean: about 55 MiB).", dataset, indexBytes / 1048576.0);
            }
        }
        if (noiseWarning != null) {
            listener.message(noiseWarning);
            log.append("noise-warning", Map.of("noise", noise(), "pairs", pairs(), "minGain", minGain));
        }
        if (cacheWarning != null) {
            listener.message(cacheWarning);
            log.append("noise-warning", Map.of("indexBytes", indexBytes, "cacheBytes", CACHE_BYTES));
        }
    }
}
