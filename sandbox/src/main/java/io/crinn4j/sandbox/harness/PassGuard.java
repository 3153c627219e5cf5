package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.Graph;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps one timed pass over the queries from profiting by the last: whatever a module could have
 * remembered is either proven unchanged or thrown away before the next pass.
 *
 * <p>Per pass the {@link Sweep} makes new searchers, refiners, candidate buffers, result arrays,
 * counters and query copies itself. What outlives a pass is the module instances and the arrays
 * the harness shares with them; this class decides how each is handled:
 * <ol>
 *   <li>the base vectors and the graph: compared with pristine copies after every pass
 *       ({@link Tripwire});</li>
 *   <li>the search and refinement modules: their reachable state is captured after
 *       {@code prepare} and compared after every pass ({@link ModuleState}), so the same prepared
 *       instances serve every pass; or, when a module holds something that cannot be read back,
 *       new instances are prepared before every pass ({@link #reprepares()}), which costs one
 *       {@code prepare} per pass but closes the hole as surely.</li>
 * </ol>
 * A difference is a {@link TamperingException}, which the worker reports as {@code INVALID_RESULT}.
 */
public final class PassGuard {
    private final Tripwire tripwire;
    private final ModuleState searchState;
    private final ModuleState refinementState;
    private final String reprepareReason;

    private PassGuard(Tripwire tripwire, ModuleState searchState, ModuleState refinementState, String reprepareReason) {
        this.tripwire = tripwire;
        this.searchState = searchState;
        this.refinementState = refinementState;
        this.reprepareReason = reprepareReason;
    }

    /** No checks and no fresh modules: for trusted code measured in the caller's own JVM ({@code crinn bench}). */
    public static PassGuard trusted() {
        return new PassGuard(null, null, null, null);
    }

    /**
     * Guards {@code index}: captures its modules' state right after their {@code prepare}, or
     * falls back to preparing fresh instances per pass when a state cannot be captured.
     */
    public static PassGuard of(BuiltIndex index, Tripwire tripwire) {
        List<Object> shared = shared(index);
        try {
            ModuleState s = ModuleState.capture("search module " + index.search.getClass().getName(), index.search, shared);
            ModuleState r = ModuleState.capture("refinement module " + index.refinement.getClass().getName(), index.refinement, shared);
            return new PassGuard(tripwire, s, r, null);
        } catch (ModuleState.Unverifiable e) {
            return new PassGuard(tripwire, null, null, "its state holds " + e.getMessage());
        }
    }

    /**
     * Checks that {@code prepare} left the base vectors and the index's graph as they were
     * ({@code pristineBase}, {@code pristineGraph}: copies no module holds), then guards the index
     * from here on ({@link #of}).
     */
    public static PassGuard afterPrepare(BuiltIndex index, float[] pristineBase, Graph pristineGraph) {
        Tripwire wire = new Tripwire(index.base, pristineBase, index.graph, pristineGraph);
        wire.check("during prepare()");
        return of(index, wire);
    }

    /** The objects every module of an index may hold that {@link Tripwire} checks: compared by identity in module state. */
    private static List<Object> shared(BuiltIndex index) {
        List<Object> s = new ArrayList<>();
        s.add(index.base);
        s.add(index.base.data);
        s.add(index.graph);
        s.add(index.graph.level0);
        s.add(index.graph.levels);
        s.add(index.graph.upperOffsets);
        s.add(index.graph.upperLinks);
        s.add(index.graph.extraEntryPoints);
        return s;
    }

    /** True when every pass gets newly prepared module instances because their state could not be captured. */
    public boolean reprepares() {
        return reprepareReason != null;
    }

    /** Why modules are prepared afresh per pass, or null when their state is verified instead. */
    public String reprepareReason() {
        return reprepareReason;
    }

    /** The module instances for the next pass: the index's own, or new ones when this guard re-prepares. */
    public BuiltIndex.Fresh instancesFor(BuiltIndex index, boolean firstPass) {
        return reprepares() && !firstPass ? index.fresh() : new BuiltIndex.Fresh(index.search, index.refinement);
    }

    /** After a pass with {@code used}: the shared arrays, and the modules' state when it is verified. */
    public void check(BuiltIndex.Fresh used, String when) {
        if (tripwire != null) {
            tripwire.check(when);
        }
        if (searchState != null) {
            searchState.verify(used.search(), when);
            refinementState.verify(used.refinement(), when);
        }
    }
}
