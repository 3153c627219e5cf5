package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.vector.Kernels;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts a worker JVM for one evaluation and supervises it; runs in the caller (the campaign's
 * JVM), which never loads candidate classes.
 *
 * <p>Isolation: the child gets an empty environment (no API keys; only {@code PATH}, {@code LANG},
 * and {@code HOME}/{@code TMPDIR} pointing into the run folder), the run folder as working
 * directory, its own {@code -Xmx}, {@code -XX:+ExitOnOutOfMemoryError}, and, where the kernel
 * allows it, a fresh network namespace ({@code unshare -n}: no interface but a down loopback).
 * Wall-clock limits apply separately to load+build and to the sweep, following the worker's
 * {@code CRINN-PHASE} lines; on overrun the whole process tree is killed. Output is captured to
 * {@code worker.out} / {@code worker.err} and only a bounded tail is read back.
 */
public final class WorkerLauncher {

    /**
     * @param heap          the worker's {@code -Xmx} value, e.g. {@code "4g"}
     * @param buildTimeout  limit for loading the modules and building the index
     * @param sweepTimeout  limit for warm-up and the whole ef sweep
     * @param maxOutputBytes cap on captured stdout/stderr per stream
     */
    public record Limits(String heap, Duration buildTimeout, Duration sweepTimeout, int maxOutputBytes) {
    }

