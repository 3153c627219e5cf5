/**
 * Scoring of approximate-nearest-neighbour runs: recall@k as ann-benchmarks counts it, the
 * QPS-versus-recall curve and its Pareto frontier, the area under that frontier over a recall band
 * (the CRINN reward, arXiv 2508.02091), QPS at a target recall, and small statistics helpers.
 *
 * <p>The package has no dependencies beyond the JDK and never sees vectors: callers supply true
 * distances through {@link io.crinn4j.reward.TrueDistance} or as precomputed arrays. All value
 * types are immutable and thread-safe. See {@code docs/reward.md} for the edge-case decisions.
 */
package io.crinn4j.reward;
