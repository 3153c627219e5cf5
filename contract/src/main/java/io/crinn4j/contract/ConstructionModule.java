package io.crinn4j.contract;

/**
 * Module 1 of 3: turns the base vectors into a proximity {@link Graph}.
 *
 * <p>An implementation is one self-contained source file with a public no-argument
 * constructor; its tunables (degree, beam width, pruning rule) are constants in that file, which
 * is what the optimizer rewrites. It is called once per index, from one thread, and the whole
 * call is timed as build time. It must be deterministic: the same vectors give the same graph.
 */
public interface ConstructionModule {

    /**
     * Builds the graph.
     *
     * @param base    the vectors; read-only
     * @param counter add the number of distance computations made (diagnostics only)
     */
    Graph build(Vectors base, DistanceCounter counter);
}
