package io.crinn4j.data;

/**
 * The {@code k} smallest (distance, id) pairs seen so far, ordered lexicographically so that
 * equal distances prefer the smaller id. A bounded binary max-heap in two parallel primitive
 * arrays: no boxing, no allocation after construction, reusable via {@link #clear()}. Not
 * thread-safe; each worker owns its instances.
 */
final class TopK {

    private final int k;
    private final float[] dist;
    private final int[] id;
    private int size;

    TopK(int k) {
        this.k = k;
        this.dist = new float[k];
        this.id = new int[k];
    }

    void clear() {
        size = 0;
    }

    /** Offers a candidate; the common reject path is one comparison. */
    void offer(float d, int i) {
        if (size < k) {
            int c = size++;
            // sift up
            while (c > 0) {
                int p = (c - 1) >>> 1;
                if (!worse(d, i, dist[p], id[p])) {
                    break;
                }
                dist[c] = dist[p];
                id[c] = id[p];
                c = p;
            }
            dist[c] = d;
            id[c] = i;
            return;
        }
        if (d > dist[0] || (d == dist[0] && i > id[0])) {
            return;
        }
        siftDownFromRoot(d, i);
    }

    /** True if (d1, i1) ranks after (d2, i2). */
    private static boolean worse(float d1, int i1, float d2, int i2) {
        return d1 > d2 || (d1 == d2 && i1 > i2);
    }

    private void siftDownFromRoot(float d, int i) {
        int c = 0;
        int n = size;
        while (true) {
            int l = 2 * c + 1;
            if (l >= n) {
                break;
            }
            int r = l + 1;
            int m = (r < n && worse(dist[r], id[r], dist[l], id[l])) ? r : l;
            if (!worse(dist[m], id[m], d, i)) {
                break;
            }
            dist[c] = dist[m];
            id[c] = id[m];
            c = m;
        }
        dist[c] = d;
        id[c] = i;
    }

    int size() {
        return size;
    }

    /**
     * Empties the heap into {@code outIds[off..off+size)} and {@code outDist}, nearest first;
     * the worst is popped first, so the arrays are filled from the back.
     */
    void drainSorted(int[] outIds, float[] outDist, int off) {
        for (int pos = size - 1; pos >= 0; pos--) {
            outIds[off + pos] = id[0];
            outDist[off + pos] = dist[0];
            size--;
            if (size > 0) {
                float d = dist[size];
                int i = id[size];
                siftDownFromRoot(d, i);
            }
        }
    }
}
