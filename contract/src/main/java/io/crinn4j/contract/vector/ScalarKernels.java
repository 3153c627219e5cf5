package io.crinn4j.contract.vector;

/**
 * Plain-Java kernels: the fallback when the Vector API is absent or slower than this on the
 * running JDK. Four independent accumulators break the loop-carried dependency that would
 * otherwise serialize every addition (C2 does not reorder float reductions by itself).
 */
final class ScalarKernels implements VectorKernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public float squaredL2(float[] a, int aOff, float[] b, int bOff, int d) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            float d0 = a[aOff + i] - b[bOff + i];
            float d1 = a[aOff + i + 1] - b[bOff + i + 1];
            float d2 = a[aOff + i + 2] - b[bOff + i + 2];
            float d3 = a[aOff + i + 3] - b[bOff + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < d; i++) {
            float t = a[aOff + i] - b[bOff + i];
            s0 += t * t;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int d) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < d; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float dotBytes(float[] q, int qOff, byte[] codes, int off, int d) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            s0 += q[qOff + i] * codes[off + i];
            s1 += q[qOff + i + 1] * codes[off + i + 1];
            s2 += q[qOff + i + 2] * codes[off + i + 2];
            s3 += q[qOff + i + 3] * codes[off + i + 3];
        }
        for (; i < d; i++) {
            s0 += q[qOff + i] * codes[off + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dotBytes4(float[] q, byte[] codes, int off0, int off1, int off2, int off3, int d, float[] out4) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < d; i++) {
            float qi = q[i];
            s0 += qi * codes[off0 + i];
            s1 += qi * codes[off1 + i];
            s2 += qi * codes[off2 + i];
            s3 += qi * codes[off3 + i];
        }
        out4[0] = s0;
        out4[1] = s1;
        out4[2] = s2;
        out4[3] = s3;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
