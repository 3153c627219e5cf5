package io.crinn4j.agent.cli;

import io.crinn4j.agent.campaign.Campaign;
import io.crinn4j.agent.campaign.CampaignDir;
import io.crinn4j.agent.campaign.ProgramDatabase;
import io.crinn4j.agent.campaign.Variant;
import io.crinn4j.agent.campaign.VariantId;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.factory.Proposers;
import io.crinn4j.agent.propose.mutate.MutateProposer;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Runs a campaign folder with terminal progress and prints the leaderboard: shared by run, evolve and resume. */
final class CampaignRunner {
    private CampaignRunner() {
    }

    static int run(CampaignDir dir, PrintWriter out, boolean quiet) {
        CampaignConfig cfg = dir.config();
        Path dataDir = cfg.dataDir() != null ? Path.of(cfg.dataDir()) : new DataOptions().dataDir();
        GroundTruthCache cache = new GroundTruthCache(cfg.cacheDir() != null ? Path.of(cfg.cacheDir()) : GroundTruthCache.defaultDirectory());
        Proposer proposer = Proposers.create(cfg.proposer(), dir.path(), MutateProposer::new);
        boolean tty = System.console() != null;
        ProgressBar[] bar = new ProgressBar[1];
        Campaign.Listener listener = new Campaign.Listener() {
            @Override
            public void stage(ModuleKind module, int stage, int groups) {
                note("stage " + (stage + 1) + ": evolving the " + module.cliName() + " module (" + groups + " groups of " + cfg.sampling().group() + ")");
                if (!quiet && tty && bar[0] == null) {
                    bar[0] = new ProgressBarBuilder().setTaskName("evaluations").setInitialMax(cfg.budget().evaluations()).setStyle(ProgressBarStyle.ASCII)
                            .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).build();
                }
            }

            @Override
            public void evaluated(Variant v, int used, int budget, int failures, int duplicates, double best) {
                String dup = duplicates > 0 ? String.format(Locale.ROOT, ", %d duplicate%s", duplicates, duplicates == 1 ? "" : "s") : "";
                String line = String.format(Locale.ROOT, "%s %s reward %.3f | %d/%d evaluations, %d failed%s, best reward %.3f",
                        v.id(), v.status(), v.reward(), used, budget, failures, dup, best);
                if (bar[0] != null) {
                    bar[0].stepTo(used);
                    bar[0].setExtraMessage(String.format(Locale.ROOT, " %s | failed %d%s | best %.3f", v.module().cliName(), failures,
                            duplicates > 0 ? " | dup " + duplicates : "", best));
                } else {
                    note(line);
                }
            }

            @Override
            public void message(String text) {
                note(text);
            }

            private void note(String s) {
                if (!quiet && bar[0] == null) {
                    System.err.println("crinn: " + s);
                }
            }
        };
        Campaign.Result r;
        try {
            r = new Campaign(dir, proposer, spec -> Datasets.resolve(spec, dataDir), cache, listener).run();
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        ProgramDatabase db = dir.database();
        db.load();
        Leaderboard.print(out, Leaderboard.boards(db, cfg.moduleKinds(), r.winners(), 5));
        out.printf(Locale.ROOT, "%ncampaign   %s: %s after %d evaluations (%s)%n", r.name(), r.stopReason(), r.evaluations(),
                Leaderboard.failedAndDuplicates(r.failures(), r.duplicates(), r.unstable()));
        if (r.inputTokens() + r.outputTokens() > 0) {
            out.printf(Locale.ROOT, "LLM usage  %d input + %d output tokens, estimated $%.4f%n", r.inputTokens(), r.outputTokens(), r.costUsd());
        }
        out.printf(Locale.ROOT, "result     final module set reward %.3f on campaign queries (AUC relative to the seed)%n", r.campaignReward());
        if (r.heldOutReward() != null) {
            out.printf(Locale.ROOT, "held-out   %.3f (median ratio of " + Campaign.HELD_OUT_PAIRS + " paired re-measurements on queries the campaign never saw;"
                    + " median AUCs %.1f and seed %.1f)%n", r.heldOutReward(), r.heldOutAuc(), r.heldOutSeedAuc());
            if (r.heldOutWork() != null) {
                out.println("work       " + work(r.heldOutWork(), "held-out queries"));
            }
        }
        if (r.heldOutReward() == null && cfg.confirmation().heldOut() && r.winners().values().stream().allMatch(w -> VariantId.parse(w).isStart())) {
            out.println("held-out   not measured: no stage accepted a variant, the final module set is the seed");
        }
        out.println("verdict    " + verdict(r, cfg.confirmation().minGain()));
        out.println("method     " + method(cfg));
        out.printf(Locale.ROOT, "folder     %s (resume with: crinn resume %s; leaderboard: crinn leaderboard %s)%n", dir.path(), dir.path(), dir.path());
        out.flush();
        return Main.EXIT_OK;
    }


