package io.crinn4j.reward;

import java.util.Objects;

/**
 * Area under the QPS-versus-recall frontier over a {@link RecallBand}: the CRINN reward.
 *
 * <p>The integrand is {@link Frontier#qpsAtRecall(double) QPS achievable at recall r}: piecewise
 * linear between frontier points, constant to the left of the lowest-recall point, and zero
 * (undefined) above the highest recall reached. Integration is by the trapezoid rule with knots at
 * {@code lo}, every frontier recall strictly inside the band, and the upper end; since the
 * integrand is linear between knots this is the exact integral. Consequences:
 * <table>
 *   <caption>Edge cases</caption>
 *   <tr><th>Curve</th><th>{@link #area()}</th><th>{@link #covered()}</th></tr>
 *   <tr><td>empty</td><td>0</td><td>false</td></tr>
 *   <tr><td>max recall {@code <= lo}</td><td>0</td><td>false</td></tr>
 *   <tr><td>max recall in {@code (lo, hi)}</td><td>integral from lo to max recall only
 *       (the unreached part of the band scores 0, penalising the curve)</td><td>false</td></tr>
 *   <tr><td>lowest recall {@code > lo}</td><td>the lowest-recall point's QPS extends down to lo</td>
 *       <td>as usual</td></tr>
 *   <tr><td>one point {@code (r, q)}</td><td>{@code q * (min(hi, r) - lo)} if {@code r > lo}, else 0</td>
 *       <td>{@code r >= hi}</td></tr>
 * </table>
 *
 * <p>Invariants: {@code area} is finite and {@code >= 0}; {@code area <= maxQps * band.width()}.
 *
 * @param band the recall band integrated over
 * @param area the integral of QPS over recall in the band, in QPS × recall units
 * @param covered whether the curve reaches recall {@code band.hi()}, i.e. the whole band counted
 */
public record Auc(RecallBand band, double area, boolean covered) {
    /** @throws IllegalArgumentException if {@code area} is negative or not finite */
    public Auc {
        Objects.requireNonNull(band, "band");
        if (!(area >= 0) || Double.isInfinite(area)) {
            throw new IllegalArgumentException("area must be finite and >= 0, got " + area);
        }
    }

    /** AUC of {@code curve} over {@link RecallBand#DEFAULT}. */
    public static Auc of(Curve curve) {
        return of(curve, RecallBand.DEFAULT);
    }

    /** AUC of {@code curve}'s Pareto frontier over {@code band}. */
    public static Auc of(Curve curve, RecallBand band) {
        return of(curve.paretoFrontier(), band);
    }

    /** AUC of {@code frontier} over {@code band}. */
    public static Auc of(Frontier frontier, RecallBand band) {
        Objects.requireNonNull(band, "band");
        int n = frontier.size();
        if (n == 0) {
            return new Auc(band, 0, false);
        }
        double maxRecall = frontier.recallAt(n - 1);
        double upper = Math.min(band.hi(), maxRecall);
        boolean covered = maxRecall >= band.hi();
        if (upper <= band.lo()) {
            return new Auc(band, 0, covered);
        }
        double x0 = band.lo();
        double y0 = frontier.interpolate(x0);
        double area = 0;
        for (int i = 0; i < n; i++) {
            double x = frontier.recallAt(i);
            if (x <= x0) {
                continue;
            }
            if (x >= upper) {
                break;
            }
            double y = frontier.qpsAt(i);
            area += (x - x0) * (y0 + y) / 2;
            x0 = x;
            y0 = y;
        }
        area += (upper - x0) * (y0 + frontier.interpolate(upper)) / 2;
        return new Auc(band, area, covered);
    }

    /** {@code area / band.width()}: the mean QPS over the band, with unreached recall counting 0. */
    public double normalized() {
        return area / band.width();
    }
}
