package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.Vectors;
import io.crinn4j.reward.Curve;
import io.crinn4j.reward.CurvePoint;
import io.crinn4j.reward.Recall;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.reward.RewardSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns sweep answers into recall and the reward. Lives with the caller that holds the ground
 * truth, never with the code under test: recall counts a returned id as a hit when its exact
 * distance (recomputed here from the base vectors) is within the k-th true distance + 1e-3.
 */
public final class Scoring {

    /** A sweep point with its measured recall@k. */
    public record ScoredPoint(SweepPoint sweep, double recall) {
    }

    private Scoring() {
    }

    /**
     * @param gtDistances ground-truth distances in ann-benchmarks units, {@code nq × gtK}, nearest first
     */
    public static List<ScoredPoint> score(List<SweepPoint> points, int k, float[][] queries, Vectors base,
                                          float[] gtDistances, int gtK) {
        List<ScoredPoint> out = new ArrayList<>(points.size());
        for (SweepPoint p : points) {
            double recall = Recall.of(p.ids(), k, queries.length, gtDistances, gtK, (q, id) -> {
                if (id >= base.n) {
                    throw new IllegalStateException("ef=" + p.ef() + ": query " + q + " returned id " + id + ", but the index has " + base.n + " vectors");
                }
                return base.metric.reportedDistance(base.distance(queries[q], id));
            }).mean();
            out.add(new ScoredPoint(p, recall));
        }
        return out;
    }

    /** The QPS–recall curve of the scored points and its reward summary over {@code band}. */
    public static RewardSummary summarize(List<ScoredPoint> points, RecallBand band) {
        List<CurvePoint> cps = new ArrayList<>(points.size());
        for (ScoredPoint p : points) {
            cps.add(new CurvePoint(p.sweep().ef(), p.recall(), p.sweep().qps()));
        }
        return RewardSummary.of(Curve.of(cps), band);
    }
}
