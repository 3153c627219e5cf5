package io.crinn4j.agent.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.reward.RecallBand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurveTableTest {

    /** The seed's sweep on bigann10k as the recorded campaign measured it: ef 1–10 are one operating point at recall 0.888. */
    private static List<Exemplar.Point> seedLike() {
        List<Exemplar.Point> pts = new ArrayList<>();
        for (int ef = 1; ef <= 10; ef++) {
            pts.add(new Exemplar.Point(ef, 0.888, 66_000 + 600 * (ef % 4), 640));
        }
        pts.add(new Exemplar.Point(12, 0.912, 60_000, 700));
        pts.add(new Exemplar.Point(15, 0.934, 52_000, 810));
        pts.add(new Exemplar.Point(20, 0.951, 45_000, 960));
        pts.add(new Exemplar.Point(25, 0.963, 40_500, 1100));
        pts.add(new Exemplar.Point(30, 0.971, 36_000, 1240));
        pts.add(new Exemplar.Point(35, 0.969, 30_000, 1400)); // slower at less recall: dominated
        return pts;
    }

    @Test
    void oneOperatingPointIsOneRowNamingItsEfRange() {
        List<CurveTable.Row> rows = CurveTable.rows(seedLike(), RecallBand.DEFAULT, 10);
        assertEquals("1–10", rows.get(0).ef());
        assertEquals(0.888, rows.get(0).recall(), 0.0);
        assertEquals(67_800, rows.get(0).qps(), 0.0, "the fastest run of the merged ef values");
        // Band 0.85–0.95 and one point beyond: 0.888, 0.912, 0.934, then 0.951 just above; 0.963 and 0.971 are cut.
        assertEquals(List.of("1–10", "12", "15", "20"), rows.stream().map(CurveTable.Row::ef).toList());
    }

    @Test
    void dominatedPointsAreDroppedAndTheTableSaysWhatIsOutsideTheBand() {
        String t = CurveTable.render(seedLike(), new RecallBand(0.95, 0.99), 10);
        assertTrue(t.startsWith("| ef | recall | QPS | distances/query |\n"), t);
        assertTrue(t.contains("| 15 | 0.934 (outside the band) | 52000 | 810 |"), t);
        assertTrue(t.contains("| 30 | 0.971 | 36000 | 1240 |"), t);
        assertTrue(!t.contains("| 35 |"), "ef 35 is slower than ef 30 at less recall: " + t);
    }

    @Test
    void aCurveThatNeverReachesTheBandShowsThePointsAroundIt() {
        List<Exemplar.Point> low = List.of(new Exemplar.Point(1, 0.60, 9000, 100), new Exemplar.Point(2, 0.70, 8000, 150),
                new Exemplar.Point(4, 0.80, 7000, 200));
        assertEquals(List.of("4"), CurveTable.rows(low, RecallBand.DEFAULT, 6).stream().map(CurveTable.Row::ef).toList());
        assertEquals("(no curve measured)", CurveTable.render(List.of(), RecallBand.DEFAULT, 6));
    }

    @Test
    void manyRowsAreThinnedEvenlyKeepingBothEnds() {
        List<Exemplar.Point> pts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            pts.add(new Exemplar.Point(i + 1, 0.85 + i * 0.003, 50_000 - 1000 * i, 500 + 10 * i));
        }
        List<CurveTable.Row> rows = CurveTable.rows(pts, RecallBand.DEFAULT, 4);
        assertEquals(4, rows.size());
        assertEquals("1", rows.get(0).ef());
        assertEquals("30", rows.get(3).ef());
    }
}
