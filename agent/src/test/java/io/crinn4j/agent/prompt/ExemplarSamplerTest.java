package io.crinn4j.agent.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.propose.Exemplar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExemplarSamplerTest {

    private static Exemplar ok(String id, double reward) {
        return new Exemplar(id, null, "class " + id + " {}", "OK", reward, reward * 100, List.of(), null, null, null, null);
    }

    private static Exemplar failed(String id, String status, String feedback) {
        return new Exemplar(id, null, "class " + id + " {", status, null, null, List.of(), null, null, null, feedback);
    }

    private static List<String> ids(List<Exemplar> l) {
        return l.stream().map(Exemplar::id).collect(Collectors.toList());
    }

    @Test
    void softmaxMatchesHandComputedValues() {
        double[] r = {1.0, 1.2, 0.8};
        // T = 1: e^1, e^1.2, e^0.8 = 2.718282, 3.320117, 2.225541; sum 8.263940
        assertArrayEquals(new double[] {0.328933, 0.401760, 0.269307}, ExemplarSampler.probabilities(r, 1.0), 1e-6);
        // T = 0.1: relative to the max, e^-2, e^0, e^-4 = 0.135335, 1, 0.018316; sum 1.153651
        assertArrayEquals(new double[] {0.117310, 0.866813, 0.015876}, ExemplarSampler.probabilities(r, 0.1), 1e-6);
    }

    @Test
    void temperatureLimitsAreGreedyAndUniform() {
        double[] r = {1.0, 1.2, 0.8};
        assertArrayEquals(new double[] {0, 1, 0}, ExemplarSampler.probabilities(r, 1e-9), 1e-12);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, ExemplarSampler.probabilities(r, 1e9), 1e-9);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0},
                ExemplarSampler.probabilities(r, Double.POSITIVE_INFINITY), 1e-12);
        // Equal maxima share the mass even at a vanishing temperature; huge rewards do not overflow.
        assertArrayEquals(new double[] {0.5, 0.5, 0}, ExemplarSampler.probabilities(new double[] {900, 900, 1}, 1e-6), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ExemplarSampler.probabilities(r, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExemplarSampler(-1));
        assertThrows(IllegalArgumentException.class, () -> new ExemplarSampler(Double.NaN));
    }

    @Test
    void samplingFrequenciesFollowTheSoftmax() {
        // best and weakest are fixed picks; the third slot is one softmax draw over 1.0, 1.2, 0.8.
        List<Exemplar> c = List.of(ok("best", 2.0), ok("a", 1.0), ok("b", 1.2), ok("c", 0.8), ok("weak", 0.0));
        ExemplarSampler s = new ExemplarSampler(0.1);
        int[] counts = new int[3];
        int n = 20_000;
        for (long seed = 0; seed < n; seed++) {
            List<Exemplar> got = s.sample(c, 3, seed);
            assertEquals(3, got.size());
            String mid = got.get(1).id();
            counts["abc".indexOf(mid)]++;
        }
        assertEquals(0.117310, counts[0] / (double) n, 0.012);
        assertEquals(0.866813, counts[1] / (double) n, 0.012);
        assertEquals(0.015876, counts[2] / (double) n, 0.006);
    }

    @Test
    void bestAndWeakestAreAlwaysIncludedAndResultIsSortedBestFirst() {
        List<Exemplar> c = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            c.add(ok("v" + i, 1.0 + ((i * 7) % 12) / 10.0)); // v0 = 1.0 lowest, v5 = 2.1 highest
        }
        c.add(failed("f1", "COMPILE_ERROR", "x"));
        ExemplarSampler s = new ExemplarSampler(1.0);
        for (long seed = 0; seed < 200; seed++) {
            List<Exemplar> got = s.sample(c, 4, seed);
            assertEquals(4, got.size());
            assertEquals("v5", got.get(0).id(), "best first, always");
            assertEquals("v0", got.get(3).id(), "weakest included, last");
            assertEquals(4, new HashSet<>(ids(got)).size(), "no duplicates");
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i - 1).reward() >= got.get(i).reward(), "sorted best first");
            }
            assertFalse(ids(got).contains("f1"), "failed variants are never exemplars");
        }
    }

    @Test
    void kOfOneIsTheBestOnlyAndSmallPoolsAreReturnedWhole() {
        List<Exemplar> c = List.of(ok("a", 1.0), ok("b", 1.5), failed("f", "CRASH", "boom"));
        assertEquals(List.of("b"), ids(new ExemplarSampler().sample(c, 1, 7)));
        assertEquals(List.of("b", "a"), ids(new ExemplarSampler().sample(c, 5, 7)));
        assertTrue(new ExemplarSampler().sample(List.of(failed("f", "CRASH", "x")), 3, 1).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new ExemplarSampler().sample(c, 0, 1));
    }

    @Test
    void duplicatesByIdOrSourceAreDropped() {
        Exemplar a = ok("a", 1.3);
        Exemplar sameId = ok("a", 1.3);
        Exemplar sameSource = new Exemplar("a2", null, a.source() + "\n", "OK", 1.25, 1.0, List.of(), null, null, null, null);
        List<Exemplar> c = List.of(a, sameId, sameSource, ok("b", 1.1), ok("c", 0.9), ok("d", 1.0));
        for (long seed = 0; seed < 50; seed++) {
            List<String> got = ids(new ExemplarSampler(1.0).sample(c, 4, seed));
            assertEquals(4, new HashSet<>(got).size());
            assertFalse(got.contains("a2"), "same source as a");
            assertEquals(Set.of("a", "b", "c", "d"), new HashSet<>(got));
        }
    }

    @Test
    void theSameSeedGivesTheSameExemplars() {
        List<Exemplar> c = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            c.add(ok("v" + i, 1.0 + Math.sin(i) * 0.2));
        }
        ExemplarSampler s = new ExemplarSampler(0.2);
        assertEquals(ids(s.sample(c, 5, 123L)), ids(s.sample(c, 5, 123L)));
        Set<List<String>> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            distinct.add(ids(s.sample(c, 5, seed)));
        }
        assertTrue(distinct.size() > 1, "different seeds must be able to give different exemplars");
        assertNotEquals(1, distinct.size());
    }

    @Test
    void greedyAtVanishingTemperature() {
        List<Exemplar> c = List.of(ok("a", 1.0), ok("b", 1.4), ok("c", 1.3), ok("d", 0.5), ok("e", 1.2), ok("f", 1.1));
        for (long seed = 0; seed < 20; seed++) {
            assertEquals(List.of("b", "c", "e", "d"), ids(new ExemplarSampler(1e-9).sample(c, 4, seed)));
        }
    }

    @Test
    void failuresAreTheLatestNewestFirst() {
        List<Exemplar> all = List.of(failed("f1", "COMPILE_ERROR", "old"), ok("a", 1.0), failed("f2", "CRASH", "npe"),
                new Exemplar("f3", null, "x", "BUILD_BUDGET", 1.4, 140.0, List.of(), null, null, null, "build took 4x"), ok("b", 1.2),
                failed("f4", "POLICY_VIOLATION", "no-threads"));
        assertEquals(List.of("f4", "f3", "f2"), ids(ExemplarSampler.failures(all, 3)));
        assertEquals(List.of("f4", "f3", "f2", "f1"), ids(ExemplarSampler.failures(all, 10)));
        assertEquals("no-threads", ExemplarSampler.failures(all, 1).get(0).feedback());
        assertTrue(ExemplarSampler.failures(all, 0).isEmpty());
    }
}
