package io.crinn4j.agent.cli;

import io.crinn4j.agent.util.Progress;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.MeasurementKey;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.Sandbox;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.sandbox.Status;
import io.crinn4j.sandbox.SourceRules;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.sandbox.Confirmation;
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

@Command(name = "confirm", mixinStandardHelpOptions = true,
        description = {"Re-measures a candidate module against the seed with JMH: forked JVMs, warm-up",
            "and measurement iterations, one query per invocation on one thread, at a few ef",
            "values. Reports QPS as mean +- error (JMH's 99.9% confidence interval) and whether",
            "the candidate is faster beyond the error bars. The candidate is checked and",
            "compiled by the sandbox and runs only in JMH's forks, inside the sandbox's",
            "isolation. Recall at the same ef values comes from one sandbox evaluation per",
            "variant (skip it with --no-recall)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:both variants were measured", "1:the harness failed (bad data, I/O, the seed failed)", "2:bad command line",
            "4:the candidate was rejected (PARSE_ERROR, POLICY_VIOLATION, COMPILE_ERROR, or it crashed, timed out or ran out of memory)"})
public final class ConfirmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    CandidateOptions candidate;

    @Option(names = "--ef", paramLabel = "LIST", split = ",", description = "ef values to measure. Default: 10,20,40.")
    List<Integer> efs;

    @Option(names = "--forks", defaultValue = "2", paramLabel = "F", description = "JMH forks per variant and ef. Default: ${DEFAULT-VALUE}.")
    int forks;

    @Option(names = "--warmup-iterations", defaultValue = "3", paramLabel = "W", description = "JMH warm-up iterations per fork. Default: ${DEFAULT-VALUE}.")
    int warmupIterations;

    @Option(names = "--iterations", defaultValue = "5", paramLabel = "I", description = "JMH measurement iterations per fork. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--iteration-time-ms", defaultValue = "1000", paramLabel = "MS", description = "Length of each JMH iteration. Default: ${DEFAULT-VALUE}.")
    long iterationMillis;

    @Option(names = "--heap", defaultValue = "4g", description = "Heap (-Xmx) of the JMH forks and the recall workers. Default: ${DEFAULT-VALUE}.")
    String heap;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Wall-clock limit for the whole JMH run. Default: twice the expected time plus a minute.")
    Long timeout;

    @Option(names = "--no-recall", description = "Do not measure recall (it is then not shown; check it with crinn eval).")
    boolean noRecall;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        ModuleKind kind;
        Confirmation.Settings settings;
        SandboxConfig cfg;
        try {
            kind = ModuleKind.parse(candidate.module);
            int[] efArray = efs == null ? Confirmation.Settings.defaults().efs() : efs.stream().mapToInt(Integer::intValue).toArray();
            if (timeout != null && timeout < 1) {
                throw new IllegalArgumentException("--timeout must be >= 1 second, got " + timeout);
            }
            if (candidate.queries != null && candidate.queries < 1) {
                throw new IllegalArgumentException("--queries must be >= 1, got " + candidate.queries);
            }
            settings = new Confirmation.Settings(efArray, forks, warmupIterations, iterations, iterationMillis, timeout == null ? 0 : timeout);
            // The recall measurement: one short sweep over the same ef values per variant.
            cfg = SandboxConfig.defaults().withSweep(new SweepConfig(10, efArray, 1, 1, 200, 5, 42))
                    .withLimits(heap, Duration.ofSeconds(300), Duration.ofSeconds(600));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Progress progress = Progress.forConsole(quiet);
        CandidateSetup setup = CandidateSetup.load(candidate, kind, data, "confirm", progress);
        String source = setup.source();
        Dataset ds = setup.data();
        Path runDir = setup.runDir();
        Sandbox sandbox = new Sandbox(runDir, ds, setup.gt(), cfg);
        ModuleSources seed = setup.seed();

        Evaluation seedEval = null;
        Evaluation candEval = null;
        double buildSeconds = -1;
        if (!noRecall) {
            try (Progress.Task t = progress.start("recall of the seed (sandbox worker)", -1)) {
                seedEval = sandbox.measureAlone(seed, null, MeasurementKey.eval(0));
            }
            if (seedEval.status() != Status.OK && seedEval.status() != Status.RECALL_FLOOR) {
                throw new IllegalStateException("the seed itself failed to evaluate: " + seedEval.status() + ": " + seedEval.feedback());
            }
            try (Progress.Task t = progress.start("recall of the candidate (sandbox worker)", -1)) {
                candEval = sandbox.measureAlone(seed.with(kind, source), kind, MeasurementKey.eval(0));
            }
            if (candEval.status() != Status.OK && candEval.status() != Status.RECALL_FLOOR) {
                PrintWriter w = spec.commandLine().getOut();
                header(w, ds, setup.querySetLabel(candidate.heldOut), source);
                rejection(w, candEval.status(), candEval.feedback(), runDir);
                writeJson(runDir, kind, ds, settings, null, seedEval, candEval);
                w.flush();
                return EvalCommand.EXIT_REJECTED;
            }
            buildSeconds = Math.max(seedEval.buildSeconds(), candEval.buildSeconds());
        }
        if (buildSeconds >= 0) {
            progress.note(String.format(Locale.ROOT, "JMH: %d forked JVMs, about %.0f s (limit %d s)", settings.trials(),
                    settings.estimateSeconds(buildSeconds), settings.timeout(buildSeconds).toSeconds()));
        }
        Confirmation.Result r;
        try (Progress.Task t = progress.start("JMH: seed and candidate at ef " + joined(settings.efs()) + ", " + settings.trials() + " forks", -1)) {
            r = Confirmation.run(sandbox, seed, kind, source, settings, buildSeconds);
        }
        PrintWriter w = spec.commandLine().getOut();
        header(w, ds, setup.querySetLabel(candidate.heldOut), source);
        if (!r.ok()) {
            rejection(w, r.status(), r.feedback(), runDir);
            writeJson(runDir, kind, ds, settings, r, seedEval, candEval);
            w.flush();
            return EvalCommand.EXIT_REJECTED;
        }
        report(w, r, seedEval, candEval);
        w.printf(Locale.ROOT, "run folder %s%n", runDir);
        writeJson(runDir, kind, ds, settings, r, seedEval, candEval);
        w.flush();
        return Main.EXIT_OK;
    }

    private void header(PrintWriter w, Dataset ds, String querySet, String source) {
        w.printf(Locale.ROOT, "candidate  %s (%s module, source hash %s)%n", candidate.file, ModuleKind.parse(candidate.module).cliName(),
                SourceRules.hash(source).substring(0, 16));
        w.printf(Locale.ROOT, "dataset    %s, %s, n=%d, d=%d%n", ds.name(), querySet, ds.n(), ds.d());
    }

    private static void rejection(PrintWriter w, Status status, String feedback, Path runDir) {
        w.printf(Locale.ROOT, "status     %s (not measured)%n", status);
        w.println("feedback:");
        for (String line : String.valueOf(feedback).split("\n")) {
            w.println("  " + line);
        }
        w.printf(Locale.ROOT, "run folder %s%n", runDir);
    }

    private static void report(PrintWriter w, Confirmation.Result r, Evaluation seedEval, Evaluation candEval) {
        Confirmation.Settings s = r.settings();
        boolean recall = seedEval != null && candEval != null;
        w.printf(Locale.ROOT, "status     OK%n%n");
        w.printf(Locale.ROOT, "%6s  %-24s  %-24s  %6s", "ef", "seed QPS +- error", "candidate QPS +- error", "ratio");
        if (recall) {
            w.printf(Locale.ROOT, "  %8s  %8s", "seed rec", "cand rec");
        }
        w.printf(Locale.ROOT, "  %s%n", "verdict");
        List<String> faster = new ArrayList<>();
        List<String> slower = new ArrayList<>();
        List<String> within = new ArrayList<>();
        for (Confirmation.Point p : r.points()) {
            w.printf(Locale.ROOT, "%6d  %-24s  %-24s  %6.3f", p.ef(), qps(p.seed()), qps(p.candidate()), p.ratio());
            if (recall) {
                w.printf(Locale.ROOT, "  %8s  %8s", recallAt(seedEval, p.ef()), recallAt(candEval, p.ef()));
            }
            String v = switch (p.verdict()) {
                case FASTER -> "faster";
                case SLOWER -> "slower";
                case WITHIN_ERROR -> "within error";
            };
            w.printf(Locale.ROOT, "  %s%n", v);
            (p.verdict() == Confirmation.Verdict.FASTER ? faster : p.verdict() == Confirmation.Verdict.SLOWER ? slower : within)
                    .add(Integer.toString(p.ef()));
        }
        w.println();
        StringBuilder verdict = new StringBuilder();
        if (!faster.isEmpty()) {
            verdict.append("candidate faster beyond the error bars at ef=").append(String.join(",", faster));
        }
        if (!slower.isEmpty()) {
            verdict.append(verdict.length() > 0 ? "; " : "").append("slower beyond the error bars at ef=").append(String.join(",", slower));
        }
        if (!within.isEmpty()) {
            verdict.append(verdict.length() > 0 ? "; " : "").append("error bars overlap (no resolvable difference) at ef=")
                    .append(String.join(",", within));
        }
        w.printf(Locale.ROOT, "verdict    %s%n", verdict);
        if (recall) {
            w.printf(Locale.ROOT, "recall     recall@10 from one sandbox sweep per variant; QPS at the same ef compares like with like only%n"
                    + "           when recall is the same too (crinn eval compares whole QPS-recall curves by AUC)%n");
            if (seedEval.status() == Status.RECALL_FLOOR || candEval.status() == Status.RECALL_FLOOR) {
                w.printf(Locale.ROOT, "           note: %s stays below recall %.2f at these ef values%n",
                        candEval.status() == Status.RECALL_FLOOR ? "the candidate" : "the seed", 0.85);
            }
        } else {
            w.printf(Locale.ROOT, "recall     not measured (--no-recall): QPS at equal ef says nothing without recall; check it with crinn eval%n");
        }
        w.printf(Locale.ROOT, "method     JMH %s, throughput of one query per invocation, single-threaded, queries in a fixed shuffled order;%n", r.jmhVersion());
        w.printf(Locale.ROOT, "           per variant and ef: %d fork%s x (%d warm-up + %d measurement iterations of %d ms), index built in each fork%n",
                s.forks(), s.forks() == 1 ? "" : "s", s.warmupIterations(), s.iterations(), s.iterationMillis());
        w.printf(Locale.ROOT, "           (not timed); error = half-width of the 99.9%% confidence interval over %d samples;%n", (long) s.forks() * s.iterations());
        w.printf(Locale.ROOT, "           forks: -Xmx%s -XX:+UseSerialGC, %s%s; %d forked JVMs, %.0f s%n", r.heap(), r.method().describe(),
                r.networkIsolated() ? ", no network (unshare -n)" : "", r.forkJvms(), r.wallSeconds());
    }

    private static String qps(Confirmation.Score s) {
        return String.format(Locale.ROOT, "%.0f +- %.0f (%.1f%%)", s.mean(), s.error(), 100 * s.error() / s.mean());
    }

    private static String recallAt(Evaluation e, int ef) {
        for (Evaluation.Point p : e.points()) {
            if (p.ef() == ef) {
                return String.format(Locale.ROOT, "%.4f", p.recall());
            }
        }
        return "-";
    }

    private void writeJson(Path runDir, ModuleKind kind, Dataset ds, Confirmation.Settings settings, Confirmation.Result r,
                           Evaluation seedEval, Evaluation candEval) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("candidate", candidate.file.toString());
        json.put("module", kind.cliName());
        json.put("dataset", Map.of("name", ds.name(), "queries", ds.nq(), "n", ds.n(), "d", ds.d(), "heldOut", candidate.heldOut));
        json.put("status", r != null ? r.status() : candEval.status());
        json.put("feedback", r != null ? r.feedback() : candEval.feedback());
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("efs", settings.efs());
        set.put("forks", settings.forks());
        set.put("warmupIterations", settings.warmupIterations());
        set.put("iterations", settings.iterations());
        set.put("iterationMillis", settings.iterationMillis());
        set.put("heap", heap);
        json.put("settings", set);
        List<Map<String, Object>> points = new ArrayList<>();
        if (r != null) {
            for (Confirmation.Point p : r.points()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ef", p.ef());
                m.put("seed", p.seed());
                m.put("candidate", p.candidate());
                m.put("ratio", p.ratio());
                m.put("verdict", p.verdict());
                if (seedEval != null && candEval != null) {
                    m.put("seedRecall", recallValue(seedEval, p.ef()));
                    m.put("candidateRecall", recallValue(candEval, p.ef()));
                }
                points.add(m);
            }
            json.put("jmhVersion", r.jmhVersion());
            json.put("method", r.method());
            json.put("networkIsolated", r.networkIsolated());
            json.put("forkJvms", r.forkJvms());
            json.put("wallSeconds", r.wallSeconds());
            json.put("folder", r.folder());
        }
        json.put("points", points);
        if (seedEval != null) {
            json.put("seedEvaluation", seedEval);
        }
        if (candEval != null) {
            json.put("candidateEvaluation", candEval);
        }
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("confirm.json"), BenchCommand.toJson(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve("confirm.json") + ": " + e.getMessage(), e);
        }
    }

    private static Double recallValue(Evaluation e, int ef) {
        for (Evaluation.Point p : e.points()) {
            if (p.ef() == ef) {
                return p.recall();
            }
        }
        return null;
    }

    private static String joined(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i > 0 ? "," : "").append(a[i]);
        }
        return sb.toString();
    }
}
