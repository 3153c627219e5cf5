package io.crinn4j.agent.bench;

import io.crinn4j.agent.util.Progress;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.Bench;
import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.seed.glass.GlassBaseline;
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

    private static BenchReport report(Dataset ds, Options opt, Bench.Result result) {
        SweepConfig s = opt.sweep();
        Method method = Method.current();
        String desc = String.format(Locale.ROOT,
                "%s, queries one at a time, each timed; best of %d runs per ef (runs interleaved across the ef values), every run in a fresh random query order and at least %d ms long; %d ms warm-up; %s",
                s.threads() == 1 ? "single thread" : s.threads() + " threads", s.runs(), s.minPassMillis(), s.warmupMillis(), method.describe());
        return new BenchReport("crinn4j " + Version.get(), OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                new BenchReport.DatasetInfo(ds.name(), ds.metric().annBenchmarksName(), ds.n(), ds.d(), ds.nq(), ds.contentHash()),
                new BenchReport.Modules(GlassBaseline.NAME, GlassBaseline.moduleClass(ModuleKind.CONSTRUCTION).getSimpleName(),
                        GlassBaseline.moduleClass(ModuleKind.SEARCH).getSimpleName(), GlassBaseline.moduleClass(ModuleKind.REFINEMENT).getSimpleName()),
                new BenchReport.Measurement(method, s.k(), s.threads(), s.runs(), s.warmupMillis(), s.minPassMillis(), desc),
                result.build(), result.points(), result.reward());
    }
}
