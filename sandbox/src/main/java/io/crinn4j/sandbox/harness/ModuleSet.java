package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.ConstructionModule;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import java.util.Objects;

/** One instance of each module: what an index is built and searched with. Instances are single-use. */
public record ModuleSet(ConstructionModule construction, SearchModule search, RefinementModule refinement) {
    public ModuleSet {
        Objects.requireNonNull(construction, "construction");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(refinement, "refinement");
    }
}
