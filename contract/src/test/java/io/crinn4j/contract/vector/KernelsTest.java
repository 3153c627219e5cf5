package io.crinn4j.contract.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelsTest {
    private static final int[] DIMS = {1, 3, 7, 8, 15, 16, 17, 25, 31, 64, 100, 128, 784, 960};
    private final VectorKernels fast = Kernels.get();
    private final VectorKernels scalar = Kernels.scalar();

    @Test
    void surefireRunsWithTheVectorApiSoThePanamaKernelsAreUnderTest() {
        // The build passes --add-modules jdk.incubator.vector; if this fails, the tests below only compare scalar with itself.
        assertTrue(Kernels.vectorApiAvailable(), "jdk.incubator.vector not loaded");
        assertTrue(fast.name().startsWith("panama"), "expected Panama kernels on this machine, got " + fast.name());
    }

    @Test
    void floatKernelsMatchAPlainDoubleLoopAtEveryTailLength() {
        SplittableRandom r = new SplittableRandom(1);
        for (int d : DIMS) {
            float[] a = random(r, d + 5);
            float[] b = random(r, 3 * d + 2);
            double l2 = 0, dot = 0;
            for (int i = 0; i < d; i++) {
                double t = a[5 + i] - b[d + 2 + i];
                l2 += t * t;
                dot += (double) a[5 + i] * b[d + 2 + i];
            }
            for (VectorKernels k : new VectorKernels[] {fast, scalar}) {
                assertEquals(l2, k.squaredL2(a, 5, b, d + 2, d), 1e-4 * Math.max(1, l2), k.name() + " l2 d=" + d);
                assertEquals(dot, k.dot(a, 5, b, d + 2, d), 1e-4 * Math.max(1, Math.abs(dot) + d), k.name() + " dot d=" + d);
            }
        }
    }

    @Test
    void byteKernelsReadCodesAsSignedAndMatchTheScalarReference() {
        SplittableRandom r = new SplittableRandom(2);
        for (int d : DIMS) {
            float[] q = random(r, d + 3);
            byte[] codes = new byte[5 * d];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (byte) r.nextInt(256);
            }
            codes[0] = Byte.MIN_VALUE;
            codes[codes.length - 1] = Byte.MAX_VALUE;
            double[] want = new double[4];
            for (int row = 0; row < 4; row++) {
                for (int i = 0; i < d; i++) {
                    want[row] += (double) q[3 + i] * codes[(row + 1) * d + i];
                }
            }
            for (VectorKernels k : new VectorKernels[] {fast, scalar}) {
                for (int row = 0; row < 4; row++) {
                    assertEquals(want[row], k.dotBytes(q, 3, codes, (row + 1) * d, d), 1e-3 * (d + Math.abs(want[row])), k.name() + " d=" + d);
                }
            }
            // dotBytes4 reads the query from offset 0.
            float[] q0 = java.util.Arrays.copyOfRange(q, 3, 3 + d);
            float[] out = new float[4];
            for (VectorKernels k : new VectorKernels[] {fast, scalar}) {
                k.dotBytes4(q0, codes, d, 2 * d, 3 * d, 4 * d, d, out);
                for (int row = 0; row < 4; row++) {
                    assertEquals(want[row], out[row], 1e-3 * (d + Math.abs(want[row])), k.name() + " dotBytes4 d=" + d + " row " + row);
                }
            }
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }
}
