package io.crinn4j.data;

import java.util.Arrays;

/**
 * The exact {@code k} nearest base vectors of each query.
 *
 * <p>Invariants: {@code nq > 0}, {@code k > 0}, {@code ids.length == distances.length == nq * k},
 * row-major, so neighbour {@code j} of query {@code q} is at index {@code q * k + j}. Distances
 * are in ann-benchmarks units ({@link io.crinn4j.contract.Metric#reportedDistance}: Euclidean
 * norm for L2, {@code 1 - cos} for angular, negative inner product for IP). Rows computed by
 * {@link GroundTruthBuilder} are nearest first with ties broken by the smaller id; rows that came
 * with a dataset keep the file's order. The arrays are shared, not copied: do not modify them.
 */
public final class GroundTruth {

    private final int nq;
    private final int k;
    private final int[] ids;
    private final float[] distances;

    /**
     * Wraps the given arrays (not copied).
     *
     * @throws IllegalArgumentException if the shape invariants do not hold
     */
    public GroundTruth(int nq, int k, int[] ids, float[] distances) {
        if (nq <= 0 || k <= 0) {
            throw new IllegalArgumentException("bad ground-truth shape " + nq + " x " + k);
        }
        if ((long) nq * k != ids.length || ids.length != distances.length) {
            throw new IllegalArgumentException("ground-truth arrays " + ids.length + "/" + distances.length
                    + " do not match " + nq + " x " + k);
        }
        this.nq = nq;
        this.k = k;
        this.ids = ids;
        this.distances = distances;
    }

    /** Number of queries. */
    public int nq() {
        return nq;
    }

    /** Neighbours per query. */
    public int k() {
        return k;
    }

    /** All ids, {@code nq * k} row-major; do not modify. */
    public int[] ids() {
        return ids;
    }

    /** All distances in ann-benchmarks units, {@code nq * k} row-major; do not modify. */
    public float[] distances() {
        return distances;
    }

    /** Id of the {@code j}-th nearest neighbour (0-based) of query {@code q}. */
    public int id(int q, int j) {
        return ids[index(q, j)];
    }

    /** Distance of the {@code j}-th nearest neighbour (0-based) of query {@code q}. */
    public float distance(int q, int j) {
        return distances[index(q, j)];
    }

    /**
     * Distance of the {@code rank}-th nearest neighbour of query {@code q}, counting from 1: the
     * radius a result must be within to count as a true neighbour in recall@rank with ties.
     */
    public float kthDistance(int q, int rank) {
        if (rank < 1 || rank > k) {
            throw new IllegalArgumentException("rank " + rank + " outside 1.." + k);
        }
        return distances[index(q, rank - 1)];
    }

    /** A copy of the ids of query {@code q}, nearest first. */
    public int[] row(int q) {
        int off = index(q, 0);
        return Arrays.copyOfRange(ids, off, off + k);
    }

    /** The first {@code count} queries' rows ({@code count} is clamped to {@code nq}). */
    public GroundTruth firstQueries(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        if (count >= nq) {
            return this;
        }
        return new GroundTruth(count, k, Arrays.copyOf(ids, count * k), Arrays.copyOf(distances, count * k));
    }

    /** The first {@code newK} neighbours of every query; a cache built for k = 100 serves any smaller k. */
    public GroundTruth prefix(int newK) {
        if (newK <= 0 || newK > k) {
            throw new IllegalArgumentException("k " + newK + " outside 1.." + k);
        }
        if (newK == k) {
            return this;
        }
        int[] i2 = new int[nq * newK];
        float[] d2 = new float[nq * newK];
        for (int q = 0; q < nq; q++) {
            System.arraycopy(ids, q * k, i2, q * newK, newK);
            System.arraycopy(distances, q * k, d2, q * newK, newK);
        }
        return new GroundTruth(nq, newK, i2, d2);
    }

    private int index(int q, int j) {
        if (q < 0 || q >= nq || j < 0 || j >= k) {
            throw new IndexOutOfBoundsException("query " + q + " neighbour " + j + " outside " + nq + " x " + k);
        }
        return q * k + j;
    }

    @Override
    public String toString() {
        return "GroundTruth(nq=" + nq + ", k=" + k + ")";
    }
}
