package io.crinn4j.agent.bench;

import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.agent.util.Progress;
import io.crinn4j.contract.Graph;
import io.crinn4j.contract.Vectors;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.reward.RewardSummary;
import io.crinn4j.sandbox.harness.BuiltIndex;
import io.crinn4j.sandbox.harness.ModuleSet;
import io.crinn4j.sandbox.harness.Scoring;
import io.crinn4j.sandbox.harness.Sweep;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.sandbox.harness.SweepPoint;
import io.crinn4j.seed.glass.GlassBaseline;
import io.crinn4j.contract.ModuleKind;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench pipeline: ground truth (cached), index build with the seed modules, timed ef sweep,
 * recall and reward. Kept apart from the command-line class so tests can run it directly.
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
        Vectors base = new Vectors(ds.base(), ds.n(), ds.d(), ds.metric());
        float[][] queries = new float[ds.nq()][];
        for (int q = 0; q < ds.nq(); q++) {
            int off = ds.queryOffset(q);
            queries[q] = java.util.Arrays.copyOfRange(ds.queries(), off, off + ds.d());
        }
        ModuleSet modules = new ModuleSet(GlassBaseline::construction, GlassBaseline::search, GlassBaseline::refinement);
        BuiltIndex index;
        try (Progress.Task t = progress.start("building index (" + ds.n() + " x " + ds.d() + ", " + GlassBaseline.NAME + ")", -1)) {
            index = BuiltIndex.build(modules, base);
        }
        List<SweepPoint> sweep;
        int[] efs = opt.sweep().efs();
        try (Progress.Task t = progress.start("ef sweep (" + efs.length + " points, best of " + opt.sweep().runs() + " interleaved runs)",
                (long) efs.length * opt.sweep().runs())) {
            sweep = new Sweep(index, queries, opt.sweep()).run(new Sweep.Listener() {
                @Override
                public void runDone(int done, int total, int ef) {
                    t.stepTo(done);
                    t.setExtra("run " + ((done - 1) / efs.length + 1) + ", ef=" + ef);
                }
            });
        }
        List<Scoring.ScoredPoint> scored = Scoring.score(sweep, k, queries, base, gt.distances(), gt.k());
        RewardSummary reward = Scoring.summarize(scored, opt.band());
        return report(ds, opt, index, scored, reward);
    }

    private static BenchReport report(Dataset ds, Options opt, BuiltIndex index, List<Scoring.ScoredPoint> scored,
                                      RewardSummary reward) {
        SweepConfig s = opt.sweep();
        Method method = Method.current();
        String desc = String.format(Locale.ROOT,
                "%s, queries one at a time, each timed; best of %d runs per ef (runs interleaved across the ef values), every run in a fresh random query order and at least %d ms long; %d ms warm-up; %s",
                s.threads() == 1 ? "single thread" : s.threads() + " threads", s.runs(), s.minPassMillis(), s.warmupMillis(), method.describe());
        List<BenchReport.Point> pts = new ArrayList<>();
        for (Scoring.ScoredPoint sp : scored) {
            SweepPoint p = sp.sweep();
            pts.add(new BenchReport.Point(p.ef(), sp.recall(), p.qps(), p.runQps(), p.passesPerRun(), p.distancesPerQuery(),
                    p.p50Nanos() / 1e3, p.p99Nanos() / 1e3, p.unstableQueries()));
        }
        Graph g = index.graph;
        long edges = 0;
        for (int u = 0; u < g.n; u++) {
            edges += g.degree0(u);
        }
        BenchReport.Build build = new BenchReport.Build(index.buildNanos() / 1e9, index.constructionNanos / 1e9,
                index.searchPrepareNanos / 1e9, index.refinementPrepareNanos / 1e9, index.buildDistanceComputations,
                index.indexBytes(), index.base.memoryBytes(), g.maxLevel, edges / (double) g.n);
        return new BenchReport("crinn4j " + Version.get(), OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                new BenchReport.DatasetInfo(ds.name(), ds.metric().annBenchmarksName(), ds.n(), ds.d(), ds.nq(), ds.contentHash()),
                new BenchReport.Modules(GlassBaseline.NAME, GlassBaseline.moduleClass(ModuleKind.CONSTRUCTION).getSimpleName(),
                        GlassBaseline.moduleClass(ModuleKind.SEARCH).getSimpleName(), GlassBaseline.moduleClass(ModuleKind.REFINEMENT).getSimpleName()),
                new BenchReport.Measurement(method, s.k(), s.threads(), s.runs(), s.warmupMillis(), s.minPassMillis(), desc),
                build, pts, reward);
    }
}
