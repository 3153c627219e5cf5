package io.crinn4j.seed.glass;

import io.crinn4j.contract.CandidateBuffer;
import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.Graph;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.Vectors;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthBuilder;
import java.util.Arrays;

/** Test helper: the three seed modules wired together over one dataset. */
final class SeedIndex {
    final Dataset ds;
    final Vectors base;
    final Graph graph;
    final SearchModule.Searcher searcher;
    final RefinementModule.Refiner refiner;
    final int candidates;
    final CandidateBuffer buffer;
    final DistanceCounter counter = new DistanceCounter();

    SeedIndex(Dataset ds) {
        this.ds = ds;
        base = new Vectors(ds.base(), ds.n(), ds.d(), ds.metric());
        graph = GlassBaseline.construction().build(base, new DistanceCounter());
        SearchModule s = GlassBaseline.search();
        s.prepare(base, graph);
        RefinementModule r = GlassBaseline.refinement();
        r.prepare(base, graph);
        searcher = s.newSearcher(counter);
        refiner = r.newRefiner(counter);
        candidates = r.candidates(10);
        buffer = new CandidateBuffer(candidates);
    }

    float[] query(int q) {
        return Arrays.copyOfRange(ds.queries(), ds.queryOffset(q), ds.queryOffset(q) + ds.d());
    }

    /** Fraction of the exact top-10 ids found (stricter than distance-based recall: ties count as misses). */
    double recallAt10(int ef) {
        GroundTruth gt = GroundTruthBuilder.compute(ds, 10, 2);
        int[] res = new int[10];
        long hits = 0;
        for (int q = 0; q < ds.nq(); q++) {
            float[] query = query(q);
            searcher.search(query, 10, ef, candidates, buffer);
            int m = refiner.refine(query, 10, buffer, res);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < 10; j++) {
                    if (res[i] == gt.id(q, j)) {
                        hits++;
                        break;
                    }
                }
            }
        }
        return hits / (10.0 * ds.nq());
    }
}
