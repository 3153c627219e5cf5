package io.crinn4j.contract;

/**
 * A hierarchical proximity graph in the flat layout GLASS and hnswlib use.
 *
 * <p><b>Layer 0</b> holds every node: {@link #level0} is an {@code n × r} int matrix, row-major;
 * row {@code u} lists u's neighbours and is padded with {@code -1} after the last one, so a
 * reader stops at the first {@code -1}. <b>Upper layers</b> exist only for the greedy descent to
 * an entry point: node {@code u} appears on levels {@code 1..levels[u]}; its neighbours on level
 * {@code l} start at {@code upperOffsets[u] + (l - 1) * upperDegree} in {@link #upperLinks},
 * {@code upperDegree} slots padded with {@code -1}. {@code upperOffsets[u] == -1} when
 * {@code levels[u] == 0}. {@link #entryPoint} is on level {@link #maxLevel}.
 *
 * <p>A construction module that builds a flat graph (no hierarchy) passes {@code levels} all
 * zero, {@code maxLevel = 0} and empty upper arrays. Extra entry points (for example spread
 * over the data) go in {@link #extraEntryPoints}; search modules may use them or not.
 * The constructor checks shapes and id ranges once, so search code can trust them.
 */
public final class Graph {
    public final int n;
    /** Maximum layer-0 degree (row width of {@link #level0}). */
    public final int r;
    public final int[] level0;
    public final int[] levels;
    public final int maxLevel;
    public final int entryPoint;
    public final int upperDegree;
    public final int[] upperOffsets;
    public final int[] upperLinks;
    public final int[] extraEntryPoints;

    public Graph(int n, int r, int[] level0, int[] levels, int entryPoint, int upperDegree,
                 int[] upperOffsets, int[] upperLinks, int[] extraEntryPoints) {
        if (n < 1 || r < 1) {
            throw new IllegalArgumentException("graph needs n >= 1 and r >= 1, got n=" + n + " r=" + r);
        }
        if ((long) n * r != level0.length) {
            throw new IllegalArgumentException("level0 has " + level0.length + " slots, expected n*r = " + (long) n * r);
        }
        if (levels.length != n || upperOffsets.length != n) {
            throw new IllegalArgumentException("levels and upperOffsets must have n = " + n + " entries");
        }
        checkIds("level0", level0, n);
        checkIds("upperLinks", upperLinks, n);
        checkIds("extraEntryPoints", extraEntryPoints, n);
        if (entryPoint < 0 || entryPoint >= n) {
            throw new IllegalArgumentException("entry point " + entryPoint + " out of range [0, " + n + ")");
        }
        int max = 0;
        for (int u = 0; u < n; u++) {
            int l = levels[u];
            if (l < 0) {
                throw new IllegalArgumentException("node " + u + " has negative level " + l);
            }
            max = Math.max(max, l);
            if (l > 0) {
                long end = (long) upperOffsets[u] + (long) l * upperDegree;
                if (upperOffsets[u] < 0 || end > upperLinks.length) {
                    throw new IllegalArgumentException("node " + u + " upper links out of range");
                }
            }
        }
        if (levels[entryPoint] != max) {
            throw new IllegalArgumentException("entry point " + entryPoint + " is on level " + levels[entryPoint] + ", top level is " + max);
        }
        this.n = n;
        this.r = r;
        this.level0 = level0;
        this.levels = levels;
        this.maxLevel = max;
        this.entryPoint = entryPoint;
        this.upperDegree = upperDegree;
        this.upperOffsets = upperOffsets;
        this.upperLinks = upperLinks;
        this.extraEntryPoints = extraEntryPoints;
    }

    /** A flat (single-layer) graph with one entry point. */
    public static Graph flat(int n, int r, int[] level0, int entryPoint) {
        return new Graph(n, r, level0, new int[n], entryPoint, 0, filled(n, -1), new int[0], new int[0]);
    }

    /** Offset in {@link #upperLinks} of u's neighbours on level {@code level >= 1}. */
    public int upperOffset(int u, int level) {
        return upperOffsets[u] + (level - 1) * upperDegree;
    }

    /** Number of neighbours of u on layer 0. */
    public int degree0(int u) {
        int base = u * r;
        int k = 0;
        while (k < r && level0[base + k] >= 0) {
            k++;
        }
        return k;
    }

    /** Bytes held by the graph arrays. */
    public long memoryBytes() {
        return 4L * (level0.length + levels.length + upperOffsets.length + upperLinks.length + extraEntryPoints.length);
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static void checkIds(String what, int[] ids, int n) {
        for (int i = 0; i < ids.length; i++) {
            int v = ids[i];
            if (v < -1 || v >= n) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + v + " is not a node id in [0, " + n + ") or -1");
            }
        }
    }
}
