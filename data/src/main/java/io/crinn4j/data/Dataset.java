package io.crinn4j.data;

import io.crinn4j.contract.Metric;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * A base set, a query set and (optionally) the ground truth that came with them.
 *
 * <p>Invariants, checked by {@link #of}: {@code n > 0}, {@code nq > 0}, {@code d > 0};
 * {@code base.length == n * d} and {@code queries.length == nq * d}, both row-major; every value
 * is finite. For {@link Metric#ANGULAR} every base and query row has been normalized to unit
 * Euclidean length (a zero row is rejected), so the internal distance {@code -dot} ranks by
 * cosine. Provided ground truth, when present, has {@code nq} rows of {@code providedK()} base
 * ids in {@code [0, n)}, nearest first as the source file gave them.
 *
 * <p>The instance is immutable by convention: the arrays are exposed without copying for speed
 * and must not be modified. {@link #of} takes ownership of the arrays it is given (normalizing
 * them in place for angular data). Derived datasets ({@link #firstQueries}, {@link
 * #withQueryRange}) share the base array.
 */
public final class Dataset {

    private final String name;
    private final Metric metric;
    private final int n;
    private final int d;
    private final float[] base;
    private final int nq;
    private final float[] queries;
    private final int providedK;
    private final int[] providedIds;
    private final float[] providedDistances;
    private volatile String contentHash;

    private Dataset(String name, Metric metric, int n, int d, float[] base, int nq, float[] queries,
                    int providedK, int[] providedIds, float[] providedDistances) {
        this.name = name;
        this.metric = metric;
        this.n = n;
        this.d = d;
        this.base = base;
        this.nq = nq;
        this.queries = queries;
        this.providedK = providedK;
        this.providedIds = providedIds;
        this.providedDistances = providedDistances;
    }

    /**
     * Creates a dataset after validating it. Angular data are normalized in place.
     *
     * @param name    short name used in messages and reports, e.g. {@code "bigann10k"}
     * @param metric  how closeness is measured
     * @param base    the {@code n x d} vectors to search
     * @param queries the {@code nq x d} query vectors
     * @throws DataException naming the dataset if a set is empty, the dimensions differ, a value is
     *                       not finite, or an angular row is zero
     */
    public static Dataset of(String name, Metric metric, FloatMatrix base, FloatMatrix queries) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be empty");
        }
        if (metric == null) {
            throw new IllegalArgumentException(name + ": metric is null");
        }
        if (base.rows() == 0) {
            throw new DataException(name + ": base set is empty");
        }
        if (queries.rows() == 0) {
            throw new DataException(name + ": query set is empty");
        }
        if (base.dim() != queries.dim()) {
            throw new DataException(name + ": base dimension " + base.dim() + " differs from query dimension "
                    + queries.dim());
        }
        int d = base.dim();
        DataFiles.checkFinite(name, "base ", base.data(), 0, base.data().length, d, 0);
        DataFiles.checkFinite(name, "query ", queries.data(), 0, queries.data().length, d, 0);
        if (metric == Metric.ANGULAR) {
            normalizeRows(name, "base", base.data(), d);
            normalizeRows(name, "query", queries.data(), d);
        }
        return new Dataset(name, metric, base.rows(), d, base.data(), queries.rows(), queries.data(), 0, null, null);
    }

    /**
     * Returns a copy of this dataset carrying ground truth supplied with the data.
     *
     * @param ids       {@code nq} rows of base ids, nearest first
     * @param distances the matching distances in ann-benchmarks units, same length as
     *                  {@code ids.data()}, or {@code null} if the source had none
     * @throws DataException if the row count differs from {@code nq} or an id is outside {@code [0, n)}
     */
    public Dataset withProvidedGroundTruth(IntMatrix ids, float[] distances) {
        if (ids.rows() != nq) {
            throw new DataException(name + ": ground truth has " + ids.rows() + " rows but there are " + nq + " queries");
        }
        int k = ids.dim();
        int[] a = ids.data();
        for (int i = 0; i < a.length; i++) {
            if (a[i] < 0 || a[i] >= n) {
                throw new DataException(name + ": ground truth row " + (i / k) + " holds id " + a[i]
                        + ", outside the base range 0.." + (n - 1));
            }
        }
        if (distances != null && distances.length != a.length) {
            throw new DataException(name + ": ground-truth distances have " + distances.length + " values, ids have "
                    + a.length);
        }
        return new Dataset(name, metric, n, d, base, nq, queries, k, a, distances);
    }

    private static void normalizeRows(String name, String what, float[] x, int d) {
        for (int off = 0; off < x.length; off += d) {
            // Double accumulation and division keep the result independent of summation order
            // and of which vector kernels happen to be active.
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (double) x[off + j] * x[off + j];
            }
            if (s == 0) {
                throw new DataException(name + ": " + what + " row " + (off / d)
                        + " is a zero vector, which has no direction for angular distance");
            }
            double norm = Math.sqrt(s);
            for (int j = 0; j < d; j++) {
                x[off + j] = (float) (x[off + j] / norm);
            }
        }
    }

    /** The short name, e.g. {@code "bigann10k"}. */
    public String name() {
        return name;
    }

    /** The metric; angular data are already unit-normalized. */
    public Metric metric() {
        return metric;
    }

    /** Number of base vectors, {@code > 0}. */
    public int n() {
        return n;
    }

    /** Dimension of every vector, {@code > 0}. */
    public int d() {
        return d;
    }

    /** The base vectors, {@code n * d} floats row-major; do not modify. */
    public float[] base() {
        return base;
    }

    /** Number of queries, {@code > 0}. */
    public int nq() {
        return nq;
    }

    /** The query vectors, {@code nq * d} floats row-major; do not modify. */
    public float[] queries() {
        return queries;
    }

    /** True if ground truth came with the data (HDF5 {@code neighbors} or {@code groundtruth.ivecs}). */
    public boolean hasProvidedGroundTruth() {
        return providedIds != null;
    }

    /** Neighbours per query in the provided ground truth, or 0 when there is none. */
    public int providedK() {
        return providedK;
    }

    /** Provided neighbour ids, {@code nq * providedK()} row-major, or {@code null}; do not modify. */
    public int[] providedIds() {
        return providedIds;
    }

    /** Provided distances in ann-benchmarks units, or {@code null} if absent; do not modify. */
    public float[] providedDistances() {
        return providedDistances;
    }

    /**
     * The provided ground truth as a {@link GroundTruth}, in the source file's order. Where the
     * file had no distances they are computed here for the given ids (cheap: {@code nq * k}
     * distance evaluations).
     */
    public Optional<GroundTruth> providedGroundTruth() {
        if (providedIds == null) {
            return Optional.empty();
        }
        float[] dist = providedDistances != null ? providedDistances
                : GroundTruthBuilder.distancesFor(this, providedIds, providedK);
        return Optional.of(new GroundTruth(nq, providedK, providedIds, dist));
    }

    /** Offset of base row {@code i} in {@link #base()}. */
    public int baseOffset(int i) {
        return i * d;
    }

    /** Offset of query row {@code q} in {@link #queries()}. */
    public int queryOffset(int q) {
        return q * d;
    }

    /** Every query as an array of its own (copies): how harnesses hand queries out one at a time. */
    public float[][] queryRows() {
        float[][] rows = new float[nq][];
        for (int q = 0; q < nq; q++) {
            rows[q] = Arrays.copyOfRange(queries, queryOffset(q), queryOffset(q) + d);
        }
        return rows;
    }

    /** Same as {@code withQueryRange(0, min(count, nq))}. */
    public Dataset firstQueries(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        return withQueryRange(0, Math.min(count, nq));
    }

    /**
     * A dataset with the same base (shared, not copied) and the queries {@code [from, to)},
     * with the matching rows of provided ground truth. The name is unchanged; the content hash
     * differs unless the range is the whole query set.
     */
    public Dataset withQueryRange(int from, int to) {
        if (from < 0 || to > nq || from >= to) {
            throw new IllegalArgumentException("bad query range [" + from + ", " + to + ") of " + nq);
        }
        if (from == 0 && to == nq) {
            return this;
        }
        float[] q = Arrays.copyOfRange(queries, from * d, to * d);
        int[] ids = providedIds == null ? null : Arrays.copyOfRange(providedIds, from * providedK, to * providedK);
        float[] dist = providedDistances == null ? null
                : Arrays.copyOfRange(providedDistances, from * providedK, to * providedK);
        return new Dataset(name, metric, n, d, base, to - from, q, providedK, ids, dist);
    }

    /** Heap bytes held by the vectors and provided ground truth (the base counts even when shared). */
    public long sizeBytes() {
        long bytes = 4L * base.length + 4L * queries.length;
        if (providedIds != null) {
            bytes += 4L * providedIds.length;
        }
        if (providedDistances != null) {
            bytes += 4L * providedDistances.length;
        }
        return bytes;
    }

    /**
     * Lower-case hex SHA-256 over the metric name, {@code n}, {@code d}, {@code nq} (int32
     * little-endian) and the base then query values as little-endian IEEE float32 bits. It
     * identifies the vectors, not the name or the provided ground truth, and keys the
     * {@link GroundTruthCache}. Computed once, on first call (about half a second per 100 MB).
     */
    public String contentHash() {
        String h = contentHash;
        if (h == null) {
            h = computeHash();
            contentHash = h;
        }
        return h;
    }

    private String computeHash() {
        MessageDigest md = Sha256.digest();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(metric.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        buf.putInt(n).putInt(d).putInt(nq);
        md.update(buf.array(), 0, buf.position());
        digestFloats(md, buf, base);
        digestFloats(md, buf, queries);
        return Sha256.hex(md);
    }

    private static void digestFloats(MessageDigest md, ByteBuffer buf, float[] values) {
        int per = buf.capacity() / 4;
        for (int i = 0; i < values.length; i += per) {
            int len = Math.min(per, values.length - i);
            buf.clear();
            buf.asFloatBuffer().put(values, i, len);
            md.update(buf.array(), 0, 4 * len);
        }
    }

    @Override
    public String toString() {
        return name + " (" + metric.annBenchmarksName() + ", n=" + n + ", d=" + d + ", nq=" + nq
                + (providedIds != null ? ", provided k=" + providedK : "") + ")";
    }
}
