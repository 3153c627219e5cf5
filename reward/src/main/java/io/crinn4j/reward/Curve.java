package io.crinn4j.reward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A QPS-versus-recall curve: the measured points of one implementation swept over a search
 * parameter, in any order, possibly including dominated points and duplicates.
 *
 * <p>Invariants: immutable; holds no nulls; the {@link #paretoFrontier() frontier} is computed once
 * at construction and depends only on the multiset of points, never on their order.
 */
public final class Curve {
    /**
     * Best points first: higher recall, then higher QPS, then the smaller param, so that exact
     * duplicates (same recall and QPS) resolve to the smallest param whatever the input order.
     */
    private static final Comparator<CurvePoint> BEST_FIRST = Comparator
            .comparingDouble(CurvePoint::recall).reversed()
            .thenComparing(Comparator.comparingDouble(CurvePoint::qps).reversed())
            .thenComparingInt(CurvePoint::param);

    private static final Curve EMPTY = new Curve(List.of());

    private final List<CurvePoint> points;
    private final Frontier frontier;

    private Curve(List<CurvePoint> points) {
        this.points = points;
        this.frontier = computeFrontier(points);
    }

    /** A curve of the given points, in the given order. */
    public static Curve of(CurvePoint... points) {
        return of(Arrays.asList(points));
    }

    /** A curve of the given points, copied; {@code null} elements are rejected. */
    public static Curve of(List<CurvePoint> points) {
        return points.isEmpty() ? EMPTY : new Curve(List.copyOf(points));
    }

    /** The curve with no points: its frontier is empty and its AUC is 0. */
    public static Curve empty() {
        return EMPTY;
    }

    /** All points as given, unmodifiable. */
    public List<CurvePoint> points() {
        return points;
    }

    /**
     * The points not dominated by any other point, sorted by recall ascending (hence QPS
     * descending). Point A dominates B when {@code A.recall >= B.recall} and {@code A.qps >= B.qps}
     * with at least one strict. Of several points with identical recall and QPS exactly one is
     * kept: the one with the smallest {@code param}.
     */
    public Frontier paretoFrontier() {
        return frontier;
    }

    /**
     * QPS achievable at recall {@code r}, interpolated on the frontier; empty when the curve never
     * reaches {@code r}. Shorthand for {@code paretoFrontier().qpsAtRecall(r)}.
     */
    public OptionalDouble qpsAtRecall(double r) {
        return frontier.qpsAtRecall(r);
    }

    private static Frontier computeFrontier(List<CurvePoint> points) {
        List<CurvePoint> sorted = new ArrayList<>(points);
        sorted.sort(BEST_FIRST);
        // Sweeping from the highest recall down, a point survives only if it is strictly faster
        // than everything at higher-or-equal recall; the first of each equal-recall group wins.
        List<CurvePoint> kept = new ArrayList<>();
        double bestQps = Double.NEGATIVE_INFINITY;
        for (CurvePoint p : sorted) {
            if (p.qps() > bestQps) {
                kept.add(p);
                bestQps = p.qps();
            }
        }
        Collections.reverse(kept);
        return new Frontier(List.copyOf(kept));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve && ((Curve) o).points.equals(points);
    }

    @Override
    public int hashCode() {
        return points.hashCode();
    }

    @Override
    public String toString() {
        return "Curve" + points;
    }
}
