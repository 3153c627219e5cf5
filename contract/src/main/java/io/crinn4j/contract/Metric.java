package io.crinn4j.contract;

/**
 * How closeness between two vectors is measured.
 *
 * <p>Modules always work on an internal "smaller is closer" distance: squared L2 for {@link #L2},
 * and negative inner product for {@link #INNER_PRODUCT} and {@link #ANGULAR}. Angular data are
 * normalized to unit length when loaded, so ranking by negative inner product equals ranking by
 * cosine. The reported distances in ground truth files follow ann-benchmarks' units instead; see
 * {@link #reportedDistance(float)}.
 */
public enum Metric {
    /** Euclidean distance; ann-benchmarks name "euclidean". */
    L2("euclidean"),
    /** Cosine distance on unit-normalized vectors; ann-benchmarks name "angular". */
    ANGULAR("angular"),
    /** Maximum inner product; not an ann-benchmarks metric, reported as negative inner product. */
    INNER_PRODUCT("ip");

    private final String annName;

    Metric(String annName) {
        this.annName = annName;
    }

    /** The name ann-benchmarks uses in the HDF5 {@code distance} attribute. */
    public String annBenchmarksName() {
        return annName;
    }

    /**
     * Converts an internal distance (squared L2, or negative inner product) to the unit
     * ann-benchmarks reports: Euclidean norm, {@code 1 - cos}, or negative inner product.
     */
    public float reportedDistance(float internal) {
        switch (this) {
            case L2:
                return (float) Math.sqrt(Math.max(0f, internal));
            case ANGULAR:
                return 1f + internal;
            default:
                return internal;
        }
    }

    /** Parses "l2"/"euclidean", "angular"/"cosine", "ip"/"dot"/"inner_product"; case-insensitive. */
    public static Metric parse(String s) {
        switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "l2":
            case "euclidean":
                return L2;
            case "angular":
            case "cosine":
                return ANGULAR;
            case "ip":
            case "dot":
            case "inner_product":
            case "innerproduct":
                return INNER_PRODUCT;
            default:
                throw new IllegalArgumentException("unknown metric '" + s + "' (expected euclidean, angular or ip)");
        }
    }
}
