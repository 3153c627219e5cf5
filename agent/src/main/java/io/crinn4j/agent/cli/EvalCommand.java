package io.crinn4j.agent.cli;

import io.crinn4j.agent.config.EvaluatorConfig;
import io.crinn4j.agent.config.RewardConfig;
import io.crinn4j.agent.measure.Referee;
import io.crinn4j.agent.measure.SharedWorker;
import io.crinn4j.agent.util.Progress;
import io.crinn4j.agent.util.Text;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.reward.Stats;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.MeasurementKey;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.Sandbox;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.sandbox.Status;
import io.crinn4j.sandbox.harness.SweepConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluates one candidate module in the sandbox: policy check, compile, build and ef sweep in a",
            "separate worker JVM, then recall, curve, AUC and reward relative to the seed measured in the same sitting.",
            "The other two modules are the seed's (glass-baseline)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the candidate evaluated OK", "1:the harness failed (bad data, I/O)", "2:bad command line",
            "4:the candidate was rejected (its status is printed: PARSE_ERROR, POLICY_VIOLATION, COMPILE_ERROR, ...)",
            "5:every measurement stayed unstable (the seed's instances disagreed beyond the bound): no reward"})
public final class EvalCommand implements Callable<Integer> {
    public static final int EXIT_REJECTED = 4;
    public static final int EXIT_UNSTABLE = 5;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    CandidateOptions candidate;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Measure N times, each a worker of its own, and report the spread (coefficient of variation). Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--one-worker", hidden = true, description = "Accepted for older scripts: every measurement is in one worker with the seed now.")
    boolean oneWorker;

    @Option(names = "--seed-instances", paramLabel = "N", description = {"Independent instances of the seed in each worker, beside the candidate (1-"
            + EvaluatorConfig.MAX_SEED_INSTANCES + "), spread among the sets; the fastest is the reference, as in a campaign. Default: "
            + EvaluatorConfig.DEFAULT_SEED_INSTANCES + "."})
    Integer seedInstances;

    @Option(names = "--max-seed-spread", paramLabel = "F", description = {"A measurement whose seed instances are further apart than this (fastest / slowest - 1)",
            "is made again; still that far apart after --remeasure-unstable tries, it is marked unstable and gives no reward. Default: "
            + EvaluatorConfig.DEFAULT_MAX_SEED_SPREAD + "."})
    Double maxSeedSpread;

    @Option(names = "--remeasure-unstable", paramLabel = "N", description = "How many times at most an unstable measurement is made again. Default: "
            + EvaluatorConfig.DEFAULT_REMEASURE_UNSTABLE + ".")
    Integer remeasureUnstable;

    @Option(names = "--ef", paramLabel = "LIST", split = ",", description = {"ef values. Default: a campaign's list (CRINN's up to 100, which spans the",
            "0.85-0.95 band; CRINN's full list to 700 costs five times as long on fashion-mnist and adds nothing to the AUC there)."})
    List<Integer> efs;

    @Option(names = "--runs", defaultValue = "" + EvaluatorConfig.DEFAULT_RUNS, description = "Timed runs per ef, fastest kept. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--heap", defaultValue = EvaluatorConfig.DEFAULT_HEAP, description = "Worker JVM heap (-Xmx). Default: ${DEFAULT-VALUE}.")
    String heap;

    @Option(names = "--build-timeout", defaultValue = "" + EvaluatorConfig.DEFAULT_BUILD_TIMEOUT_SECONDS, paramLabel = "SECONDS", description = "Wall-clock limit for the build. Default: ${DEFAULT-VALUE}.")
    long buildTimeout;

    @Option(names = "--sweep-timeout", defaultValue = "" + EvaluatorConfig.DEFAULT_SWEEP_TIMEOUT_SECONDS, paramLabel = "SECONDS", description = "Wall-clock limit for the ef sweep. Default: ${DEFAULT-VALUE}.")
    long sweepTimeout;

    @Option(names = "--build-budget", defaultValue = "" + RewardConfig.DEFAULT_BUILD_BUDGET, description = "Build time may be at most this multiple of the seed's. Default: ${DEFAULT-VALUE}.")
    double buildBudget;

