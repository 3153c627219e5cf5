package io.crinn4j.sandbox;

import io.crinn4j.contract.ConstructionModule;
import io.crinn4j.contract.Graph;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.Vectors;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.reward.RewardSummary;
import io.crinn4j.sandbox.harness.BuiltIndex;
import io.crinn4j.sandbox.harness.ModuleSet;
import io.crinn4j.sandbox.harness.Scoring;
import io.crinn4j.sandbox.harness.Sweep;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.sandbox.harness.SweepPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Trusted modules (the seed's, compiled into the tool) built and swept in this JVM, with the same
 * harness the sandbox's workers use: the measurement behind {@code crinn bench}. Untrusted code
 * never comes here; it goes to an {@link Evaluator}. Two steps, so a caller can show progress for
 * each: {@link #build} times the index, {@link Index#sweep} times the queries and scores recall
 * against ground truth that stays in the caller.
 */
public final class Bench {
    private Bench() {
    }

    /** The index's build: times in seconds, memory in bytes, the graph's shape. */
    public record Build(double seconds, double constructionSeconds, double searchPrepareSeconds, double refinementPrepareSeconds,
                        long distanceComputations, long indexBytes, long baseBytes, int graphMaxLevel, double graphMeanDegree) {
    }

    /** One ef value: recall, best-run QPS, the spread over runs and latencies in microseconds. */
    public record Point(int ef, double recall, double qps, double[] runQps, int passesPerRun, double distancesPerQuery, double p50Micros,
                        double p99Micros, int unstableQueries) {
    }

    /** What a sweep measured: the build, every ef's point and the AUC over the band. */
    public record Result(Build build, List<Point> points, RewardSummary reward) {
    }

    /** Called after each timed run of one ef. */
    @FunctionalInterface
    public interface RunListener {
        void runDone(int done, int total, int ef);
    }

    /** Builds and prepares the index of {@code ds}'s base vectors with the given modules, timed. */
    public static Index build(Supplier<? extends ConstructionModule> construction, Supplier<? extends SearchModule> search,
                              Supplier<? extends RefinementModule> refinement, Dataset ds) {
        Vectors base = new Vectors(ds.base(), ds.n(), ds.d(), ds.metric());
        return new Index(BuiltIndex.build(new ModuleSet(construction, search, refinement), base));
    }

    /** A built index, ready to sweep. */
    public static final class Index {
        private final BuiltIndex index;

        private Index(BuiltIndex index) {
            this.index = index;
        }

        /** Sweeps {@code ds}'s queries over {@code sweep}'s ef values and scores each point's recall against {@code gt}. */
        public Result sweep(Dataset ds, GroundTruth gt, SweepConfig sweep, RecallBand band, RunListener listener) {
            float[][] queries = ds.queryRows();
            List<SweepPoint> swept = new Sweep(index, queries, sweep).run(new Sweep.Listener() {
                @Override
                public void runDone(int done, int total, int ef) {
                    listener.runDone(done, total, ef);
                }
            });
            List<Scoring.ScoredPoint> scored = Scoring.score(swept, sweep.k(), queries, index.base, gt.distances(), gt.k());
            List<Point> points = new ArrayList<>();
            for (Scoring.ScoredPoint sp : scored) {
                SweepPoint p = sp.sweep();
                points.add(new Point(p.ef(), sp.recall(), p.qps(), p.runQps(), p.passesPerRun(), p.distancesPerQuery(), p.p50Nanos() / 1e3,
                        p.p99Nanos() / 1e3, p.unstableQueries()));
            }
            return new Result(build(), points, Scoring.summarize(scored, band));
        }

        private Build build() {
            Graph g = index.graph;
            long edges = 0;
            for (int u = 0; u < g.n; u++) {
                edges += g.degree0(u);
            }
            return new Build(index.buildNanos() / 1e9, index.constructionNanos / 1e9, index.searchPrepareNanos / 1e9,
                    index.refinementPrepareNanos / 1e9, index.buildDistanceComputations, index.indexBytes(), index.base.memoryBytes(), g.maxLevel,
                    edges / (double) g.n);
        }
    }
}
