package io.crinn4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuerySplitTest {
    private static final Dataset ALL = Datasets.resolve("synthetic:n=2000,d=8,clusters=4,queries=60,seed=9", Path.of("."));

    private static Set<String> rows(float[] data, int d) {
        Set<String> s = new HashSet<>();
        for (int off = 0; off < data.length; off += d) {
            s.add(Arrays.toString(Arrays.copyOfRange(data, off, off + d)));
        }
        return s;
    }

    @Test
    void halvesAreDisjointAndCoverTheQueries() {
        assertEquals(30, QuerySplit.campaign(ALL).nq());
        assertEquals(30, QuerySplit.heldOut(ALL).nq());
        QuerySplit.Split none = QuerySplit.split(ALL, 0, 0, 1);
        assertEquals(0, none.extraQueries());
        assertEquals(ALL.n(), none.campaign().n());
        assertSame(ALL.base(), none.campaign().base());
    }

    @Test
    void extraQueriesComeOutOfTheBaseAndTheHeldOutSetIsUntouched() {
        int extra = 40;
        QuerySplit.Split s = QuerySplit.split(ALL, extra, 0, 42);
        int d = ALL.d();
        assertEquals(ALL.n() - extra, s.campaign().n());
        assertEquals(s.campaign().n(), s.heldOut().n());
        assertArrayEquals(s.campaign().base(), s.heldOut().base(), "both sets search the same reduced base");
        assertEquals(30 + extra, s.campaign().nq());
        // The dataset's own campaign queries come first, unchanged; the held-out queries are exactly the second half.
        assertArrayEquals(QuerySplit.campaign(ALL).queries(), Arrays.copyOf(s.campaign().queries(), 30 * d));
        assertArrayEquals(QuerySplit.heldOut(ALL).queries(), s.heldOut().queries());
        // Every extra query is a vector of the original base that is no longer in the index.
        Set<String> original = rows(ALL.base(), d);
        Set<String> reduced = rows(s.campaign().base(), d);
        float[] extraRows = Arrays.copyOfRange(s.campaign().queries(), 30 * d, (30 + extra) * d);
        for (String r : rows(extraRows, d)) {
            assertTrue(original.contains(r) && !reduced.contains(r), r);
        }
        // Deterministic per seed (resume sees the same data), different across seeds.
        assertEquals(s.campaign().contentHash(), QuerySplit.split(ALL, extra, 0, 42).campaign().contentHash());
        assertNotEquals(s.campaign().contentHash(), QuerySplit.split(ALL, extra, 0, 43).campaign().contentHash());
    }

    @Test
    void heldOutExtrasAreFurtherBaseVectorsDisjointFromTheCampaignsAndTheIndex() {
        int extra = 40;
        int held = 35;
        int d = ALL.d();
        QuerySplit.Split s = QuerySplit.split(ALL, extra, held, 42);
        assertEquals(held, s.heldOutExtraQueries());
        assertEquals(ALL.n() - extra - held, s.campaign().n());
        assertArrayEquals(s.campaign().base(), s.heldOut().base(), "both sets search the same reduced base");
        assertEquals(30 + held, s.heldOut().nq());
        // The dataset's own held-out queries come first, unchanged.
        assertArrayEquals(QuerySplit.heldOut(ALL).queries(), Arrays.copyOf(s.heldOut().queries(), 30 * d));
        // The campaign's extra queries are the same vectors as without held-out extras: growing the
        // held-out set does not change what the campaign optimizes against, only the base it searches.
        assertArrayEquals(QuerySplit.split(ALL, extra, 0, 42).campaign().queries(), s.campaign().queries());
        Set<String> original = rows(ALL.base(), d);
        Set<String> reduced = rows(s.campaign().base(), d);
        Set<String> campaignExtras = rows(Arrays.copyOfRange(s.campaign().queries(), 30 * d, (30 + extra) * d), d);
        Set<String> heldExtras = rows(Arrays.copyOfRange(s.heldOut().queries(), 30 * d, (30 + held) * d), d);
        assertEquals(held, heldExtras.size());
        for (String r : heldExtras) {
            assertTrue(original.contains(r) && !reduced.contains(r) && !campaignExtras.contains(r), r);
        }
        assertEquals(s.heldOut().contentHash(), QuerySplit.split(ALL, extra, held, 42).heldOut().contentHash());
        // Held-out extras alone are allowed too (a campaign that turned its own extras off).
        assertEquals(30 + held, QuerySplit.split(ALL, 0, held, 42).heldOut().nq());
        assertEquals(30, QuerySplit.split(ALL, 0, held, 42).campaign().nq());
        assertThrows(IllegalArgumentException.class, () -> QuerySplit.split(ALL, ALL.n() / 4, ALL.n() / 4 + 1, 1),
                "together at most half the base");
        assertThrows(IllegalArgumentException.class, () -> QuerySplit.split(ALL, 0, -1, 1));
    }

    @Test
    void aCampaignsSplitGivesTheHeldOutSetAsManyExtrasAsTheCampaignSet() {
        int auto = QuerySplit.autoExtra(ALL);
        QuerySplit.Split s = QuerySplit.forCampaign(ALL, null, true, 42);
        assertEquals(auto, s.extraQueries());
        assertEquals(auto, s.heldOutExtraQueries());
        assertEquals(QuerySplit.split(ALL, auto, auto, 42).heldOut().contentHash(), s.heldOut().contentHash());
        QuerySplit.Split legacy = QuerySplit.forCampaign(ALL, 40, false, 42);
        assertEquals(40, legacy.extraQueries());
        assertEquals(0, legacy.heldOutExtraQueries());
    }

    @Test
    void automaticExtraOnlyForSmallQuerySetsAndBoundedByTheBase() {
        assertEquals(Math.min(QuerySplit.TARGET_QUERIES - 30, ALL.n() / 10), QuerySplit.autoExtra(ALL));
        Dataset many = Datasets.resolve("synthetic:n=2000,d=8,clusters=4,queries=400,seed=9", Path.of("."));
        assertEquals(0, QuerySplit.autoExtra(many), "200 campaign queries are enough");
        assertThrows(IllegalArgumentException.class, () -> QuerySplit.split(ALL, ALL.n(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> QuerySplit.split(ALL, -1, 0, 1));
    }
}
