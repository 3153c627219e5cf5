package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.Graph;
import io.crinn4j.contract.Vectors;
import java.util.Arrays;
import java.util.Locale;

/**
 * Verifies that the arrays candidate code shares with the harness are unchanged: the base vectors
 * (every module set of a worker reads the same ones) and one index's graph, padding included.
 * Both are compared element by element with pristine copies that no module ever sees.
 *
 * <p>Why compare after every phase rather than copy before each: the arrays are the only state
 * left that outlives a timed pass once module instances, searchers, refiners, buffers and query
 * arrays are fresh per pass (see {@link Sweep}), so they are where an answer memo would have to
 * go — low mantissa bits of the vectors, the {@code -1} padding of graph rows. Any such write is
 * found before the next pass runs. Copying the base for every pass would cost as much as
 * comparing it and hide the attempt instead of reporting it.
 */
public final class Tripwire {
    private final Vectors base;
    private final float[] pristineBase;
    private final Graph graph;
    private final Graph pristineGraph;

    /**
     * @param pristineBase  a copy of {@code base.data} no module holds
     * @param graph         the index's graph, as its modules got it (null when not yet built)
     * @param pristineGraph an identical graph no module holds
     */
    public Tripwire(Vectors base, float[] pristineBase, Graph graph, Graph pristineGraph) {
        if (pristineBase.length != base.data.length) {
            throw new IllegalArgumentException("pristine base has " + pristineBase.length + " values, the base " + base.data.length);
        }
        this.base = base;
        this.pristineBase = pristineBase;
        this.graph = graph;
        this.pristineGraph = pristineGraph;
    }

    /** Checks only the base vectors (before a graph exists). */
    public static Tripwire baseOnly(Vectors base, float[] pristineBase) {
        return new Tripwire(base, pristineBase, null, null);
    }

    /**
     * Throws {@link TamperingException} naming the first changed value, with {@code when} (e.g.
     * "during a timed pass at ef=40") saying in which phase it was found.
     */
    public void check(String when) {
        int i = Arrays.mismatch(base.data, pristineBase);
        if (i >= 0) {
            throw new TamperingException(String.format(Locale.ROOT,
                    "the base vectors were changed %s: vector %d, dimension %d is %s, was %s; modules must treat Vectors.data as read-only",
                    when, i / base.d, i % base.d, base.data[i], pristineBase[i]));
        }
        if (graph == null) {
            return;
        }
        compare(graph.level0, pristineGraph.level0, "layer 0 (level0)", graph.r, when);
        compare(graph.levels, pristineGraph.levels, "levels", 1, when);
        compare(graph.upperOffsets, pristineGraph.upperOffsets, "upperOffsets", 1, when);
        compare(graph.upperLinks, pristineGraph.upperLinks, "upperLinks", Math.max(1, graph.upperDegree), when);
        compare(graph.extraEntryPoints, pristineGraph.extraEntryPoints, "extraEntryPoints", 1, when);
    }

    private static void compare(int[] now, int[] was, String what, int row, String when) {
        int i = Arrays.mismatch(now, was);
        if (i < 0) {
            return;
        }
        String where = row > 1 ? "row " + i / row + ", slot " + i % row : "index " + i;
        throw new TamperingException("the graph's " + what + " was changed " + when + ": " + where + " is " + now[i] + ", was " + was[i]
                + (was[i] == -1 ? " (padding)" : "") + "; modules must treat the Graph as read-only");
    }

    /** A deep copy of {@code g}: its own arrays, validated again by the constructor. */
    public static Graph copy(Graph g) {
        return new Graph(g.n, g.r, g.level0.clone(), g.levels.clone(), g.entryPoint, g.upperDegree, g.upperOffsets.clone(),
                g.upperLinks.clone(), g.extraEntryPoints.clone());
    }
}
