package io.crinn4j.reward;

/**
 * The exact distance between a query and a base vector, in the same units as the ground-truth
 * distances it is compared with (ann-benchmarks' reported units: Euclidean norm, {@code 1 - cos},
 * or negative inner product).
 *
 * <p>Implementations must be deterministic and must not return NaN; {@link Recall} rejects NaN.
 * The primitive signature keeps the recall loop free of boxing.
 */
@FunctionalInterface
public interface TrueDistance {
    /**
     * Returns the true distance between query {@code query} (0-based row of the query set) and base
     * vector {@code id} (0-based, never -1: missing results are filtered out before the call).
     */
    double distance(int query, int id);
}
