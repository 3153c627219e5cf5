package io.crinn4j.contract.quant;

import io.crinn4j.contract.Metric;
import io.crinn4j.contract.Vectors;
import io.crinn4j.contract.vector.VectorKernels;

/**
 * Per-dimension 8-bit scalar quantization (GLASS's SQ8), shaped so that every quantized distance
 * is one {@link VectorKernels#dotBytes} call plus two scalars.
 *
 * <p>Dimension {@code i} is mapped linearly from {@code [min_i, max_i]} onto codes 0..255, stored
 * <em>signed</em> as {@code s = code − 128} because the fast Vector API byte widening is the
 * signed one on every JDK. The reconstruction is {@code x̂_i = c_i + scale_i · s_i} with
 * {@code c_i = min_i + 128 · scale_i}. Then, for a query {@code q}:
 * <ul>
 *   <li>L2: {@code ‖q − x̂‖² = Σ(q_i − c_i)² + Σ scale_i² s_i² − 2 Σ (q_i − c_i) scale_i s_i}
 *       = {@code bias(q) + norm[x] + dotBytes(w(q), s)} with {@code w_i = −2 (q_i − c_i) scale_i};</li>
 *   <li>inner product / angular: {@code −q·x̂ = −Σ q_i c_i + dotBytes(−q_i scale_i, s)}, norm 0.</li>
 * </ul>
 * So {@link #prepareQuery} costs O(d) once per query, and scoring a code row is a single fused
 * multiply-add pass over d bytes: a quarter of the memory traffic of float vectors.
 * Instances are immutable after {@link #encode}.
 */
public final class Sq8 {
    /** Row-major signed codes, {@code n × d}. */
    public final byte[] codes;
    /** Per-row constant {@code Σ scale_i² s_i²} for L2, all zero otherwise. */
    public final float[] norms;
    public final int n;
    public final int d;
    public final Metric metric;
    private final float[] offset; // c_i
    private final float[] scale;

    private Sq8(byte[] codes, float[] norms, int n, int d, Metric metric, float[] offset, float[] scale) {
        this.codes = codes;
        this.norms = norms;
        this.n = n;
        this.d = d;
        this.metric = metric;
        this.offset = offset;
        this.scale = scale;
    }

    /** Trains per-dimension ranges on all rows and encodes them. */
    public static Sq8 encode(Vectors v) {
        int n = v.n, d = v.d;
        float[] data = v.data;
        float[] min = new float[d];
        float[] max = new float[d];
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < n; r++) {
            int o = r * d;
            for (int i = 0; i < d; i++) {
                float x = data[o + i];
                if (x < min[i]) min[i] = x;
                if (x > max[i]) max[i] = x;
            }
        }
        float[] scale = new float[d];
        float[] offset = new float[d];
        for (int i = 0; i < d; i++) {
            float range = max[i] - min[i];
            // A constant dimension gets scale 1 and code 0 (s = -128): it adds nothing to any difference.
            scale[i] = range > 0 ? range / 255f : 1f;
            offset[i] = min[i] + 128f * scale[i];
        }
        byte[] codes = new byte[n * d];
        float[] norms = new float[n];
        boolean l2 = v.metric == Metric.L2;
        for (int r = 0; r < n; r++) {
            int o = r * d;
            float nrm = 0;
            for (int i = 0; i < d; i++) {
                int c = Math.round((data[o + i] - min[i]) / scale[i]);
                c = Math.max(0, Math.min(255, c));
                int s = c - 128;
                codes[o + i] = (byte) s;
                float t = scale[i] * s;
                nrm += t * t;
            }
            norms[r] = l2 ? nrm : 0f;
        }
        return new Sq8(codes, norms, n, d, v.metric, offset, scale);
    }

    /**
     * Fills {@code w} (length d) with the query weights and returns the query constant, so that
     * the quantized distance to row {@code x} is {@code bias + norms[x] + dotBytes(w, 0, codes, x*d, d)}.
     */
    public float prepareQuery(float[] q, int qOff, float[] w) {
        return prepareQuery(q, qOff, w, 0);
    }

    /** As {@link #prepareQuery(float[], int, float[])}, writing the weights at {@code w[wOff..wOff+d)}. */
    public float prepareQuery(float[] q, int qOff, float[] w, int wOff) {
        float bias = 0;
        if (metric == Metric.L2) {
            for (int i = 0; i < d; i++) {
                float t = q[qOff + i] - offset[i];
                bias += t * t;
                w[wOff + i] = -2f * t * scale[i];
            }
        } else {
            for (int i = 0; i < d; i++) {
                bias -= q[qOff + i] * offset[i];
                w[wOff + i] = -q[qOff + i] * scale[i];
            }
        }
        return bias;
    }

    /** Reconstructs row {@code r} into {@code out} (length d); for tests and diagnostics. */
    public void decode(int r, float[] out) {
        for (int i = 0; i < d; i++) {
            out[i] = offset[i] + scale[i] * codes[r * d + i];
        }
    }

    public long memoryBytes() {
        return codes.length + 4L * (norms.length + offset.length + scale.length);
    }
}
