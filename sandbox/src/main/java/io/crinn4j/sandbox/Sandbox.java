package io.crinn4j.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.contract.Vectors;
import io.crinn4j.data.AtomicFile;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.Sha256;
import io.crinn4j.reward.RewardSummary;
import io.crinn4j.sandbox.check.BytecodePolicy;
import io.crinn4j.sandbox.check.SourceCheck;
import io.crinn4j.sandbox.check.SourceNormalizer;
import io.crinn4j.sandbox.check.SourcePolicy;
import io.crinn4j.sandbox.check.Violation;
import io.crinn4j.sandbox.compile.CandidateCompiler;
import io.crinn4j.sandbox.compile.CompileResult;
import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.sandbox.harness.Scoring;
import io.crinn4j.sandbox.harness.SweepPoint;
import io.crinn4j.sandbox.worker.ProfileMain;
import io.crinn4j.sandbox.worker.ProfileResult;
import io.crinn4j.sandbox.worker.VectorFile;
import io.crinn4j.sandbox.worker.WorkerLauncher;
import io.crinn4j.sandbox.worker.WorkerRequest;
import io.crinn4j.sandbox.worker.WorkerResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns candidate source text into a trustworthy score or a precise failure. One instance serves
 * one run folder, one evaluation query set and its ground truth.
 *
 * <p>Pipeline per candidate: (1) {@link SourcePolicy} parses and checks the source; (2) its
 * normalized hash names it, so the same code is never compiled or measured twice; (3)
 * {@link CandidateCompiler} compiles it in memory (Janino, or the JDK compiler when Janino
 * cannot) and {@link BytecodePolicy} checks the class files; (4) a worker JVM, started by
 * {@link WorkerLauncher}, builds the index with the candidate and the other two modules and
 * sweeps ef; (5) the caller validates the answers ({@link ResultValidator}), scores recall from
 * its own ground truth ({@link Scoring}) and applies the recall floor. The verdicts are raw (see
 * {@link Evaluator}): budgets and the reward relative to a seed measured beside the candidate are
 * the caller's ({@code agent.measure.Referee}).
 *
 * <p>Files, all under the run folder: {@code data/} (vectors handed to workers),
 * {@code modules/<kind>-<hash>/} (compiled classes and {@code module.json}),
 * {@code evals/<id>/} (request, worker output, {@code result.bin}, {@code evaluation.json}).
 */
public final class Sandbox implements Evaluator {
    private final Path runDir;
    private final Dataset data;
    private final GroundTruth gt;
    private volatile SandboxConfig cfg;
    private final Vectors base;
    private final float[][] queries;
    private final String baseFile;
    private final String queriesFile;
    private final CandidateCompiler compiler = new CandidateCompiler();
    private final WorkerLauncher launcher = new WorkerLauncher();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** One lock per evaluation id: two threads asking for the same measurement wait for one worker, not two racing in one folder. */
    private final java.util.concurrent.ConcurrentHashMap<String, Object> evalLocks = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param data the vectors and the query set evaluations use (campaign or held-out queries)
     * @param gt   exact ground truth for exactly those queries; it never leaves this JVM
     */
    public Sandbox(Path runDir, Dataset data, GroundTruth gt, SandboxConfig cfg) {
        if (gt.nq() != data.nq()) {
            throw new IllegalArgumentException("ground truth has " + gt.nq() + " queries, the data " + data.nq());
        }
        if (gt.k() < cfg.sweep().k()) {
            throw new IllegalArgumentException("ground truth holds " + gt.k() + " neighbours, fewer than k=" + cfg.sweep().k());
        }
        this.runDir = runDir.toAbsolutePath();
        this.data = data;
        this.gt = gt;
        this.cfg = cfg;
        this.base = new Vectors(data.base(), data.n(), data.d(), data.metric());
        this.queries = data.queryRows();
        String tag = data.contentHash().substring(0, 16);
        this.baseFile = "data/" + tag + "-base.f32";
        this.queriesFile = "data/" + tag + "-queries.f32";
        try {
            VectorFile.write(this.runDir.resolve(baseFile), data.base(), data.n(), data.d(), data.metric());
            VectorFile.write(this.runDir.resolve(queriesFile), data.queries(), data.nq(), data.d(), data.metric());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evaluation data under " + this.runDir + ": " + e.getMessage(), e);
        }
    }

