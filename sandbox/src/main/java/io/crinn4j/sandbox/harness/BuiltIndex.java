package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.Graph;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.Vectors;
import io.crinn4j.contract.vector.Kernels;

/**
 * An index ready to search, with what it cost to build. Build time is the sum of construction
 * and both modules' {@code prepare}: per-index precomputation counts as build, never as search.
 *
 * <p>The instances prepared here are the index's reference ({@link #indexBytes()}, the warm-up);
 * every timed pass gets its own from {@link #fresh()}, prepared again on the same graph and not
 * timed, so nothing survives from one pass to the next.
 */
public final class BuiltIndex {
    public final Vectors base;
    public final Graph graph;
    public final ModuleSet modules;
    public final SearchModule search;
    public final RefinementModule refinement;
    public final long constructionNanos;
    public final long searchPrepareNanos;
    public final long refinementPrepareNanos;
    /** Distances computed by construction: the larger of its own count and the kernels' ({@link Work#trusted}). */
    public final long buildDistanceComputations;

    private BuiltIndex(Vectors base, Graph graph, ModuleSet modules, SearchModule search, RefinementModule refinement,
                       long constructionNanos, long searchPrepareNanos, long refinementPrepareNanos, long buildDistances) {
        this.base = base;
        this.graph = graph;
        this.modules = modules;
        this.search = search;
        this.refinement = refinement;
        this.constructionNanos = constructionNanos;
        this.searchPrepareNanos = searchPrepareNanos;
        this.refinementPrepareNanos = refinementPrepareNanos;
        this.buildDistanceComputations = buildDistances;
    }

    /** A graph and what building it cost: construction time and trusted distance count. */
    public record BuiltGraph(Graph graph, long constructionNanos, long distances) {
    }

    /** Builds the graph with a new construction module; checks it has one node per vector. */
    public static BuiltGraph construct(ModuleSet modules, Vectors base) {
        DistanceCounter counter = new DistanceCounter();
        long kernelBefore = Kernels.countedDistances();
        long t0 = System.nanoTime();
        Graph graph = modules.construction().get().build(base, counter);
        long t1 = System.nanoTime();
        long kernel = Kernels.countedDistances() - kernelBefore;
        if (graph == null) {
            throw new IllegalStateException("construction module returned no graph");
        }
        if (graph.n != base.n) {
            throw new IllegalStateException("construction module returned a graph of " + graph.n + " nodes for " + base.n + " vectors");
        }
        return new BuiltGraph(graph, t1 - t0, Work.trusted(counter.get(), kernelBefore < 0 ? -1 : kernel));
    }

    /** Builds the graph with the construction module, then prepares search and refinement on it. */
    public static BuiltIndex build(ModuleSet modules, Vectors base) {
        return prepare(modules, base, construct(modules, base));
    }

    /**
     * Prepares search and refinement on a graph built before (by {@link #construct}, possibly in
     * another JVM and read back from a file); its construction time and distances are the ones
     * measured then. {@code built.graph()} becomes this index's own: give each index its own copy.
     */
    public static BuiltIndex prepare(ModuleSet modules, Vectors base, BuiltGraph built) {
        Graph graph = built.graph();
        long t1 = System.nanoTime();
        SearchModule search = modules.search().get();
        search.prepare(base, graph);
        long t2 = System.nanoTime();
        RefinementModule refinement = modules.refinement().get();
        refinement.prepare(base, graph);
        long t3 = System.nanoTime();
        return new BuiltIndex(base, graph, modules, search, refinement, built.constructionNanos(), t2 - t1, t3 - t2, built.distances());
    }

    /**
     * As {@link #prepare}, on a copy of {@code built}'s graph, so each index of a worker has graph
     * arrays of its own and {@code built.graph()} stays pristine for {@link Tripwire}.
     */
    public static BuiltIndex prepareOnCopy(ModuleSet modules, Vectors base, BuiltGraph built) {
        return prepare(modules, base, new BuiltGraph(Tripwire.copy(built.graph()), built.constructionNanos(), built.distances()));
    }

    /** New search and refinement instances prepared on this index's graph (not timed as build or search). */
    public Fresh fresh() {
        SearchModule s = modules.search().get();
        s.prepare(base, graph);
        RefinementModule r = modules.refinement().get();
        r.prepare(base, graph);
        return new Fresh(s, r);
    }

    /** Search and refinement instances that have not searched yet. */
    public record Fresh(SearchModule search, RefinementModule refinement) {
    }

    public long buildNanos() {
        return constructionNanos + searchPrepareNanos + refinementPrepareNanos;
    }

    /** Bytes of the index structures: graph plus module state, excluding the shared base vectors. */
    public long indexBytes() {
        return graph.memoryBytes() + search.memoryBytes() + refinement.memoryBytes();
    }
}
