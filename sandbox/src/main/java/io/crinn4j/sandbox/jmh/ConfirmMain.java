package io.crinn4j.sandbox.jmh;

import io.crinn4j.data.AtomicFile;
import io.crinn4j.sandbox.worker.WorkerMain;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Entry point of the JMH host JVM of a confirmation, started by {@link Confirmation} through
 * {@code WorkerLauncher} with the sandbox's isolation. It never loads module classes itself: it
 * runs JMH's {@link Runner} on {@link QueryBenchmark} with at least one fork, so the modules run
 * only in JMH's forked JVMs, which inherit this JVM's clean environment, working directory and
 * network namespace.
 *
 * <p>Input: a properties file (argument 0) naming the variants and their request files, the ef
 * values, forks, iterations and the forks' heap. Output, beside it: JMH's log ({@code jmh.log}),
 * and {@code result.properties} with, per variant and ef, the mean score, JMH's score error
 * (half-width of the 99.9% confidence interval), unit, sample count, min and max; a variant and
 * ef whose forks failed is listed under {@code failed}. Protocol on stdout and exit codes as
 * {@link WorkerMain} ({@code CRINN-PHASE done}, then 0; {@value WorkerMain#EXIT_SETUP_FAILED} when
 * the run could not be set up, reason in {@code failure.txt}).
 */
public final class ConfirmMain {
    public static final String RESULT_FILE = "result.properties";
    public static final String LOG_FILE = "jmh.log";

    private ConfirmMain() {
    }

    /** What to run, read from the caller's properties file (written by {@code sandbox.Confirmation}). */
    public record Spec(Map<String, Path> variants, int[] efs, int forks, int warmupIterations, int iterations, long iterationMillis,
                String heap) {

        static Spec read(Path file) throws IOException {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            Map<String, Path> variants = new LinkedHashMap<>();
            for (String name : get(p, "variants").split(",")) {
                variants.put(name, file.getParent().resolve(get(p, name + ".request")).toAbsolutePath().normalize());
            }
            int[] efs = Arrays.stream(get(p, "efs").split(",")).mapToInt(Integer::parseInt).toArray();
            return new Spec(variants, efs, Integer.parseInt(get(p, "forks")), Integer.parseInt(get(p, "warmup.iterations")),
                    Integer.parseInt(get(p, "iterations")), Long.parseLong(get(p, "iteration.ms")), get(p, "heap"));
        }

        public void write(Path file) throws IOException {
            Properties p = new Properties();
            p.setProperty("variants", String.join(",", variants.keySet()));
            for (Map.Entry<String, Path> v : variants.entrySet()) {
                p.setProperty(v.getKey() + ".request", file.getParent().toAbsolutePath().relativize(v.getValue().toAbsolutePath()).toString());
            }
            p.setProperty("efs", join(efs));
            p.setProperty("forks", Integer.toString(forks));
            p.setProperty("warmup.iterations", Integer.toString(warmupIterations));
            p.setProperty("iterations", Integer.toString(iterations));
            p.setProperty("iteration.ms", Long.toString(iterationMillis));
            p.setProperty("heap", heap);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "crinn4j JMH confirmation");
            }
        }

        private static String get(Properties p, String key) throws IOException {
            String v = p.getProperty(key);
            if (v == null) {
                throw new IOException("confirmation spec lacks '" + key + "'");
            }
            return v;
        }
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path specFile = Path.of(args.length > 0 ? args[0] : "confirm.properties").toAbsolutePath();
        Path dir = specFile.getParent();
        try {
            Spec spec = Spec.read(specFile);
            if (spec.forks() < 1) {
                throw new IllegalArgumentException("forks must be >= 1: module code must never run in this JVM");
            }
            Collection<RunResult> results = new Runner(options(spec, dir.resolve(LOG_FILE))).run();
            writeResults(spec, results, dir.resolve(RESULT_FILE));
            out.println(WorkerMain.PHASE + "done");
            System.exit(0);
        } catch (Throwable t) {
            try {
                Files.writeString(dir.resolve(WorkerMain.FAILURE_FILE), "JMH confirmation failed: " + t + "\n");
            } catch (IOException e) {
                System.err.println("JMH confirmation failed: " + t);
            }
            System.exit(WorkerMain.EXIT_SETUP_FAILED);
        }
    }

    static Options options(Spec spec, Path log) {
        List<String> requests = new ArrayList<>();
        for (Path p : spec.variants().values()) {
            requests.add(p.toString());
        }
        String[] efs = Arrays.stream(spec.efs()).mapToObj(Integer::toString).toArray(String[]::new);
        return new OptionsBuilder()
                .include("^" + Pattern.quote(QueryBenchmark.class.getName()) + "\\.query$")
                .param("request", requests.toArray(new String[0]))
                .param("ef", efs)
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .threads(1)
                .forks(spec.forks())
                .warmupForks(0)
                .warmupIterations(spec.warmupIterations())
                .warmupTime(TimeValue.milliseconds(spec.iterationMillis()))
                .measurementIterations(spec.iterations())
                .measurementTime(TimeValue.milliseconds(spec.iterationMillis()))
                // Appended to this JVM's own flags (which JMH passes on to the forks), so these win; the
                // forks also inherit this JVM's environment, working directory and network namespace.
                .jvmArgsAppend(forkFlags(spec.heap()))
                .shouldFailOnError(false)
                .shouldDoGC(true)
                .verbosity(VerboseMode.NORMAL)
                .output(log.toString())
                .build();
    }

    static void writeResults(Spec spec, Collection<RunResult> results, Path file) throws IOException {
        Map<String, String> byRequest = new LinkedHashMap<>();
        for (Map.Entry<String, Path> v : spec.variants().entrySet()) {
            byRequest.put(v.getValue().toString(), v.getKey());
        }
        Properties p = new Properties();
        p.setProperty("forks", Integer.toString(spec.forks()));
        p.setProperty("warmup.iterations", Integer.toString(spec.warmupIterations()));
        p.setProperty("iterations", Integer.toString(spec.iterations()));
        p.setProperty("iteration.ms", Long.toString(spec.iterationMillis()));
        p.setProperty("host.pid", Long.toString(ProcessHandle.current().pid()));
        List<String> measured = new ArrayList<>();
        for (RunResult rr : results == null ? List.<RunResult>of() : results) {
            String variant = byRequest.get(rr.getParams().getParam("request"));
            String ef = rr.getParams().getParam("ef");
            Result<?> r = rr.getPrimaryResult();
            if (variant == null || ef == null || r == null) {
                continue;
            }
            p.setProperty("jmh.version", String.valueOf(rr.getParams().getJmhVersion()));
            String key = variant + "." + ef + ".";
            p.setProperty(key + "score", Double.toString(r.getScore()));
            p.setProperty(key + "error", Double.toString(r.getScoreError()));
            p.setProperty(key + "unit", r.getScoreUnit());
            p.setProperty(key + "samples", Long.toString(r.getStatistics().getN()));
            p.setProperty(key + "min", Double.toString(r.getStatistics().getMin()));
            p.setProperty(key + "max", Double.toString(r.getStatistics().getMax()));
            p.setProperty(key + "forks", Integer.toString(rr.getBenchmarkResults().size()));
            measured.add(variant + "." + ef);
        }
        List<String> failed = new ArrayList<>();
        for (String variant : spec.variants().keySet()) {
            for (int ef : spec.efs()) {
                if (!measured.contains(variant + "." + ef)) {
                    failed.add(variant + "." + ef);
                }
            }
        }
        p.setProperty("failed", String.join(",", failed));
        AtomicFile.write(file, out -> p.store(new OutputStreamWriter(out, StandardCharsets.UTF_8), "crinn4j JMH confirmation result"));
    }

    static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i > 0 ? "," : "").append(a[i]);
        }
        return sb.toString();
    }

    private static String[] forkFlags(String heap) {
        List<String> f = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xmx" + heap,
                io.crinn4j.sandbox.worker.WorkerLauncher.initialHeap(heap),
                "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        f.addAll(io.crinn4j.sandbox.worker.WorkerLauncher.timingFlags());
        f.addAll(io.crinn4j.sandbox.worker.ModuleLoader.JVM_FLAGS);
        return f.toArray(String[]::new);
    }
}
