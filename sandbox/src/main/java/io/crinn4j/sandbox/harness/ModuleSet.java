package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.ConstructionModule;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What an index is built and searched with: a way to make a fresh instance of each module.
 *
 * <p>Factories, not instances, because nothing a module could remember may survive from one
 * timed pass over the queries to the next: the sweep prepares new search and refinement
 * instances before every pass ({@link BuiltIndex#fresh()}), so an answer memo kept in a module's
 * or a searcher's fields is gone before the queries come round again. The classes stay loaded,
 * so the JIT's work on them carries over. Each supplier must return a new instance on every call.
 */
public record ModuleSet(Supplier<? extends ConstructionModule> construction, Supplier<? extends SearchModule> search,
                        Supplier<? extends RefinementModule> refinement) {
    public ModuleSet {
        Objects.requireNonNull(construction, "construction");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(refinement, "refinement");
    }
}
