package io.crinn4j.contract.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.Metric;
import io.crinn4j.contract.Vectors;
import io.crinn4j.contract.vector.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Sq8Test {

    @Test
    void reconstructionErrorIsAtMostHalfAStepPerDimension() {
        Vectors v = random(500, 33, Metric.L2, 3);
        Sq8 sq = Sq8.encode(v);
        float[] x = new float[v.d];
        for (int r = 0; r < v.n; r++) {
            sq.decode(r, x);
            for (int i = 0; i < v.d; i++) {
                float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
                for (int s = 0; s < v.n; s++) {
                    lo = Math.min(lo, v.data[s * v.d + i]);
                    hi = Math.max(hi, v.data[s * v.d + i]);
                }
                float step = (hi - lo) / 255f;
                assertTrue(Math.abs(x[i] - v.data[r * v.d + i]) <= step * 0.5f + 1e-5f, "row " + r + " dim " + i);
            }
        }
    }

    @Test
    void integerDataInRange0To255IsEncodedExactly() {
        // Fashion-MNIST pixels and SIFT descriptors are integers; with min 0 and max 255 each step is exactly 1.
        int n = 50, d = 16;
        float[] data = new float[n * d];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextInt(256);
        }
        for (int i = 0; i < d; i++) {
            data[i] = 0;
            data[d + i] = 255;
        }
        Sq8 sq = Sq8.encode(new Vectors(data, n, d, Metric.L2));
        float[] x = new float[d];
        for (int row = 0; row < n; row++) {
            sq.decode(row, x);
            for (int i = 0; i < d; i++) {
                assertEquals(data[row * d + i], x[i], 1e-4f);
            }
        }
    }

    @Test
    void preparedQueryGivesTheDistanceToTheReconstructedVector() {
        for (Metric m : new Metric[] {Metric.L2, Metric.INNER_PRODUCT}) {
            Vectors v = random(200, 40, m, 5);
            Sq8 sq = Sq8.encode(v);
            SplittableRandom r = new SplittableRandom(6);
            float[] q = new float[v.d];
            for (int i = 0; i < v.d; i++) {
                q[i] = (float) r.nextGaussian();
            }
            float[] w = new float[v.d];
            float bias = sq.prepareQuery(q, 0, w);
            float[] x = new float[v.d];
            for (int row = 0; row < v.n; row++) {
                sq.decode(row, x);
                double want = 0;
                for (int i = 0; i < v.d; i++) {
                    want += m == Metric.L2 ? (q[i] - x[i]) * (double) (q[i] - x[i]) : -(double) q[i] * x[i];
                }
                float got = bias + sq.norms[row] + Kernels.get().dotBytes(w, 0, sq.codes, row * v.d, v.d);
                assertEquals(want, got, 1e-3 * Math.max(1, Math.abs(want)), m + " row " + row);
            }
        }
    }

    @Test
    void constantDimensionsContributeNothing() {
        int n = 20, d = 4;
        float[] data = new float[n * d];
        for (int row = 0; row < n; row++) {
            data[row * d] = 7f;
            data[row * d + 1] = row;
        }
        Sq8 sq = Sq8.encode(new Vectors(data, n, d, Metric.L2));
        float[] x = new float[d];
        sq.decode(3, x);
        assertEquals(7f, x[0], 1e-5f);
        assertEquals(3f, x[1], 19f / 255f);
    }

    private static Vectors random(int n, int d, Metric m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextGaussian() * (1 + i % d));
        }
        return new Vectors(data, n, d, m);
    }
}