    /** How the numbers above were measured, in one line. */
    static String method(CampaignConfig cfg) {
        var s = cfg.evaluator();
        int k = s.seedInstances();
        String seeds = k == 1 ? "the seed" : k + " instances of the seed (the fastest is the reference)";
        String groups = cfg.evaluator().groupTogether() ? "each group measured with " + seeds + " in one worker JVM, taking turns ef by ef"
                : "each variant measured with " + seeds + " in a worker JVM of its own, taking turns ef by ef, " + cfg.evaluator().parallelism() + " at a time";
        String stability = String.format(Locale.ROOT, "a worker counted when its seed instances are within %.0f%% of each other (else measured again up to %d"
                + " times, then UNSTABLE)", 100 * s.maxSeedSpread(), s.remeasureUnstable());
        String heldOut = k == 1 ? String.format(Locale.ROOT, "held-out %d pairs in separate workers", Campaign.HELD_OUT_PAIRS)
                : String.format(Locale.ROOT, "held-out %d rounds of %d seed instances and the final set in one worker", Campaign.HELD_OUT_PAIRS, k);
        return String.format(Locale.ROOT, "single-threaded search, best of %d interleaved runs per ef (%d ef values); %s; %s; "
                        + "confirmation %d-%d rounds in one worker%s, paired t-test at %.0f%% per stage; %s; %s",
                s.runs(), s.efs().size(), groups, stability, cfg.confirmation().rounds(), cfg.confirmation().maxRounds(), k == 1 ? "" : " with " + k + " seed instances",
                100 * (1 - Campaign.CONFIRM_ALPHA), heldOut,
                io.crinn4j.sandbox.harness.Method.current().describe());
    }

    /**
     * The counted-work line: the held-out distance-work ratio ({@code DistanceWork}) and what it
     * says about the timed one. Within 1% of the seed the two programs do the same work, so a
     * timed gain is cheaper work per distance, or noise.
     */
    static String work(double w, String queries) {
        String what = w >= 1.01 ? "the final set reaches the same recall with fewer distance computations"
                : w <= 0.99 ? "the final set needs more distance computations for the same recall"
                : "about the same distance computations as the seed, so any timed gain is cheaper work per distance, or noise";
        return String.format(Locale.ROOT, "%.3f (queries per million distances over the recall band, relative to the seed, %s;"
                + " counted, not timed, so the same in every run): %s", w, queries, what);
    }

    /**
     * A gain counts only when the campaign's confirmed reward and, where measured, the held-out
     * reward both beat the seed by the campaign's {@code minGain}: a held-out 1.005 is the seed's
     * speed within measurement noise, not a faster module set.
     */
    static String verdict(Campaign.Result r, double minGain) {
        double bar = 1.0 + minGain;
        boolean campaignGain = r.campaignReward() != null && r.campaignReward() >= bar;
        if (!campaignGain) {
            return "no variant beat the seed convincingly";
        }
        if (r.heldOutReward() == null) {
            return String.format(Locale.ROOT, "found a module set %.1f%% faster than the seed on campaign queries (not checked on held-out queries)",
                    100 * (r.campaignReward() - 1));
        }
        if (r.heldOutReward() >= bar) {
            return String.format(Locale.ROOT, "found a module set faster than the seed: +%.1f%% on campaign queries, +%.1f%% on held-out queries",
                    100 * (r.campaignReward() - 1), 100 * (r.heldOutReward() - 1));
        }
        return String.format(Locale.ROOT, "no variant beat the seed convincingly (the campaign's winner, +%.1f%%, measured %+.1f%% on held-out queries,"
                + " %s)", 100 * (r.campaignReward() - 1), 100 * (r.heldOutReward() - 1),
                r.heldOutReward() < 1 ? "slower than the seed there" : String.format(Locale.ROOT, "short of the +%.0f%% needed", 100 * minGain));
    }
}