    /**
     * JVM flags of a profiling worker: debug information at every instruction the JIT emits, not
     * only at safepoints, so a sample in compiled code is attributed to its own line and inlined
     * method rather than to the nearest call or loop back-edge. Without it, two profiles of the seed
     * on fashion-mnist in two JVMs put the refinement's {@code squaredL2} call at 24.6% and 1.4%, the
     * rest landing on a comparison loop a few lines further. Only for profiling workers: it changes
     * nothing the JIT generates, but costs compile time and memory, and measurements never get it.
     * Also kernels that can count the distinct vectors a query reads (its visited nodes, {@code
     * Kernels.startDistinctRows}), at the price of one branch per kernel call that timed workers
     * do not pay.
     */
    public static final List<String> PROFILE_FLAGS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
            "-D" + Kernels.COUNT_PROPERTY + "=" + Kernels.COUNT_DISTINCT);

    /**
     * The measuring workers' kernels: they count the rows they score ({@code Kernels.countedDistances}),
     * which checks the distance counts modules report.
     */
    static final List<String> MEASURE_FLAGS = List.of("-D" + Kernels.COUNT_PROPERTY + "=true");

    /** Suffix of the file in the worker's folder that answers its {@code CRINN-ASK <question>} line. */
    public static final String ANSWER_SUFFIX = ".answer";

    /**
     * Answers the questions a worker asks while it runs ({@code WorkerMain.ASK}), e.g. the profiling
     * worker's "which ef values?" once it has written answers only the caller can score. Called on the
     * supervising thread; the worker's limits keep running meanwhile.
     */
    public interface Answerer {
        /** The answer to {@code question}, one line of text; written to {@code <question>.answer} for the worker. */
        String answer(String question) throws IOException;
    }

    /** How the worker ended. */
    public enum End { DONE, BUILD_TIMEOUT, SEARCH_TIMEOUT, OUT_OF_MEMORY, CANDIDATE_FAILED, TAMPERED, CRASHED }

    /**
     * @param failure     the worker's failure.txt for CANDIDATE_FAILED, else a short diagnosis
     * @param stderrTail  the last part of the worker's stderr
     * @param lastSet     in a worker measuring several module sets, the set it was working on last
     *                    (its last {@code CRINN-SET} line); -1 for a worker of one set
     */
    public record Outcome(End end, int exitCode, String lastPhase, String failure, String stderrTail, long wallNanos,
                          boolean networkIsolated, int lastSet) {
        public Outcome(End end, int exitCode, String lastPhase, String failure, String stderrTail, long wallNanos, boolean networkIsolated) {
            this(end, exitCode, lastPhase, failure, stderrTail, wallNanos, networkIsolated, -1);
        }
    }

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile Boolean unshareWorks;
    private static volatile String loopbackCommand;

    static {
        // If the caller is stopped (Ctrl-C, kill), take its workers with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(WorkerLauncher::killTree), "crinn-worker-reaper"));
    }

    public Outcome run(Path runDir, Path requestFile, Limits limits) throws IOException {
        return runWorker(runDir, WorkerMain.class.getName(), List.of(requestFile.toAbsolutePath().toString()), limits, null, MEASURE_FLAGS);
    }

    /**
     * Starts a worker main class of this package (the sandbox worker, the profiling worker) with the
     * sandbox worker's flags, isolation, limits and supervision; {@code answerer} answers the
     * questions it asks, or is null for a worker that asks none; {@code extraFlags} are added to the
     * worker's JVM flags and choose its kernels ({@link #MEASURE_FLAGS}, the profiling worker's
     * {@link #PROFILE_FLAGS}).
     */
    public Outcome runWorker(Path runDir, String mainClass, List<String> args, Limits limits, Answerer answerer, List<String> extraFlags)
            throws IOException {
        List<String> flags = new ArrayList<>(ModuleLoader.JVM_FLAGS);
        flags.addAll(extraFlags);
        return launch(runDir, mainClass, List.copyOf(args), limits, false, flags, answerer, List.of());
    }

    /**
     * Starts another harness main class (e.g. the JMH confirmation's {@code ConfirmMain}) with the
     * same isolation, limits and supervision as the sandbox worker. The child follows the same
     * protocol: it prints {@code CRINN-PHASE done} before exiting 0 for {@link End#DONE}, and
     * {@link Limits#buildTimeout()} runs from process start until it reports a phase (a child that
     * never does so has one wall-clock limit, {@code buildTimeout}, reported as {@link End#BUILD_TIMEOUT}).
     *
     * @param mainClass a class on this JVM's class path
     * @param args      its arguments
     * @param loopback  true when the child needs a working loopback interface (JMH talks to its
     *                  forks over a local socket): the fresh network namespace then gets its
     *                  {@code lo} brought up, still with no route outside; if that is not possible
     *                  here, the child runs without a network namespace ({@link Outcome#networkIsolated()} is false)
     */
    public Outcome run(Path runDir, String mainClass, List<String> args, Limits limits, boolean loopback) throws IOException {
        return launch(runDir, mainClass, List.copyOf(args), limits, loopback, List.of(), null, List.of());
    }

    /**
     * Starts {@link IndexMain} for one request, with the same isolation, limits, timing flags and
     * distance counting as the sandbox worker, and {@code classPathFirst} (an exported jar) ahead of
     * this JVM's class path, so the index classes and modules come from there.
     */
    public Outcome runIndex(Path runDir, Path requestFile, Limits limits, List<Path> classPathFirst) throws IOException {
        List<String> flags = new ArrayList<>(ModuleLoader.JVM_FLAGS);
        flags.addAll(MEASURE_FLAGS);
        return launch(runDir, IndexMain.class.getName(), List.of(requestFile.toAbsolutePath().toString()), limits, false, flags, null,
                List.copyOf(classPathFirst));
    }

    /**
     * @param jvmFlags extra flags for the child JVM; the sandbox worker gets the kernels' distance
     *                 count ({@code Kernels.countedDistances}), which checks the counts modules report
     */
    private Outcome launch(Path runDir, String mainClass, List<String> mainArgs, Limits limits, boolean loopback,
                           List<String> jvmFlags, Answerer answerer, List<Path> classPathFirst) throws IOException {
        Path tmp = runDir.resolve("tmp");
        Files.createDirectories(tmp);
        String ip = loopback ? loopbackIsolationCommand() : null;
        boolean isolate = loopback ? ip != null : networkIsolationAvailable();
        List<String> cmd = new ArrayList<>();
        if (isolate) {
            cmd.add("unshare");
            cmd.add("-n");
            if (loopback) {
                // Bring up lo inside the new namespace, then replace the shell with the JVM (same pid).
                cmd.add("/bin/sh");
                cmd.add("-c");
                cmd.add(ip + " link set lo up && exec \"$@\"");
                cmd.add("crinn-sandbox");
            }
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + limits.heap());
        cmd.add(initialHeap(limits.heap()));
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(timingFlags());
        cmd.addAll(jvmFlags);
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-D" + WorkerMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("-cp");
        StringBuilder cp = new StringBuilder();
        for (Path p : classPathFirst) {
            cp.append(p.toAbsolutePath()).append(File.pathSeparatorChar);
        }
        cmd.add(cp + absoluteClassPath());
        cmd.add(mainClass);
        cmd.addAll(mainArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", runDir.toAbsolutePath().toString());
        env.put("TMPDIR", tmp.toAbsolutePath().toString());
        pb.directory(runDir.toFile());
        Path errFile = runDir.resolve("worker.err");
        pb.redirectError(errFile.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long start = System.nanoTime();
        Process p = pb.start();
        LIVE.add(p);
        PhaseReader reader = new PhaseReader(p, runDir.resolve("worker.out"), limits.maxOutputBytes());
        reader.start();
        try {
            End timeout = null;
            while (true) {
                if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                    break;
                }
                for (String q = reader.questions.poll(); q != null; q = reader.questions.poll()) {
                    answer(runDir, q, answerer);
                }
                String phase = reader.phase;
                boolean sweeping = phase.equals("sweep");
                long limit = (sweeping ? limits.sweepTimeout() : limits.buildTimeout()).toNanos();
                // Until the worker reports "build", the clock runs from process start.
                long elapsed = phase.equals("start") || phase.equals("load") ? System.nanoTime() - start
                        : sweeping ? reader.sweepNanosOfCurrentSet() : System.nanoTime() - reader.phaseStart;
                if (elapsed > limit) {
                    timeout = sweeping ? End.SEARCH_TIMEOUT : End.BUILD_TIMEOUT;
                    killTree(p);
                    p.waitFor(10, TimeUnit.SECONDS);
                    break;
                }
            }
            reader.join(2000);
            long wall = System.nanoTime() - start;
            String errTail = tail(errFile, limits.maxOutputBytes());
            if (timeout != null) {
                Duration lim = timeout == End.SEARCH_TIMEOUT ? limits.sweepTimeout() : limits.buildTimeout();
                return new Outcome(timeout, -1, reader.phase, (timeout == End.SEARCH_TIMEOUT ? "search" : "build")
                        + " did not finish within " + lim.toSeconds() + " s; the worker was killed", errTail, wall, isolate, reader.set);
            }
            int code = p.exitValue();
            if (code == 0 && reader.phase.equals("done")) {
                return new Outcome(End.DONE, 0, "done", null, errTail, wall, isolate, reader.set);
            }
            if (code == 3 || errTail.contains("java.lang.OutOfMemoryError")) {
                return new Outcome(End.OUT_OF_MEMORY, code, reader.phase, "the worker ran out of heap (-Xmx" + limits.heap()
                        + ") during " + reader.phase, errTail, wall, isolate, reader.set);
            }
            if (code == WorkerMain.EXIT_TAMPERED && Files.exists(runDir.resolve(WorkerMain.FAILURE_FILE))) {
                return new Outcome(End.TAMPERED, code, reader.phase, tail(runDir.resolve(WorkerMain.FAILURE_FILE), 4000), errTail, wall, isolate, reader.set);
            }
            if (code == WorkerMain.EXIT_CANDIDATE_FAILED && Files.exists(runDir.resolve(WorkerMain.FAILURE_FILE))) {
                return new Outcome(End.CANDIDATE_FAILED, code, reader.phase, tail(runDir.resolve(WorkerMain.FAILURE_FILE), 4000), errTail, wall, isolate, reader.set);
            }
            return new Outcome(End.CRASHED, code, reader.phase, "the worker JVM exited with code " + code + " during " + reader.phase,
                    errTail, wall, isolate, reader.set);
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the worker", e);
        } finally {
            if (p.isAlive()) {
                killTree(p);
            }
            LIVE.remove(p);
        }
    }

    /** Writes the answer to a worker's question; a question that is not a plain name, or no answerer, gets an empty answer. */
    private static void answer(Path runDir, String question, Answerer answerer) throws IOException {
        if (!question.matches("[a-z][a-z0-9-]{0,40}")) {
            return;
        }
        String a = answerer == null ? "" : answerer.answer(question);
        io.crinn4j.data.AtomicFile.writeString(runDir.resolve(question + ANSWER_SUFFIX), a == null ? "" : a.strip() + "\n");
    }

    /** True when {@code unshare -n} can start a process here (needs root or user namespaces). */
    public static boolean networkIsolationAvailable() {
        Boolean u = unshareWorks;
        if (u == null) {
            u = false;
            if (!"false".equals(System.getProperty("crinn.sandbox.unshare"))) {
                try {
                    Process t = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
                    t.getInputStream().readAllBytes();
                    u = t.waitFor(5, TimeUnit.SECONDS) && t.exitValue() == 0;
                } catch (IOException e) {
                    u = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            unshareWorks = u;
        }
        return u;
    }

    /**
     * The {@code ip} command that brings up the loopback interface inside a fresh network
     * namespace, when {@code unshare -n} and that command both work here; null otherwise.
     */
    static String loopbackIsolationCommand() {
        String c = loopbackCommand;
        if (c == null) {
            c = "";
            if (networkIsolationAvailable()) {
                for (String candidate : new String[] {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"}) {
                    if (!Files.isExecutable(Path.of(candidate))) {
                        continue;
                    }
                    try {
                        Process t = new ProcessBuilder("unshare", "-n", candidate, "link", "set", "lo", "up").redirectErrorStream(true).start();
                        t.getInputStream().readAllBytes();
                        if (t.waitFor(5, TimeUnit.SECONDS) && t.exitValue() == 0) {
                            c = candidate;
                            break;
                        }
                    } catch (IOException e) {
                        // try the next location
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            loopbackCommand = c;
        }
        return c.isEmpty() ? null : c;
    }

    /**
     * JVM flags that make timings steadier. Transparent huge pages for the heap: the graph, the
     * codes and the visited array are then covered by a few TLB entries, and where the heap
     * happens to land in physical memory matters less. Measured on this machine (synthetic
     * default, 500 queries, 5 JVMs each): seed AUC 7,876 with CV 9.5% with huge pages against
     * 7,132 with CV 20% without. The flag exists only on Linux; elsewhere the JVM would refuse to
     * start, so it is not passed there.
     *
     * <p>Objects aligned to 64 bytes, a cache line, on every platform. A Java array's data starts
     * 16 bytes after its (8-byte aligned) object start, so where a 128-byte graph row or code row
     * falls relative to cache lines — 2 lines or 3 per row — was luck that changed from one array
     * to the next. On bigann10k's 500 campaign queries, two identical seed module sets measured in
     * one worker differed by a geometric-mean QPS ratio between 0.92 and 1.12 over 6 workers; with
     * the alignment fixed, between 0.98 and 1.05. Every array now starts at the same place in a line.
     */
    public static List<String> timingFlags() {
        List<String> flags = new java.util.ArrayList<>();
        flags.add("-XX:ObjectAlignmentInBytes=64");
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            flags.add("-XX:+UseTransparentHugePages");
        }
        return List.copyOf(flags);
    }

    /**
     * {@code -Xms} equal to the maximum heap: the whole heap is reserved and committed at once, so
     * every array lands in memory the JVM advised for transparent huge pages, instead of in pieces
     * committed as the heap grows, some of which never got huge pages. Which pieces a module set's
     * arrays landed in was luck that made identical seeds in one worker differ: on fashion-mnist
     * (2,000 queries, 3 sets) two seed instances were 0.83-1.08 of each other over 8 workers
     * without it, 0.98-1.02 over 5 with it. Committing is not touching: memory is used as it is
     * written, and the worker starts as fast.
     */
    public static String initialHeap(String heap) {
        return "-Xms" + heap;
    }

    static void killTree(Process p) {
        ProcessHandle h = p.toHandle();
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
    }

    private static String absoluteClassPath() {
        String[] parts = System.getProperty("java.class.path").split(File.pathSeparator);
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(File.pathSeparatorChar);
            }
            sb.append(Path.of(part).toAbsolutePath());
        }
        return sb.toString();
    }

    static String tail(Path file, int max) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - max);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            return (from > 0 ? "[...truncated...]\n" : "") + new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Reads the worker's stdout, tracks its phase, and keeps a bounded copy on disk. Sweep time is
     * summed per set: in a shared worker the sets' sweeps take turns (a {@code CRINN-SET} line
     * each), and the sweep limit holds for one set's warm-up plus all its turns, as it does for the
     * single sweep of a one-set worker, not for each short turn.
     */
    private static final class PhaseReader extends Thread {
        private final Process p;
        private final Path log;
        private final int max;
        volatile String phase = "start";
        volatile long phaseStart = System.nanoTime();
        volatile int set = -1;
        /** Questions the worker asked ({@code CRINN-ASK} lines), not answered yet. */
        final java.util.concurrent.ConcurrentLinkedQueue<String> questions = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Sweep nanoseconds of finished turns, by set; guarded by this. */
        private final Map<Integer, Long> swept = new HashMap<>();
        /** Start of the current set's current sweep turn; guarded by this. */
        private long turnStart = System.nanoTime();

        PhaseReader(Process p, Path log, int max) {
            super("crinn-worker-stdout");
            setDaemon(true);
            this.p = p;
            this.log = log;
            this.max = max;
        }

        @Override
        public void run() {
            long written = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream out = Files.newOutputStream(log)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(WorkerMain.PHASE)) {
                        endTurn(set);
                        phase = line.substring(WorkerMain.PHASE.length()).trim();
                        phaseStart = System.nanoTime();
                    } else if (line.startsWith(WorkerMain.ASK)) {
                        questions.add(line.substring(WorkerMain.ASK.length()).trim());
                    } else if (line.startsWith(WorkerMain.SET)) {
                        try {
                            endTurn(Integer.parseInt(line.substring(WorkerMain.SET.length()).trim()));
                        } catch (NumberFormatException e) {
                            // only the worker's own code prints these lines (candidates may not print)
                        }
                    }
                    byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
                    if (written + b.length <= max) {
                        out.write(b);
                        written += b.length;
                    }
                }
            } catch (IOException e) {
                // the worker died or was killed; its exit code tells the rest
            }
        }

        /** Books the time since the last line to the current set if it was sweeping; the next turn is {@code next}'s. */
        private synchronized void endTurn(int next) {
            long now = System.nanoTime();
            if (phase.equals("sweep")) {
                swept.merge(set, now - turnStart, Long::sum);
            }
            turnStart = now;
            set = next;
        }

        /** The current set's sweep time so far: its finished turns plus the one under way. */
        synchronized long sweepNanosOfCurrentSet() {
            return swept.getOrDefault(set, 0L) + System.nanoTime() - turnStart;
        }
    }
}
