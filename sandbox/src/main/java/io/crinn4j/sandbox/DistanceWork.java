package io.crinn4j.sandbox;

import io.crinn4j.reward.Auc;
import io.crinn4j.reward.Curve;
import io.crinn4j.reward.CurvePoint;
import io.crinn4j.reward.RecallBand;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The reward's area with counted work in place of timed speed: the AUC over the recall band of
 * the curve (recall, 10^6 / distance computations per query), a "queries per million
 * distances" curve built from the same sweep points as the QPS curve.
 *
 * <p>Why: timings on a shared 2-core machine differ by 5–10% between JVMs, while the number of
 * distances a deterministic index computes for a query set is the same in every run. The ratio of
 * two such areas says how much of a measured speed-up is less work at the same recall (a better
 * graph, an earlier stop) and how much is cheaper work (a faster kernel, a better memory layout),
 * and it exposes a "gain" that is neither: on bigann10k a construction edit that won its stage at
 * 1.035 and its held-out check at 1.030 computed 0.5% fewer distances than the seed, and measured
 * 0.995 and 1.073 when re-measured three times more. It does not replace the reward: code that
 * does the same work faster (scoring four neighbours at once) is invisible to it.
 */
public final class DistanceWork {
    private DistanceWork() {
    }

    /** The area for one evaluation, empty when it has no points or a point without a distance count. */
    public static OptionalDouble auc(Evaluation e, RecallBand band) {
        if (e.points() == null || e.points().isEmpty()) {
            return OptionalDouble.empty();
        }
        List<CurvePoint> pts = new ArrayList<>(e.points().size());
        for (Evaluation.Point p : e.points()) {
            if (!(p.distancesPerQuery() > 0) || Double.isInfinite(p.distancesPerQuery())) {
                return OptionalDouble.empty();
            }
            pts.add(new CurvePoint(p.ef(), p.recall(), 1e6 / p.distancesPerQuery()));
        }
        return OptionalDouble.of(Auc.of(Curve.of(pts), band).area());
    }

    /**
     * {@code auc(candidate) / auc(seed)}: above 1 when the candidate computes fewer distances per
     * query at the same recall. Null when either area is missing or the seed's is 0 (null, not
     * empty, because every caller stores it in a nullable field of a report or JSON).
     */
    public static Double ratio(Evaluation candidate, Evaluation seed, RecallBand band) {
        OptionalDouble c = auc(candidate, band);
        OptionalDouble s = auc(seed, band);
        if (c.isEmpty() || s.isEmpty() || !(s.getAsDouble() > 0)) {
            return null;
        }
        return c.getAsDouble() / s.getAsDouble();
    }
}
