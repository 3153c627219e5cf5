package io.crinn4j.sandbox;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.check.SourceNormalizer;
import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.sandbox.jmh.ConfirmMain;
import io.crinn4j.sandbox.jmh.QueryBenchmark;
import io.crinn4j.sandbox.worker.WorkerLauncher;
import io.crinn4j.sandbox.worker.WorkerMain;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * JMH confirmation of a candidate module against the seed: the same modules the sandbox checked
 * and compiled, re-measured by JMH (forked JVMs, warm-up and measurement iterations) at a few ef
 * values, reported as mean ± error in queries per second.
 *
 * <p>Runs in the caller and never loads module classes. For each variant it asks the sandbox
 * for a worker request ({@link Sandbox#prepareRequest}: policy checks and compilation, so a bad
 * candidate is rejected before any JVM starts), then starts one {@link ConfirmMain} JVM with the
 * sandbox worker's isolation ({@link WorkerLauncher}: empty environment, run-folder working
 * directory, a fresh network namespace when available, one wall-clock limit that kills the whole
 * process tree). ConfirmMain runs JMH's {@code Runner} on {@link QueryBenchmark} with forks ≥ 1,
 * so module code runs only in JMH's forked JVMs. Its result file is read back as untrusted input:
 * every expected variant and ef must be present with finite positive numbers and the requested
 * sample count, and every trial must have run in a JVM other than this one and the JMH host.
 *
 * <p>Files, under {@code <run>/confirm/}: {@code seed/} and {@code candidate/} (request,
 * {@code trials.log}, {@code failure.txt}), {@code confirm.properties} (what ConfirmMain runs),
 * {@code jmh.log} (JMH's own output), {@code result.properties}, {@code worker.out}/{@code worker.err}.
 */
public final class Confirmation {
    public static final String SEED = "seed";
    public static final String CANDIDATE = "candidate";
    /** Heap of the JMH host JVM, which only collects results; the forks get the sandbox's heap. */
    static final String HOST_HEAP = "256m";

    private Confirmation() {
    }

    /**
     * How the variants are measured.
     *
     * @param efs               ef values, each measured for both variants
     * @param forks             JMH forks per variant and ef (≥ 1: module code never runs in the JMH host)
     * @param warmupIterations  JMH warm-up iterations per fork
     * @param iterations        JMH measurement iterations per fork; forks × iterations ≥ 3 so JMH can give an error
     * @param iterationMillis   duration of each warm-up and measurement iteration
     * @param timeoutSeconds    wall-clock limit for the whole JMH run; 0 = derived from the settings ({@link #timeout(double)})
     */
    public record Settings(int[] efs, int forks, int warmupIterations, int iterations, long iterationMillis, long timeoutSeconds) {
        public Settings {
            if (efs == null || efs.length == 0) {
                throw new IllegalArgumentException("the ef list is empty");
            }
            for (int ef : efs) {
                if (ef < 1) {
                    throw new IllegalArgumentException("ef values must be >= 1, got " + ef);
                }
            }
            if (Arrays.stream(efs).distinct().count() != efs.length) {
                throw new IllegalArgumentException("the ef list has duplicates: " + Arrays.toString(efs));
            }
            if (forks < 1) {
                throw new IllegalArgumentException("forks must be >= 1 (module code never runs in the JMH host JVM), got " + forks);
            }
            if (warmupIterations < 0) {
                throw new IllegalArgumentException("warm-up iterations must be >= 0, got " + warmupIterations);
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("measurement iterations must be >= 1, got " + iterations);
            }
            if ((long) forks * iterations < 3) {
                // JMH's score error is NaN for fewer than 3 samples.
                throw new IllegalArgumentException("forks x iterations must be at least 3, or JMH cannot estimate an error; got "
                        + forks + " x " + iterations);
            }
            if (iterationMillis < 10) {
                throw new IllegalArgumentException("iteration time must be >= 10 ms, got " + iterationMillis);
            }
            if (timeoutSeconds < 0) {
                throw new IllegalArgumentException("timeout must be positive (or 0 for automatic), got " + timeoutSeconds);
            }
            efs = efs.clone();
        }

        /** 3 ef values (10, 20, 40), 2 forks, 3 warm-up and 5 measurement iterations of 1 s, automatic timeout. */
        public static Settings defaults() {
            return new Settings(new int[] {10, 20, 40}, 2, 3, 5, 1000, 0);
        }

        @Override
        public int[] efs() {
            return efs.clone();
        }

        /** Forked JVMs the run starts: variants × ef values × forks. */
        public int trials() {
            return 2 * efs.length * forks;
        }

        /** Expected length of the run when one index build takes {@code buildSeconds}. */
        public double estimateSeconds(double buildSeconds) {
            return trials() * (3 + buildSeconds + (warmupIterations + iterations) * iterationMillis / 1000.0);
        }

        /** The wall-clock limit: the given one, else twice the estimate plus a minute. */
        public Duration timeout(double buildSeconds) {
            return timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds)
                    : Duration.ofSeconds((long) Math.ceil(60 + 2 * estimateSeconds(buildSeconds)));
        }
    }

    /**
     * JMH's score for one variant at one ef.
     *
     * @param mean    mean queries per second over all measurement iterations of all forks
     * @param error   JMH's score error: half-width of the 99.9% confidence interval (Student's t)
     * @param samples measurement iterations behind the mean (forks × iterations)
     */
    public record Score(double mean, double error, String unit, long samples, double min, double max) {
        public double lower() {
            return mean - error;
        }

        public double upper() {
            return mean + error;
        }
    }

    /** Whether the candidate is faster than the seed beyond both error bars. */
    public enum Verdict {
        /** The candidate's interval lies entirely above the seed's. */
        FASTER,
        /** The candidate's interval lies entirely below the seed's. */
        SLOWER,
        /** The intervals overlap: no difference the measurement can resolve. */
        WITHIN_ERROR
    }

    /** Both variants at one ef. */
    public record Point(int ef, Score seed, Score candidate) {
        /** Candidate mean / seed mean. */
        public double ratio() {
            return candidate.mean() / seed.mean();
        }

        public Verdict verdict() {
            if (candidate.lower() > seed.upper()) {
                return Verdict.FASTER;
            }
            if (candidate.upper() < seed.lower()) {
                return Verdict.SLOWER;
            }
            return Verdict.WITHIN_ERROR;
        }
    }

    /**
     * The outcome. {@code status} is {@link Status#OK} when both variants were measured at every
     * ef; otherwise the candidate was rejected ({@code PARSE_ERROR}, {@code POLICY_VIOLATION},
     * {@code COMPILE_ERROR}: before any JVM started) or failed under JMH ({@code CRASH},
     * {@code OUT_OF_MEMORY}, {@code SEARCH_TIMEOUT}), with {@code feedback} saying why, and
     * {@code points} is empty. Failures of the seed or the harness are thrown instead.
     *
     * @param forkJvms         trials seen running in forked JVMs (one per variant, ef and fork)
     * @param networkIsolated  the JMH JVMs ran in a fresh network namespace
     * @param folder           the confirmation folder inside the run folder
     */
    public record Result(ModuleKind module, String candidateHash, Status status, String feedback, List<Point> points,
                         Settings settings, String heap, String jmhVersion, Method method, boolean networkIsolated,
                         int forkJvms, double wallSeconds, String folder) {
        public boolean ok() {
            return status == Status.OK;
        }
    }

    /**
     * Measures the seed and the seed with {@code kind} replaced by {@code candidateSource}.
     *
     * @param sandbox the run folder, data and configuration (heap, output cap); its query set is the one measured
     * @param buildSeconds a rough index build time for the automatic timeout (e.g. from an earlier
     *                     evaluation), or a negative value to allow the sandbox's build timeout per fork
     * @throws IllegalStateException when the seed fails or the harness does (not the candidate)
     */
    public static Result run(Sandbox sandbox, ModuleSources seed, ModuleKind kind, String candidateSource, Settings settings,
                             double buildSeconds) {
        long t0 = System.nanoTime();
        String hash = SourceNormalizer.hash(candidateSource);
        String heap = sandbox.config().heap();
        Path dir = sandbox.runDir().resolve("confirm");
        Path seedDir = dir.resolve(SEED);
        Path candDir = dir.resolve(CANDIDATE);
        try {
            for (Path stale : List.of(dir.resolve(ConfirmMain.RESULT_FILE), dir.resolve(ConfirmMain.LOG_FILE),
                    dir.resolve(WorkerMain.FAILURE_FILE), seedDir.resolve(QueryBenchmark.TRIALS_FILE),
                    seedDir.resolve(QueryBenchmark.FAILURE_FILE), candDir.resolve(QueryBenchmark.TRIALS_FILE),
                    candDir.resolve(QueryBenchmark.FAILURE_FILE))) {
                Files.deleteIfExists(stale);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir + ": " + e.getMessage(), e);
        }
        int[] efs = settings.efs();
        Path seedReq;
        try {
            seedReq = sandbox.prepareRequest(seed, seedDir, efs);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the seed does not pass the sandbox's checks: " + e.getMessage(), e);
        }
        Path candReq;
        try {
            candReq = sandbox.prepareRequest(seed.with(kind, candidateSource), candDir, efs);
        } catch (IllegalArgumentException e) {
            return rejected(kind, hash, e.getMessage(), settings, heap, t0, dir);
        }
        Map<String, Path> variants = new LinkedHashMap<>();
        variants.put(SEED, seedReq);
        variants.put(CANDIDATE, candReq);
        Path specFile = dir.resolve("confirm.properties");
        Duration timeout = settings.timeout(buildSeconds >= 0 ? buildSeconds : sandbox.config().buildTimeout().toSeconds());
        WorkerLauncher.Outcome out;
        try {
            new ConfirmMain.Spec(variants, efs, settings.forks(), settings.warmupIterations(), settings.iterations(),
                    settings.iterationMillis(), heap).write(specFile);
            out = new WorkerLauncher().run(dir, ConfirmMain.class.getName(), List.of(specFile.toString()),
                    new WorkerLauncher.Limits(HOST_HEAP, timeout, timeout, sandbox.config().maxOutputBytes()), true);
        } catch (IOException e) {
            throw new UncheckedIOException("the JMH confirmation could not be started: " + e.getMessage(), e);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        List<Trial> seedTrials = trials(seedDir);
        List<Trial> candTrials = trials(candDir);
        switch (out.end()) {
            case DONE:
                break;
            case BUILD_TIMEOUT:
            case SEARCH_TIMEOUT: {
                Trial last = lastStarted(seedTrials, candTrials);
                String what = "the JMH run did not finish within " + timeout.toSeconds() + " s and was killed";
                if (last != null && last.variant.equals(CANDIDATE)) {
                    return failed(kind, hash, Status.SEARCH_TIMEOUT, what + " while measuring the candidate at ef=" + last.ef
                            + "; the seed's trials finished in time", settings, heap, t0, dir, out.networkIsolated());
                }
                throw new IllegalStateException(what + (last == null ? " before any trial started" : " while measuring the seed at ef=" + last.ef)
                        + "; give it more time with --timeout");
            }
            default:
                throw new IllegalStateException("the JMH host JVM failed: " + out.failure() + detail(dir, out));
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(ConfirmMain.RESULT_FILE), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("unreadable JMH result in " + dir + ": " + e.getMessage(), e);
        }
        checkSettingsEcho(p, settings);
        Map<String, Score> scores = new LinkedHashMap<>();
        List<Integer> seedMissing = new ArrayList<>();
        List<Integer> candMissing = new ArrayList<>();
        for (String variant : List.of(SEED, CANDIDATE)) {
            for (int ef : efs) {
                Score s = score(p, variant, ef, settings);
                if (s == null) {
                    (variant.equals(SEED) ? seedMissing : candMissing).add(ef);
                } else {
                    scores.put(variant + "." + ef, s);
                }
            }
        }
        if (!seedMissing.isEmpty()) {
            throw new IllegalStateException("the seed failed under JMH at ef=" + seedMissing + ": "
                    + failureText(seedDir, dir, out) + "; see " + dir.resolve(ConfirmMain.LOG_FILE));
        }
        if (!candMissing.isEmpty()) {
            String fb = failureText(candDir, dir, out);
            Status st = Files.exists(candDir.resolve(QueryBenchmark.FAILURE_FILE)) || !mentionsOom(dir, out) ? Status.CRASH : Status.OUT_OF_MEMORY;
            if (st == Status.OUT_OF_MEMORY) {
                fb = "a JMH fork ran out of heap (-Xmx" + heap + ") while measuring the candidate at ef=" + candMissing;
            }
            return failed(kind, hash, st, fb, settings, heap, t0, dir, out.networkIsolated());
        }
        String kernels = checkTrials(seedTrials, settings, efs, SEED, p);
        String candKernels = checkTrials(candTrials, settings, efs, CANDIDATE, p);
        if (!kernels.equals(candKernels)) {
            throw new IllegalStateException("the forks used different vector kernels: seed " + kernels + ", candidate " + candKernels);
        }
        List<Point> points = new ArrayList<>();
        for (int ef : efs) {
            points.add(new Point(ef, scores.get(SEED + "." + ef), scores.get(CANDIDATE + "." + ef)));
        }
        Method here = Method.current();
        Method method = new Method(here.jdk(), here.vm(), kernels, here.cpus(), here.os());
        String jmh = p.getProperty("jmh.version", "?");
        if (!jmh.matches("[0-9A-Za-z._-]{1,32}")) {
            jmh = "?";
        }
        return new Result(kind, hash, Status.OK, null, points, settings, heap, jmh, method, out.networkIsolated(),
                seedTrials.size() + candTrials.size(), (System.nanoTime() - t0) / 1e9, dir.toString());
    }

    private static Result rejected(ModuleKind kind, String hash, String message, Settings settings, String heap, long t0, Path dir) {
        int colon = message.indexOf(':');
        Status st;
        try {
            st = Status.valueOf(colon > 0 ? message.substring(0, colon) : message);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the candidate could not be prepared: " + message, e);
        }
        String fb = colon > 0 ? message.substring(colon + 1).strip() : message;
        return failed(kind, hash, st, fb, settings, heap, t0, dir, false);
    }

    private static Result failed(ModuleKind kind, String hash, Status st, String feedback, Settings settings, String heap, long t0,
                                 Path dir, boolean isolated) {
        return new Result(kind, hash, st, feedback, List.of(), settings, heap, null, Method.current(), isolated, 0,
                (System.nanoTime() - t0) / 1e9, dir.toString());
    }

    /** The settings as ConfirmMain says it ran them must be the ones asked for. */
    private static void checkSettingsEcho(Properties p, Settings s) {
        String[][] expected = {{"forks", Integer.toString(s.forks())}, {"warmup.iterations", Integer.toString(s.warmupIterations())},
            {"iterations", Integer.toString(s.iterations())}, {"iteration.ms", Long.toString(s.iterationMillis())}};
        for (String[] e : expected) {
            if (!e[1].equals(p.getProperty(e[0]))) {
                throw new IllegalStateException("the JMH result reports " + e[0] + "=" + p.getProperty(e[0]) + ", expected " + e[1]);
            }
        }
    }

    /** One variant's score at one ef, validated; null when it is missing (the forks failed). */
    private static Score score(Properties p, String variant, int ef, Settings s) {
        String key = variant + "." + ef + ".";
        if (p.getProperty(key + "score") == null) {
            return null;
        }
        double mean = number(p, key + "score");
        double error = number(p, key + "error");
        double min = number(p, key + "min");
        double max = number(p, key + "max");
        long samples;
        try {
            samples = Long.parseLong(p.getProperty(key + "samples", ""));
        } catch (NumberFormatException e) {
            throw invalid(key + "samples", p.getProperty(key + "samples"));
        }
        String unit = p.getProperty(key + "unit", "");
        if (!(mean > 0) || !(error >= 0) || !(min > 0) || !(max >= min) || mean < min * (1 - 1e-9) || mean > max * (1 + 1e-9)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "implausible JMH score for the %s at ef=%d: %s ± %s (min %s, max %s)",
                    variant, ef, mean, error, min, max));
        }
        if (samples != (long) s.forks() * s.iterations()) {
            throw new IllegalStateException("the JMH score for the " + variant + " at ef=" + ef + " has " + samples
                    + " samples, expected forks x iterations = " + (long) s.forks() * s.iterations());
        }
        if (!unit.equals("ops/s")) {
            throw invalid(key + "unit", unit);
        }
        return new Score(mean, error, unit, samples, min, max);
    }

    private static double number(Properties p, String key) {
        String v = p.getProperty(key);
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw invalid(key, v);
            }
            return d;
        } catch (NumberFormatException | NullPointerException e) {
            throw invalid(key, v);
        }
    }

    private static IllegalStateException invalid(String key, String value) {
        String v = String.valueOf(value);
        return new IllegalStateException("invalid JMH result: " + key + "=" + (v.length() > 40 ? v.substring(0, 40) + "..." : v));
    }

    /** One {@code @Setup(Level.Trial)} of {@link QueryBenchmark}: which JVM ran it. */
    private record Trial(String variant, long pid, int ef, String kernels, long order) {
    }

    private static List<Trial> trials(Path dir) {
        Path f = dir.resolve(QueryBenchmark.TRIALS_FILE);
        List<Trial> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        String variant = dir.getFileName().toString();
        try {
            long modified = Files.getLastModifiedTime(f).toMillis();
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size() && i < 10_000; i++) {
                String line = lines.get(i);
                if (!line.matches("pid=\\d{1,18} ef=\\d{1,9} kernels=[A-Za-z0-9._-]{1,40}")) {
                    throw new IllegalStateException("malformed line in " + f + ": " + line);
                }
                String[] parts = line.split(" ");
                // The last line of each file shares the file's modification time: enough to tell which variant ran last.
                out.add(new Trial(variant, Long.parseLong(parts[0].substring(4)), Integer.parseInt(parts[1].substring(3)),
                        parts[2].substring(8), i == lines.size() - 1 ? modified : Long.MIN_VALUE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Trial lastStarted(List<Trial> a, List<Trial> b) {
        Trial best = null;
        for (List<Trial> l : List.of(a, b)) {
            if (!l.isEmpty()) {
                Trial t = l.get(l.size() - 1);
                if (best == null || t.order >= best.order) {
                    best = t;
                }
            }
        }
        return best;
    }

    /**
     * Every (ef, fork) of the variant ran its own trial setup, none of them in this JVM or in the
     * JMH host: module code ran only in forks. Returns the kernels the forks used.
     */
    private static String checkTrials(List<Trial> trials, Settings s, int[] efs, String variant, Properties p) {
        long self = ProcessHandle.current().pid();
        long host;
        try {
            host = Long.parseLong(p.getProperty("host.pid", "-1"));
        } catch (NumberFormatException e) {
            throw invalid("host.pid", p.getProperty("host.pid"));
        }
        Set<Long> pids = new HashSet<>();
        Map<Integer, Integer> perEf = new LinkedHashMap<>();
        String kernels = null;
        for (Trial t : trials) {
            if (t.pid == self || t.pid == host) {
                throw new IllegalStateException("the " + variant + " ran outside a forked JVM (pid " + t.pid + "); the result is void");
            }
            pids.add(t.pid);
            perEf.merge(t.ef, 1, Integer::sum);
            if (kernels != null && !kernels.equals(t.kernels)) {
                throw new IllegalStateException("the " + variant + "'s forks used different vector kernels: " + kernels + ", " + t.kernels);
            }
            kernels = t.kernels;
        }
        for (int ef : efs) {
            if (perEf.getOrDefault(ef, 0) != s.forks()) {
                throw new IllegalStateException("expected " + s.forks() + " forked trials of the " + variant + " at ef=" + ef + ", saw "
                        + perEf.getOrDefault(ef, 0));
            }
        }
        if (trials.size() != efs.length * s.forks() || pids.size() != trials.size()) {
            throw new IllegalStateException("expected " + efs.length * s.forks() + " trials of the " + variant + " in as many JVMs, saw "
                    + trials.size() + " in " + pids.size());
        }
        return kernels;
    }

    private static String failureText(Path variantDir, Path dir, WorkerLauncher.Outcome out) {
        Path f = variantDir.resolve(QueryBenchmark.FAILURE_FILE);
        try {
            if (Files.exists(f)) {
                String s = Files.readString(f, StandardCharsets.UTF_8).strip();
                return s.length() > 4000 ? s.substring(0, 4000) : s;
            }
        } catch (IOException e) {
            // fall through to the generic text
        }
        return "the JMH fork died without a Java exception (see " + dir.resolve(ConfirmMain.LOG_FILE) + ")";
    }

    private static boolean mentionsOom(Path dir, WorkerLauncher.Outcome out) {
        if (out.stderrTail().contains("OutOfMemoryError")) {
            return true;
        }
        try {
            Path log = dir.resolve(ConfirmMain.LOG_FILE);
            return Files.exists(log) && Files.size(log) < (64 << 20) && Files.readString(log, StandardCharsets.UTF_8).contains("OutOfMemoryError");
        } catch (IOException e) {
            return false;
        }
    }

    private static String detail(Path dir, WorkerLauncher.Outcome out) {
        StringBuilder sb = new StringBuilder();
        Path f = dir.resolve(WorkerMain.FAILURE_FILE);
        try {
            if (Files.exists(f)) {
                sb.append("; ").append(Files.readString(f, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            // nothing more to say
        }
        String err = out.stderrTail().strip();
        if (!err.isEmpty()) {
            String[] lines = err.split("\n");
            sb.append("; stderr: ").append(lines[lines.length - 1]);
        }
        return sb.toString();
    }
}
