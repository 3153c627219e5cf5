package io.crinn4j.reward;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Everything the reward reports about one curve, as a flat value convenient for printing and for
 * JSON serialisation by record components (no annotations, no library types).
 *
 * <p>QPS-at-recall fields are boxed {@code Double}s that are {@code null} when the curve never
 * reaches that recall: {@code null} maps to JSON {@code null}, which NaN or {@code OptionalDouble}
 * would not.
 *
 * <p>Invariants: {@code frontier} and {@code band} are non-null and the frontier list is
 * unmodifiable. When built by {@link #of(Curve, RecallBand)} the frontier is also sorted (recall
 * strictly increasing, QPS strictly decreasing) and {@code normalizedAuc == auc / band.width()};
 * the canonical constructor exists for deserialisation and does not re-derive these.
 *
 * @param frontier the Pareto frontier, recall ascending
 * @param band the recall band of the AUC
 * @param auc area under the frontier over the band (see {@link Auc})
 * @param normalizedAuc {@code auc / band.width()}, the mean QPS over the band
 * @param covered whether the frontier reaches {@code band.hi()}
 * @param qpsAt090 QPS at recall 0.90, or {@code null} if never reached
 * @param qpsAt095 QPS at recall 0.95, or {@code null} if never reached
 * @param qpsAt099 QPS at recall 0.99, or {@code null} if never reached
 */
public record RewardSummary(List<CurvePoint> frontier, RecallBand band, double auc, double normalizedAuc,
                            boolean covered, Double qpsAt090, Double qpsAt095, Double qpsAt099) {

    public RewardSummary {
        frontier = List.copyOf(frontier);
        Objects.requireNonNull(band, "band");
    }

    /** Summary of {@code curve} over {@link RecallBand#DEFAULT}. */
    public static RewardSummary of(Curve curve) {
        return of(curve, RecallBand.DEFAULT);
    }

    /** Summary of {@code curve} over {@code band}. */
    public static RewardSummary of(Curve curve, RecallBand band) {
        Frontier f = curve.paretoFrontier();
        Auc auc = Auc.of(f, band);
        return new RewardSummary(f.points(), band, auc.area(), auc.normalized(), auc.covered(),
                boxed(f.qpsAtRecall(0.90)), boxed(f.qpsAtRecall(0.95)), boxed(f.qpsAtRecall(0.99)));
    }

    /** One line for logs, e.g. {@code AUC[0.85,0.95]=77.143 meanQPS=771.4 covered=true qps@0.90=800.0 ...}. */
    public String describe() {
        return String.format(Locale.ROOT, "AUC[%.2f,%.2f]=%.3f meanQPS=%.1f covered=%b qps@0.90=%s qps@0.95=%s qps@0.99=%s frontier=%d points",
                band.lo(), band.hi(), auc, normalizedAuc, covered,
                fmt(qpsAt090), fmt(qpsAt095), fmt(qpsAt099), frontier.size());
    }

    private static Double boxed(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }

    private static String fmt(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.1f", d);
    }
}
