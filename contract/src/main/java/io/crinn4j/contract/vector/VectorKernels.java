package io.crinn4j.contract.vector;

/**
 * The distance kernels every module, the ground-truth builder and the harness share.
 *
 * <p>Obtain the instance through {@link Kernels#get()}; it is chosen once per JVM (Vector API
 * when the incubator module is present and fast on this JDK, otherwise scalar), like Lucene's
 * {@code VectorizationProvider}. All methods are pure: no allocation, no state, thread-safe.
 * Offsets are element offsets into flat row-major arrays, so a row {@code i} of a matrix with
 * {@code d} columns starts at {@code i * d}.
 */
public interface VectorKernels {

    /** Sum over {@code i < d} of {@code (a[aOff+i] - b[bOff+i])^2}. */
    float squaredL2(float[] a, int aOff, float[] b, int bOff, int d);

    /** Sum over {@code i < d} of {@code a[aOff+i] * b[bOff+i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int d);

    /**
     * Sum over {@code i < d} of {@code q[qOff+i] * codes[off+i]}, the bytes read as
     * <em>signed</em> values. Scalar-quantized distances reduce to this one kernel: see
     * {@link io.crinn4j.contract.quant.Sq8}.
     */
    float dotBytes(float[] q, int qOff, byte[] codes, int off, int d);

    /**
     * Four {@link #dotBytes} at once against four code rows. Scoring several rows per step lets
     * their cache misses overlap, which is the closest Java gets to a prefetch instruction.
     */
    void dotBytes4(float[] q, byte[] codes, int off0, int off1, int off2, int off3, int d, float[] out4);

    /** A short name for reports, e.g. {@code "panama-512"} or {@code "scalar"}. */
    String name();
}
