package io.crinn4j.agent.campaign;

import java.util.Collection;

/**
 * The campaign's evaluations so far, counted one way for progress lines, the result and the
 * leaderboard: every variant made for a group (stage starts are not evaluations), and of those
 * the failures, the duplicates and the unstable ones, each counted apart (a duplicate or an
 * unstable measurement is not a failure of the code).
 */
public record Tally(int made, int failed, int duplicates, int unstable, long inputTokens, long outputTokens, double costUsd,
                    double bestReward) {

    public static Tally of(Collection<Variant> variants) {
        int made = 0, failed = 0, duplicates = 0, unstable = 0;
        long in = 0, out = 0;
        double cost = 0;
        double best = 1.0;
        boolean anyOk = false;
        for (Variant v : variants) {
            if (v.ok()) {
                best = anyOk ? Math.max(best, v.reward()) : v.reward();
                anyOk = true;
            }
            if (v.isStart()) {
                continue;
            }
            made++;
            failed += v.failed() ? 1 : 0;
            duplicates += v.duplicate() ? 1 : 0;
            unstable += v.unstable() ? 1 : 0;
            in += v.inputTokens();
            out += v.outputTokens();
            cost += v.costUsd();
        }
        return new Tally(made, failed, duplicates, unstable, in, out, cost, best);
    }
}
