package io.crinn4j.reward;

/**
 * One measured operating point of a search configuration: the parameter that produced it
 * (typically HNSW's {@code ef}), the recall@k it reached and the queries per second it sustained.
 *
 * <p>Invariants: {@code recall} is finite and in [0, 1]; {@code qps} is finite and {@code >= 0}.
 * NaN, infinities and negative values are rejected at construction, so every later computation
 * (frontier, AUC) can trust its inputs.
 *
 * @param param the search parameter, e.g. {@code ef}; a label only, never used in arithmetic
 *     (except to break exact ties deterministically, see {@link Curve#paretoFrontier()})
 * @param recall mean recall@k, in [0, 1]
 * @param qps queries per second, {@code >= 0}
 */
public record CurvePoint(int param, double recall, double qps) {
    /** @throws IllegalArgumentException if recall or qps is outside its range or not finite */
    public CurvePoint {
        if (!(recall >= 0 && recall <= 1)) {
            throw new IllegalArgumentException("recall must be in [0, 1], got " + recall + " (param " + param + ")");
        }
        if (!(qps >= 0) || Double.isInfinite(qps)) {
            throw new IllegalArgumentException("qps must be finite and >= 0, got " + qps + " (param " + param + ")");
        }
        // -0.0 passes the range checks but sorts below 0.0 in Double.compare; adding 0.0 turns it
        // into 0.0 so that equal points compare equal.
        recall += 0.0;
        qps += 0.0;
    }
}
