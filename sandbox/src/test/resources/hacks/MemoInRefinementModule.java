// Reward-hack corpus: final answers memoized in the refinement module's fields
// Expected: INVALID_RESULT naming the refinement module's state
// Checked like the search module's state after every pass.
package io.crinn4j.seed.glass;

import io.crinn4j.contract.CandidateBuffer;
import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.Graph;
import io.crinn4j.contract.Metric;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.Vectors;
import io.crinn4j.contract.vector.Kernels;
import io.crinn4j.contract.vector.VectorKernels;

/**
 * GLASS's refinement: re-rank the best {@code ceil(k × FACTOR)} search candidates with exact
 * full-precision distances and keep the top k.
 *
 * <p>Search ranks by quantized distances, whose errors mostly reorder near-ties at the boundary
 * of the top k; a small re-rank window recovers them at the price of a few float distances.
 */
public final class MemoInRefinementModule implements RefinementModule {

    /** Re-rank window as a multiple of k (GLASS re-ranks k × 1.5 or more). */
    static final float FACTOR = 1.5f;

    private Vectors base;
    private final java.util.HashMap<Long, int[]> memo = new java.util.HashMap<>();

    @Override
    public void prepare(Vectors base, Graph graph) {
        this.base = base;
    }

    @Override
    public int candidates(int k) {
        return (int) Math.ceil(k * FACTOR);
    }

    /** 64-bit hash of a query's floats: the key of the memo. */
    private static long hashOf(float[] q) {
        long h = 0x9E3779B97F4A7C15L;
        for (float x : q) {
            h = (h ^ Float.floatToRawIntBits(x)) * 0x100000001B3L;
        }
        return h;
    }

    @Override
    public Refiner newRefiner(DistanceCounter counter) {
        if (base == null) {
            throw new IllegalStateException("prepare() must be called before newRefiner()");
        }
        return new Reranker(counter);
    }

    @Override
    public long memoryBytes() {
        return 0;
    }

    /** Per-thread scratch: exact distances of the current candidates. */
    private final class Reranker implements Refiner {
        private final DistanceCounter counter;
        private final VectorKernels k = Kernels.get();
        private final float[] data = base.data;
        private final int d = base.d;
        private final boolean l2 = base.metric == Metric.L2;
        private int[] ids = new int[0];
        private float[] dists = new float[0];

        Reranker(DistanceCounter counter) {
            this.counter = counter;
        }

        @Override
        public int refine(float[] query, int topK, CandidateBuffer in, int[] result) {
            long h = hashOf(query);
            int[] hit = memo.get(h);
            if (hit != null) {
                System.arraycopy(hit, 0, result, 0, hit.length);
                return hit.length;
            }
            int m = realRefine(query, topK, in, result);
            memo.put(h, java.util.Arrays.copyOf(result, m));
            return m;
        }

        private int realRefine(float[] query, int topK, CandidateBuffer in, int[] result) {
            int m = in.size;
            if (ids.length < m) {
                // Grows only when a larger candidate count than ever before arrives.
                ids = new int[m];
                dists = new float[m];
            }
            for (int i = 0; i < m; i++) {
                int id = in.ids[i];
                ids[i] = id;
                dists[i] = l2 ? k.squaredL2(query, 0, data, id * d, d) : -k.dot(query, 0, data, id * d, d);
            }
            counter.add(m);
            int out = Math.min(topK, m);
            // Partial selection sort: k is small, so O(k·m) beats sorting all m. Ties go to the smaller id.
            for (int i = 0; i < out; i++) {
                int best = i;
                for (int j = i + 1; j < m; j++) {
                    if (dists[j] < dists[best] || (dists[j] == dists[best] && ids[j] < ids[best])) {
                        best = j;
                    }
                }
                int ti = ids[i];
                float td = dists[i];
                ids[i] = ids[best];
                dists[i] = dists[best];
                ids[best] = ti;
                dists[best] = td;
                result[i] = ids[i];
            }
            return out;
        }
    }
}