    @Option(names = "--memory-budget", defaultValue = "" + RewardConfig.DEFAULT_MEMORY_BUDGET, description = "Index memory may be at most this multiple of the seed's. Default: ${DEFAULT-VALUE}.")
    double memoryBudget;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        ModuleKind kind;
        SandboxConfig cfg;
        SharedWorker.Stability stability;
        Referee referee;
        try {
            kind = ModuleKind.parse(candidate.module);
            if (repeat < 1) {
                throw new IllegalArgumentException("--repeat must be >= 1, got " + repeat);
            }
            if (seedInstances != null && (seedInstances < 1 || seedInstances > EvaluatorConfig.MAX_SEED_INSTANCES)) {
                throw new IllegalArgumentException("--seed-instances must be between 1 and " + EvaluatorConfig.MAX_SEED_INSTANCES
                        + ", got " + seedInstances);
            }
            int[] efArray = (efs == null ? EvaluatorConfig.CAMPAIGN_EFS : efs).stream().mapToInt(Integer::intValue).toArray();
            // Validated here, so a bad bound is a usage error.
            stability = new SharedWorker.Stability(maxSeedSpread != null ? maxSeedSpread : EvaluatorConfig.DEFAULT_MAX_SEED_SPREAD,
                    remeasureUnstable != null ? remeasureUnstable : EvaluatorConfig.DEFAULT_REMEASURE_UNSTABLE);
            cfg = SandboxConfig.defaults().withSweep(new SweepConfig(10, efArray, runs, 1, 1000, 20, 42))
                    .withLimits(heap, Duration.ofSeconds(buildTimeout), Duration.ofSeconds(sweepTimeout));
            referee = new Referee(buildBudget, memoryBudget, 0.0);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Progress progress = Progress.forConsole(quiet);
        if (oneWorker) {
            spec.commandLine().getErr().println("crinn: --one-worker is the default now (every measurement is one worker with the seed); the flag is ignored");
        }
        CandidateSetup setup = CandidateSetup.load(candidate, kind, data, "eval", progress);
        String source = setup.source();
        Dataset ds = setup.data();
        Path runDir = setup.runDir();
        Sandbox sandbox = new Sandbox(runDir, ds, setup.gt(), cfg);
        ModuleSources seed = setup.seed();
        int instances = seedInstances != null ? seedInstances : 2;
        SharedWorker paired = new SharedWorker(sandbox, referee, instances, stability);
        List<Measured> measured = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            // Every repetition is one worker: the seed's instances and the candidate taking turns ef by ef, the first
            // turn alternating, the candidate's reward relative to that worker's fastest instance. Apart, the machine's
            // drift becomes the reward (one candidate measured while another process used the second core got 0.537).
            SharedWorker.Candidate c;
            try (Progress.Task t = progress.start(seedInstancesLabel(instances) + " and the candidate in one worker, measurement "
                    + (i + 1) + " of " + repeat, -1)) {
                c = paired.candidate(seed, seed, kind, source, MeasurementKey.eval(i));
            }
            Measured m = new Measured(c.paired() == null ? null : c.paired().seed(), c.verdict(), c.paired());
            measured.add(m);
            if (m.candidate().status().failed() && m.candidate().status() != Status.UNSTABLE) {
                break; // a rejected candidate does not get better by measuring it again
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        report(w, kind, ds, setup.querySetLabel(candidate.heldOut), cfg, measured, runDir, instances, stability);
        w.flush();
        Status last = measured.get(measured.size() - 1).candidate().status();
        if (last.failed() && last != Status.UNSTABLE) {
            return EXIT_REJECTED;
        }
        return measured.stream().anyMatch(Measured::scored) ? Main.EXIT_OK : EXIT_UNSTABLE;
    }

    /**
     * One repetition: the worker's reference seed instance (null when the shared worker failed),
     * the candidate's verdict relative to it, and the paired measurement itself.
     */
    private record Measured(Evaluation seed, Evaluation candidate, SharedWorker.Paired paired) {
        boolean scored() {
            return seed != null && candidate.status() == Status.OK;
        }
    }

    private void report(PrintWriter w, ModuleKind kind, Dataset ds, String querySet, SandboxConfig cfg, List<Measured> measured, Path runDir,
                        int instances, SharedWorker.Stability stability) {
        Evaluation last = measured.get(measured.size() - 1).candidate();
        List<Measured> scored = measured.stream().filter(Measured::scored).toList();
        w.printf(Locale.ROOT, "candidate  %s (%s module, source hash %s)%n", candidate.file, kind.cliName(), last.sourceHash().substring(0, 16));
        w.printf(Locale.ROOT, "dataset    %s, %s, n=%d, d=%d%n", ds.name(), querySet, ds.n(), ds.d());
        w.printf(Locale.ROOT, "status     %s%s%n", last.status(), last.status() == Status.OK && scored.size() < measured.size()
                ? " (" + (measured.size() - scored.size()) + " of " + measured.size() + " measurements unstable, left out)" : "");
        if (last.compiler() != null) {
            w.printf(Locale.ROOT, "compiler   %s, %.0f ms%s%n", last.compiler(), last.compileMillis(),
                    last.janinoFailure() != null ? " (Janino could not: " + Text.firstLine(last.janinoFailure()) + ")" : "");
        }
        if (last.status() != Status.OK) {
            w.println("feedback:");
            for (String line : String.valueOf(last.feedback()).split("\n")) {
                w.println("  " + line);
            }
        }
        // The curve shown: the last scored measurement's, else the last one's.
        Measured shown = scored.isEmpty() ? measured.get(measured.size() - 1) : scored.get(scored.size() - 1);
        Evaluation cand = shown.candidate();
        Evaluation seed = shown.seed();
        if (cand.points() != null && !cand.points().isEmpty()) {
            w.printf(Locale.ROOT, "%n%6s %9s %11s %9s %11s %9s%n", "ef", "recall@10", "QPS", "seed rec", "seed QPS", "dist/q");
            for (int i = 0; i < cand.points().size(); i++) {
                Evaluation.Point p = cand.points().get(i);
                Evaluation.Point sp = seed != null && i < seed.points().size() ? seed.points().get(i) : null;
                w.printf(Locale.ROOT, "%6d %9.4f %11.0f %9s %11s %9.0f%n", p.ef(), p.recall(), p.qps(),
                        sp == null ? "" : String.format(Locale.ROOT, "%.4f", sp.recall()), sp == null ? "" : String.format(Locale.ROOT, "%.0f", sp.qps()),
                        p.distancesPerQuery());
            }
        }
        if (cand.buildSeconds() != null && seed != null) {
            w.printf(Locale.ROOT, "%nbuild      %.2f s (seed %.2f s); index heap %.1f MiB (seed %.1f MiB)%n", cand.buildSeconds(), seed.buildSeconds(),
                    cand.indexBytes() / 1048576.0, seed.indexBytes() / 1048576.0);
        }
        if (cand.summary() != null && seed != null) {
            w.printf(Locale.ROOT, "AUC        %.1f over recall [%.2f, %.2f] (seed %.1f)%n", cand.auc(), cfg.band().lo(), cfg.band().hi(), seed.auc());
        }
        double[] r = scored.stream().mapToDouble(m -> m.candidate().auc() / m.seed().auc()).toArray();
        if (r.length > 0) {
            w.printf(Locale.ROOT, "reward     %.3f (candidate AUC / AUC of the fastest of %s in the same worker JVM, taking turns ef by ef; mean of %d%s)%n",
                    Stats.mean(r), seedInstancesLabel(instances), r.length, r.length > 1 ? ", first turn alternating" : "");
        } else if (last.status() == Status.UNSTABLE || last.status() == Status.OK) {
            w.println("reward     none: no measurement was stable enough to count (see the seed line)");
        }
        if (r.length >= 2) {
            double[] ca = scored.stream().mapToDouble(m -> m.candidate().auc()).toArray();
            double[] sa = scored.stream().mapToDouble(m -> m.seed().auc()).toArray();
            w.printf(Locale.ROOT, "spread     AUC CV: candidate %.1f%%, seed %.1f%%; reward CV %.1f%% over %d repetitions (sample std / mean); pairs %s%n",
                    100 * Stats.coefficientOfVariation(ca), 100 * Stats.coefficientOfVariation(sa), 100 * Stats.coefficientOfVariation(r), r.length,
                    java.util.Arrays.stream(r).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x)).collect(java.util.stream.Collectors.joining(" ")));
        }
        List<String> seeds = new ArrayList<>();
        for (Measured m : measured) {
            if (m.paired() != null) {
                seeds.add((m.paired().stable() ? "" : "UNSTABLE ") + m.paired().describe());
            } else {
                seeds.add("the shared worker failed; measured alone");
            }
        }
        w.printf(Locale.ROOT, "seed       %s%n", String.join("; ", seeds));
        Double work = null;
        for (int i = 0; i < measured.size() && work == null; i++) {
            Measured m = measured.get(i);
            if (m.seed() != null && m.candidate().points() != null && !m.candidate().points().isEmpty()) {
                work = io.crinn4j.sandbox.DistanceWork.ratio(m.candidate(), m.seed(), cfg.band());
            }
        }
        if (work != null) {
            w.println("work       " + CampaignRunner.work(work, candidate.heldOut ? "held-out queries" : "campaign queries"));
        }
        if (cand.isolation() != null) {
            Evaluation.Isolation iso = cand.isolation();
            w.printf(Locale.ROOT, "isolation  %.1f s of the worker's %.1f s went to keeping the candidate's %d passes apart (%s%s)%n",
                    iso.untimedSeconds(), cand.wallSeconds(), iso.passes(), iso.reprepared() == null
                            ? "new searchers and buffers per pass, its module state verified unchanged after each"
                            : "its modules prepared afresh before every pass, because " + iso.reprepared()
                                    + "; keep module state in arrays, contract types and plain java.util collections to have it verified instead"
                                    + " (a module prepared afresh per pass measured slower than the same code verified, see docs/sandbox.md)",
                    seed != null && seed.isolation() != null ? String.format(Locale.ROOT, "; the seed's %.1f s", seed.isolation().untimedSeconds()) : "");
        }
        w.printf(Locale.ROOT, "method     %s and the candidate in one worker JVM per repetition (-Xmx%s), single-threaded search, best of %d interleaved runs"
                        + " per ef, a measurement counted when its seed instances are within %.0f%% (else made again up to %d times), %s%s%n",
                seedInstancesLabel(instances), cfg.heap(), cfg.sweep().runs(), 100 * stability.maxSpread(), stability.remeasures(),
                last.method().describe(), last.networkIsolated() ? ", no network (unshare -n)" : "");
        w.printf(Locale.ROOT, "run folder %s%n", runDir);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("candidate", candidate.file.toString());
        summary.put("module", kind.cliName());
        summary.put("heldOut", candidate.heldOut);
        summary.put("querySet", querySet);
        summary.put("seedInstances", instances);
        summary.put("maxSeedSpread", stability.maxSpread());
        List<Map<String, Object>> reps = new ArrayList<>();
        for (Measured m : measured) {
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("scored", m.scored());
            rep.put("reward", m.scored() ? m.candidate().auc() / m.seed().auc() : null);
            if (m.paired() != null) {
                rep.put("seedInstanceAucs", m.paired().seedAucs());
                rep.put("seedSpread", Double.isNaN(m.paired().spread()) ? null : m.paired().spread());
                rep.put("attemptSpreads", m.paired().history());
                rep.put("stable", m.paired().stable());
            }
            rep.put("seed", m.seed());
            rep.put("candidate", m.candidate());
            reps.add(rep);
        }
        summary.put("repetitions", reps);
        summary.put("rewards", java.util.Arrays.stream(r).boxed().toList());
        summary.put("distanceWork", work);
        try {
            Files.writeString(runDir.resolve("eval.json"), BenchCommand.toJson(summary));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve("eval.json") + ": " + e.getMessage(), e);
        }
    }

    /** "1 seed instance", "2 seed instances". */
    private static String seedInstancesLabel(int k) {
        return k + " seed instance" + (k == 1 ? "" : "s");
    }

}
