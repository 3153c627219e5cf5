package io.crinn4j.agent.campaign;

import io.crinn4j.agent.config.CampaignConfig;
import java.util.Locale;

/**
 * The campaign's budgets, checked before every group: evaluations (a group is never partial),
 * LLM tokens, estimated dollars and wall-clock minutes over every session of the campaign. Each
 * check that passes saves the wall-clock time used so far, so a killed campaign resumes with it.
 */
final class Budget {
    private final CampaignConfig cfg;
    private final CampaignDir dir;
    private final long startNanos = System.nanoTime();

    Budget(CampaignConfig cfg, CampaignDir dir) {
        this.cfg = cfg;
        this.dir = dir;
    }

    /** Why the next group may not start, or null when it may. */
    String exhausted(ProgramDatabase db) {
        Tally t = Tally.of(db.all());
        if (t.made() + cfg.sampling().group() > cfg.budget().evaluations()) {
            return "evaluation budget spent (" + t.made() + " of " + cfg.budget().evaluations() + ")";
        }
        long tokens = t.inputTokens() + t.outputTokens();
        if (cfg.budget().maxTokens() > 0 && tokens >= cfg.budget().maxTokens()) {
            return "token budget spent (" + tokens + " of " + cfg.budget().maxTokens() + ")";
        }
        if (cfg.budget().maxDollars() > 0 && t.costUsd() >= cfg.budget().maxDollars()) {
            return String.format(Locale.ROOT, "cost budget spent ($%.4f of $%.2f)", t.costUsd(), cfg.budget().maxDollars());
        }
        double minutes = elapsedSeconds() / 60.0;
        if (cfg.budget().wallClockMinutes() > 0 && minutes >= cfg.budget().wallClockMinutes()) {
            return String.format(Locale.ROOT, "wall-clock budget spent (%.1f of %.1f min)", minutes, cfg.budget().wallClockMinutes());
        }
        dir.saveElapsed(elapsedSeconds());
        return null;
    }

    private double elapsedSeconds() {
        return dir.elapsedBefore() + (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Splits the budget into groups of G and the groups over the stages as evenly as possible,
     * earlier stages taking the remainder (45 evaluations, G = 4, three modules: 4, 4 and 3
     * groups, 44 evaluations). Only the last {@code evaluations mod G} are left unused, as no
     * group can be partial; a budget under one group per stage leaves later stages with none.
     */
    static int[] groupsPerStage(int evaluations, int group, int stages) {
        int total = Math.max(1, evaluations / group);
        int[] out = new int[stages];
        for (int s = 0; s < stages; s++) {
            out[s] = total / stages + (s < total % stages ? 1 : 0);
        }
        return out;
    }
}
