package io.crinn4j.agent.campaign;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.measure.Referee;
import io.crinn4j.agent.measure.SharedWorker;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.ModuleSources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The CRINN loop as a campaign (the controller in OpenEvolve's split). {@link #run} reads as the
 * loop: set up, then for each module in order — construction, search, refinement by default —
 * each stage starting from the previous stage's winner, run groups until the stage's share of the
 * budget is spent ({@link GroupRun}: sample, prompt, propose, parse, evaluate, store, GRPO), then
 * confirm the stage's winner ({@link StageConfirmation}); at the end, check the final module set
 * on held-out queries ({@link HeldOutCheck}) and store the result.
 *
 * <p>Determinism and resume: every random choice derives from the campaign seed, the stage and
 * the group number; replies are saved the moment they arrive and reused on resume; finished
 * variants are read back, never re-evaluated; and the evaluator recognises measurements it has
 * made before. So a campaign killed at any moment and resumed loses no finished evaluation,
 * repeats none, and with the same seed and the same replies ends where an uninterrupted one would.
 */
public final class Campaign {

    /** Progress callbacks for the terminal. */
    public interface Listener {
        default void stage(ModuleKind module, int stage, int groups) {
        }

        /** {@code failures} excludes the {@code duplicates}, which are counted on their own. */
        default void evaluated(Variant v, int evaluationsUsed, int budget, int failures, int duplicates, double bestReward) {
        }

        default void message(String text) {
        }
    }

    /** What a finished (or budget-stopped) campaign reports. */
    public record Result(String name, String stopReason, int evaluations, int failures, int duplicates, long inputTokens, long outputTokens,
                         double costUsd, Map<String, String> winners, Map<String, Double> winnerRewards, Double campaignReward,
                         Double heldOutReward, Double heldOutSeedAuc, Double heldOutAuc, Double heldOutWork, int unstable) {
    }

    /** Rounds of the final set against the seed on held-out queries; the median ratio is the held-out reward. */
    public static final int HELD_OUT_PAIRS = HeldOutCheck.ROUNDS;

    /** Family-wise level of a stage's confirmation test: the chance that a stage accepts a variant that is no faster. */
    public static final double CONFIRM_ALPHA = StageConfirmation.ALPHA;

    private final CampaignDir dir;
    private final CampaignConfig cfg;
    private final Proposer proposer;
    private final Function<String, Dataset> datasets;
    private final GroundTruthCache gtCache;
    private final Listener listener;
    private final Evaluators evaluators;

    /** A campaign measured by the real sandbox. */
    public Campaign(CampaignDir dir, Proposer proposer, Function<String, Dataset> datasets, GroundTruthCache gtCache, Listener listener) {
        this(dir, proposer, datasets, gtCache, listener, Evaluators.SANDBOX);
    }

    /** A campaign measured by {@code evaluators}' evaluators (tests of the loop give it one that runs no JVM). */
    public Campaign(CampaignDir dir, Proposer proposer, Function<String, Dataset> datasets, GroundTruthCache gtCache, Listener listener,
                    Evaluators evaluators) {
        this.dir = dir;
        this.cfg = dir.config();
        this.proposer = proposer;
        this.datasets = datasets;
        this.gtCache = gtCache;
        this.listener = listener;
        this.evaluators = evaluators;
    }

    public Result run() {
        ProgramDatabase db = dir.database();
        db.load();
        try (EventLog log = dir.events()) {
            log.append("campaign-run", Map.of("name", cfg.name(), "resumed", !db.all().isEmpty(), "proposer", proposer.name()));
            // 1. Setup: queries, ground truth, the evaluator, the seed's baseline.
            Referee referee = Referee.of(cfg.reward());
            NoiseMonitor noise = new NoiseMonitor(cfg.confirmation().minGain());
            CampaignSetup setup = new CampaignSetup(dir, datasets, gtCache, evaluators, listener);
            CampaignSetup.Ready ready = setup.prepare(log, referee, noise);
            noise.warnIfNoisy(listener, log, ready.data().name(), ready.baseline().indexBytes());
            CampaignContext c = CampaignContext.open(cfg, dir.path(), db, log, listener, proposer, ready.evaluator(), referee, noise,
                    setup.workload(ready));
            ModuleSources seed = c.seed();
            VariantRecorder recorder = c.recorder();

            // 2. The stages, in order, each from the previous stage's winner.
            Budget budget = new Budget(cfg, dir);
            ModuleSources current = seed;
            Evaluation currentEval = ready.baseline();
            double currentReward = 1.0;
            String stop = null;
            List<ModuleKind> modules = cfg.moduleKinds();
            int[] groupsOf = Budget.groupsPerStage(cfg.budget().evaluations(), cfg.sampling().group(), modules.size());
            Map<String, String> winners = new LinkedHashMap<>();
            Map<String, Double> winnerRewards = new LinkedHashMap<>();
            for (int s = 0; s < modules.size() && stop == null; s++) {
                ModuleKind m = modules.get(s);
                listener.stage(m, s, groupsOf[s]);
                Variant start = recorder.start(m, s, current, currentEval, currentReward);
                log.append("stage", Map.of("module", m.cliName(), "stage", s, "groups", groupsOf[s], "start", start.id()));
                StageContext stage = new StageContext(c, m, s, current, start, currentReward);
                for (int g = 0; g < groupsOf[s]; g++) {
                    if (db.groupComplete(stage.groupId(g))) {
                        continue;
                    }
                    stop = budget.exhausted(db);
                    if (stop != null) {
                        break; // the stage still confirms what it has, so the result names its best; later stages do not start
                    }
                    new GroupRun(stage, g).run();
                    noise.warnIfNoisy(listener, log, ready.data().name(), ready.baseline().indexBytes());
                }
                StageConfirmation.Outcome confirmed = new StageConfirmation(stage).run();
                Variant winner = start;
                if (confirmed.winner() != null) {
                    winner = confirmed.winner();
                    current = stage.with(db.source(winner.id()));
                    currentEval = winner.evaluation();
                    currentReward = confirmed.reward();
                }
                winners.put(m.cliName(), winner.id());
                winnerRewards.put(m.cliName(), currentReward);
                log.append("stage-done", Map.of("module", m.cliName(), "stage", s, "winner", winner.id(), "reward", currentReward));
            }

            // 3. The final set against the seed on held-out queries.
            HeldOutCheck.Outcome held = HeldOutCheck.Outcome.none();
            if (cfg.confirmation().heldOut() && stop == null && current.equals(seed)) {
                listener.message("no stage accepted a variant: the final module set is the seed, so there is nothing to check on held-out queries");
            } else if (cfg.confirmation().heldOut() && stop == null) {
                listener.message("re-measuring the final module set against the seed on held-out queries");
                held = heldOut(ready, referee, noise, log, c.band()).measure(seed, current);
                // ratios, curveRound, seedCurve and finalCurve (added for crinn report) are absent from events of earlier versions.
                log.append("held-out", Map.of("seedAuc", String.valueOf(held.seedAuc()), "finalAuc", String.valueOf(held.finalAuc()),
                        "reward", String.valueOf(held.reward()), "distanceWork", String.valueOf(held.work()), "ratios", held.ratios(),
                        "curveRound", String.valueOf(held.curveRound()), "seedCurve", held.seedCurve(), "finalCurve", held.finalCurve()));
            }

            // 4. The result.
            Result r = result(db, stop == null ? "completed" : stop, winners, winnerRewards, currentReward, held);
            db.writeJson(dir.path().resolve("result.json"), r);
            log.append("campaign-end", Map.of("stop", r.stopReason(), "evaluations", r.evaluations()));
            return r;
        }
    }

    /** The held-out check: its own evaluator on the held-out queries, in the campaign folder's {@code heldout/}. */
    private HeldOutCheck heldOut(CampaignSetup.Ready ready, Referee referee, NoiseMonitor noise, EventLog log,
                                 io.crinn4j.reward.RecallBand band) {
        Dataset held = cfg.limitQueries(ready.split().heldOut());
        GroundTruth hgt = gtCache.getOrCompute(held, 10, Runtime.getRuntime().availableProcessors());
        var evaluator = evaluators.open(dir.path().resolve("heldout"), held, hgt, ready.sandboxConfig());
        return new HeldOutCheck(log, SharedWorker.of(evaluator, referee, cfg.evaluator()), noise, band);
    }

    private Result result(ProgramDatabase db, String stop, Map<String, String> winners, Map<String, Double> winnerRewards, double finalReward,
                          HeldOutCheck.Outcome held) {
        Tally t = Tally.of(db.all());
        return new Result(cfg.name(), stop, t.made(), t.failed(), t.duplicates(), t.inputTokens(), t.outputTokens(), t.costUsd(), winners,
                winnerRewards, finalReward, held.reward(), held.seedAuc(), held.finalAuc(), held.work(), t.unstable());
    }
}
