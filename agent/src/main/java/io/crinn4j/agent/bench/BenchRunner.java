package io.crinn4j.agent.bench;

import io.crinn4j.agent.util.Progress;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.index.IndexFile;
import io.crinn4j.sandbox.Bench;
import io.crinn4j.sandbox.IndexBench;
import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The bench pipeline: ground truth (cached), index build with the seed modules, timed ef sweep,
 * recall and reward ({@link Bench}, in this JVM: the seed is trusted code). Kept apart from the
 * command-line class so tests can run it directly.
 */
public final class BenchRunner {

    /** What to run. {@code gtThreads} only affects the brute-force ground truth, never timing. */
    public record Options(SweepConfig sweep, RecallBand band, GroundTruthCache cache, int gtThreads) {
    }

    private final Progress progress;

    public BenchRunner(Progress progress) {
        this.progress = progress;
    }

    public BenchReport run(Dataset ds, Options opt) {
        int k = opt.sweep().k();
        GroundTruth gt;
        try (Progress.Task t = progress.start("ground truth (" + ds.nq() + " queries, cached by content hash)", ds.nq())) {
            gt = opt.cache().getOrCompute(ds, k, opt.gtThreads(), t::stepTo);
        }
        if (gt.k() < k) {
            throw new IllegalStateException("ground truth holds " + gt.k() + " neighbours, fewer than k=" + k);
        }
        Bench.Index index;
        try (Progress.Task t = progress.start("building index (" + ds.n() + " x " + ds.d() + ", " + GlassBaseline.NAME + ")", -1)) {
            index = Bench.build(GlassBaseline::construction, GlassBaseline::search, GlassBaseline::refinement, ds);
        }
        Bench.Result result;
        int[] efs = opt.sweep().efs();
        try (Progress.Task t = progress.start("ef sweep (" + efs.length + " points, best of " + opt.sweep().runs() + " interleaved runs)",
                (long) efs.length * opt.sweep().runs())) {
            result = index.sweep(ds, gt, opt.sweep(), opt.band(), (done, total, ef) -> {
                t.stepTo(done);
                t.setExtra("run " + ((done - 1) / efs.length + 1) + ", ef=" + ef);
            });
        }
        return report(ds, opt, result);
    }

    /**
     * {@code crinn bench --index FILE}: a saved index measured in a worker JVM with its exported jar
     * first on the class path ({@link IndexBench}, as the export's verification measures), on
     * {@code queries}' queries; ground truth over the file's own base vectors.
     *
     * @param file    the index file, already checked by the caller ({@link IndexFile#read})
     * @param jar     the exported jar whose modules built it
     * @param queries the queries, with the file's base vectors as base
     */
    public BenchReport runIndex(IndexFile.Header header, Path file, Path jar, Dataset queries, Options opt, String heap, Path runDir) {
        int k = opt.sweep().k();
        GroundTruth gt;
        try (Progress.Task t = progress.start("ground truth (" + queries.nq() + " queries over the index's " + queries.n() + " vectors, cached by content hash)",
                queries.nq())) {
            gt = opt.cache().getOrCompute(queries, k, opt.gtThreads(), t::stepTo);
        }
        IndexBench.Result r;
        int[] efs = opt.sweep().efs();
        try (Progress.Task t = progress.start("loading " + file.getFileName() + " with " + jar.getFileName() + " in a worker JVM, then the ef sweep ("
                + efs.length + " points, best of " + opt.sweep().runs() + " interleaved runs)", -1)) {
            r = IndexBench.run(new IndexBench.Request(IndexBench.Mode.LOAD, jar, file, queries, gt, opt.sweep(), opt.band(), null, 0, heap,
                    java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(30)), runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the index worker in " + runDir + ": " + e.getMessage(), e);
        }
        String load = String.format(Locale.ROOT, "; the index loaded from its file in %.2f s (build time: construction as measured when it was built, "
                + "prepare measured now)", r.facts().loadSeconds());
        return report(queries, opt, new Bench.Result(r.export().build(), r.export().points(), r.export().reward()),
                new BenchReport.Modules("index " + file.getFileName() + " (" + jar.getFileName() + ")", header.construction(), header.search(),
                        header.refinement()), r.method(), load);
    }

    private static BenchReport report(Dataset ds, Options opt, Bench.Result result) {
        return report(ds, opt, result, new BenchReport.Modules(GlassBaseline.NAME, GlassBaseline.moduleClass(ModuleKind.CONSTRUCTION).getSimpleName(),
                GlassBaseline.moduleClass(ModuleKind.SEARCH).getSimpleName(), GlassBaseline.moduleClass(ModuleKind.REFINEMENT).getSimpleName()),
                Method.current(), "");
    }

    private static BenchReport report(Dataset ds, Options opt, Bench.Result result, BenchReport.Modules modules, Method method, String extra) {
        SweepConfig s = opt.sweep();
        String desc = String.format(Locale.ROOT,
                "%s, queries one at a time, each timed; best of %d runs per ef (runs interleaved across the ef values), every run in a fresh random query order and at least %d ms long; %d ms warm-up; %s%s",
                s.threads() == 1 ? "single thread" : s.threads() + " threads", s.runs(), s.minPassMillis(), s.warmupMillis(), method.describe(), extra);
        return new BenchReport("crinn4j " + Version.get(), OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                new BenchReport.DatasetInfo(ds.name(), ds.metric().annBenchmarksName(), ds.n(), ds.d(), ds.nq(), ds.contentHash()),
                modules, new BenchReport.Measurement(method, s.k(), s.threads(), s.runs(), s.warmupMillis(), s.minPassMillis(), desc),
                result.build(), result.points(), result.reward());
    }
}
