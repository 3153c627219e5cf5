package io.crinn4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GraphTest {

    @Test
    void flatGraphReportsDegreesUpToTheFirstPad() {
        Graph g = Graph.flat(3, 2, new int[] {1, 2, 0, -1, -1, -1}, 0);
        assertEquals(2, g.degree0(0));
        assertEquals(1, g.degree0(1));
        assertEquals(0, g.degree0(2));
        assertEquals(0, g.maxLevel);
    }

    @Test
    void hierarchicalGraphLocatesUpperLinks() {
        // node 1 on levels 1..2 with upper degree 2: level 1 links at 0..1, level 2 at 2..3
        Graph g = new Graph(3, 2, new int[] {1, -1, 0, 2, 1, -1}, new int[] {0, 2, 0}, 1, 2,
                new int[] {-1, 0, -1}, new int[] {0, -1, -1, -1}, new int[0]);
        assertEquals(2, g.maxLevel);
        assertEquals(0, g.upperOffset(1, 1));
        assertEquals(2, g.upperOffset(1, 2));
        assertEquals(0, g.upperLinks[g.upperOffset(1, 1)]);
    }

    @Test
    void rejectsMalformedGraphsWithAMessageNamingTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Graph.flat(3, 2, new int[5], 0));
        assertTrue(e.getMessage().contains("expected n*r = 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Graph.flat(2, 1, new int[] {1, 7}, 0));
        assertTrue(e.getMessage().contains("level0[1] = 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Graph.flat(2, 1, new int[] {1, 0}, 2));
        assertTrue(e.getMessage().contains("entry point 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Graph(2, 1, new int[] {1, 0}, new int[] {0, 1}, 0, 1,
                new int[] {-1, 0}, new int[] {0}, new int[0]));
        assertTrue(e.getMessage().contains("top level is 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Graph(2, 1, new int[] {1, 0}, new int[] {0, 2}, 1, 1,
                new int[] {-1, 0}, new int[] {0}, new int[0]));
        assertTrue(e.getMessage().contains("upper links out of range"), e.getMessage());
    }

    @Test
    void metricNamesAndReportedUnits() {
        assertEquals(Metric.L2, Metric.parse("euclidean"));
        assertEquals(Metric.ANGULAR, Metric.parse("Cosine"));
        assertEquals(Metric.INNER_PRODUCT, Metric.parse("ip"));
        assertThrows(IllegalArgumentException.class, () -> Metric.parse("hamming"));
        assertEquals(3f, Metric.L2.reportedDistance(9f), 1e-6f);
        assertEquals(0.25f, Metric.ANGULAR.reportedDistance(-0.75f), 1e-6f);
        assertEquals(ModuleKind.SEARCH, ModuleKind.parse("search"));
        assertThrows(IllegalArgumentException.class, () -> ModuleKind.parse("indexing"));
    }
}
