package io.crinn4j.reward;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The Pareto frontier of a {@link Curve}, and the function "QPS achievable at recall r" defined on
 * it.
 *
 * <p>Invariants: recall strictly increasing and QPS strictly decreasing along {@link #points()};
 * immutable. Obtain one from {@link Curve#paretoFrontier()}.
 *
 * <p>QPS at recall {@code r}:
 * <ul>
 *   <li>{@code r} at or below the lowest frontier recall: the QPS of that lowest-recall point
 *       (it meets any lower recall target, so the curve extends to the left as a constant);
 *   <li>{@code r} between two frontier points: linear interpolation between them;
 *   <li>{@code r} above the highest recall reached: undefined (nothing achieves it).
 * </ul>
 */
public final class Frontier {
    private final List<CurvePoint> points;
    // Parallel primitive copies: interpolation and AUC run on these without unboxing or indirection.
    private final double[] recalls;
    private final double[] qps;

    /** @param points already non-dominated and sorted by recall ascending */
    Frontier(List<CurvePoint> points) {
        this.points = points;
        int n = points.size();
        this.recalls = new double[n];
        this.qps = new double[n];
        for (int i = 0; i < n; i++) {
            recalls[i] = points.get(i).recall();
            qps[i] = points.get(i).qps();
        }
    }

    /** Frontier points, recall ascending, unmodifiable. */
    public List<CurvePoint> points() {
        return points;
    }

    /** Number of frontier points. */
    public int size() {
        return points.size();
    }

    /** Whether the frontier (equivalently the curve) is empty. */
    public boolean isEmpty() {
        return points.isEmpty();
    }

    /** The highest recall reached, or empty for an empty frontier. */
    public OptionalDouble maxRecall() {
        return isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(recalls[recalls.length - 1]);
    }

    /**
     * QPS achievable at recall {@code r} (see the class javadoc); empty when {@code r} exceeds the
     * highest recall reached or the frontier is empty.
     *
     * @throws IllegalArgumentException if {@code r} is not in [0, 1]
     */
    public OptionalDouble qpsAtRecall(double r) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException("recall must be in [0, 1], got " + r);
        }
        if (isEmpty() || r > recalls[recalls.length - 1]) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(interpolate(r));
    }

    /** Requires a non-empty frontier and {@code r <= maxRecall}. */
    double interpolate(double r) {
        int i = Arrays.binarySearch(recalls, r);
        if (i >= 0) {
            return qps[i];
        }
        int above = -i - 1; // first index with recall > r
        if (above == 0) {
            return qps[0];
        }
        assert above < recalls.length : "r above max recall";
        double r0 = recalls[above - 1];
        double r1 = recalls[above];
        double t = (r - r0) / (r1 - r0);
        return qps[above - 1] + t * (qps[above] - qps[above - 1]);
    }

    /** Recall of frontier point {@code i}; package-private access for {@link Auc}. */
    double recallAt(int i) {
        return recalls[i];
    }

    /** QPS of frontier point {@code i}; package-private access for {@link Auc}. */
    double qpsAt(int i) {
        return qps[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frontier && ((Frontier) o).points.equals(points);
    }

    @Override
    public int hashCode() {
        return points.hashCode();
    }

    @Override
    public String toString() {
        return "Frontier" + points;
    }
}
