package io.crinn4j.contract.vector;

/**
 * The chosen kernels with a count of the rows they score, for the sandbox's worker JVM: the
 * distance counts modules report pick the campaign's work finalist and fill the leaderboard's work
 * column, so a module that under-reports would look like a better graph. The harness compares the
 * two and trusts the larger ({@link Kernels#countedDistances()}).
 *
 * <p>Both the delegate and the count are static: the delegate is then a constant C2 inlines
 * through exactly as it inlines {@link Kernels#get()} itself, so counting adds one increment per
 * call and no extra dispatch. Package-private, and {@link Kernels#countedDistances()} is refused
 * to candidate code by the sandbox's policy, so a module can neither see nor reset the count.
 * Single-threaded by design (the worker sweeps on one thread); with several threads the count is
 * racy and the harness does not use it.
 */
final class CountingKernels implements VectorKernels {

    private static final VectorKernels INNER = Kernels.selectUncounted();
    static final CountingKernels INSTANCE = new CountingKernels();
    /** Rows scored since the JVM started. */
    static long rows;

    private CountingKernels() {
    }

    @Override
    public float squaredL2(float[] a, int aOff, float[] b, int bOff, int d) {
        rows++;
        return INNER.squaredL2(a, aOff, b, bOff, d);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int d) {
        rows++;
        return INNER.dot(a, aOff, b, bOff, d);
    }

    @Override
    public float dotBytes(float[] q, int qOff, byte[] codes, int off, int d) {
        rows++;
        return INNER.dotBytes(q, qOff, codes, off, d);
    }

    /**
     * Counts the distinct rows: a batch padded with a repeated row (a tail of three scored as
     * {@code a, b, c, c}, as one recorded LLM reply does) computes three distances, not four.
     */
    @Override
    public void dotBytes4(float[] q, byte[] codes, int off0, int off1, int off2, int off3, int d, float[] out4) {
        rows += 1 + (off1 != off0 ? 1 : 0) + (off2 != off0 && off2 != off1 ? 1 : 0)
                + (off3 != off0 && off3 != off1 && off3 != off2 ? 1 : 0);
        INNER.dotBytes4(q, codes, off0, off1, off2, off3, d, out4);
    }

    @Override
    public String name() {
        return INNER.name();
    }
}
