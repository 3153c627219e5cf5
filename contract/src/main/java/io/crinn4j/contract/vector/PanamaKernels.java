package io.crinn4j.contract.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels. Loaded only by reflection from {@link Kernels}, so a JVM started without
 * {@code --add-modules jdk.incubator.vector} never touches this class.
 *
 * <p>Byte codes are widened with the signed {@code B2F} conversion from a byte vector holding
 * exactly as many lanes as the float species. The unsigned route ({@code ZERO_EXTEND_B2I}) does
 * not exist on JDK 17 and {@code B2I} followed by {@code AND 0xFF} is not intrinsified there, so
 * codes are stored signed (value − 128) and the shift is folded into the query constants by the
 * caller. Every method keeps its vectors in locals of a small static-shaped loop so C2 can
 * scalar-replace them; a kernel that escapes its vectors is boxed and runs 100× slower.
 */
final class PanamaKernels implements VectorKernels {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(Math.max(64, LANES * 8)));

    private PanamaKernels() {
    }

    /** Returns the kernels, or null when the hardware offers fewer than 8 float lanes. */
    static VectorKernels create() {
        if (LANES < 8 || B.length() != LANES) {
            return null;
        }
        return new PanamaKernels();
    }

    @Override
    public float squaredL2(float[] a, int aOff, float[] b, int bOff, int d) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        int bound2 = d - 2 * LANES;
        for (; i <= bound2; i += 2 * LANES) {
            FloatVector d0 = FloatVector.fromArray(F, a, aOff + i).sub(FloatVector.fromArray(F, b, bOff + i));
            FloatVector d1 = FloatVector.fromArray(F, a, aOff + i + LANES).sub(FloatVector.fromArray(F, b, bOff + i + LANES));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        if (i <= d - LANES) {
            FloatVector d0 = FloatVector.fromArray(F, a, aOff + i).sub(FloatVector.fromArray(F, b, bOff + i));
            acc0 = d0.fma(d0, acc0);
            i += LANES;
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < d; i++) {
            float t = a[aOff + i] - b[bOff + i];
            s += t * t;
        }
        return s;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int d) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        int bound2 = d - 2 * LANES;
        for (; i <= bound2; i += 2 * LANES) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(F, a, aOff + i + LANES).fma(FloatVector.fromArray(F, b, bOff + i + LANES), acc1);
        }
        if (i <= d - LANES) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            i += LANES;
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < d; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public float dotBytes(float[] q, int qOff, byte[] codes, int off, int d) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        int bound = d - LANES;
        for (; i <= bound; i += LANES) {
            FloatVector c = (FloatVector) ByteVector.fromArray(B, codes, off + i).convertShape(VectorOperators.B2F, F, 0);
            acc = FloatVector.fromArray(F, q, qOff + i).fma(c, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < d; i++) {
            s += q[qOff + i] * codes[off + i];
        }
        return s;
    }

    @Override
    public void dotBytes4(float[] q, byte[] codes, int off0, int off1, int off2, int off3, int d, float[] out4) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int i = 0;
        int bound = d - LANES;
        for (; i <= bound; i += LANES) {
            FloatVector qv = FloatVector.fromArray(F, q, i);
            a0 = qv.fma((FloatVector) ByteVector.fromArray(B, codes, off0 + i).convertShape(VectorOperators.B2F, F, 0), a0);
            a1 = qv.fma((FloatVector) ByteVector.fromArray(B, codes, off1 + i).convertShape(VectorOperators.B2F, F, 0), a1);
            a2 = qv.fma((FloatVector) ByteVector.fromArray(B, codes, off2 + i).convertShape(VectorOperators.B2F, F, 0), a2);
            a3 = qv.fma((FloatVector) ByteVector.fromArray(B, codes, off3 + i).convertShape(VectorOperators.B2F, F, 0), a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD);
        float s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD);
        float s3 = a3.reduceLanes(VectorOperators.ADD);
        for (; i < d; i++) {
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
        return "panama-" + F.vectorBitSize();
    }
}
