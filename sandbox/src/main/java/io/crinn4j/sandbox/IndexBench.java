package io.crinn4j.sandbox;

import io.crinn4j.contract.Vectors;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.reward.RewardSummary;
import io.crinn4j.reward.Stats;
import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.sandbox.harness.Scoring;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.sandbox.harness.SweepPoint;
import io.crinn4j.sandbox.worker.IndexMain;
import io.crinn4j.sandbox.worker.VectorFile;
import io.crinn4j.sandbox.worker.WorkerLauncher;
import io.crinn4j.sandbox.worker.WorkerResult;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Measures an exported index — {@code crinn export}'s verification and {@code crinn bench --index}
 * — in a JVM of its own ({@code worker.IndexMain}) with the exported jar first on its class path:
 * the jar's own classes build or load the index, the sandbox's harness sweeps it the way a campaign
 * measures (single thread, best of R interleaved runs, a fresh searcher every pass, the state
 * checks between passes), and the answers come back here to be scored against ground truth that
 * never leaves this JVM. The worker runs with the sandbox's isolation and limits (empty
 * environment, its own heap, wall-clock limits that kill it), since the jar's modules are
 * LLM-written code.
 *
 * <p>With a {@link Request#reference()} set, the same worker also builds the index with that set
 * compiled as the sandbox compiles candidates (the code the campaign measured), prepares it as
 * {@link Request#referenceInstances()} instances and sweeps them all, taking turns ef by ef: the
 * export's QPS over the fastest instance's is a paired comparison, free of the machine's drift,
 * and the instances' spread says how steady the machine was while it was made.
 */
public final class IndexBench {
    private IndexBench() {
    }

    /** Build the index from {@link Request#data()}'s base with the jar's modules and save it, or load a saved one. */
    public enum Mode { BUILD, LOAD }

    /**
     * What to measure.
     *
     * @param jar       the exported jar
     * @param indexFile where {@link Mode#BUILD} saves the index, or what {@link Mode#LOAD} loads
     * @param data      the base the index is over (built from it, or read from the file by the caller) and the queries
     * @param gt        exact ground truth of {@code data}'s queries, k ≥ the sweep's
     * @param reference a module set to measure beside the export (the campaign's code), or null
     * @param referenceInstances instances of the reference in the worker (one construction, each prepared on its own copy
     *                           of the graph); their spread is the measurement's noise
     */
    public record Request(Mode mode, Path jar, Path indexFile, Dataset data, GroundTruth gt, SweepConfig sweep, RecallBand band,
                          ModuleSources reference, int referenceInstances, String heap, Duration buildTimeout, Duration sweepTimeout) {
        public Request {
            if (reference != null && referenceInstances < 1) {
                throw new IllegalArgumentException("a reference needs at least one instance, got " + referenceInstances);
            }
            if (sweep.threads() != 1) {
                throw new IllegalArgumentException("an index is measured single-threaded, as campaigns measure");
            }
            if (gt.nq() != data.nq() || gt.k() < sweep.k()) {
                throw new IllegalArgumentException("ground truth of " + gt.nq() + " x " + gt.k() + " does not fit " + data.nq() + " queries at k=" + sweep.k());
            }
        }
    }

    /** One module set's measurement: its build, its points, the AUC over the band. */
    public record Measured(Bench.Build build, List<Bench.Point> points, RewardSummary reward) {
    }

    /**
     * What the worker found besides the timings.
     *
     * @param saveSeconds    writing the file ({@link Mode#BUILD} only)
     * @param loadSeconds    reading and checking the file, before the modules' prepare
     * @param roundTrip      the loaded index has the built one's graph and vectors ({@link Mode#BUILD} only)
     * @param graphIdentical the reference set's construction built the same graph (with a reference only)
     * @param apiMismatches  per ef, queries whose answers through the public {@code Index.search} differ from the harness's
     */
    public record Facts(long fileBytes, Double saveSeconds, double loadSeconds, Boolean roundTrip, Boolean graphIdentical, long baseBytes,
                        long graphBytes, long searchBytes, long refinementBytes, Map<Integer, Integer> apiMismatches, String modules,
                        int graphMaxLevel, double graphMeanDegree) {
        /** Queries answered differently through the public API, summed over the ef values. */
        public int totalApiMismatches() {
            return apiMismatches.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The export's measurement, the reference instances' (empty without a reference), the facts, and how it was measured. */
    public record Result(Measured export, List<Measured> references, Facts facts, Method method, boolean networkIsolated, double wallSeconds) {
        /** The reference instance with the highest geometric-mean QPS: the worker's reference, as the fastest seed instance is a campaign's. */
        public Measured fastestReference() {
            Measured best = null;
            for (Measured m : references) {
                if (best == null || geoMeanQps(m) > geoMeanQps(best)) {
                    best = m;
                }
            }
            return best;
        }

        /** Fastest over slowest reference instance, minus one (0 with fewer than two): how much the machine moved one program's speed. */
        public double referenceSpread() {
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (Measured m : references) {
                double g = geoMeanQps(m);
                lo = Math.min(lo, g);
                hi = Math.max(hi, g);
            }
            return references.size() < 2 ? 0 : hi / lo - 1;
        }

        /**
         * Per ef, fastest over slowest reference instance minus one: how far apart single points are.
         * The aggregate ({@link #referenceSpread()}) is what decides, as a campaign's AUC-level spread does;
         * single points of identical code can be 10% apart while the aggregates agree.
         */
        public List<Double> referencePointSpreads() {
            List<Double> out = new ArrayList<>();
            if (references.size() < 2) {
                return out;
            }
            for (int i = 0; i < export.points().size(); i++) {
                double lo = Double.MAX_VALUE;
                double hi = 0;
                for (Measured m : references) {
                    double q = m.points().get(i).qps();
                    lo = Math.min(lo, q);
                    hi = Math.max(hi, q);
                }
                out.add(hi / lo - 1);
            }
            return out;
        }

        /** Geometric mean of a measurement's QPS over its ef values. */
        public static double geoMeanQps(Measured m) {
            return Stats.geometricMean(m.points().stream().mapToDouble(Bench.Point::qps).toArray());
        }
    }

    /** Runs the worker in {@code runDir} (created; the worker's working directory) and scores its answers. */
    public static Result run(Request r, Path runDir) throws IOException {
        long t0 = System.nanoTime();
        Path dir = runDir.toAbsolutePath();
        Files.createDirectories(dir);
        Dataset ds = r.data();
        SweepConfig s = r.sweep();
        Properties req = new Properties();
        req.setProperty("mode", r.mode() == Mode.BUILD ? "build" : "load");
        req.setProperty("index.file", r.indexFile().toAbsolutePath().toString());
        if (r.reference() != null) {
            // The reference compiled exactly as the sandbox compiles candidates, in a request of the sandbox's own.
            SandboxConfig scfg = new SandboxConfig(s, r.band(), 0, r.heap(), r.buildTimeout(), r.sweepTimeout(), 64 * 1024);
            Sandbox sandbox = new Sandbox(dir, ds, r.gt(), scfg);
            Path refRequest = sandbox.prepareRequest(r.reference(), dir.resolve("reference"), s.efs());
            req.setProperty("reference.request", dir.relativize(refRequest).toString());
            req.setProperty("reference.instances", Integer.toString(r.referenceInstances()));
            req.setProperty("base.file", dir.relativize(sandbox.baseFile()).toString());
            req.setProperty("queries.file", dir.relativize(sandbox.queriesFile()).toString());
        } else {
            String tag = ds.contentHash().substring(0, 16);
            Path q = dir.resolve("data").resolve(tag + "-queries.f32");
            VectorFile.write(q, ds.queries(), ds.nq(), ds.d(), ds.metric());
            req.setProperty("queries.file", dir.relativize(q).toString());
            if (r.mode() == Mode.BUILD) {
                Path b = dir.resolve("data").resolve(tag + "-base.f32");
                VectorFile.write(b, ds.base(), ds.n(), ds.d(), ds.metric());
                req.setProperty("base.file", dir.relativize(b).toString());
            }
        }
        req.setProperty("k", Integer.toString(s.k()));
        req.setProperty("efs", Arrays.stream(s.efs()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        req.setProperty("runs", Integer.toString(s.runs()));
        req.setProperty("warmup.ms", Long.toString(s.warmupMillis()));
        req.setProperty("min.pass.ms", Long.toString(s.minPassMillis()));
        req.setProperty("shuffle.seed", Long.toString(s.shuffleSeed()));
        Path reqFile = dir.resolve(IndexMain.REQUEST);
        try (Writer w = Files.newBufferedWriter(reqFile, StandardCharsets.UTF_8)) {
            req.store(w, "crinn4j index worker request");
        }
        Files.deleteIfExists(dir.resolve(IndexMain.FACTS));
        Files.deleteIfExists(dir.resolve(IndexMain.EXPORT_RESULT));
        Files.deleteIfExists(dir.resolve(io.crinn4j.sandbox.worker.WorkerMain.FAILURE_FILE));
        WorkerLauncher.Outcome out = new WorkerLauncher().runIndex(dir, reqFile,
                new WorkerLauncher.Limits(r.heap(), r.buildTimeout(), r.sweepTimeout(), 64 * 1024), List.of(r.jar().toAbsolutePath()));
        if (out.end() != WorkerLauncher.End.DONE) {
            String why = out.failure() == null ? "" : out.failure().strip().replace('\n', ' ');
            if (out.end() == WorkerLauncher.End.CRASHED && !out.stderrTail().isBlank()) {
                why += " (" + lastLine(out.stderrTail()) + ")";
            }
            throw new IllegalStateException("the index worker failed (" + out.end().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): "
                    + (why.length() > 400 ? why.substring(0, 400) + "..." : why) + " [" + dir + "]");
        }
        Facts facts = facts(dir.resolve(IndexMain.FACTS));
        Vectors base = new Vectors(ds.base(), ds.n(), ds.d(), ds.metric());
        float[][] queries = ds.queryRows();
        Measured export = measured("the exported index", dir.resolve(IndexMain.EXPORT_RESULT), r, base, queries, facts);
        List<Measured> references = new ArrayList<>();
        for (int i = 0; r.reference() != null && i < r.referenceInstances(); i++) {
            references.add(measured("reference instance " + i, dir.resolve(IndexMain.referenceResult(i)), r, base, queries, facts));
        }
        return new Result(export, List.copyOf(references), facts, Method.current(), out.networkIsolated(), (System.nanoTime() - t0) / 1e9);
    }

    private static Measured measured(String what, Path file, Request r, Vectors base, float[][] queries, Facts facts) throws IOException {
        SweepConfig s = r.sweep();
        WorkerResult wr = WorkerResult.read(file, queries.length, s.k(), s.efs().length);
        String invalid = ResultValidator.validate(wr.points(), s.efs(), queries.length, s.k(), base.n);
        if (invalid != null) {
            throw new IllegalStateException(what + " gave invalid answers: " + invalid);
        }
        List<Scoring.ScoredPoint> scored = Scoring.score(wr.points(), s.k(), queries, base, r.gt().distances(), r.gt().k());
        List<Bench.Point> points = new ArrayList<>();
        for (Scoring.ScoredPoint sp : scored) {
            SweepPoint p = sp.sweep();
            points.add(new Bench.Point(p.ef(), sp.recall(), p.qps(), p.runQps(), p.passesPerRun(), p.trustedDistancesPerQuery(),
                    p.p50Nanos() / 1e3, p.p99Nanos() / 1e3, p.unstableQueries()));
        }
        Bench.Build build = new Bench.Build(wr.buildNanos() / 1e9, wr.constructionNanos() / 1e9, wr.searchPrepareNanos() / 1e9,
                wr.refinementPrepareNanos() / 1e9, wr.buildDistances(), wr.reportedIndexBytes(), base.memoryBytes(),
                facts.graphMaxLevel(), facts.graphMeanDegree());
        return new Measured(build, points, Scoring.summarize(scored, r.band()));
    }

    private static Facts facts(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader rd = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(rd);
        }
        Map<Integer, Integer> api = new LinkedHashMap<>();
        String mm = p.getProperty("api.mismatches", "");
        for (String part : mm.split(",")) {
            if (!part.isBlank()) {
                String[] kv = part.split(":");
                api.put(Integer.parseInt(kv[0]), Integer.parseInt(kv[1]));
            }
        }
        String save = p.getProperty("save.nanos");
        String rt = p.getProperty("roundTrip");
        String gi = p.getProperty("graphIdentical");
        return new Facts(Long.parseLong(p.getProperty("file.bytes", "0")), save == null ? null : Long.parseLong(save) / 1e9,
                Long.parseLong(p.getProperty("load.nanos", "0")) / 1e9, rt == null ? null : Boolean.valueOf(rt), gi == null ? null : Boolean.valueOf(gi),
                Long.parseLong(p.getProperty("memory.base", "0")), Long.parseLong(p.getProperty("memory.graph", "0")),
                Long.parseLong(p.getProperty("memory.search", "0")), Long.parseLong(p.getProperty("memory.refinement", "0")), api,
                p.getProperty("modules", ""), Integer.parseInt(p.getProperty("graph.maxLevel", "0")),
                Double.parseDouble(p.getProperty("graph.meanDegree", "0")));
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1];
    }
}
