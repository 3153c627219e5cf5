package io.crinn4j.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.crinn4j.agent.bench.BenchReport;
import io.crinn4j.agent.bench.BenchRunner;
import io.crinn4j.agent.bench.BenchTable;
import io.crinn4j.agent.config.RewardConfig;
import io.crinn4j.agent.util.Progress;
import io.crinn4j.data.AtomicFile;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.FloatMatrix;
import io.crinn4j.index.IndexFile;
import io.crinn4j.index.IndexModules;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.harness.SweepConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Builds the seed index (glass-baseline), sweeps ef, and reports the QPS-recall curve, build time,",
            "index memory, the AUC over the recall band and QPS at recall 0.90/0.95/0.99; writes the same as JSON.",
            "Search is timed query by query on one thread (or --threads), best of --runs runs, as ann-benchmarks does.",
            "With --index FILE it measures a saved index (crinn export) the same way, in a worker JVM with its jar."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (bad data, unknown dataset, I/O)", "2:bad command line"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--ef", paramLabel = "LIST", split = ",",
            description = "ef values to sweep, comma-separated. Default: CRINN's list 1-15,17,20,25,...,700.")
    List<Integer> efs;

    @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (recall@k). Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--queries", paramLabel = "N", description = "Use only the first N queries. Default: all.")
    Integer queries;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "5", description = "Timed runs per ef; the fastest counts. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1", description = "Search threads (1 = single-threaded, as ann-benchmarks). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--warmup-ms", defaultValue = "1000", description = "Untimed warm-up before the sweep. Default: ${DEFAULT-VALUE}.")
    long warmupMs;

    @Option(names = "--min-pass-ms", defaultValue = "20",
            description = "Each run repeats the query set until it lasts this long, so tiny query sets are not timed at clock resolution. Default: ${DEFAULT-VALUE}.")
    long minPassMs;

    @Option(names = "--band", paramLabel = "LO:HI", defaultValue = "0.85:0.95", description = "Recall band of the AUC. Default: ${DEFAULT-VALUE}.")
    String band;

    @Option(names = "--gt-threads", paramLabel = "T", description = "Threads for the brute-force ground truth (not timed). Default: all cores.")
    Integer gtThreads;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the JSON goes: DIR/bench/<time>-<dataset>/bench.json. Default: runs/ of the checkout.")
    Path out;

    @Option(names = "--json", description = "Print the JSON report on stdout instead of the table.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    @Option(names = "--index", paramLabel = "FILE",
            description = {"Measure a saved index (from 'crinn export' or Index.save) instead of building the seed: loaded in a worker JVM with",
                "its exported jar, swept single-threaded on --dataset's queries, recall against the file's own base vectors."})
    Path index;

    @Option(names = "--jar", paramLabel = "JAR",
            description = "The exported jar whose modules built --index. Default: the jar beside FILE (or in its parent folder) that names the same modules.")
    Path jar;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "4g", description = "Heap of the worker JVM that measures --index. Default: ${DEFAULT-VALUE}.")
    String heap;

    @Override
    public Integer call() throws IOException {
        RecallBand recallBand;
        SweepConfig cfg;
        try {
            recallBand = parseBand(band);
            int[] efArray = efs == null ? SweepConfig.CRINN_EFS : efs.stream().mapToInt(Integer::intValue).toArray();
            cfg = new SweepConfig(k, efArray, runs, threads, warmupMs, minPassMs, 42);
            if (queries != null && queries < 1) {
                throw new IllegalArgumentException("--queries must be >= 1, got " + queries);
            }
        } catch (IllegalArgumentException e) {
            // A bad option value is a command-line error (exit 2), not a failed run.
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (index != null && threads != 1) {
            throw new ParameterException(spec.commandLine(), "--threads: a saved index is measured single-threaded, as campaigns measure");
        }
        if (index != null && !heap.matches("\\d+[kmgKMG]?")) {
            throw new ParameterException(spec.commandLine(), "--heap must look like 512m or 4g, got '" + heap + "'");
        }
        Progress progress = Progress.forConsole(quiet);
        if (index != null) {
            return benchIndex(progress, cfg, recallBand);
        }
        Dataset ds;
        try (Progress.Task t = progress.start("loading " + data.dataset, -1)) {
            ds = data.load();
        }
        if (queries != null) {
            ds = ds.firstQueries(Math.min(queries, ds.nq()));
        }
        int gt = gtThreads != null ? gtThreads : Runtime.getRuntime().availableProcessors();
        BenchReport report = new BenchRunner(progress).run(ds, new BenchRunner.Options(cfg, recallBand, data.cache(), gt));
        return print(report, reportDir(report.dataset().name()));
    }

    /** {@code --index FILE}: the file checked here, its jar found, then measured in a worker JVM. */
    private Integer benchIndex(Progress progress, SweepConfig cfg, RecallBand recallBand) throws IOException {
        IndexFile.Header header = IndexFile.readHeader(index);
        Path jarFile = jar != null ? jar : findJar(index, header);
        IndexModules.Descriptor d = IndexModules.Descriptor.of(jarFile);
        if (!d.fingerprint().equals(header.fingerprint())) {
            throw new IllegalArgumentException(index + " was built with other modules than " + jarFile + "'s (file: " + header.modules() + ")");
        }
        IndexFile.Contents contents;
        Dataset qs;
        try (Progress.Task t = progress.start("reading " + index.getFileName() + " and loading " + data.dataset, -1)) {
            contents = IndexFile.read(index);
            qs = data.load();
        }
        if (qs.d() != header.d()) {
            throw new IllegalArgumentException(index + " holds vectors of dimension " + header.d() + ", but " + qs.name() + "'s queries have dimension " + qs.d());
        }
        if (qs.metric() != header.metric()) {
            throw new IllegalArgumentException(index + " is a " + header.metric().annBenchmarksName() + " index, but " + qs.name() + " is "
                    + qs.metric().annBenchmarksName());
        }
        if (queries != null) {
            qs = qs.firstQueries(Math.min(queries, qs.nq()));
        }
        // The file's own base vectors, the dataset's queries: the ground truth of what this index holds.
        float[] q = java.util.Arrays.copyOfRange(qs.queries(), qs.queryOffset(0), qs.queryOffset(qs.nq() - 1) + qs.d());
        Dataset onIndex = Dataset.of(qs.name() + "@" + index.getFileName(), header.metric(),
                new FloatMatrix(header.n(), header.d(), contents.vectors().data), new FloatMatrix(qs.nq(), qs.d(), q));
        int gt = gtThreads != null ? gtThreads : Runtime.getRuntime().availableProcessors();
        Path dir = reportDir(onIndex.name());
        BenchReport report = new BenchRunner(progress).runIndex(header, index, jarFile, onIndex, new BenchRunner.Options(cfg, recallBand, data.cache(), gt),
                heap, dir.resolve("worker"));
        return print(report, dir);
    }

    /** The jar beside {@code file}, or in its parent folder, whose descriptor names the modules the file was built with. */
    static Path findJar(Path file, IndexFile.Header header) throws IOException {
        Path abs = file.toAbsolutePath();
        java.util.List<Path> seen = new java.util.ArrayList<>();
        for (Path dir : new Path[] {abs.getParent(), abs.getParent() == null ? null : abs.getParent().getParent()}) {
            if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
                continue;
            }
            try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
                for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
                    seen.add(p);
                    try {
                        if (IndexModules.Descriptor.of(p).fingerprint().equals(header.fingerprint())) {
                            return p;
                        }
                    } catch (IOException e) {
                        // not an exported jar
                    }
                }
            }
        }
        throw new IllegalArgumentException("no exported jar beside " + file + " names its modules (" + header.modules() + ")"
                + (seen.isEmpty() ? "" : "; looked at " + seen.size() + " jar(s)") + "; name it with --jar");
    }

    private Integer print(BenchReport report, Path dir) {
        Path file = write(report, dir);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(toJson(report));
        } else {
            BenchTable.print(report, new java.io.PrintStream(new WriterOutputStream(w), true, java.nio.charset.StandardCharsets.UTF_8));
            w.println("report    " + file);
        }
        w.flush();
        return Main.EXIT_OK;
    }

    static RecallBand parseBand(String s) {
        try {
            return RewardConfig.parseBand(s); // the form a campaign's reward.band takes too
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--band " + e.getMessage());
        }
    }

    /** The report's folder: {@code <out>/bench/<time>-<dataset>/}. */
    private Path reportDir(String dataset) {
        Path root = out != null ? out : defaultRunsDir();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return root.resolve("bench").resolve(stamp + "-" + dataset.replaceAll("[^A-Za-z0-9._-]+", "_"));
    }

    private Path write(BenchReport report, Path dir) {
        try {
            Path file = dir.resolve("bench.json");
            AtomicFile.writeString(file, toJson(report));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report under " + dir + ": " + e.getMessage(), e);
        }
    }

    static Path defaultRunsDir() {
        String home = System.getProperty("crinn.home");
        return home != null ? Path.of(home, "runs") : Path.of("runs");
    }

    static String toJson(Object o) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the table printer (a PrintStream API) write through picocli's configured writer. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final PrintWriter w;

        WriterOutputStream(PrintWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) {
            w.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            w.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            w.flush();
        }
    }
}
