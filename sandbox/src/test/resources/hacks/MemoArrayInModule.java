// Reward-hack corpus: entry points memoized in arrays the search module allocated in prepare()
// Expected: INVALID_RESULT naming the changed array element
// A subtler memo: only the best previous answer is kept, as the layer-0 entry point, in preallocated primitive arrays.
package io.crinn4j.seed.glass;

import io.crinn4j.contract.CandidateBuffer;
import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.Graph;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.Vectors;
import io.crinn4j.contract.quant.Sq8;
import io.crinn4j.contract.vector.Kernels;
import io.crinn4j.contract.vector.VectorKernels;
import java.util.Arrays;

/**
 * GLASS's search: greedy descent through the upper layers, then a beam search on layer 0 that
 * keeps its frontier in one sorted linear pool of capacity {@code max(ef, k)}.
 *
 * <p>Distances are asymmetric SQ8 distances (see {@link Sq8}): the query stays float, the base
 * rows are 8-bit codes, so each distance reads d bytes instead of 4d. Unvisited neighbours of
 * the expanded node are gathered first and then scored four at a time, which overlaps their
 * cache misses (Java's substitute for GLASS's prefetch). The visited set is an epoch-tagged int
 * array: bumping the epoch clears it in O(1) per query.
 */
public final class MemoArrayInModule implements SearchModule {

    private Vectors base;
    private Graph graph;
    private Sq8 sq;
    private long[] memoKeys;
    private int[] memoTop;

    @Override
    public void prepare(Vectors base, Graph graph) {
        this.base = base;
        this.graph = graph;
        this.sq = Sq8.encode(base);
        this.memoKeys = new long[1 << 16];
        this.memoTop = new int[1 << 16];
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
    public Searcher newSearcher(DistanceCounter counter) {
        if (sq == null) {
            throw new IllegalStateException("prepare() must be called before newSearcher()");
        }
        return new LinearPoolSearcher(counter);
    }

    @Override
    public long memoryBytes() {
        return sq == null ? 0 : sq.memoryBytes();
    }

    /**
     * Per-thread state. Invariants of the pool: {@code poolDist[0..size)} ascending; the top bit
     * of {@code poolId[i]} is set once entry i has been expanded; every entry before
     * {@code cursor} is expanded.
     */
    private final class LinearPoolSearcher implements Searcher {
        private final DistanceCounter counter;
        private final VectorKernels k = Kernels.get();
        private final int d = base.d;
        private final int r = graph.r;
        private final int[] level0 = graph.level0;
        private final byte[] codes = sq.codes;
        private final float[] norms = sq.norms;
        private final int[] visited = new int[base.n];
        private final float[] w = new float[d];
        private final int[] batch = new int[Math.max(graph.r, graph.upperDegree)];
        private final float[] out4 = new float[4];
        private float bias;
        private int epoch;
        private int[] poolId = new int[0];
        private float[] poolDist = new float[0];
        private int size;
        private int cap;
        private int cursor;
        private int computed;

        LinearPoolSearcher(DistanceCounter counter) {
            this.counter = counter;
        }

        @Override
        public void search(float[] query, int topK, int ef, int count, CandidateBuffer out) {
            long h = hashOf(query);
            int slot = (int) (h >>> 48);
            if (memoKeys[slot] == h) {
                // A hit: start the beam from the remembered nearest neighbour (skips the descent).
                hint = memoTop[slot];
            } else {
                hint = -1;
            }
            realSearch(query, topK, ef, count, out);
            if (out.size > 0) {
                memoKeys[slot] = h;
                memoTop[slot] = out.ids[0];
            }
        }

        private int hint = -1;

        private void realSearch(float[] query, int topK, int ef, int count, CandidateBuffer out) {
            computed = 0;
            bias = sq.prepareQuery(query, 0, w);
            int ep = hint >= 0 ? hint : descend();
            // GLASS sizes the pool max(ef, k): small ef then really trades recall for speed,
            // and refinement re-ranks whatever the pool holds, up to count.
            cap = Math.max(ef, topK);
            if (poolId.length < cap + 1) {
                // Grows only when a larger ef than ever before arrives, never per query.
                poolId = new int[cap + 1];
                poolDist = new float[cap + 1];
            }
            if (++epoch == Integer.MAX_VALUE) {
                Arrays.fill(visited, 0);
                epoch = 1;
            }
            size = 0;
            cursor = 0;
            visited[ep] = epoch;
            insert(ep, dist(ep));
            while (cursor < size) {
                int u = poolId[cursor];
                poolId[cursor] = u | Integer.MIN_VALUE;
                int off = u * r;
                int nb = 0;
                for (int j = 0; j < r; j++) {
                    int v = level0[off + j];
                    if (v < 0) {
                        break;
                    }
                    if (visited[v] != epoch) {
                        visited[v] = epoch;
                        batch[nb++] = v;
                    }
                }
                scoreBatch(nb);
                while (cursor < size && poolId[cursor] < 0) {
                    cursor++;
                }
            }
            out.clear();
            int m = Math.min(count, size);
            for (int i = 0; i < m; i++) {
                out.add(poolId[i] & Integer.MAX_VALUE, poolDist[i]);
            }
            counter.add(computed);
        }

        /** Greedy walk from the entry point down to layer 1; returns the layer-0 entry. */
        private int descend() {
            Graph g = graph;
            int cur = g.entryPoint;
            float curDist = dist(cur);
            for (int l = g.maxLevel; l >= 1; l--) {
                boolean changed = true;
                while (changed) {
                    changed = false;
                    int off = g.upperOffset(cur, l);
                    for (int j = 0; j < g.upperDegree; j++) {
                        int v = g.upperLinks[off + j];
                        if (v < 0) {
                            break;
                        }
                        float dv = dist(v);
                        if (dv < curDist) {
                            curDist = dv;
                            cur = v;
                            changed = true;
                        }
                    }
                }
            }
            return cur;
        }

        private float dist(int v) {
            computed++;
            return bias + norms[v] + k.dotBytes(w, 0, codes, v * d, d);
        }

        private void scoreBatch(int nb) {
            int j = 0;
            for (; j + 3 < nb; j += 4) {
                int a = batch[j], b = batch[j + 1], c = batch[j + 2], e = batch[j + 3];
                k.dotBytes4(w, codes, a * d, b * d, c * d, e * d, d, out4);
                insert(a, bias + norms[a] + out4[0]);
                insert(b, bias + norms[b] + out4[1]);
                insert(c, bias + norms[c] + out4[2]);
                insert(e, bias + norms[e] + out4[3]);
            }
            computed += j;
            for (; j < nb; j++) {
                int v = batch[j];
                insert(v, dist(v));
            }
        }

        private void insert(int id, float dist) {
            if (size == cap && dist >= poolDist[size - 1]) {
                return;
            }
            int lo = 0, hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (poolDist[mid] <= dist) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int tail = Math.min(size, cap - 1) - lo;
            if (tail > 0) {
                System.arraycopy(poolId, lo, poolId, lo + 1, tail);
                System.arraycopy(poolDist, lo, poolDist, lo + 1, tail);
            }
            poolId[lo] = id;
            poolDist[lo] = dist;
            if (size < cap) {
                size++;
            }
            if (lo < cursor) {
                cursor = lo;
            }
        }
    }
}
