package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.Graph;
import io.crinn4j.contract.Vectors;
import io.crinn4j.index.Index;
import io.crinn4j.index.IndexModules;
import io.crinn4j.sandbox.harness.BuiltIndex;
import io.crinn4j.sandbox.harness.ModuleSet;
import io.crinn4j.sandbox.harness.PassGuard;
import io.crinn4j.sandbox.harness.Sweep;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.sandbox.harness.SweepPoint;
import io.crinn4j.sandbox.harness.Tripwire;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Entry point of the JVM that measures an exported index (started by {@code sandbox.IndexBench}
 * through {@link WorkerLauncher}, with the exported jar first on its class path, so
 * {@link Index} and the modules are the jar's classes). Two modes:
 * <ul>
 *   <li>{@code build}: builds the index from the base vectors with the jar's modules
 *       ({@link IndexModules#bundled()}), saves it, loads it back and checks the round trip;</li>
 *   <li>{@code load}: loads a saved index file.</li>
 * </ul>
 * Then it sweeps the loaded index's modules with the sandbox's harness — the method campaigns
 * measure with: single thread, warm-up over every ef, best of R interleaved runs, a fresh searcher
 * for every pass, the state checks between passes — and, optionally, a reference set (the same
 * sources compiled as the sandbox compiles candidates, loaded from class folders) built once on the
 * same vectors and prepared as several instances ({@code reference.instances}, each with classes
 * loaded afresh, so each is compiled by the JIT on its own as the export's classes are), all taking turns
 * ef by ef as sets do in a shared worker; how far the instances are apart says how steady the
 * machine was, as the seed's instances do in a campaign. Last, it answers every
 * query through the public {@link Index#search} at every ef and counts the queries whose answers
 * differ from the harness's. Results: one {@link WorkerResult} per set (ids, the caller scores)
 * and {@code facts.properties}. Same phase protocol and exit codes as {@link WorkerMain}.
 */
public final class IndexMain {
    /** The request's file name in its folder. */
    public static final String REQUEST = "index-request.properties";
    public static final String FACTS = "facts.properties";
    public static final String EXPORT_RESULT = "result-export.bin";

    /** The result file of reference instance {@code i}. */
    public static String referenceResult(int i) {
        return "result-reference-" + i + ".bin";
    }


    private IndexMain() {
    }

    public static void main(String[] args) {
        WorkerMain.watchParent();
        Path requestFile = Path.of(args.length > 0 ? args[0] : REQUEST).toAbsolutePath();
        Path dir = requestFile.getParent();
        Properties req = new Properties();
        float[][] queries;
        SweepConfig cfg;
        try (Reader r = Files.newBufferedReader(requestFile, StandardCharsets.UTF_8)) {
            req.load(r);
            VectorFile.Matrix q = VectorFile.read(dir.resolve(get(req, "queries.file")));
            queries = new float[q.rows()][];
            for (int i = 0; i < q.rows(); i++) {
                queries[i] = Arrays.copyOfRange(q.data(), i * q.dim(), (i + 1) * q.dim());
            }
            int[] efs = Arrays.stream(get(req, "efs").split(",")).mapToInt(Integer::parseInt).toArray();
            cfg = new SweepConfig(Integer.parseInt(get(req, "k")), efs, Integer.parseInt(get(req, "runs")), 1,
                    Long.parseLong(get(req, "warmup.ms")), Long.parseLong(get(req, "min.pass.ms")), Long.parseLong(get(req, "shuffle.seed")));
        } catch (IOException | RuntimeException e) {
            System.err.println("index worker setup failed: " + e);
            System.exit(WorkerMain.EXIT_SETUP_FAILED);
            return;
        }
        String phase = "load";
        Properties facts = new Properties();
        try {
            WorkerMain.phase(phase);
            boolean build = "build".equals(get(req, "mode"));
            Path indexFile = dir.resolve(get(req, "index.file"));
            String refRequest = req.getProperty("reference.request");
            int instances = Integer.parseInt(req.getProperty("reference.instances", "1"));
            // Each instance of the reference loads its classes afresh, as the seed's instances do in a campaign's worker:
            // their spread then includes how differently the JIT compiled the same code, as the export's classes are compiled on their own.
            List<ModuleSet> reference = new ArrayList<>();
            for (int i = 0; refRequest != null && i < instances; i++) {
                Path rf = dir.resolve(refRequest);
                reference.add(ModuleLoader.load(rf.getParent(), WorkerRequest.read(rf).set(0)));
            }
            phase = "build";
            WorkerMain.phase(phase);
            Index index;
            if (build) {
                VectorFile.Matrix b = VectorFile.read(dir.resolve(get(req, "base.file")));
                Index built = Index.build(new Vectors(b.data(), b.rows(), b.dim(), b.metric()), IndexModules.bundled());
                long t0 = System.nanoTime();
                built.save(indexFile);
                long t1 = System.nanoTime();
                index = Index.load(indexFile);
                facts.setProperty("save.nanos", Long.toString(t1 - t0));
                facts.setProperty("roundTrip", Boolean.toString(sameGraph(built.graph(), index.graph())
                        && Arrays.equals(built.vectors().data, index.vectors().data)));
                facts.setProperty("build.constructionNanos", Long.toString(built.buildInfo().constructionNanos()));
            } else {
                index = Index.load(indexFile);
            }
            facts.setProperty("load.nanos", Long.toString(index.buildInfo().loadNanos()));
            facts.setProperty("file.bytes", Long.toString(Files.size(indexFile)));
            facts.setProperty("modules", index.modules().describe());
            Index.Memory mem = index.memory();
            facts.setProperty("memory.base", Long.toString(mem.baseBytes()));
            facts.setProperty("memory.graph", Long.toString(mem.graphBytes()));
            facts.setProperty("memory.search", Long.toString(mem.searchBytes()));
            facts.setProperty("memory.refinement", Long.toString(mem.refinementBytes()));
            Graph g = index.graph();
            long edges = 0;
            for (int u = 0; u < g.n; u++) {
                edges += g.degree0(u);
            }
            facts.setProperty("graph.maxLevel", Integer.toString(g.maxLevel));
            facts.setProperty("graph.meanDegree", Double.toString(edges / (double) g.n));

            // The harness measures the jar's modules on the loaded graph and vectors, as a campaign's worker does.
            Vectors base = index.vectors();
            float[] pristineBase = base.data.clone();
            IndexModules m = index.modules();
            ModuleSet exported = new ModuleSet(m::newConstruction, m::newSearch, m::newRefinement);
            Graph pristine = Tripwire.copy(g);
            BuiltIndex.BuiltGraph loadedGraph = new BuiltIndex.BuiltGraph(pristine, index.buildInfo().constructionNanos(),
                    index.buildInfo().distanceComputations());
            List<BuiltIndex> sets = new ArrayList<>();
            List<PassGuard> guards = new ArrayList<>();
            BuiltIndex ex = BuiltIndex.prepareOnCopy(exported, base, loadedGraph);
            sets.add(ex);
            guards.add(PassGuard.afterPrepare(ex, pristineBase, pristine));
            if (!reference.isEmpty()) {
                // One construction; each instance prepared on a copy of its graph, as the seed's instances in a campaign's worker.
                BuiltIndex.BuiltGraph rg = BuiltIndex.construct(reference.get(0), base);
                Tripwire.baseOnly(base, pristineBase).check("while the reference graph was built");
                facts.setProperty("graphIdentical", Boolean.toString(sameGraph(rg.graph(), pristine)));
                for (ModuleSet instance : reference) {
                    BuiltIndex ri = BuiltIndex.prepareOnCopy(instance, base, rg);
                    sets.add(ri);
                    guards.add(PassGuard.afterPrepare(ri, pristineBase, rg.graph()));
                }
            }

            phase = "sweep";
            WorkerMain.phase(phase);
            int n = sets.size();
            Sweep.Listener quiet = new Sweep.Listener() { };
            Sweep[] sweeps = new Sweep[n];
            for (int i = 0; i < n; i++) {
                sweeps[i] = new Sweep(sets.get(i), queries, cfg, guards.get(i));
                sweeps[i].start(quiet);
            }
            // Taking turns ef by ef, the first turn rotating, as WorkerMain does: both see the same phases of the machine.
            int efCount = cfg.efs().length;
            for (int run = 0; run < cfg.runs(); run++) {
                for (int e = 0; e < efCount; e++) {
                    for (int j = 0; j < n; j++) {
                        sweeps[(j + run + e) % n].measurePoint(run, e);
                    }
                }
            }
            List<SweepPoint> exportPoints = null;
            for (int i = 0; i < n; i++) {
                BuiltIndex bi = sets.get(i);
                List<SweepPoint> points = sweeps[i].finish(quiet);
                if (i == 0) {
                    exportPoints = points;
                }
                new WorkerResult(bi.constructionNanos, bi.searchPrepareNanos, bi.refinementPrepareNanos, bi.buildDistanceComputations,
                        bi.indexBytes(), bi.indexBytes(), queries.length, cfg.k(), points, sweeps[i].untimedNanos(), sweeps[i].passes(),
                        guards.get(i).reprepares() ? guards.get(i).reprepareReason() : "").write(dir.resolve(i == 0 ? EXPORT_RESULT : referenceResult(i - 1)));
            }

            // The public API must give the answers the harness measured.
            int k = cfg.k();
            StringBuilder mismatches = new StringBuilder();
            for (SweepPoint p : exportPoints) {
                int bad = 0;
                for (int q = 0; q < queries.length; q++) {
                    int[] api = index.search(queries[q], k, p.ef());
                    int[] harness = Arrays.copyOfRange(p.ids(), q * k, q * k + k);
                    int[] padded = Arrays.copyOf(api, k);
                    Arrays.fill(padded, api.length, k, -1);
                    if (!Arrays.equals(padded, harness)) {
                        bad++;
                    }
                }
                mismatches.append(mismatches.length() == 0 ? "" : ",").append(p.ef()).append(':').append(bad);
            }
            facts.setProperty("api.mismatches", mismatches.toString());
            try (Writer w = Files.newBufferedWriter(dir.resolve(FACTS), StandardCharsets.UTF_8)) {
                facts.store(w, "crinn4j index worker facts");
            }
            WorkerMain.phase("done");
            System.exit(0);
        } catch (Throwable t) {
            try {
                Files.writeString(dir.resolve(WorkerMain.FAILURE_FILE), "phase: " + phase + "\n" + WorkerMain.candidateTrace(t));
            } catch (IOException e) {
                System.err.println(t);
            }
            System.exit(t instanceof io.crinn4j.sandbox.harness.TamperingException ? WorkerMain.EXIT_TAMPERED : WorkerMain.EXIT_CANDIDATE_FAILED);
        }
    }

    static boolean sameGraph(Graph a, Graph b) {
        return a.n == b.n && a.r == b.r && a.entryPoint == b.entryPoint && a.upperDegree == b.upperDegree && Arrays.equals(a.level0, b.level0)
                && Arrays.equals(a.levels, b.levels) && Arrays.equals(a.upperOffsets, b.upperOffsets) && Arrays.equals(a.upperLinks, b.upperLinks)
                && Arrays.equals(a.extraEntryPoints, b.extraEntryPoints);
    }

    private static String get(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException("index request lacks '" + key + "'");
        }
        return v;
    }
}
