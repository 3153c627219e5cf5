package io.crinn4j.agent.campaign;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.prompt.ExemplarSampler;
import io.crinn4j.agent.prompt.ParsedReply;
import io.crinn4j.agent.prompt.PromptBuilder;
import io.crinn4j.agent.prompt.ReplyParser;
import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.Sandbox;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.sandbox.Status;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.seed.glass.GlassBaseline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The CRINN loop as a campaign (the controller in OpenEvolve's split): for each module in
 * order — construction, search, refinement by default — each stage starting from the previous
 * stage's winner, repeat until the stage's share of the budget is spent: sample K exemplars
 * (softmax over rewards, best always, one weak for contrast), build the contrastive prompt, ask
 * the proposer for a group of G completions, evaluate each in the sandbox, compute rewards and
 * in-group advantages (r − mean) / std, and store everything.
 *
 * <p>Determinism and resume: every random choice derives from the campaign seed, the stage and
 * the group number; replies are saved the moment they arrive and reused on resume; finished
 * variants are read back, never re-evaluated; and the sandbox recognises code it has measured
 * before. So a campaign killed at any moment and resumed loses no finished evaluation, repeats
 * none, and with the same seed and the same replies ends where an uninterrupted one would.
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

    /** Seed/final pairs measured on held-out queries; even, so each runs first in half of them. */
    public static final int HELD_OUT_PAIRS = 4;

    /** Whether held-out pair {@code i} measures the seed before the final set: pairs alternate, starting with the seed. */
    static boolean seedFirstInHeldOutPair(int i) {
        return i % 2 == 0;
    }

    private final CampaignDir dir;
    private final CampaignConfig cfg;
    private final Proposer proposer;
    private final Function<String, Dataset> datasets;
    private final GroundTruthCache gtCache;
    private final Listener listener;
    private final ExemplarSampler sampler;
    private final PromptBuilder prompts;
    private final long startNanos = System.nanoTime();
    /** Variant id → normalized source hash ("" for a variant without code), filled by {@link #knownCode}. */
    private final Map<String, String> codeHashes = new java.util.HashMap<>();
    private final NoiseMonitor noise;

    public Campaign(CampaignDir dir, Proposer proposer, Function<String, Dataset> datasets, GroundTruthCache gtCache, Listener listener) {
        this.dir = dir;
        this.cfg = dir.config();
        this.proposer = proposer;
        this.datasets = datasets;
        this.gtCache = gtCache;
        this.listener = listener;
        this.prompts = cfg.promptBuilder();
        this.sampler = new ExemplarSampler(cfg.sampling().temperature());
        this.noise = new NoiseMonitor(cfg.confirmation().minGain());
    }

    public Result run() {
        ProgramDatabase db = dir.database();
        db.load();
        EventLog log = dir.events();
        try {
            log.append("campaign-run", Map.of("name", cfg.name(), "resumed", !db.all().isEmpty(), "proposer", proposer.name()));
            Dataset all = datasets.apply(cfg.dataset());
            io.crinn4j.sandbox.QuerySplit.Split split = io.crinn4j.sandbox.QuerySplit.forCampaign(all, cfg.evaluator().extraQueries(),
                    Boolean.TRUE.equals(cfg.evaluator().heldOutExtra()), cfg.seed());
            int extra = split.extraQueries();
            int heldExtra = split.heldOutExtraQueries();
            Dataset data = split.campaign();
            if (extra > 0) {
                listener.message(String.format(Locale.ROOT, "%s has %d campaign queries: %d base vectors moved out of the index into the campaign's "
                        + "query set (%d queries, base %d; held-out: the dataset's own %d queries%s; --extra-queries 0 turns this off)",
                        all.name(), io.crinn4j.sandbox.QuerySplit.campaign(all).nq(), extra, data.nq(), data.n(),
                        io.crinn4j.sandbox.QuerySplit.heldOut(all).nq(),
                        heldExtra > 0 ? " plus " + heldExtra + " further base vectors" : " only"));
            }
            log.append("queries", Map.of("campaign", data.nq(), "heldOut", split.heldOut().nq(), "extraFromBase", extra,
                    "heldOutExtraFromBase", heldExtra, "base", data.n()));
            if (cfg.evaluator().queries() != null) {
                data = data.firstQueries(Math.max(1, Math.min(cfg.evaluator().queries(), data.nq())));
            }
            listener.message("ground truth for " + data.nq() + " campaign queries of " + data.name());
            GroundTruth gt = gtCache.getOrCompute(data, 10, Runtime.getRuntime().availableProcessors());
            SandboxConfig scfg = cfg.sandboxConfig();
            Sandbox sandbox = new Sandbox(dir.path().resolve("sandbox"), data, gt, scfg);
            ModuleSources seed = seedSources();
            int probe = Math.max(NoiseMonitor.PROBE_INSTANCES, seedInstances());
            listener.message("measuring the seed (" + GlassBaseline.NAME + "), " + probe + " instances in one worker, to know this machine's paired noise");
            Evaluation baseline = measureBaseline(log, sandbox, seed, probe);
            sandbox.setBaseline(baseline);
            adaptTimeouts(sandbox, baseline, scfg, probe);
            log.append("baseline", Map.of("auc", baseline.auc(), "buildSeconds", baseline.buildSeconds(), "indexBytes", baseline.indexBytes()));
            noise.warnIfNoisy(listener, log, data.name(), baseline.indexBytes());

            ModuleSources current = seed;
            Evaluation currentEval = baseline.withReward(baseline.auc(), 1.0);
            double currentReward = 1.0;
            String stop = "budget spent";
            List<ModuleKind> modules = cfg.moduleKinds();
            int[] groupsOf = groupsPerStage(cfg.budget().evaluations(), cfg.sampling().group(), modules.size());
            Map<String, String> winners = new LinkedHashMap<>();
            Map<String, Double> winnerRewards = new LinkedHashMap<>();
            boolean stopped = false;
            for (int s = 0; s < modules.size() && !stopped; s++) {
                ModuleKind m = modules.get(s);
                int groupsPerStage = groupsOf[s];
                listener.stage(m, s, groupsPerStage);
                Variant start = startVariant(db, m, s, current, currentEval, currentReward);
                log.append("stage", Map.of("module", m.cliName(), "stage", s, "groups", groupsPerStage, "start", start.id()));
                for (int g = 0; g < groupsPerStage; g++) {
                    String gid = groupId(m, s, g);
                    if (db.groupComplete(gid)) {
                        continue;
                    }
                    String over = overBudget(db);
                    if (over != null) {
                        stop = over;
                        stopped = true;
                        break;
                    }
                    // No separate seed measurement before the group: every candidate is measured with the seed's
                    // instances in its own worker (or the whole group in one), and its reward is relative to those.
                    runGroup(db, log, sandbox, seed, current, m, s, g);
                    noise.warnIfNoisy(listener, log, data.name(), baseline.indexBytes());
                }
                Confirmation c = confirm(db, log, sandbox, seed, current, m, s, start, currentReward);
                Variant winner = c.winner();
                boolean accepted = winner != null;
                if (accepted) {
                    current = current.with(m, db.source(winner.id()));
                    currentEval = winner.evaluation();
                    currentReward = c.reward();
                } else {
                    winner = start;
                }
                String kept = winner.id();
                winners.put(m.cliName(), kept);
                winnerRewards.put(m.cliName(), currentReward);
                log.append("stage-done", Map.of("module", m.cliName(), "stage", s, "winner", kept, "reward", currentReward));
            }
            if (!stopped) {
                stop = "completed";
            }
            Double heldOutReward = null, heldSeed = null, heldAuc = null, heldWork = null;
            if (cfg.confirmation().heldOut() && !stopped && current.equals(seed)) {
                listener.message("no stage accepted a variant: the final module set is the seed, so there is nothing to check on held-out queries");
            } else if (cfg.confirmation().heldOut() && !stopped) {
                listener.message("re-measuring the final module set against the seed on held-out queries");
                Dataset held = split.heldOut();
                if (cfg.evaluator().queries() != null) {
                    held = held.firstQueries(Math.max(1, Math.min(cfg.evaluator().queries(), held.nq())));
                }
                GroundTruth hgt = gtCache.getOrCompute(held, 10, Runtime.getRuntime().availableProcessors());
                Sandbox hs = new Sandbox(dir.path().resolve("heldout"), held, hgt, scfg);
                HeldOut h = measureHeldOut(log, hs, seed, current, scfg.band());
                heldOutReward = h.reward();
                heldSeed = h.seedAuc();
                heldAuc = h.finalAuc();
                heldWork = h.work();
                log.append("held-out", Map.of("seedAuc", String.valueOf(heldSeed), "finalAuc", String.valueOf(heldAuc),
                        "reward", String.valueOf(heldOutReward), "distanceWork", String.valueOf(heldWork)));
            }
            Result r = summarize(db, stop, winners, winnerRewards, currentReward, heldOutReward, heldSeed, heldAuc, heldWork);
            db.writeJson(dir.path().resolve("result.json"), r);
            log.append("campaign-end", Map.of("stop", stop, "evaluations", r.evaluations()));
            return r;
        } finally {
            log.close();
        }
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

    /** The outcome of a stage's re-measurement: the accepted variant and its confirmed reward, or no winner. */
    record Confirmation(Variant winner, double reward) {
    }

    /**
     * Guards against the winner's curse. The best of many single noisy measurements is biased
     * upwards, so before a stage moves on, its {@code confirmTop} best variants that beat the
     * stage's start on first measurement (plus one chosen by counted work, {@link #workFinalist})
     * are measured again, round after round. Each round measures the seed's instances
     * ({@code sandbox.seedInstances}), the current module set and every finalist still undecided in
     * one worker JVM, their timed runs taking turns ef by ef ({@link Sandbox#evaluateTogether}), so the
     * machine's speed is the same for all of them within a round; ratios are to the round's
     * fastest seed instance ({@link SharedWorker#fastestSeed}). From round {@code confirmRounds} on, each
     * finalist's paired gains over the current set are tested ({@link FinalistTest}, level
     * {@link #CONFIRM_ALPHA} shared among the finalists): accepted when its geometric-mean gain is
     * at least {@code 1 + minGain} and significantly above 1, dropped when it can no longer reach
     * {@code 1 + minGain}; rounds go on for the undecided up to {@code confirmMaxRounds}. The
     * accepted finalist with the highest gain wins; its confirmed reward is the geometric mean of
     * its ratios to the seed. Without finalists — or with {@code confirmTop = 0}, which trusts the
     * first measurement — nothing is re-measured.
     */
    Confirmation confirm(ProgramDatabase db, EventLog log, Sandbox sandbox, ModuleSources seed, ModuleSources current,
                                 ModuleKind m, int s, Variant start, double currentReward) {
        List<Variant> finalists = db.of(m).stream()
                .filter(v -> v.stage() == s && v.group() >= 0 && v.ok() && v.reward() > start.reward())
                .sorted(java.util.Comparator.comparingDouble(Variant::reward).reversed().thenComparing(Variant::id))
                .limit(Math.max(0, cfg.confirmation().top()))
                .toList();
        if (cfg.confirmation().top() == 0) {
            Optional<Variant> best = db.best(m, s).filter(v -> v.reward() > start.reward() && !v.id().equals(start.id()));
            return best.map(v -> new Confirmation(v, v.reward())).orElse(new Confirmation(null, currentReward));
        }
        WorkFinalist byWork = workFinalist(db, m, s, start, finalists);
        if (byWork != null) {
            Variant v = byWork.variant();
            finalists = new ArrayList<>(finalists);
            finalists.add(v);
            log.append("work-finalist", Map.of("module", m.cliName(), "stage", s, "variant", v.id(), "distanceWork", byWork.work(),
                    "firstReward", v.reward()));
            listener.message(String.format(Locale.ROOT, "%s: finalist %s added for its counted work: %.3f of the start's queries per distance"
                    + " (first timed reward %.3f)", m.cliName(), v.id(), byWork.work(), v.reward()));
        }
        if (finalists.isEmpty()) {
            return new Confirmation(null, currentReward);
        }
        int minRounds = cfg.confirmation().rounds();
        int maxRounds = cfg.confirmation().maxRounds(); // validated: at least minRounds
        int nf = finalists.size();
        // Each finalist at each look is tested at a fraction of CONFIRM_ALPHA, so the stage accepts a variant that is no
        // faster with a probability near CONFIRM_ALPHA, however many finalists and rounds it takes.
        double alpha = FinalistTest.perLookAlpha(CONFIRM_ALPHA, nf, minRounds, maxRounds);
        boolean seedIsCurrent = current.equals(seed);
        double[] currentRatios = new double[maxRounds];
        double[][] ratios = new double[nf][maxRounds];
        FinalistTest.Verdict[] verdicts = new FinalistTest.Verdict[nf];
        FinalistTest.Summary[] summaries = new FinalistTest.Summary[nf];
        String[] why = new String[nf];
        java.util.Arrays.fill(verdicts, FinalistTest.Verdict.CONTINUE);
        List<double[]> seedRounds = new ArrayList<>();
        int k = seedInstances();
        int n = 0; // rounds whose seed and current set both finished: the paired observations so far
        for (int r = 0; r < maxRounds && java.util.Arrays.asList(verdicts).contains(FinalistTest.Verdict.CONTINUE); r++) {
            // Slots 0..k-1 are the seed's instances, slot k the current set (skipped when it is the seed), then the
            // finalists still undecided; in the worker the instances are spread among the others (SharedWorker.spreadSeeds).
            List<ModuleSources> slots = new ArrayList<>(java.util.Collections.nCopies(k, seed));
            slots.add(seedIsCurrent ? null : current);
            for (int f = 0; f < nf; f++) {
                slots.add(verdicts[f] == FinalistTest.Verdict.CONTINUE ? current.with(m, db.source(finalists.get(f).id())) : null);
            }
            // Repetition numbers of their own, so each round is a fresh measurement that resume finds cached.
            int rep = 10_000 + s * 100 + r;
            double[] auc = measureRound(log, sandbox, slots, k, rep, r, m, s);
            // The fastest seed instance is the round's reference (see SharedWorker.fastestSeed). Measured apart, the instances
            // share one cached evaluation, so there the reference is simply the seed's.
            double seedAuc = 0;
            for (int i = 0; i < k; i++) {
                seedAuc = Math.max(seedAuc, auc[i]);
            }
            seedRounds.add(java.util.Arrays.copyOf(auc, k));
            for (int f = 0; f < nf; f++) {
                if (verdicts[f] == FinalistTest.Verdict.CONTINUE && auc[k + 1 + f] < 0) {
                    verdicts[f] = FinalistTest.Verdict.REJECT;
                    why[f] = "failed on re-measurement";
                }
            }
            double cur = seedIsCurrent ? (seedAuc > 0 ? 1.0 : 0) : seedAuc > 0 ? auc[k] / seedAuc : 0;
            if (!(cur > 0)) {
                // No reference this round (the seed or the current set failed): nothing to pair, the round is lost.
                log.append("confirmation-round-lost", Map.of("module", m.cliName(), "stage", s, "round", r));
                continue;
            }
            currentRatios[n] = cur;
            for (int f = 0; f < nf; f++) {
                if (verdicts[f] != FinalistTest.Verdict.CONTINUE) {
                    continue;
                }
                double ratio = auc[k + 1 + f] / seedAuc;
                ratios[f][n] = ratio;
                if (!(ratio > 0)) {
                    verdicts[f] = FinalistTest.Verdict.REJECT;
                    why[f] = "failed on re-measurement";
                }
            }
            n++;
            if (n < minRounds) {
                continue;
            }
            for (int f = 0; f < nf; f++) {
                if (verdicts[f] == FinalistTest.Verdict.CONTINUE) {
                    summaries[f] = FinalistTest.summarize(ratios[f], currentRatios, n, alpha);
                    verdicts[f] = FinalistTest.decide(summaries[f], cfg.confirmation().minGain());
                }
            }
        }
        Variant winner = null;
        double winnerGain = 1;
        double winnerReward = currentReward;
        List<Map<String, Object>> measured = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            Variant v = finalists.get(f);
            FinalistTest.Summary sum = summaries[f];
            int used = sum != null ? sum.n() : 0;
            String outcome = switch (verdicts[f]) {
                case ACCEPT -> "accepted";
                case REJECT -> why[f] != null ? why[f] : "not faster by " + Math.round(100 * cfg.confirmation().minGain()) + "%";
                case CONTINUE -> "undecided after " + n + " rounds";
            };
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("variant", v.id());
            row.put("firstReward", v.reward());
            row.put("ratios", java.util.Arrays.copyOf(ratios[f], used > 0 ? used : n));
            row.put("rounds", used);
            if (sum != null) {
                row.put("gain", sum.gain());
                row.put("lowerBound", sum.lower());
                row.put("upperBound", sum.upper());
            }
            row.put("verdict", outcome);
            measured.add(row);
            listener.message(sum == null
                    ? String.format(Locale.ROOT, "%s: finalist %s %s (first %.3f)", m.cliName(), v.id(), outcome, v.reward())
                    : String.format(Locale.ROOT, "%s: finalist %s re-measured in %d rounds at %.3f of the current set (geometric mean;"
                            + " one-sided lower bound %.3f at level %.4f) — %s (first %.3f)", m.cliName(), v.id(), used, sum.gain(),
                            sum.lower(), alpha, outcome, v.reward()));
            if (verdicts[f] == FinalistTest.Verdict.ACCEPT && sum.gain() > winnerGain) {
                winner = v;
                winnerGain = sum.gain();
                // The confirmed reward is relative to the seed: the geometric mean of the finalist's own ratios.
                double logSum = 0;
                for (int i = 0; i < used; i++) {
                    logSum += Math.log(ratios[f][i]);
                }
                winnerReward = Math.exp(logSum / used);
            }
        }
        log.append("winner-confirmation", Map.of("module", m.cliName(), "stage", s, "rounds", n, "currentRatios",
                java.util.Arrays.copyOf(currentRatios, n), "alpha", alpha, "finalists", measured,
                "accepted", winner == null ? "none" : winner.id(), "seedInstanceAucs", seedRounds));
        listener.message(winner == null
                ? String.format(Locale.ROOT, "%s: no finalist was shown to beat the current set by %.0f%% on re-measurement; the stage keeps %s",
                        m.cliName(), 100 * cfg.confirmation().minGain(), start.id())
                : String.format(Locale.ROOT, "%s: accepted %s (%.3f of the current set, %.3f of the seed)", m.cliName(), winner.id(),
                        winnerGain, winnerReward));
        return winner == null ? new Confirmation(null, currentReward) : new Confirmation(winner, winnerReward);
    }

    /** Family-wise level of the confirmation test: the chance that a stage accepts a variant that is no faster. */
    public static final double CONFIRM_ALPHA = 0.05;

    /**
     * One confirmation round: the AUC of each non-null slot (0 for a failure), measured in one
     * shared worker. The seed instances' AUCs are all 0 when the round yields no paired
     * observation — its seed instances disagreed beyond the bound on every attempt, or the shared
     * worker could not finish — and then a set that fails on its own gets -1: the sets are measured
     * apart only to pin a failure on the program that has it, never for a ratio.
     */
    private double[] measureRound(EventLog log, Sandbox sandbox, List<ModuleSources> slots, int k, int rep, int r, ModuleKind m, int s) {
        double[] auc = new double[slots.size()];
        // One worker measures the round's programs together, their timed runs taking turns ef by ef, the first turn rotating
        // from round to round, so a slow phase of the machine and the luck of where each index lands in memory do
        // not decide between them (measured here: the seed measured first in every round came out 8-10% slower than
        // code equivalent to it measured after it).
        Optional<SharedWorker.Paired> together = SharedWorker.measureStable(sandbox, slots, k, null, rep, r, stability());
        if (together.isPresent() && together.get().stable()) {
            noise.record(together.get().seedAucs());
            for (int slot = 0; slot < slots.size(); slot++) {
                Evaluation e = together.get().evaluations().get(slot);
                auc[slot] = e != null && e.status() == Status.OK ? e.auc() : 0;
            }
        } else if (together.isPresent()) {
            log.append("confirmation-round-unstable", Map.of("module", m.cliName(), "stage", s, "round", r,
                    "seedInstanceAucs", together.get().seedAucs(), "spreads", together.get().history()));
            listener.message(m.cliName() + ": confirmation round " + (r + 1) + " not counted, " + together.get().describe());
        } else {
            log.append("confirmation-apart", Map.of("module", m.cliName(), "stage", s, "round", r));
            for (int slot = k; slot < slots.size(); slot++) {
                ModuleSources set = slots.get(slot);
                if (set != null && sandbox.evaluateSet(set, rep).status() != Status.OK) {
                    auc[slot] = -1;
                }
            }
        }
        return auc;
    }

    /**
     * One extra finalist chosen by counted work instead of time: the stage's variant with the
     * highest {@link io.crinn4j.sandbox.DistanceWork} ratio to the stage's start, if that ratio
     * reaches {@code 1 + minGain} and the variant is not a finalist already; null otherwise.
     *
     * <p>Why: a single timed measurement here is ±5%, so a real 5% gain can rank anywhere among a
     * stage's first rewards (measured: {@code UPPER_M 16→8}, 5% fewer distances at the same
     * recall, scored 1.019, 0.976 and 1.000 in single measurements and 1.06 in three one-worker
     * pairs), while the distances a deterministic index computes are the same in every run.
     * The extra finalist is still accepted only on timed re-measurement, like the others.
     */
    private WorkFinalist workFinalist(ProgramDatabase db, ModuleKind m, int s, Variant start, List<Variant> finalists) {
        if (start.evaluation() == null) {
            return null;
        }
        RecallBand band = cfg.sandboxConfig().band();
        Variant best = null;
        double bestWork = 1 + cfg.confirmation().minGain();
        for (Variant v : db.of(m)) {
            if (v.stage() != s || v.group() < 0 || !v.ok() || v.evaluation() == null || finalists.contains(v)) {
                continue;
            }
            Double w = io.crinn4j.sandbox.DistanceWork.ratio(v.evaluation(), start.evaluation(), band);
            if (w != null && (w > bestWork || w == bestWork && best == null)) {
                best = v;
                bestWork = w;
            }
        }
        return best == null ? null : new WorkFinalist(best, bestWork);
    }

    /** The work finalist and its distance-work ratio to the stage's start. */
    private record WorkFinalist(Variant variant, double work) {
    }

    /**
     * Limits scaled to the seed's measured times (the configured ones stay upper bounds): a
     * candidate five times slower than the seed at building or sweeping has failed anyway, and
     * should cost the campaign seconds, not the default ten minutes.
     */
    static void adaptTimeouts(Sandbox sandbox, Evaluation seed, SandboxConfig scfg, int sets) {
        double build = seed.buildSeconds() == null ? 0 : seed.buildSeconds();
        // The seed's worker swept `sets` instances, taking turns: one set's sweep is its share of the worker.
        double sweep = Math.max(1, (seed.wallSeconds() - build) / Math.max(1, sets));
        Duration b = Duration.ofSeconds((long) Math.ceil(Math.max(30, 5 * build + 10)));
        Duration sw = Duration.ofSeconds((long) Math.ceil(Math.max(60, 5 * sweep + 30)));
        sandbox.setTimeouts(b.compareTo(scfg.buildTimeout()) < 0 ? b : scfg.buildTimeout(),
                sw.compareTo(scfg.sweepTimeout()) < 0 ? sw : scfg.sweepTimeout());
    }

    /**
     * The campaign's reference at the start: {@code instances} instances of the seed measured in one
     * worker, the fastest kept, their spread the first estimate of this machine's paired noise
     * ({@link NoiseMonitor}). Falls back to a worker of its own when the shared one cannot finish.
     */
    private Evaluation measureBaseline(EventLog log, Sandbox sandbox, ModuleSources seed, int instances) {
        Optional<SharedWorker.Paired> p = SharedWorker.measureStable(sandbox, java.util.Collections.nCopies(instances, seed), instances, null,
                0, 0, stability());
        Evaluation b;
        if (p.isPresent()) {
            noise.record(p.get().seedAucs());
            log.append("seed-instances", Map.of("where", "baseline", "aucs", p.get().seedAucs(), "spread", p.get().spread(),
                    "attempts", p.get().attempts(), "stable", p.get().stable()));
            b = p.get().seed();
        } else {
            b = sandbox.evaluateSet(seed, 0);
        }
        if (b.status() != Status.OK || !(b.auc() > 0)) {
            throw new IllegalStateException("the seed failed to evaluate: " + b.status() + ": " + b.feedback());
        }
        return b;
    }

    /** The campaign's rule for when a shared worker's measurement counts. */
    private SharedWorker.Stability stability() {
        return SharedWorker.Stability.of(cfg.evaluator());
    }

    private void runGroup(ProgramDatabase db, EventLog log, Sandbox sandbox, ModuleSources seed, ModuleSources current, ModuleKind m, int s, int g) {
        String gid = groupId(m, s, g);
        List<Variant> pool = db.of(m).stream().filter(v -> v.stage() == s).toList();
        SplittableRandom rnd = new SplittableRandom(mix(cfg.seed(), s, g));
        List<Exemplar> candidates = new ArrayList<>();
        List<Exemplar> failed = new ArrayList<>();
        for (Variant v : pool) {
            Exemplar e = exemplar(db, v);
            if (v.ok()) {
                candidates.add(e);
            } else if (e.source() != null) {
                failed.add(e);
            }
        }
        List<Exemplar> shown = sampler.sample(candidates, cfg.sampling().exemplars(), rnd);
        Exemplar best = shown.get(0);
        Exemplar bestParent = db.get(best.id()).flatMap(v -> v.parents().isEmpty() ? Optional.empty() : db.get(v.parents().get(0)))
                .map(v -> exemplar(db, v)).orElse(null);
        List<Exemplar> recentFailures = ExemplarSampler.failures(failed, 3);
        String prompt = prompts.build(m, shown, bestParent, recentFailures);
        db.savePrompt(gid, prompt);
        List<String> parents = shown.stream().map(Exemplar::id).toList();
        log.append("prompt", Map.of("group", gid, "module", m.cliName(), "exemplars", parents, "chars", prompt.length()));

        int G = cfg.sampling().group();
        String parentSource = db.source(best.id());
        // Code measured earlier in this stage, for a proposer that can avoid repeating it. This group's own
        // variants are left out, so a group resumed halfway gets the request it had before the kill.
        Map<String, String> known = knownCode(db, m, s);
        java.util.Set<String> earlier = new java.util.HashSet<>();
        known.forEach((hash, id) -> {
            if (!id.startsWith(gid + "-")) {
                earlier.add(hash);
            }
        });
        PromptRequest request = new PromptRequest(m, prompt, best, shown, mix(cfg.seed(), s, g) ^ 0x9E3779B97F4A7C15L, earlier);
        collectAndEvaluate(db, log, sandbox, seed, current, m, s, g, gid, request, parents, parentSource, known);
        List<Variant> group = new ArrayList<>();
        for (int i = 0; i < G; i++) {
            group.add(db.get(gid + "-" + i).orElseThrow());
        }
        double[] rewards = group.stream().mapToDouble(Variant::reward).toArray();
        // An unstable measurement is no score: it stays out of the group's mean and spread, and its advantage is 0.
        double[] scored = group.stream().filter(v -> !v.unstable()).mapToDouble(Variant::reward).toArray();
        double mean = 0;
        for (double r : scored) {
            mean += r;
        }
        mean = scored.length > 0 ? mean / scored.length : 0;
        double var = 0;
        for (double r : scored) {
            var += (r - mean) * (r - mean);
        }
        double std = scored.length > 0 ? Math.sqrt(var / scored.length) : 0;
        List<Double> adv = new ArrayList<>();
        for (Variant v : group) {
            double a = std > 1e-12 && !v.unstable() ? (v.reward() - mean) / std : 0.0;
            adv.add(a);
            db.update(v.withAdvantage(a));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("group", gid);
        summary.put("module", m.cliName());
        summary.put("exemplars", parents);
        summary.put("variants", group.stream().map(Variant::id).toList());
        summary.put("rewards", rewards);
        summary.put("mean", mean);
        summary.put("std", std);
        summary.put("advantages", adv);
        db.completeGroup(gid, summary);
        log.append("group", summary);
    }

    /** What the campaign thread waits for while a group is in flight. */
    private sealed interface GroupEvent permits ReplyReady, Evaluated, Failed {
    }

    private record ReplyReady(int index, Reply reply, boolean fresh) implements GroupEvent {
    }

    private record Evaluated(int index, Reply reply, ParsedReply parsed, Evaluation evaluation) implements GroupEvent {
    }

    private record Failed(RuntimeException error) implements GroupEvent {
    }

    /**
     * Gets the group's replies and evaluates them. Replies saved by an earlier session are reused;
     * the missing ones come from the proposer, streamed: with {@code overlapProposals} the first
     * reply is checked, compiled and measured while the proposer is still producing the next (an
     * LLM call and an evaluation both take seconds), otherwise the whole group is collected first.
     * At most {@code parallelism} evaluations run at once. All bookkeeping — saving replies,
     * recording variants, the event log, progress — stays on this thread, so the files are written
     * in one order whatever the threads do; variants are named by their index in the group, so
     * which one finishes first changes nothing in the result. {@code known} is the stage's code
     * (from {@link #knownCode}); each reply's code is added, so a later twin in the group is a duplicate.
     */
    private void collectAndEvaluate(ProgramDatabase db, EventLog log, Sandbox sandbox, ModuleSources seed, ModuleSources current, ModuleKind m,
                                    int s, int g, String gid, PromptRequest request, List<String> parents, String parentSource,
                                    Map<String, String> known) {
        int G = cfg.sampling().group();
        Reply[] replies = db.savedReplies(gid, G);
        boolean[] done = new boolean[G];
        int remaining = 0;
        for (int i = 0; i < G; i++) {
            done[i] = db.get(gid + "-" + i).isPresent();
            remaining += done[i] ? 0 : 1;
        }
        if (remaining == 0) {
            return;
        }
        java.util.concurrent.BlockingQueue<GroupEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
        boolean missing = false;
        for (int i = 0; i < G; i++) {
            if (replies[i] == null) {
                missing = true;
            } else if (!done[i]) {
                events.add(new ReplyReady(i, replies[i], false));
            }
        }
        java.util.concurrent.ExecutorService evaluators = java.util.concurrent.Executors.newFixedThreadPool(cfg.evaluator().parallelism(),
                daemon("crinn-evaluate"));
        Thread proposing = null;
        if (missing) {
            boolean[] wanted = new boolean[G];
            for (int i = 0; i < G; i++) {
                wanted[i] = replies[i] == null;
            }
            // With overlap every reply goes to the campaign thread at once; without, the group is held back and
            // released in index order when the proposer is done, so no evaluation runs beside it.
            ReplyReady[] held = new ReplyReady[G];
            java.util.function.Consumer<ReplyReady> deliver = cfg.evaluator().overlapProposals() ? events::add : rr -> held[rr.index()] = rr;
            proposing = daemon("crinn-propose").newThread(() -> {
                try {
                    boolean[] seen = new boolean[G];
                    // Proposers may call the sink from several threads at once (one per LLM call in flight).
                    proposer.propose(request, G, (i, r) -> {
                        synchronized (seen) {
                            if (i < 0 || i >= G || seen[i]) {
                                return;
                            }
                            seen[i] = true;
                            if (wanted[i]) {
                                deliver.accept(new ReplyReady(i, r != null ? r : Reply.failed(proposer.name(),
                                        "the proposer returned no reply " + i, 0), true));
                            }
                        }
                    });
                    synchronized (seen) {
                        for (int i = 0; i < G; i++) {
                            if (wanted[i] && !seen[i]) {
                                deliver.accept(new ReplyReady(i, Reply.failed(proposer.name(),
                                        "the proposer returned no reply for index " + i + " of " + G, 0), true));
                            }
                        }
                        for (ReplyReady rr : held) {
                            if (rr != null) {
                                events.add(rr);
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    events.add(new Failed(e));
                }
            });
            proposing.start();
        }
        RuntimeException failure = null;
        int inFlight = 0;
        // groupTogether: replies that passed their checks wait here until the rest of the group is recorded.
        List<Evaluated> waiting = new ArrayList<>();
        try {
            while (remaining > 0 || inFlight > 0) {
                if (failure == null && !waiting.isEmpty() && waiting.size() == remaining && inFlight == 0) {
                    List<Evaluated> measured = measureGroupTogether(log, sandbox, seed, current, m, s, g, gid, waiting);
                    if (measured != null) {
                        for (Evaluated ed : measured) {
                            record(db, log, m, s, g, ed.index(), gid, ed.reply(), ed.parsed(), ed.evaluation(), parents, null);
                            done[ed.index()] = true;
                            remaining--;
                        }
                    } else {
                        for (Evaluated w : waiting) {
                            inFlight++;
                            measurePaired(evaluators, events, sandbox, seed, current, m, s, g, w.index(), w.reply(), w.parsed());
                        }
                    }
                    waiting.clear();
                    continue;
                }
                GroupEvent ev;
                try {
                    ev = events.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("campaign interrupted");
                }
                if (ev instanceof Failed f) {
                    // Stop asking for more, but let measurements already running finish and be recorded.
                    failure = failure == null ? f.error() : failure;
                    remaining = 0;
                } else if (ev instanceof ReplyReady rr) {
                    if (failure != null || done[rr.index()]) {
                        continue;
                    }
                    Reply reply = rr.reply();
                    if (rr.fresh()) {
                        db.saveReply(gid, rr.index(), reply);
                        log.append("reply", Map.of("group", gid, "index", rr.index(), "source", reply.source(), "inputTokens", reply.inputTokens(),
                                "outputTokens", reply.outputTokens(), "costUsd", reply.costUsd(), "error", String.valueOf(reply.error())));
                    }
                    ParsedReply parsed = reply.failed() ? null : ReplyParser.parse(reply.text(), parentSource);
                    if (parsed == null || parsed.source() == null) {
                        record(db, log, m, s, g, rr.index(), gid, reply, parsed, null, parents, null);
                        done[rr.index()] = true;
                        remaining--;
                        continue;
                    }
                    String vid = gid + "-" + rr.index();
                    String twin = known.putIfAbsent(io.crinn4j.sandbox.check.SourceNormalizer.hash(parsed.source()), vid);
                    if (twin != null) {
                        // The same program (after normalization) as a variant this stage already has: measuring it
                        // again would only add a fresh draw of timing noise, which is how such twins used to "win".
                        record(db, log, m, s, g, rr.index(), gid, reply, parsed, null, parents, twin);
                        done[rr.index()] = true;
                        remaining--;
                        continue;
                    }
                    if (cfg.evaluator().groupTogether()) {
                        Evaluation rejected = sandbox.rejectBeforeRunning(m, parsed.source(), current);
                        if (rejected != null) {
                            record(db, log, m, s, g, rr.index(), gid, reply, parsed, rejected, parents, null);
                            done[rr.index()] = true;
                            remaining--;
                        } else {
                            waiting.add(new Evaluated(rr.index(), reply, parsed, null));
                        }
                        continue;
                    }
                    inFlight++;
                    measurePaired(evaluators, events, sandbox, seed, current, m, s, g, rr.index(), reply, parsed);
                } else if (ev instanceof Evaluated ed) {
                    inFlight--;
                    if (ed.evaluation() == null) {
                        continue;
                    }
                    if (ed.evaluation().status() == Status.HARNESS_FAILURE) {
                        failure = failure == null ? new IllegalStateException("the sandbox harness failed before any candidate code ran ("
                                + (ed.evaluation().feedback() == null ? "no detail" : ed.evaluation().feedback().lines().findFirst().orElse(""))
                                + "); nothing was recorded for " + gid + "-" + ed.index()
                                + "; fix the cause and continue with crinn resume " + dir.path()) : failure;
                        remaining = 0;
                        continue;
                    }
                    record(db, log, m, s, g, ed.index(), gid, ed.reply(), ed.parsed(), ed.evaluation(), parents, null);
                    done[ed.index()] = true;
                    remaining--;
                }
            }
        } finally {
            evaluators.shutdownNow();
        }
        if (failure != null) {
            throw failure;
        }
        if (proposing != null) {
            try {
                proposing.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Measures one candidate on an evaluator thread, with the seed's instances beside it in one
     * worker ({@link #pairedCandidate}); the result comes back as an event.
     */
    private void measurePaired(java.util.concurrent.ExecutorService evaluators, java.util.concurrent.BlockingQueue<GroupEvent> events,
                               Sandbox sandbox, ModuleSources seed, ModuleSources current, ModuleKind m, int s, int g, int index,
                               Reply reply, ParsedReply parsed) {
        evaluators.execute(() -> {
            try {
                events.add(new Evaluated(index, reply, parsed, pairedCandidate(sandbox, seed, current, m, s, g, index, parsed.source())));
            } catch (RuntimeException e) {
                events.add(new Failed(e));
                events.add(new Evaluated(index, reply, parsed, null));
            }
        });
    }

    /**
     * One candidate measured with {@code seedInstances} instances of the seed in one worker, their
     * timed runs taking turns ef by ef, its reward relative to that worker's fastest instance; the
     * worker is measured again while the instances disagree beyond the campaign's bound, and the
     * verdict is {@code UNSTABLE} when they still do ({@link SharedWorker#measureCandidate}). Why: a
     * candidate measured in a worker of its own against a seed measured minutes before got the
     * machine's drift as its reward (the seed's AUC read 6,514, 7,676 and 9,190 within 15 minutes
     * of one campaign). Safe on several threads: nothing here touches the sandbox's baseline. When
     * the shared worker fails in a way no set can be blamed for, the candidate is measured alone,
     * only to find out whether the failure is its own.
     */
    private Evaluation pairedCandidate(Sandbox sandbox, ModuleSources seed, ModuleSources current, ModuleKind m, int s, int g, int index,
                                       String source) {
        SharedWorker.Candidate c = SharedWorker.measureCandidate(sandbox, seed, current, m, source, seedInstances(), 40_000 + s * 1000 + g,
                index, stability());
        if (c.paired() != null) {
            noise.record(c.paired().seedAucs());
        }
        return c.verdict();
    }

    /**
     * groupTogether: measures the waiting candidates with the seed in one worker, their timed
     * runs taking turns ef by ef, and makes that seed measurement the reference for their rewards and
     * budgets. A candidate that threw or ran out of time in the shared worker comes back with
     * that verdict (the sandbox measured the others again without it). Null when the failure
     * could not be pinned on a candidate (the shared heap exhausted, a JVM crash, the seed): the
     * caller then measures them apart, against a fresh separate measurement of the seed.
     */
    private List<Evaluated> measureGroupTogether(EventLog log, Sandbox sandbox, ModuleSources seed, ModuleSources current, ModuleKind m,
                                                 int s, int g, String gid, List<Evaluated> waiting) {
        List<Evaluated> ordered = new ArrayList<>(waiting);
        ordered.sort(java.util.Comparator.comparingInt(Evaluated::index));
        int k = seedInstances();
        // Logical slots: the seed's instances 0..k-1, then the candidates; the worker gets them in SharedWorker.spreadSeeds order.
        List<ModuleSources> slots = new ArrayList<>(java.util.Collections.nCopies(k, seed));
        for (Evaluated w : ordered) {
            slots.add(current.with(m, w.parsed().source()));
        }
        int repetition = 20_000 + s * 1000 + g;
        listener.message(String.format(Locale.ROOT, "%s: measuring %d candidate%s with %s in one worker", gid, ordered.size(),
                ordered.size() == 1 ? "" : "s", k == 1 ? "the seed" : k + " instances of the seed"));
        Optional<SharedWorker.Paired> got = SharedWorker.measureStable(sandbox, slots, k, m, repetition, g, stability());
        if (got.isEmpty()) {
            log.append("group-apart", Map.of("group", gid, "candidates", ordered.size()));
            listener.message(gid + ": the shared worker did not finish; measuring each candidate beside the seed in a worker of its own");
            return null;
        }
        SharedWorker.Paired p = got.get();
        noise.record(p.seedAucs());
        Evaluation seedEval = p.seed();
        log.append("seed-remeasured", Map.of("group", gid, "auc", seedEval.auc(), "buildSeconds", seedEval.buildSeconds(),
                "cached", seedEval.cached(), "together", true, "instanceAucs", p.seedAucs(), "spread", p.spread(),
                "attempts", p.attempts(), "stable", p.stable()));
        if (!p.stable()) {
            listener.message(gid + ": not scored, " + p.describe());
        }
        List<Evaluated> out = new ArrayList<>();
        for (int j = 0; j < ordered.size(); j++) {
            Evaluated w = ordered.get(j);
            out.add(new Evaluated(w.index(), w.reply(), w.parsed(), SharedWorker.verdict(p, j + k)));
        }
        return out;
    }

    /** The held-out check's outcome: median ratio, median AUCs of the reference seed and of the final set, counted work ratio; nulls when nothing finished. */
    record HeldOut(Double reward, Double seedAuc, Double finalAuc, Double work) {
    }

    /**
     * Measures the final module set against the seed on the held-out queries ({@code hs}) in
     * {@link #HELD_OUT_PAIRS} rounds and takes the medians.
     */
    HeldOut measureHeldOut(EventLog log, Sandbox hs, ModuleSources seed, ModuleSources current, io.crinn4j.reward.RecallBand band) {
        Double heldOutReward = null, heldSeed = null, heldAuc = null, heldWork = null;
        // Four rounds and the median ratio: one disturbed measurement must not decide the verdict. An even
        // number puts each side first equally often, since whichever program ran first in a pair of separate
        // workers was measured up to 10% slower here (three pairs favoured the final set, measured second twice).
        // With seedInstances > 1 a round is one shared worker; with 1 (campaigns saved before), a pair apart, as they were measured.
        double[] ratios = new double[HELD_OUT_PAIRS];
        double[] seedAucs = new double[HELD_OUT_PAIRS];
        double[] finalAucs = new double[HELD_OUT_PAIRS];
        int good = 0;
        int k = seedInstances();
        for (int i = 0; i < ratios.length; i++) {
            Evaluation hseed = null;
            Evaluation hfinal = null;
            if (k > 1) {
                // One worker per round: the seed's instances and the final set, their runs taking turns ef by ef, the
                // first turn rotating; the fastest instance is the reference (SharedWorker.fastestSeed).
                List<ModuleSources> slots = new ArrayList<>(java.util.Collections.nCopies(k, seed));
                slots.add(current);
                Optional<SharedWorker.Paired> together = SharedWorker.measureStable(hs, slots, k, null, i, i, stability());
                if (together.isPresent() && together.get().stable()) {
                    noise.record(together.get().seedAucs());
                    hseed = together.get().seed();
                    hfinal = together.get().evaluations().get(k);
                } else {
                    // No paired observation this round (the seed's instances disagreed on every attempt, or the worker
                    // failed): the round is lost rather than replaced by a pair measured apart.
                    log.append("held-out-round-lost", Map.of("round", i, "reason", together.map(SharedWorker.Paired::describe)
                            .orElse("the shared worker did not finish")));
                    continue;
                }
            }
            if (hseed == null) {
                // Apart, alternating order: the seed first in pairs 0 and 2, the final set first in pairs 1 and 3.
                if (seedFirstInHeldOutPair(i)) {
                    hseed = hs.evaluateSet(seed, i);
                    hfinal = hs.evaluateSet(current, i);
                } else {
                    hfinal = hs.evaluateSet(current, i);
                    hseed = hs.evaluateSet(seed, i);
                }
            }
            if (hseed.status() == Status.OK && hfinal.status() == Status.OK && hseed.auc() > 0) {
                seedAucs[good] = hseed.auc();
                finalAucs[good] = hfinal.auc();
                ratios[good] = hfinal.auc() / hseed.auc();
                good++;
                if (heldWork == null) {
                    // Counted, not timed: every pair gives the same value, so the first is enough.
                    heldWork = io.crinn4j.sandbox.DistanceWork.ratio(hfinal, hseed, band);
                }
            }
        }
        if (good > 0) {
            heldSeed = io.crinn4j.reward.Stats.median(java.util.Arrays.copyOf(seedAucs, good));
            heldAuc = io.crinn4j.reward.Stats.median(java.util.Arrays.copyOf(finalAucs, good));
            heldOutReward = io.crinn4j.reward.Stats.median(java.util.Arrays.copyOf(ratios, good));
        }
        return new HeldOut(heldOutReward, heldSeed, heldAuc, heldWork);
    }

    /** Seed instances measured in each shared worker (1 for campaigns saved before the setting existed). */
    private int seedInstances() {
        return cfg.evaluator().seedInstances();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Normalized source hash → variant id, for every variant of this module and stage that has
     * code (the start included), so a reply that merely reproduces one of them is recognised.
     */
    private Map<String, String> knownCode(ProgramDatabase db, ModuleKind m, int s) {
        Map<String, String> known = new java.util.HashMap<>();
        for (Variant v : db.of(m)) {
            if (v.stage() == s) {
                // A variant's code never changes, so each is parsed and hashed once per session, not once per group.
                String h = codeHashes.computeIfAbsent(v.id(), id -> {
                    try {
                        String src = db.source(id);
                        return src == null ? "" : io.crinn4j.sandbox.check.SourceNormalizer.hash(src);
                    } catch (RuntimeException e) {
                        return ""; // a variant without code (no code block, proposer error) cannot be reproduced
                    }
                });
                if (!h.isEmpty()) {
                    known.putIfAbsent(h, v.id());
                }
            }
        }
        return known;
    }

    /** Stores one finished variant (measured, rejected before measuring, or a duplicate of {@code twin}) and reports progress. */
    private void record(ProgramDatabase db, EventLog log, ModuleKind m, int s, int g, int i, String gid, Reply reply, ParsedReply parsed,
                        Evaluation e, List<String> parents, String twin) {
        String vid = gid + "-" + i;
        Variant v = twin != null ? duplicateOf(db, m, s, g, i, vid, reply, parsed, parents, twin)
                : variantOf(db, m, s, g, i, vid, reply, parsed, e, parents);
        log.append("evaluation", Map.of("variant", vid, "status", v.status(), "reward", v.reward(), "auc", String.valueOf(v.auc())));
        int used = (int) db.all().stream().filter(x -> x.group() >= 0).count();
        int failures = (int) db.all().stream().filter(x -> x.group() >= 0 && x.failed()).count();
        int duplicates = (int) db.all().stream().filter(x -> x.group() >= 0 && x.duplicate()).count();
        double bestReward = db.all().stream().filter(Variant::ok).mapToDouble(Variant::reward).max().orElse(1.0);
        listener.evaluated(v, used, cfg.budget().evaluations(), failures, duplicates, bestReward);
    }

    /**
     * A reply whose code is, after normalization, that of an existing variant: not measured, status
     * {@code DUPLICATE}, feedback naming the twin (a model is told it repeated itself), and the
     * twin's reward — for a twin that was measured — so GRPO advantages treat it like that program;
     * a duplicate of a failed or unmeasured variant gets the failure penalty.
     */
    private Variant duplicateOf(ProgramDatabase db, ModuleKind m, int s, int g, int i, String vid, Reply reply, ParsedReply parsed,
                                List<String> parents, String twin) {
        Optional<Variant> t = db.get(twin);
        double reward = t.filter(Variant::ok).map(Variant::reward).orElse(cfg.reward().failurePenalty());
        Variant v = new Variant(vid, m, s, g, i, parents, reply.source(), "DUPLICATE",
                "the same code (after normalizing formatting and comments) as " + twin + ", which was already "
                        + (t.isPresent() ? "evaluated" : "proposed in this group") + "; propose a different change",
                reward, 0, null, null, null, reply.inputTokens(), reply.outputTokens(), reply.costUsd(), null, null);
        db.add(v, parsed.source(), reply.text());
        return v;
    }

    private Variant variantOf(ProgramDatabase db, ModuleKind m, int s, int g, int i, String vid, Reply reply, ParsedReply parsed,
                              Evaluation e, List<String> parents) {
        double penalty = cfg.reward().failurePenalty();
        if (reply.failed()) {
            Variant v = new Variant(vid, m, s, g, i, parents, reply.source(), "PROPOSER_ERROR", reply.error(), penalty, 0, null, null, null,
                    reply.inputTokens(), reply.outputTokens(), reply.costUsd(), null, null);
            db.add(v, null, null);
            return v;
        }
        if (parsed.source() == null) {
            Variant v = new Variant(vid, m, s, g, i, parents, reply.source(), parsed.kind().name(), parsed.reason(), penalty, 0, null, null,
                    null, reply.inputTokens(), reply.outputTokens(), reply.costUsd(), null, null);
            db.add(v, null, reply.text());
            return v;
        }
        boolean ok = e.status() == Status.OK;
        Variant v = new Variant(vid, m, s, g, i, parents, reply.source(), e.status().name(), e.feedback(),
                ok && e.reward() != null ? e.reward() : penalty, 0, ok ? e.auc() : null, e.buildSeconds(), e.indexBytes(),
                reply.inputTokens(), reply.outputTokens(), reply.costUsd(), e.sourceHash(), e);
        db.add(v, parsed.source(), reply.text());
        return v;
    }

    private Variant startVariant(ProgramDatabase db, ModuleKind m, int s, ModuleSources current, Evaluation currentEval, double reward) {
        String id = m.cliName() + "-s" + s + "-start";
        Optional<Variant> have = db.get(id);
        if (have.isPresent()) {
            return have.get();
        }
        Variant v = new Variant(id, m, s, -1, 0, List.of(), "start", "OK", null, reward, 0, currentEval.auc(),
                currentEval.buildSeconds(), currentEval.indexBytes(), 0, 0, 0, currentEval.sourceHash(), currentEval);
        db.add(v, current.get(m), null);
        return v;
    }

    private Exemplar exemplar(ProgramDatabase db, Variant v) {
        String src = null;
        try {
            src = db.source(v.id());
        } catch (RuntimeException e) {
            // variants that never produced code (no code block, proposer error) have no source
        }
        List<double[]> pts = new ArrayList<>();
        if (v.evaluation() != null && v.evaluation().points() != null) {
            for (Evaluation.Point p : v.evaluation().points()) {
                if (p.recall() >= 0.8 && p.recall() <= 0.99 && pts.size() < 6) {
                    pts.add(new double[] {p.recall(), p.qps()});
                }
            }
        }
        return new Exemplar(v.id(), src, v.status(), v.ok() ? v.reward() : null, v.auc(), pts, v.feedback());
    }

    private String overBudget(ProgramDatabase db) {
        List<Variant> made = db.all().stream().filter(v -> v.group() >= 0).toList();
        if (made.size() + cfg.sampling().group() > cfg.budget().evaluations()) {
            return "evaluation budget spent (" + made.size() + " of " + cfg.budget().evaluations() + ")";
        }
        long tokens = made.stream().mapToLong(v -> v.inputTokens() + v.outputTokens()).sum();
        if (cfg.budget().maxTokens() > 0 && tokens >= cfg.budget().maxTokens()) {
            return "token budget spent (" + tokens + " of " + cfg.budget().maxTokens() + ")";
        }
        double dollars = made.stream().mapToDouble(Variant::costUsd).sum();
        if (cfg.budget().maxDollars() > 0 && dollars >= cfg.budget().maxDollars()) {
            return String.format(Locale.ROOT, "cost budget spent ($%.4f of $%.2f)", dollars, cfg.budget().maxDollars());
        }
        double minutes = dir.elapsedBefore() / 60.0 + (System.nanoTime() - startNanos) / 6e10;
        if (cfg.budget().wallClockMinutes() > 0 && minutes >= cfg.budget().wallClockMinutes()) {
            return String.format(Locale.ROOT, "wall-clock budget spent (%.1f of %.1f min)", minutes, cfg.budget().wallClockMinutes());
        }
        dir.saveElapsed(dir.elapsedBefore() + (System.nanoTime() - startNanos) / 1e9);
        return null;
    }

    private Result summarize(ProgramDatabase db, String stop, Map<String, String> winners, Map<String, Double> winnerRewards,
                             double finalReward, Double heldOut, Double heldSeed, Double heldAuc, Double heldWork) {
        List<Variant> made = db.all().stream().filter(v -> v.group() >= 0).toList();
        int failures = (int) made.stream().filter(Variant::failed).count();
        int duplicates = (int) made.stream().filter(Variant::duplicate).count();
        int unstable = (int) made.stream().filter(Variant::unstable).count();
        return new Result(cfg.name(), stop, made.size(), failures, duplicates, made.stream().mapToLong(Variant::inputTokens).sum(),
                made.stream().mapToLong(Variant::outputTokens).sum(), made.stream().mapToDouble(Variant::costUsd).sum(),
                winners, winnerRewards, finalReward, heldOut, heldSeed, heldAuc, heldWork, unstable);
    }

    static ModuleSources seedSources() {
        return new ModuleSources(GlassBaseline.sources());
    }

    static String groupId(ModuleKind m, int s, int g) {
        return String.format(Locale.ROOT, "%s-s%d-g%03d", m.cliName(), s, g);
    }

    /** SplitMix64-style mixing: independent, reproducible streams per (seed, stage, group). */
    static long mix(long seed, int stage, int group) {
        long z = seed + 0x9E3779B97F4A7C15L * (1 + stage * 1_000_003L + group);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
