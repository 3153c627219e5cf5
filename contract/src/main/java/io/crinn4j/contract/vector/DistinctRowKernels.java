package io.crinn4j.contract.vector;

/**
 * The counting kernels ({@link CountingKernels}) that can also tell which vectors they read: between
 * {@link Kernels#startDistinctRows()} and {@link Kernels#stopDistinctRows()} every row scored goes
 * into a {@link RowSet}, so the harness learns how many distinct vectors a query's search scored —
 * its visited nodes, as far as the harness can see them — next to how many distance computations
 * it made. A search that scores a node twice, or a batch padded with a repeated row, shows as
 * more distances than vectors.
 *
 * <p>Which operand is the row: of the byte kernels, the codes; of the float kernels, the operand in
 * the longer array (the base or a module's copy of it, against a query of length d), the second
 * when both are as long. Only the sandbox's profiling worker uses these kernels: off, they cost one
 * branch on a static field per call, which the timed workers do not pay. Single-threaded, as the
 * profiling worker searches; modules cannot reach the switch ({@code Kernels} members are refused
 * by the sandbox's policy).
 */
final class DistinctRowKernels implements VectorKernels {

    private static final CountingKernels INNER = CountingKernels.INSTANCE;
    static final DistinctRowKernels INSTANCE = new DistinctRowKernels();
    private static final RowSet ROWS = new RowSet();
    /** True between start and stop. */
    private static boolean on;

    private DistinctRowKernels() {
    }

    static void start() {
        ROWS.clear();
        on = true;
    }

    /** Stops recording; the distinct rows scored since {@link #start()}. */
    static long stop() {
        on = false;
        long n = ROWS.size();
        ROWS.clear();
        return n;
    }

    @Override
    public float squaredL2(float[] a, int aOff, float[] b, int bOff, int d) {
        if (on) {
            floatRow(a, aOff, b, bOff);
        }
        return INNER.squaredL2(a, aOff, b, bOff, d);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int d) {
        if (on) {
            floatRow(a, aOff, b, bOff);
        }
        return INNER.dot(a, aOff, b, bOff, d);
    }

    @Override
    public float dotBytes(float[] q, int qOff, byte[] codes, int off, int d) {
        if (on) {
            ROWS.add(codes, off);
        }
        return INNER.dotBytes(q, qOff, codes, off, d);
    }

    @Override
    public void dotBytes4(float[] q, byte[] codes, int off0, int off1, int off2, int off3, int d, float[] out4) {
        if (on) {
            ROWS.add(codes, off0);
            ROWS.add(codes, off1);
            ROWS.add(codes, off2);
            ROWS.add(codes, off3);
        }
        INNER.dotBytes4(q, codes, off0, off1, off2, off3, d, out4);
    }

    @Override
    public String name() {
        return INNER.name();
    }

    private static void floatRow(float[] a, int aOff, float[] b, int bOff) {
        if (a.length > b.length) {
            ROWS.add(a, aOff);
        } else {
            ROWS.add(b, bOff);
        }
    }
}
