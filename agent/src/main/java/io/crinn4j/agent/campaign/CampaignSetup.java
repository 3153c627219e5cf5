package io.crinn4j.agent.campaign;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.measure.Referee;
import io.crinn4j.agent.measure.SharedWorker;
import io.crinn4j.agent.prompt.Workload;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.Evaluator;
import io.crinn4j.sandbox.MeasurementKey;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.QuerySplit;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.sandbox.Status;
import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.seed.glass.GlassBaseline;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a campaign needs before its first group, in order: (1) the dataset split into
 * campaign and held-out queries, (2) exact ground truth for the campaign's queries, (3) the
 * evaluator on them, (4) the seed measured as several instances in one worker — the first
 * estimate of this machine's paired noise and the AUC the stage starts from — and (5) the
 * evaluator's time limits scaled to the seed's measured times.
 */
final class CampaignSetup {

    /**
     * A campaign ready to run.
     *
     * @param split     campaign and held-out query sets
     * @param data      the campaign's query set (limited to {@code sandbox.queries} when set)
     * @param evaluator measures on {@code data}
     * @param baseline  the seed's reference instance, reward 1
     */
    record Ready(QuerySplit.Split split, Dataset data, SandboxConfig sandboxConfig, Evaluator evaluator, Evaluation baseline) {
    }

    private final CampaignDir dir;
    private final CampaignConfig cfg;
    private final Function<String, Dataset> datasets;
    private final GroundTruthCache gtCache;
    private final Evaluators evaluators;
    private final Campaign.Listener listener;

    CampaignSetup(CampaignDir dir, Function<String, Dataset> datasets, GroundTruthCache gtCache, Evaluators evaluators,
                  Campaign.Listener listener) {
        this.dir = dir;
        this.cfg = dir.config();
        this.datasets = datasets;
        this.gtCache = gtCache;
        this.evaluators = evaluators;
        this.listener = listener;
    }

    Ready prepare(EventLog log, Referee referee, NoiseMonitor noise) {
        // 1. Queries: the dataset's own split in halves, plus base vectors moved out of the index where the campaign half is small.
        Dataset all = datasets.apply(cfg.dataset());
        QuerySplit.Split split = cfg.querySplit(all);
        Dataset data = split.campaign();
        if (split.extraQueries() > 0) {
            listener.message(String.format(Locale.ROOT, "%s has %d campaign queries: %d base vectors moved out of the index into the campaign's "
                    + "query set (%d queries, base %d; held-out: the dataset's own %d queries%s; --extra-queries 0 turns this off)",
                    all.name(), QuerySplit.campaign(all).nq(), split.extraQueries(), data.nq(), data.n(), QuerySplit.heldOut(all).nq(),
                    split.heldOutExtraQueries() > 0 ? " plus " + split.heldOutExtraQueries() + " further base vectors" : " only"));
        }
        log.append("queries", Map.of("campaign", data.nq(), "heldOut", split.heldOut().nq(), "extraFromBase", split.extraQueries(),
                "heldOutExtraFromBase", split.heldOutExtraQueries(), "base", data.n()));
        data = cfg.limitQueries(data);
        // 2. Ground truth, cached by content hash; it never leaves this JVM.
        listener.message("ground truth for " + data.nq() + " campaign queries of " + data.name());
        GroundTruth gt = gtCache.getOrCompute(data, 10, Runtime.getRuntime().availableProcessors());
        // 3. The evaluator.
        SandboxConfig scfg = cfg.sandboxConfig();
        Evaluator evaluator = evaluators.open(dir.path().resolve("sandbox"), data, gt, scfg);
        // 4. The seed, several instances in one worker.
        int probe = Math.max(NoiseMonitor.PROBE_INSTANCES, cfg.evaluator().seedInstances());
        listener.message("measuring the seed (" + GlassBaseline.NAME + "), " + probe + " instances in one worker, to know this machine's paired noise");
        Evaluation baseline = measureBaseline(log, new SharedWorker(evaluator, referee, probe, SharedWorker.Stability.of(cfg.evaluator())), noise);
        // 5. Limits scaled to the seed's times.
        adaptTimeouts(evaluator, baseline, scfg, probe);
        log.append("baseline", Map.of("auc", baseline.auc(), "buildSeconds", baseline.buildSeconds(), "indexBytes", baseline.indexBytes()));
        return new Ready(split, data, scfg, evaluator, baseline.withReward(baseline.auc(), 1.0));
    }

    /** The data and the machine as prompts state them: the campaign's query set, its sweep, and the seed's build and heap. */
    Workload workload(Ready ready) {
        Dataset d = ready.data();
        return new Workload(d.name(), d.n(), d.d(), d.metric().annBenchmarksName(), d.nq(), ready.sandboxConfig().sweep().k(),
                cfg.evaluator().efs(), cfg.evaluator().runs(), ready.baseline().buildSeconds() == null ? 0 : ready.baseline().buildSeconds(),
                ready.baseline().indexBytes() == null ? 0 : ready.baseline().indexBytes(), Method.current().describe());
    }

    /**
     * The seed's {@code instances} instances measured in one worker, the fastest kept, their spread
     * the first estimate of this machine's paired noise ({@link NoiseMonitor}). Falls back to a
     * worker of its own when the shared one cannot finish.
     */
    private Evaluation measureBaseline(EventLog log, SharedWorker probe, NoiseMonitor noise) {
        ModuleSources seed = seedSources();
        Optional<SharedWorker.Paired> p = probe.measure(Collections.nCopies(probe.seedInstances(), seed), null, MeasurementKey.baseline());
        Evaluation b;
        if (p.isPresent()) {
            noise.record(p.get().seedAucs());
            log.append("seed-instances", Map.of("where", "baseline", "aucs", p.get().seedAucs(), "spread", p.get().spread(),
                    "attempts", p.get().attempts(), "stable", p.get().stable()));
            b = p.get().seed();
        } else {
            b = probe.evaluator().measureAlone(seed, null, MeasurementKey.baseline());
        }
        if (b.status() != Status.OK || !(b.auc() > 0)) {
            throw new IllegalStateException("the seed failed to evaluate: " + b.status() + ": " + b.feedback());
        }
        return b;
    }

    /**
     * Limits scaled to the seed's measured times (the configured ones stay upper bounds): a
     * candidate five times slower than the seed at building or sweeping has failed anyway, and
     * should cost the campaign seconds, not the default ten minutes.
     */
    static void adaptTimeouts(Evaluator evaluator, Evaluation seed, SandboxConfig scfg, int sets) {
        double build = seed.buildSeconds() == null ? 0 : seed.buildSeconds();
        // The seed's worker swept `sets` instances, taking turns: one set's sweep is its share of the worker.
        double sweep = Math.max(1, (seed.wallSeconds() - build) / Math.max(1, sets));
        Duration b = Duration.ofSeconds((long) Math.ceil(Math.max(30, 5 * build + 10)));
        Duration sw = Duration.ofSeconds((long) Math.ceil(Math.max(60, 5 * sweep + 30)));
        evaluator.limit(b.compareTo(scfg.buildTimeout()) < 0 ? b : scfg.buildTimeout(), sw.compareTo(scfg.sweepTimeout()) < 0 ? sw : scfg.sweepTimeout());
    }

    static ModuleSources seedSources() {
        return new ModuleSources(GlassBaseline.sources());
    }
}