    public SandboxConfig config() {
        return cfg;
    }

    /** The base vectors as handed to workers (a {@code worker.VectorFile}). */
    Path baseFile() {
        return runDir.resolve(baseFile);
    }

    /** The query vectors as handed to workers. */
    Path queriesFile() {
        return runDir.resolve(queriesFile);
    }

    public Path runDir() {
        return runDir;
    }

    @Override
    public void limit(java.time.Duration build, java.time.Duration sweep) {
        cfg = cfg.withLimits(cfg.heap(), build, sweep);
    }

    @Override
    public Evaluation measureAlone(ModuleSources set, ModuleKind candidate, MeasurementKey key) {
        return run(set, candidate, key);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sets measured together see the same phases of the machine, so their ratios are steadier
     * than those of separate workers: on bigann10k's 500 campaign queries two equivalent programs in
     * separate workers differed with a coefficient of variation of 5%, as a slow phase of a few
     * seconds can cover a whole worker's sweep. Build times are real, but each set built while the
     * earlier sets' indexes were alive.
     */
    @Override
    public java.util.Optional<List<Evaluation>> measureTogether(List<ModuleSources> sets, ModuleKind candidate, MeasurementKey key) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("no module sets to measure");
        }
        long t0 = System.nanoTime();
        List<Map<ModuleKind, Prepared>> prepared = new ArrayList<>();
        List<String> setHashes = new ArrayList<>();
        for (ModuleSources set : sets) {
            Map<ModuleKind, Prepared> p = new EnumMap<>(ModuleKind.class);
            if (prepareSet(set, p) != null) {
                return java.util.Optional.empty();
            }
            prepared.add(p);
            setHashes.add(setHash(p));
        }
        int n = sets.size();
        int rotation = Math.floorMod(key.rotation(), n);
        String id = hash(String.join(",", setHashes) + " together rotation=" + rotation + (candidate == null ? "" : " candidate=" + candidate))
                .substring(0, 16) + "-" + key.tag();
        Path evalDir = runDir.resolve("evals").resolve(id);
        synchronized (evalLocks.computeIfAbsent(id, k -> new Object())) {
            try {
                List<Evaluation> out = new ArrayList<>(n);
                boolean cached = true;
                for (int i = 0; i < n && cached; i++) {
                    cached = Files.exists(evalDir.resolve("evaluation-" + i + ".json"));
                }
                if (cached) {
                    for (int i = 0; i < n; i++) {
                        Evaluation e = json.readValue(evalDir.resolve("evaluation-" + i + ".json").toFile(), Evaluation.class);
                        out.add(e.withCached(true));
                    }
                    return java.util.Optional.of(out);
                }
                Files.createDirectories(evalDir);
                SandboxConfig c = cfg;
                List<WorkerRequest.ModuleRefs> others = new ArrayList<>();
                for (int i = 1; i < n; i++) {
                    others.add(refs(evalDir, prepared.get(i)));
                }
                Path reqFile = writeRequest(evalDir, prepared.get(0), c.sweep().efs(), c.sweep().shuffleSeed() + key.shuffleOffset(), others,
                        rotation);
                // The worker reports a phase per set's build, warm-up and turn, so the usual limits hold per set:
                // a slow set is killed after one limit, not after n of them.
                WorkerLauncher.Outcome outcome = launcher.run(evalDir, reqFile,
                        new WorkerLauncher.Limits(c.heap(), c.buildTimeout(), c.sweepTimeout(), c.maxOutputBytes()));
                if (outcome.end() != WorkerLauncher.End.DONE) {
                    java.util.Optional<List<Evaluation>> retried = blameAndRetry(sets, candidate, key, prepared, setHashes, id, outcome,
                            evalDir, t0);
                    if (retried.isPresent()) {
                        // Cached here too, so reading this measurement back (or resuming) does not run the failing set again.
                        for (int i = 0; i < n; i++) {
                            write(evalDir.resolve("evaluation-" + i + ".json"), retried.get().get(i));
                        }
                    }
                    return retried;
                }
                List<Evaluation> judged = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    Prepared cand = candidate == null || i == 0 ? null : prepared.get(i).get(candidate);
                    judged.add(judge(id + "-s" + i, cand == null ? null : candidate, cand == null ? setHashes.get(i) : cand.hash, cand, outcome,
                            evalDir.resolve(i == 0 ? "result.bin" : WorkerRequest.otherResultFile(i)), t0));
                }
                for (int i = 0; i < n; i++) {
                    write(evalDir.resolve("evaluation-" + i + ".json"), judged.get(i));
                }
                return java.util.Optional.of(judged);
            } catch (IOException ex) {
                throw new UncheckedIOException("evaluation " + id + " failed in the harness: " + ex.getMessage(), ex);
            }
        }
    }

    /**
     * A shared worker that timed out, or in which a module threw, while it was working on set
     * {@code i >= 1} (its {@code CRINN-SET} line) failed because of that set: set i gets that
     * verdict, and the other sets are measured together again without it. Anything else — the
     * seed failing, running out of heap (every index shares it), a JVM crash — stays
     * unattributed: empty, and the caller measures the sets apart.
     */
    private java.util.Optional<List<Evaluation>> blameAndRetry(List<ModuleSources> sets, ModuleKind candidate, MeasurementKey key,
                                                               List<Map<ModuleKind, Prepared>> prepared, List<String> setHashes, String id,
                                                               WorkerLauncher.Outcome outcome, Path evalDir, long t0) throws IOException {
        int i = outcome.lastSet();
        boolean attributable = switch (outcome.end()) {
            case BUILD_TIMEOUT, SEARCH_TIMEOUT, CANDIDATE_FAILED, TAMPERED -> true;
            default -> false;
        };
        if (!attributable || i < 1 || i >= sets.size()) {
            return java.util.Optional.empty();
        }
        Prepared cand = candidate == null ? null : prepared.get(i).get(candidate);
        Evaluation blamed = judge(id + "-s" + i, cand == null ? null : candidate, cand == null ? setHashes.get(i) : cand.hash, cand, outcome,
                evalDir.resolve(WorkerRequest.otherResultFile(i)), t0);
        List<ModuleSources> rest = new ArrayList<>(sets);
        rest.remove(i);
        java.util.Optional<List<Evaluation>> others = measureTogether(rest, candidate, key);
        if (others.isEmpty()) {
            return others;
        }
        List<Evaluation> out = new ArrayList<>(others.get());
        out.add(i, blamed);
        return java.util.Optional.of(out);
    }

    @Override
    public java.util.Optional<Profile> profile(ModuleSources set, ModuleKind module, MeasurementKey key) {
        return profile(set, module, key, Profile.DEFAULT_SEARCH_TIME, Profile.DEFAULT_PERIOD);
    }

    /**
     * {@link #profile(ModuleSources, ModuleKind, MeasurementKey)} with the search time to profile
     * and the sampling period (at least 1 ms) chosen; both are part of the profile's identity.
     * Files in {@code evals/<id>-profile/}: the request, {@code probe.bin} (one pass per ef),
     * {@code efs.answer}, {@code profile.jfr} (the recording), {@code profile.bin}, and
     * {@code profile.json} (the profile) or {@code no-profile.txt} (why there is none: read back
     * too, except for failures of the harness, which are tried again).
     */
    public java.util.Optional<Profile> profile(ModuleSources set, ModuleKind module, MeasurementKey key, java.time.Duration searchTime,
                                               java.time.Duration period) {
        if (period.toNanos() < 1_000_000 || searchTime.isNegative()) {
            throw new IllegalArgumentException("a profile needs a sampling period of at least 1 ms and a search time >= 0, got "
                    + period + " and " + searchTime);
        }
        Map<ModuleKind, Prepared> prepared = new EnumMap<>(ModuleKind.class);
        if (prepareSet(set, prepared) != null) {
            return java.util.Optional.empty();
        }
        String hash = module == null ? setHash(prepared) : prepared.get(module).hash;
        long periodMicros = period.toNanos() / 1000;
        String id = hash(setHash(prepared) + " profile search=" + searchTime.toMillis() + " period=" + periodMicros).substring(0, 16)
                + "-" + key.tag();
        Path dir = runDir.resolve("evals").resolve(id);
        Path done = dir.resolve("profile.json");
        Path none = dir.resolve("no-profile.txt");
        synchronized (evalLocks.computeIfAbsent(id, k -> new Object())) {
            try {
                if (Files.exists(done)) {
                    return java.util.Optional.of(json.readValue(done.toFile(), Profile.class).withModule(module, hash).withCached(true));
                }
                if (Files.exists(none)) {
                    return java.util.Optional.empty();
                }
                Files.createDirectories(dir);
                SandboxConfig c = cfg;
                int[] efs = c.sweep().efs();
                Path reqFile = writeRequest(dir, prepared, efs, c.sweep().shuffleSeed() + key.shuffleOffset());
                Map<Integer, Double> recallByEf = new java.util.HashMap<>();
                int[][] chosen = new int[1][];
                String[] why = new String[1];
                WorkerLauncher.Answerer answerer = question -> {
                    if (!question.equals(ProfileMain.EFS_QUESTION)) {
                        return "";
                    }
                    try {
                        WorkerResult probe = WorkerResult.read(dir.resolve(ProfileMain.PROBE_FILE), queries.length, c.sweep().k(), efs.length);
                        String invalid = ResultValidator.validate(probe.points(), efs, queries.length, c.sweep().k(), base.n);
                        if (invalid != null) {
                            why[0] = "the answers of the probe pass are invalid: " + invalid;
                            return "";
                        }
                        List<Scoring.ScoredPoint> scored = Scoring.score(probe.points(), c.sweep().k(), queries, base, gt.distances(), gt.k());
                        int[] keep = Profiles.distinct(efs, probe.points().stream().map(SweepPoint::ids).toList());
                        int[] kept = new int[keep.length];
                        double[] recall = new double[keep.length];
                        for (int i = 0; i < keep.length; i++) {
                            kept[i] = efs[keep[i]];
                            recall[i] = scored.get(keep[i]).recall();
                            recallByEf.put(kept[i], recall[i]);
                        }
                        chosen[0] = Profiles.chooseEfs(kept, recall, c.band(), Profile.MAX_EFS);
                        return Arrays.stream(chosen[0]).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
                    } catch (IOException | RuntimeException e) {
                        why[0] = "unreadable probe answers: " + e.getMessage();
                        return "";
                    }
                };
                WorkerLauncher.Outcome out = launcher.runWorker(dir, ProfileMain.class.getName(),
                        List.of(reqFile.toAbsolutePath().toString(), Long.toString(searchTime.toMillis()), Long.toString(periodMicros)),
                        new WorkerLauncher.Limits(c.heap(), c.buildTimeout(), c.sweepTimeout().plus(searchTime), c.maxOutputBytes()), answerer,
                        WorkerLauncher.PROFILE_FLAGS);
                if (out.end() != WorkerLauncher.End.DONE || chosen[0] == null) {
                    if (!harnessFailure(out)) {
                        AtomicFile.writeString(none, (why[0] != null ? why[0] : out.end() + ": " + out.failure()) + "\n");
                    }
                    return java.util.Optional.empty();
                }
                Profile p;
                try {
                    p = Profiles.of(ProfileResult.read(dir.resolve(ProfileMain.RESULT_FILE), queries.length, chosen[0]), recallByEf, module, hash,
                            Method.current());
                } catch (IOException e) {
                    AtomicFile.writeString(none, "unreadable profile: " + e.getMessage() + "\n");
                    return java.util.Optional.empty();
                }
                write(done, p);
                return java.util.Optional.of(p);
            } catch (IOException ex) {
                throw new UncheckedIOException("profile " + id + " failed in the harness: " + ex.getMessage(), ex);
            }
        }
    }

    @Override
    public Evaluation rejectBeforeRunning(ModuleKind kind, String source, ModuleSources others) {
        long t0 = System.nanoTime();
        Prepared p = prepareSet(others.with(kind, source), new EnumMap<>(ModuleKind.class));
        return p == null ? null : failure(kind, p.hash, p.failure, p.feedback, t0, p);
    }

    /**
     * Checks and compiles the three modules of {@code set} into {@code into}, in module order,
     * stopping at the first that fails. Returns that one, or null when all three are ready.
     */
    private Prepared prepareSet(ModuleSources set, Map<ModuleKind, Prepared> into) {
        for (ModuleKind kind : ModuleKind.values()) {
            Prepared p = prepare(kind, set.get(kind));
            if (p.failure != null) {
                return p;
            }
            into.put(kind, p);
        }
        return null;
    }

    private String setHash(Map<ModuleKind, Prepared> prepared) {
        return hash(prepared.get(ModuleKind.CONSTRUCTION).hash + prepared.get(ModuleKind.SEARCH).hash
                + prepared.get(ModuleKind.REFINEMENT).hash + data.contentHash() + describe(cfg));
    }

    private Evaluation run(ModuleSources set, ModuleKind candidate, MeasurementKey key) {
        long t0 = System.nanoTime();
        Map<ModuleKind, Prepared> prepared = new EnumMap<>(ModuleKind.class);
        Prepared broken = prepareSet(set, prepared);
        if (broken != null) {
            // A broken non-candidate module (e.g. a bad "current best") is still reported against the candidate slot.
            return failure(candidate, broken.hash, broken.failure, broken.feedback, t0, broken);
        }
        String setHash = setHash(prepared);
        String id = setHash.substring(0, 16) + "-" + key.tag();
        Prepared cand = candidate == null ? null : prepared.get(candidate);
        String sourceHash = cand == null ? setHash : cand.hash;
        Path evalDir = runDir.resolve("evals").resolve(id);
        Path verdict = evalDir.resolve("evaluation.json");
        synchronized (evalLocks.computeIfAbsent(id, k -> new Object())) {
            try {
                if (Files.exists(verdict)) {
                    Evaluation cached = json.readValue(verdict.toFile(), Evaluation.class);
                    return cached.withCached(true);
                }
                Files.createDirectories(evalDir);
                SandboxConfig c = cfg;
                Path reqFile = writeRequest(evalDir, prepared, c.sweep().efs(), c.sweep().shuffleSeed() + key.shuffleOffset());
                WorkerLauncher.Outcome out = launcher.run(evalDir, reqFile,
                        new WorkerLauncher.Limits(c.heap(), c.buildTimeout(), c.sweepTimeout(), c.maxOutputBytes()));
                Evaluation e = judge(id, candidate, sourceHash, cand, out, evalDir.resolve("result.bin"), t0);
                if (harnessFailure(out)) {
                    // Not the candidate's fault and not cached: the same code gets a fresh worker next time.
                    Files.deleteIfExists(evalDir.resolve("result.bin"));
                    return e.withStatus(Status.HARNESS_FAILURE, e.feedback());
                }
                write(verdict, e);
                return e;
            } catch (IOException ex) {
                throw new UncheckedIOException("evaluation " + id + " failed in the harness: " + ex.getMessage(), ex);
            }
        }
    }

    /**
     * A worker that died before it loaded any module (phase {@code start}: reading the request
     * and the vectors) failed because of the harness — a jar replaced under a running campaign,
     * a full disk, a JVM that cannot start — never because of candidate code, which is only
     * loaded in phase {@code load}. Caching that as the candidate's verdict would blame it forever.
     */
    static boolean harnessFailure(WorkerLauncher.Outcome out) {
        return out.end() == WorkerLauncher.End.CRASHED && "start".equals(out.lastPhase());
    }

    /**
     * Checks and compiles a module set and writes a worker request for it into {@code dir}
     * (which must lie inside the run folder) without running anything: the entry point for
     * running the same modules under another harness, such as the JMH confirmation.
     *
     * @throws IllegalArgumentException with the status and feedback when a module fails its checks or does not compile
     */
    public Path prepareRequest(ModuleSources set, Path dir, int[] efs) {
        Path d = dir.toAbsolutePath().normalize();
        if (!d.startsWith(runDir)) {
            throw new IllegalArgumentException(dir + " is not inside the run folder " + runDir);
        }
        Map<ModuleKind, Prepared> prepared = new EnumMap<>(ModuleKind.class);
        Prepared broken = prepareSet(set, prepared);
        if (broken != null) {
            throw new IllegalArgumentException(broken.failure + ": " + broken.feedback);
        }
        try {
            Files.createDirectories(d);
            return writeRequest(d, prepared, efs, cfg.sweep().shuffleSeed());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a worker request under " + d + ": " + e.getMessage(), e);
        }
    }

    private Path writeRequest(Path dir, Map<ModuleKind, Prepared> prepared, int[] efs, long shuffleSeed) throws IOException {
        return writeRequest(dir, prepared, efs, shuffleSeed, List.of(), 0);
    }

    private WorkerRequest.ModuleRefs refs(Path dir, Map<ModuleKind, Prepared> prepared) {
        Map<ModuleKind, String> dirs = new EnumMap<>(ModuleKind.class);
        Map<ModuleKind, String> classes = new EnumMap<>(ModuleKind.class);
        for (ModuleKind kind : ModuleKind.values()) {
            dirs.put(kind, dir.relativize(prepared.get(kind).classesDir).toString());
            classes.put(kind, prepared.get(kind).binaryName);
        }
        return new WorkerRequest.ModuleRefs(dirs, classes, dir.relativize(graphFile(prepared.get(ModuleKind.CONSTRUCTION))).toString());
    }

    /**
     * Where the graph of a construction module is cached in this run folder: named by its normalized
     * source hash, this sandbox's data (base and split, through the content hash) and the JDK and
     * kernels it is built with, since floating-point rounding can differ between them. Every set
     * with that construction module, in every worker of this run folder, then builds it once.
     */
    private Path graphFile(Prepared construction) {
        String key = hash(construction.hash + " " + data.contentHash() + " " + System.getProperty("java.version") + " "
                + Method.current().kernels()).substring(0, 32);
        return runDir.resolve("graphs").resolve(key + ".graph");
    }

    private Path writeRequest(Path dir, Map<ModuleKind, Prepared> prepared, int[] efs, long shuffleSeed,
                              List<WorkerRequest.ModuleRefs> others, int rotation) throws IOException {
        WorkerRequest.ModuleRefs main = refs(dir, prepared);
        var s = cfg.sweep();
        WorkerRequest req = new WorkerRequest(dir.relativize(runDir.resolve(baseFile)).toString(),
                dir.relativize(runDir.resolve(queriesFile)).toString(), main.dirs(), main.classes(), main.graphFile(), s.k(), efs, s.runs(),
                s.warmupMillis(), s.minPassMillis(), shuffleSeed, "result.bin", others, rotation);
        Path reqFile = dir.resolve("request.properties");
        req.write(reqFile);
        return reqFile;
    }

    private Evaluation judge(String id, ModuleKind candidate, String sourceHash, Prepared cand, WorkerLauncher.Outcome out,
                             Path resultFile, long t0) throws IOException {
        Method method = Method.current();
        double wall = (System.nanoTime() - t0) / 1e9;
        String compilerName = cand == null ? null : cand.compiler;
        Double compileMs = cand == null ? null : cand.compileMillis;
        String janino = cand == null ? null : cand.janinoFailure;
        Status failed = switch (out.end()) {
            case DONE -> null;
            case BUILD_TIMEOUT -> Status.BUILD_TIMEOUT;
            case SEARCH_TIMEOUT -> Status.SEARCH_TIMEOUT;
            case OUT_OF_MEMORY -> Status.OUT_OF_MEMORY;
            case TAMPERED -> Status.INVALID_RESULT;
            case CANDIDATE_FAILED, CRASHED -> Status.CRASH;
        };
        if (failed != null) {
            String fb = out.failure();
            if (failed == Status.CRASH && out.end() == WorkerLauncher.End.CRASHED && !out.stderrTail().isBlank()) {
                fb = fb + "\n" + trimLines(out.stderrTail(), 8);
            }
            return new Evaluation(id, candidate, sourceHash, failed, fb, compilerName, compileMs, janino, null, null, null, null,
                    List.of(), null, null, null, wall, out.networkIsolated(), method, false, null);
        }
        var s = cfg.sweep();
        WorkerResult r;
        try {
            r = WorkerResult.read(resultFile, queries.length, s.k(), s.efs().length);
        } catch (IOException e) {
            return new Evaluation(id, candidate, sourceHash, Status.INVALID_RESULT, "unreadable worker result: " + e.getMessage(),
                    compilerName, compileMs, janino, null, null, null, null, List.of(), null, null, null, wall, out.networkIsolated(), method, false, null);
        }
        double buildSeconds = r.buildNanos() / 1e9;
        Evaluation.Isolation untimed = new Evaluation.Isolation(r.untimedNanos() / 1e9, r.passes(),
                r.reprepared().isEmpty() ? null : r.reprepared());
        String invalid = ResultValidator.validate(r.points(), s.efs(), queries.length, s.k(), base.n);
        if (invalid != null) {
            return new Evaluation(id, candidate, sourceHash, Status.INVALID_RESULT, invalid, compilerName, compileMs, janino,
                    buildSeconds, r.heapIndexBytes(), r.reportedIndexBytes(), r.buildDistances(), List.of(), null, null, null,
                    wall, out.networkIsolated(), method, false, untimed);
        }
        List<Scoring.ScoredPoint> scored = Scoring.score(r.points(), s.k(), queries, base, gt.distances(), gt.k());
        RewardSummary summary = Scoring.summarize(scored, cfg.band());
        List<Evaluation.Point> pts = new ArrayList<>();
        double best = 0;
        int bestEf = 0;
        for (Scoring.ScoredPoint sp : scored) {
            SweepPoint p = sp.sweep();
            pts.add(new Evaluation.Point(p.ef(), sp.recall(), p.qps(), p.runQps(), p.passesPerRun(), p.trustedDistancesPerQuery(),
                    p.p50Nanos() / 1e3, p.p99Nanos() / 1e3, p.distancesPerQuery()));
            if (sp.recall() > best) {
                best = sp.recall();
                bestEf = p.ef();
            }
        }
        Status status = Status.OK;
        String fb = null;
        if (best < cfg.recallFloor()) {
            status = Status.RECALL_FLOOR;
            fb = String.format(Locale.ROOT, "best recall@%d is %.4f (at ef=%d); it must reach %.2f at some ef in the sweep",
                    s.k(), best, bestEf, cfg.recallFloor());
        }
        return new Evaluation(id, candidate, sourceHash, status, fb, compilerName, compileMs, janino, buildSeconds,
                r.heapIndexBytes(), r.reportedIndexBytes(), r.buildDistances(), pts, summary, null, null, wall,
                out.networkIsolated(), method, false, untimed);
    }

    private Evaluation failure(ModuleKind candidate, String hash, Status status, String feedback, long t0, Prepared p) {
        return new Evaluation(null, candidate, hash, status, feedback, p.compiler, p.compileMillis, p.janinoFailure, null, null, null,
                null, List.of(), null, null, null, (System.nanoTime() - t0) / 1e9, false, Method.current(), false, null);
    }

    /** Checks and compiles one module, reusing earlier compiles of the same normalized source. */
    private synchronized Prepared prepare(ModuleKind kind, String source) {
        String h = SourceNormalizer.hash(source);
        SourceCheck check = SourcePolicy.check(source, kind);
        if (!check.ok()) {
            return Prepared.failed(h, SourceRules.status(check), kind, check.feedback());
        }
        Path dir = runDir.resolve("modules").resolve(kind.cliName() + "-" + h.substring(0, 16));
        Path meta = dir.resolve("module.json");
        Path classesDir = dir.resolve("classes");
        try {
            if (Files.exists(meta)) {
                Prepared cached = json.readValue(meta.toFile(), Prepared.class);
                return new Prepared(h, check.binaryName(), classesDir, cached.compiler, cached.compileMillis, cached.janinoFailure, null, null);
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("Source.java"), source, StandardCharsets.UTF_8);
            CompileResult cr = compiler.compile(source, check.binaryName());
            if (!cr.ok()) {
                return Prepared.failed(h, Status.COMPILE_ERROR, kind, cr.feedback());
            }
            List<Violation> bad = BytecodePolicy.check(cr.classes());
            if (!bad.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < Math.min(10, bad.size()); i++) {
                    sb.append(bad.get(i).describe()).append('\n');
                }
                return Prepared.failed(h, Status.POLICY_VIOLATION, kind, sb.toString().trim());
            }
            Path tmp = Files.createTempDirectory(dir, "classes");
            for (Map.Entry<String, byte[]> c : cr.classes().entrySet()) {
                Path f = tmp.resolve(c.getKey().replace('.', '/') + ".class");
                Files.createDirectories(f.getParent());
                Files.write(f, c.getValue());
            }
            Files.move(tmp, classesDir, StandardCopyOption.ATOMIC_MOVE);
            Prepared p = new Prepared(h, check.binaryName(), classesDir, cr.compiler(), cr.totalNanos() / 1e6, cr.janinoFailure(), null, null);
            write(meta, p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the compiled " + kind.cliName() + " module under " + dir + ": " + e.getMessage(), e);
        }
    }

    private void write(Path file, Object value) throws IOException {
        AtomicFile.write(file, out -> json.writeValue(out, value));
    }

    private static String describe(SandboxConfig c) {
        var s = c.sweep();
        return "k=" + s.k() + " efs=" + Arrays.toString(s.efs()) + " runs=" + s.runs() + " warm=" + s.warmupMillis()
                + " pass=" + s.minPassMillis() + " seed=" + s.shuffleSeed() + " band=" + c.band() + " floor=" + c.recallFloor()
                + " heap=" + c.heap() + " jdk=" + System.getProperty("java.version");
    }

    static String hash(String s) {
        return Sha256.hex(s);
    }

    private static String trimLines(String s, int max) {
        String[] lines = s.strip().split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - max), lines.length));
    }

    /** A checked and compiled module, or why it is not. Persisted as module.json (the failure fields are not). */
    record Prepared(String hash, String binaryName, Path classesDir, String compiler, Double compileMillis, String janinoFailure,
                    Status failure, String feedback) {
        static Prepared failed(String hash, Status s, ModuleKind kind, String feedback) {
            return new Prepared(hash, null, null, null, null, null, s, kind.cliName() + " module: " + feedback);
        }
    }
}
