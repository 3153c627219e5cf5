package io.crinn4j.agent.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import io.crinn4j.sandbox.Bench;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.IndexBench;
import io.crinn4j.sandbox.Status;
import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.seed.glass.GlassBaseline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict's rules on made-up measurements: what fails an export, what only leaves a note, what leaves QPS undecided. */
class ExportVerificationTest {
    private static final int[] EFS = {10, 20, 40};
    private static final double[] RECALL = {0.86, 0.93, 0.99};
    private static final double[] QPS = {30_000, 20_000, 10_000};

    private static Evaluation recorded(double[] recall, double[] qps) {
        List<Evaluation.Point> pts = new ArrayList<>();
        int[] efs = {5, 10, 15, 20, 40, 80};
        double[] r = {0.70, recall[0], 0.90, recall[1], recall[2], 0.999};
        for (int i = 0; i < efs.length; i++) {
            double q = efs[i] == 10 ? qps[0] : efs[i] == 20 ? qps[1] : efs[i] == 40 ? qps[2] : 1000;
            pts.add(new Evaluation.Point(efs[i], r[i], q, new double[] {q}, 1, 100, 10, 20, null));
        }
        return new Evaluation("e", null, "h", Status.OK, null, null, null, null, 1.0, 1L, 1L, 1L, pts, null, null, null, 1, false, null, false, null);
    }

    private static IndexBench.Measured measured(double[] recall, double[] qps) {
        List<Bench.Point> pts = new ArrayList<>();
        for (int i = 0; i < EFS.length; i++) {
            pts.add(new Bench.Point(EFS[i], recall[i], qps[i], new double[] {qps[i]}, 1, 100, 10, 20, 0));
        }
        return new IndexBench.Measured(new Bench.Build(1, 0.9, 0.05, 0.05, 1000, 100, 100, 2, 16), pts, null);
    }

    private static IndexBench.Result result(double[] exportQps, double[] ref0, double[] ref1, double[] exportRecall) {
        Map<Integer, Integer> api = new LinkedHashMap<>();
        for (int ef : EFS) {
            api.put(ef, 0);
        }
        IndexBench.Facts facts = new IndexBench.Facts(1000, 0.1, 0.1, true, true, 100, 50, 20, 0, api, "m", 2, 16);
        return new IndexBench.Result(measured(exportRecall, exportQps), List.of(measured(RECALL, ref0), measured(RECALL, ref1)), facts,
                Method.current(), false, 1);
    }

    private static ExportVerification.Verification compare(Evaluation rec, IndexBench.Result r) {
        Map<ModuleKind, ExportSet.Member> m = new EnumMap<>(ModuleKind.class);
        for (ModuleKind k : ModuleKind.values()) {
            m.put(k, new ExportSet.Member(k, null, GlassBaseline.source(k)));
        }
        ExportSet set = new ExportSet(Path.of("c"), CampaignConfig.parse("name: c"), m, rec, rec == null ? null : "construction-s0-g000-0");
        Dataset data = Datasets.resolve("synthetic:n=100,d=4,queries=10", Path.of("."));
        return ExportVerification.compare(set, data, Path.of("i.crinn"), new SweepConfig(10, EFS, 3, 1, 1000, 20, 42), r, List.of(r.referenceSpread()),
                0.05);
    }

    private static double[] times(double[] a, double f) {
        double[] o = a.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] *= f;
        }
        return o;
    }

    @Test
    void efValuesComeFromTheCampaignsCurve() {
        assertArrayEquals(new int[] {10, 15, 40}, ExportVerification.chooseEfs(recorded(RECALL, QPS)), "the smallest ef reaching 0.85, 0.90, 0.95 and 0.99");
        assertArrayEquals(ExportVerification.DEFAULT_EFS, ExportVerification.chooseEfs(null));
    }

    @Test
    void equalRecallAndPairedQpsPass() {
        ExportVerification.Verification v = compare(recorded(RECALL, QPS), result(times(QPS, 0.97), QPS, times(QPS, 0.98), RECALL));
        assertEquals("passed", v.status(), v.problems().toString());
        assertEquals(0.97, v.pairedQpsRatio(), 1e-9);
        assertEquals(0.97, v.recordedQpsRatio(), 1e-9);
        assertTrue(v.notes().isEmpty(), v.notes().toString());
    }

    @Test
    void anotherRecallFails() {
        double[] worse = {0.86, 0.925, 0.99};
        ExportVerification.Verification v = compare(recorded(RECALL, QPS), result(QPS, QPS, QPS, worse));
        assertEquals("failed", v.status());
        assertTrue(v.problems().get(0).startsWith("recall at ef=20 is 0.9250, the campaign measured 0.9300"), v.problems().toString());
    }

    @Test
    void pairedQpsOutsideTheToleranceFailsButTheRecordedOnlyLeavesANote() {
        ExportVerification.Verification slow = compare(recorded(RECALL, QPS), result(times(QPS, 0.8), QPS, QPS, RECALL));
        assertEquals("failed", slow.status());
        assertTrue(slow.problems().get(0).startsWith("QPS is 0.800x the campaign's code measured in the same worker"), slow.problems().toString());
        ExportVerification.Verification drift = compare(recorded(RECALL, times(QPS, 2)), result(QPS, QPS, QPS, RECALL));
        assertEquals("passed", drift.status(), drift.problems().toString());
        assertTrue(drift.notes().get(0).startsWith("QPS is 0.500x the campaign's recorded measurement, beyond ±35%"), drift.notes().toString());
    }

    @Test
    void instancesFarApartLeaveQpsUndecided() {
        ExportVerification.Verification v = compare(recorded(RECALL, QPS), result(times(QPS, 0.7), QPS, times(QPS, 0.8), RECALL));
        assertEquals("unstable", v.status(), v.problems().toString());
        assertEquals(0.25, v.referenceSpread(), 1e-9);
        assertTrue(v.notes().get(0).startsWith("QPS not verified"), v.notes().toString());
    }

    @Test
    void aSetTheCampaignNeverMeasuredIsComparedWithItsCodeNow() {
        ExportVerification.Verification v = compare(null, result(QPS, QPS, QPS, RECALL));
        assertEquals("passed", v.status());
        assertTrue(v.notes().get(0).startsWith("the campaign never measured this module set as a whole"), v.notes().toString());
        assertEquals(null, v.points().get(0).campaignRecall());
    }
}
