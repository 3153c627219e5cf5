package io.crinn4j.contract;

import io.crinn4j.contract.vector.Kernels;
import io.crinn4j.contract.vector.VectorKernels;

/**
 * The base vectors an index is built over: {@code n} rows of {@code d} floats, row-major in one
 * flat array, so row {@code i} starts at {@code i * d}. Modules must treat {@link #data} as
 * read-only; it is shared between all three modules and the harness.
 *
 * <p>For {@link Metric#ANGULAR} the rows are already unit length. The internal distance
 * (smaller is closer) is squared L2 for {@link Metric#L2} and the negative inner product
 * otherwise.
 */
public final class Vectors {
    /** Row-major values, length {@code n * d}. */
    public final float[] data;
    /** Number of rows (vectors), at least 1. */
    public final int n;
    /** Dimension of every row, at least 1. */
    public final int d;
    /** How rows are compared. */
    public final Metric metric;

    public Vectors(float[] data, int n, int d, Metric metric) {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("vectors need n >= 1 and d >= 1, got n=" + n + " d=" + d);
        }
        if ((long) n * d != data.length) {
            throw new IllegalArgumentException("vector data has " + data.length + " values, expected n*d = " + (long) n * d);
        }
        this.data = data;
        this.n = n;
        this.d = d;
        this.metric = metric;
    }

    /** Exact internal distance between {@code query} (length d) and row {@code id}. */
    public float distance(float[] query, int id) {
        VectorKernels k = Kernels.get();
        return metric == Metric.L2 ? k.squaredL2(query, 0, data, id * d, d) : -k.dot(query, 0, data, id * d, d);
    }

    /** Exact internal distance between rows {@code a} and {@code b}. */
    public float distance(int a, int b) {
        VectorKernels k = Kernels.get();
        return metric == Metric.L2 ? k.squaredL2(data, a * d, data, b * d, d) : -k.dot(data, a * d, data, b * d, d);
    }

    /** Bytes held by the values. */
    public long memoryBytes() {
        return 4L * data.length;
    }
}
