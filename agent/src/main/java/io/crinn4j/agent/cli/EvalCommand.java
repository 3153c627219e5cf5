package io.crinn4j.agent.cli;

import io.crinn4j.agent.campaign.CampaignConfig;
import io.crinn4j.agent.campaign.SharedWorker;
import io.crinn4j.agent.util.Progress;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.reward.Stats;
import io.crinn4j.sandbox.Evaluation;
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
            "4:the candidate was rejected (its status is printed: PARSE_ERROR, POLICY_VIOLATION, COMPILE_ERROR, ...)"})
public final class EvalCommand implements Callable<Integer> {
    public static final int EXIT_REJECTED = 4;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    CandidateOptions candidate;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Measure N times, seed and candidate alternately, and report the spread (coefficient of variation). Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--one-worker", description = {"Measure the seed and the candidate in one worker JVM per repetition, their timed runs taking turns ef by ef:",
            "steadier ratios (both see the same phases of the machine), at the price of the candidate sharing a JVM with the seed.",
            "Falls back to separate workers for a repetition the shared worker cannot finish."})
    boolean oneWorker;

    @Option(names = "--seed-instances", paramLabel = "N", description = {"With --one-worker: independent instances of the seed in each shared worker (1-"
            + CampaignConfig.SandboxSettings.MAX_SEED_INSTANCES + "), spread among the sets; the fastest is the reference, as in a campaign. Default: 2."})
    Integer seedInstances;

    @Option(names = "--ef", paramLabel = "LIST", split = ",", description = "ef values. Default: CRINN's list.")
    List<Integer> efs;

    @Option(names = "--runs", defaultValue = "3", description = "Timed runs per ef, fastest kept. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--heap", defaultValue = "4g", description = "Worker JVM heap (-Xmx). Default: ${DEFAULT-VALUE}.")
    String heap;

    @Option(names = "--build-timeout", defaultValue = "300", paramLabel = "SECONDS", description = "Wall-clock limit for the build. Default: ${DEFAULT-VALUE}.")
    long buildTimeout;

    @Option(names = "--sweep-timeout", defaultValue = "600", paramLabel = "SECONDS", description = "Wall-clock limit for the ef sweep. Default: ${DEFAULT-VALUE}.")
    long sweepTimeout;

    @Option(names = "--build-budget", defaultValue = "3", description = "Build time may be at most this multiple of the seed's. Default: ${DEFAULT-VALUE}.")
    double buildBudget;

    @Option(names = "--memory-budget", defaultValue = "2", description = "Index memory may be at most this multiple of the seed's. Default: ${DEFAULT-VALUE}.")
    double memoryBudget;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        ModuleKind kind;
        SandboxConfig cfg;
        try {
            kind = ModuleKind.parse(candidate.module);
            if (repeat < 1) {
                throw new IllegalArgumentException("--repeat must be >= 1, got " + repeat);
            }
            if (seedInstances != null && !oneWorker) {
                throw new IllegalArgumentException("--seed-instances applies to --one-worker only");
            }
            if (seedInstances != null && (seedInstances < 1 || seedInstances > CampaignConfig.SandboxSettings.MAX_SEED_INSTANCES)) {
                throw new IllegalArgumentException("--seed-instances must be between 1 and " + CampaignConfig.SandboxSettings.MAX_SEED_INSTANCES
                        + ", got " + seedInstances);
            }
            int[] efArray = efs == null ? SweepConfig.CRINN_EFS : efs.stream().mapToInt(Integer::intValue).toArray();
            cfg = SandboxConfig.defaults().withSweep(new SweepConfig(10, efArray, runs, 1, 1000, 20, 42))
                    .withLimits(heap, Duration.ofSeconds(buildTimeout), Duration.ofSeconds(sweepTimeout))
                    .withBudgets(buildBudget, memoryBudget);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Progress progress = Progress.forConsole(quiet);
        CandidateSetup setup = CandidateSetup.load(candidate, kind, data, "eval", progress);
        String source = setup.source();
        Dataset ds = setup.data();
        Path runDir = setup.runDir();
        Sandbox sandbox = new Sandbox(runDir, ds, setup.gt(), cfg);
        ModuleSources seed = setup.seed();
        List<Evaluation> seeds = new ArrayList<>();
        List<Evaluation> cands = new ArrayList<>();
        List<List<Double>> instanceAucs = new ArrayList<>();
        int instances = seedInstances != null ? seedInstances : 2;
        int shared = 0;
        for (int i = 0; i < repeat; i++) {
            if (oneWorker) {
                List<ModuleSources> slots = new ArrayList<>(java.util.Collections.nCopies(instances, seed));
                slots.add(seed.with(kind, source));
                java.util.Optional<List<Evaluation>> got;
                try (Progress.Task t = progress.start(seedInstancesLabel(instances) + " and the candidate in one worker, measurement "
                        + (i + 1) + " of " + repeat, -1)) {
                    got = SharedWorker.measure(sandbox, slots, instances, null, i, i % 2);
                }
                int fastest = got.map(l -> SharedWorker.fastestSeed(l, instances)).orElse(-1);
                if (fastest >= 0) {
                    if (i == 0) {
                        // The budgets' reference is the first instance, built first in the worker (cold, as a campaign's
                        // baseline is): judged against a later, warm instance, it went over the 3x build budget on small
                        // data (0.38 s against 0.10 s) and dropped out of the reference.
                        sandbox.setBaseline(got.get().get(got.get().get(0).status() == Status.OK ? 0 : fastest));
                        got = SharedWorker.measure(sandbox, slots, instances, null, i, i % 2); // read back, now with budgets and reward
                        fastest = SharedWorker.fastestSeed(got.get(), instances);
                    }
                    seeds.add(got.get().get(fastest));
                    cands.add(got.get().get(instances));
                    instanceAucs.add(SharedWorker.seedAucs(got.get(), instances));
                    shared++;
                    if (got.get().get(instances).status() != Status.OK) {
                        break;
                    }
                    continue;
                }
                // The shared worker failed: measure apart below, which pins the failure on the program that has it.
            }
            // The first pair measures the seed first (it sets the budgets); later pairs alternate the order, because
            // whichever program runs first in a pair was measured up to 10% slower in campaign rounds here.
            boolean candidateFirst = i % 2 == 1;
            Evaluation c = null;
            if (candidateFirst) {
                try (Progress.Task t = progress.start("candidate, measurement " + (i + 1) + " of " + repeat, -1)) {
                    c = sandbox.evaluate(kind, source, seed, i);
                }
            }
            Evaluation s;
            try (Progress.Task t = progress.start("seed, measurement " + (i + 1) + " of " + repeat, -1)) {
                s = sandbox.evaluateSet(seed, i);
            }
            if (s.status() != Status.OK) {
                throw new IllegalStateException("the seed itself failed to evaluate: " + s.status() + ": " + s.feedback());
            }
            if (i == 0) {
                sandbox.setBaseline(s);
            }
            seeds.add(s);
            if (!candidateFirst) {
                try (Progress.Task t = progress.start("candidate, measurement " + (i + 1) + " of " + repeat, -1)) {
                    c = sandbox.evaluate(kind, source, seed, i);
                }
            }
            cands.add(c);
            if (c.status() != Status.OK) {
                break; // a rejected candidate does not get better by measuring it again
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        report(w, kind, ds, setup.querySetLabel(candidate.heldOut), cfg, seeds, cands, runDir, shared, instances, instanceAucs);
        w.flush();
        return cands.get(cands.size() - 1).status() == Status.OK ? Main.EXIT_OK : EXIT_REJECTED;
    }

    private void report(PrintWriter w, ModuleKind kind, Dataset ds, String querySet, SandboxConfig cfg, List<Evaluation> seeds, List<Evaluation> cands,
                        Path runDir, int shared, int instances, List<List<Double>> instanceAucs) {
        Evaluation last = cands.get(cands.size() - 1);
        w.printf(Locale.ROOT, "candidate  %s (%s module, source hash %s)%n", candidate.file, kind.cliName(), last.sourceHash().substring(0, 16));
        w.printf(Locale.ROOT, "dataset    %s, %s, n=%d, d=%d%n", ds.name(), querySet, ds.n(), ds.d());
        w.printf(Locale.ROOT, "status     %s%n", last.status());
        if (last.compiler() != null) {
            w.printf(Locale.ROOT, "compiler   %s, %.0f ms%s%n", last.compiler(), last.compileMillis(),
                    last.janinoFailure() != null ? " (Janino could not: " + firstLine(last.janinoFailure()) + ")" : "");
        }
        if (last.status() != Status.OK) {
            w.println("feedback:");
            for (String line : String.valueOf(last.feedback()).split("\n")) {
                w.println("  " + line);
            }
        }
        Evaluation seed = seeds.get(0);
        if (last.points() != null && !last.points().isEmpty()) {
            w.printf(Locale.ROOT, "%n%6s %9s %11s %9s %11s%n", "ef", "recall@10", "QPS", "seed rec", "seed QPS");
            for (int i = 0; i < last.points().size(); i++) {
                Evaluation.Point p = last.points().get(i);
                Evaluation.Point sp = i < seed.points().size() ? seed.points().get(i) : null;
                w.printf(Locale.ROOT, "%6d %9.4f %11.0f %9s %11s%n", p.ef(), p.recall(), p.qps(),
                        sp == null ? "" : String.format(Locale.ROOT, "%.4f", sp.recall()), sp == null ? "" : String.format(Locale.ROOT, "%.0f", sp.qps()));
            }
        }
        if (last.buildSeconds() != null) {
            w.printf(Locale.ROOT, "%nbuild      %.2f s (seed %.2f s); index heap %.1f MiB (seed %.1f MiB)%n", last.buildSeconds(), seed.buildSeconds(),
                    last.indexBytes() / 1048576.0, seed.indexBytes() / 1048576.0);
        }
        if (last.summary() != null) {
            w.printf(Locale.ROOT, "AUC        %.1f over recall [%.2f, %.2f] (seed %.1f)%n", last.auc(), cfg.band().lo(), cfg.band().hi(), seed.auc());
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < cands.size(); i++) {
            if (cands.get(i).status() == Status.OK) {
                ratios.add(cands.get(i).auc() / seeds.get(i).auc());
            }
        }
        if (!ratios.isEmpty()) {
            double[] r = ratios.stream().mapToDouble(Double::doubleValue).toArray();
            w.printf(Locale.ROOT, "reward     %.3f (candidate AUC / seed AUC, each pair %s, order alternating; mean of %d)%n", Stats.mean(r),
                    shared == cands.size() ? "in one worker JVM, taking turns ef by ef, against the fastest of " + seedInstancesLabel(instances) : shared > 0 ? shared + " of " + cands.size() + " pairs in one worker JVM, the others back to back"
                            : "measured back to back", r.length);
        }
        if (cands.size() >= 2 && ratios.size() == cands.size()) {
            double[] ca = cands.stream().mapToDouble(Evaluation::auc).toArray();
            double[] sa = seeds.stream().mapToDouble(Evaluation::auc).toArray();
            double[] r = ratios.stream().mapToDouble(Double::doubleValue).toArray();
            w.printf(Locale.ROOT, "spread     AUC CV: candidate %.1f%%, seed %.1f%%; reward CV %.1f%% over %d repetitions (sample std / mean)%n",
                    100 * Stats.coefficientOfVariation(ca), 100 * Stats.coefficientOfVariation(sa), 100 * Stats.coefficientOfVariation(r), cands.size());
        }
        Double work = null;
        for (int i = 0; i < cands.size() && work == null; i++) {
            if (cands.get(i).status() == Status.OK) {
                work = io.crinn4j.sandbox.DistanceWork.ratio(cands.get(i), seeds.get(i), cfg.band());
            }
        }
        if (work != null) {
            w.println("work       " + CampaignRunner.work(work, candidate.heldOut ? "held-out queries" : "campaign queries"));
        }
        if (last.id() != null && last.id().equals(seeds.get(seeds.size() - 1).id())) {
            w.println("note       the candidate normalizes to the seed's own source, so it was not measured again (identical code is");
            w.println("           never benchmarked twice): its reward is 1 by definition; the seed's AUC spread above is the real noise");
        }
        w.printf(Locale.ROOT, "method     %s (-Xmx%s), single-threaded search, best of %d interleaved runs per ef, %s%s%n", shared > 0 ? seedInstancesLabel(instances) + " and the candidate in one worker JVM per repetition" : "worker JVM per evaluation", cfg.heap(),
                cfg.sweep().runs(), seed.method().describe(), last.networkIsolated() ? ", no network (unshare -n)" : "");
        w.printf(Locale.ROOT, "run folder %s%n", runDir);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("candidate", candidate.file.toString());
        summary.put("module", kind.cliName());
        summary.put("heldOut", candidate.heldOut);
        summary.put("querySet", querySet);
        summary.put("pairsInOneWorker", shared);
        if (shared > 0) {
            summary.put("seedInstances", instances);
            summary.put("seedInstanceAucs", instanceAucs);
        }
        summary.put("seed", seeds);
        summary.put("candidateEvaluations", cands);
        summary.put("rewards", ratios);
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

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
