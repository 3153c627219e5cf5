package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.Graph;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.Vectors;

/**
 * An index ready to search, with what it cost to build. Build time is the sum of construction
 * and both modules' {@code prepare}: per-index precomputation counts as build, never as search.
 */
public final class BuiltIndex {
    public final Vectors base;
    public final Graph graph;
    public final SearchModule search;
    public final RefinementModule refinement;
    public final long constructionNanos;
    public final long searchPrepareNanos;
    public final long refinementPrepareNanos;
    public final long buildDistanceComputations;

    private BuiltIndex(Vectors base, Graph graph, SearchModule search, RefinementModule refinement,
                       long constructionNanos, long searchPrepareNanos, long refinementPrepareNanos, long buildDistances) {
        this.base = base;
        this.graph = graph;
        this.search = search;
        this.refinement = refinement;
        this.constructionNanos = constructionNanos;
        this.searchPrepareNanos = searchPrepareNanos;
        this.refinementPrepareNanos = refinementPrepareNanos;
        this.buildDistanceComputations = buildDistances;
    }

    /** Builds the graph with the construction module, then prepares search and refinement on it. */
    public static BuiltIndex build(ModuleSet modules, Vectors base) {
        DistanceCounter counter = new DistanceCounter();
        long t0 = System.nanoTime();
        Graph graph = modules.construction().build(base, counter);
        long t1 = System.nanoTime();
        if (graph == null) {
            throw new IllegalStateException("construction module returned no graph");
        }
        if (graph.n != base.n) {
            throw new IllegalStateException("construction module returned a graph of " + graph.n + " nodes for " + base.n + " vectors");
        }
        modules.search().prepare(base, graph);
        long t2 = System.nanoTime();
        modules.refinement().prepare(base, graph);
        long t3 = System.nanoTime();
        return new BuiltIndex(base, graph, modules.search(), modules.refinement(), t1 - t0, t2 - t1, t3 - t2, counter.get());
    }

    public long buildNanos() {
        return constructionNanos + searchPrepareNanos + refinementPrepareNanos;
    }

    /** Bytes of the index structures: graph plus module state, excluding the shared base vectors. */
    public long indexBytes() {
        return graph.memoryBytes() + search.memoryBytes() + refinement.memoryBytes();
    }
}
