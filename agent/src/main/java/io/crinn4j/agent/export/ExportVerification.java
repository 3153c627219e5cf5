package io.crinn4j.agent.export;

import io.crinn4j.data.Dataset;
import io.crinn4j.sandbox.Bench;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.IndexBench;
import io.crinn4j.sandbox.harness.SweepConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares the exported index with what the campaign measured, ef by ef, and decides.
 *
 * <p>Three comparisons, from the strictest:
 * <ul>
 *   <li><b>Recall</b> against the campaign's recorded measurement of this set and against its code
 *       measured now: construction is deterministic, so the same sources on the same vectors give
 *       the same graph and the same answers — equal to within {@value #RECALL_TOLERANCE} (5 answers
 *       in 5,000 at 500 queries × k = 10), which leaves room only for a JDK or kernel that rounds
 *       a distance differently and breaks a tie the other way.</li>
 *   <li><b>QPS, paired</b>: the jar's index and instances of the campaign's code (the same
 *       sources compiled as the sandbox compiled them, each instance with its classes loaded
 *       afresh) measured in one worker, taking turns ef by ef — the protocol campaigns use for
 *       rewards. The export's QPS over the fastest instance's (geometric mean over the ef values)
 *       must lie within ±{@value #PAIRED_TOLERANCE_PERCENT}%: identical module sets in one worker
 *       differ by up to 5% per measurement on this kind of machine (docs/campaign.md, "Seed
 *       instances"), and a single ef point is noisier than an AUC; what is left is what the export
 *       itself changed (another package and class-file version, the {@code Index} wrapper). When
 *       the instances are further apart than the campaign's {@code evaluator.maxSeedSpread} the
 *       machine decided the timing, and QPS is left undecided ({@code unstable}).</li>
 *   <li><b>QPS against the campaign's recorded numbers</b>: another sitting, unpaired. Reported,
 *       and noted when beyond ±{@value #RECORDED_TOLERANCE_PERCENT}%, but never a failure: on this
 *       machine the seed's own AUC read 6,514, 7,676 and 9,190 within 15 minutes in one campaign,
 *       so a number from another hour says little about the code.</li>
 * </ul>
 * Besides: the saved file loads back to the same graph and vectors, the public
 * {@code Index.search} gives the harness's answers for every query at every ef, and the campaign's
 * code builds the same graph as the jar's.
 */
public final class ExportVerification {
    static final double RECALL_TOLERANCE = 0.001;
    static final int PAIRED_TOLERANCE_PERCENT = 10;
    static final int RECORDED_TOLERANCE_PERCENT = 35;
    /** ef values when the campaign recorded no measurement of the set to choose from. */
    static final int[] DEFAULT_EFS = {10, 20, 40, 80};
    /** The recalls the chosen ef values should reach: the band's ends and middle, and one high point. */
    static final double[] TARGETS = {0.85, 0.90, 0.95, 0.99};

    private ExportVerification() {
    }

    /**
     * One ef.
     *
     * @param campaignRecall  the campaign's recorded recall at this ef (null when it has no such point)
     * @param referenceRecall the campaign's code, measured now
     * @param pairedRatio     export QPS over the campaign code's, same worker
     * @param recordedRatio   export QPS over the campaign's recorded QPS
     * @param apiMismatches   queries answered differently through {@code Index.search}
     */
    public record Row(int ef, double recall, Double campaignRecall, Double referenceRecall, double qps, Double referenceQps, Double campaignQps,
                      Double pairedRatio, Double recordedRatio, int apiMismatches) {
    }

    public record Tolerances(double recall, double pairedQps, double recordedQps) {
    }

    /** The saved index: where, how large, what writing and reading it took. */
    public record IndexFileInfo(String file, long bytes, Double saveSeconds, double loadSeconds) {
    }

    /**
     * The verdict and everything behind it.
     *
     * @param status   {@code passed}; {@code failed} (see {@code problems}); or {@code unstable}: recall, the file and the
     *                 API verified, QPS not, because the campaign code's instances stayed too far apart in every attempt
     * @param referenceSpread fastest over slowest instance of the campaign's code in the attempt shown, minus one
     * @param attemptSpreads  that spread in every attempt
     * @param referencePointSpreads the same per ef, for information: single points of identical code are further apart
     *                              than their aggregates, which is why the aggregate decides
     * @param problems why it failed (empty when it passed)
     * @param notes    what is worth knowing but decides nothing
     */
    public record Verification(String status, String dataset, int n, int d, int queries, String method, int runs, String recordedVariant,
                               List<Row> points, Double pairedQpsRatio, int referenceInstances, double referenceSpread, List<Double> attemptSpreads,
                               List<Double> referencePointSpreads,
                               Double recordedQpsRatio, Boolean graphIdentical, Boolean roundTrip,
                               int apiMismatches, double constructionSeconds, double prepareSeconds, Map<String, Long> memory,
                               IndexFileInfo index, Tolerances tolerances, List<String> problems, List<String> notes) {
        public boolean passed() {
            return "passed".equals(status);
        }

        public boolean unstable() {
            return "unstable".equals(status);
        }
    }

    /**
     * A few ef values from the campaign's recorded curve: the smallest reaching recall 0.85, 0.90,
     * 0.95 and 0.99 (the largest measured when none reaches a target), so the check covers the
     * reward's band and a high-recall point; {@link #DEFAULT_EFS} without a recorded curve.
     */
    static int[] chooseEfs(Evaluation recorded) {
        if (recorded == null || recorded.points() == null || recorded.points().isEmpty()) {
            return DEFAULT_EFS.clone();
        }
        List<Evaluation.Point> pts = new ArrayList<>(recorded.points());
        pts.sort((a, b) -> Integer.compare(a.ef(), b.ef()));
        TreeSet<Integer> efs = new TreeSet<>();
        for (double t : TARGETS) {
            Evaluation.Point hit = pts.get(pts.size() - 1);
            for (Evaluation.Point p : pts) {
                if (p.recall() >= t) {
                    hit = p;
                    break;
                }
            }
            efs.add(hit.ef());
        }
        return efs.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param spreads   the reference instances' spread in every attempt, the last being {@code r}'s
     * @param maxSpread the campaign's bound on it ({@code evaluator.maxSeedSpread}): beyond it the QPS comparison decides nothing
     */
    static Verification compare(ExportSet set, Dataset data, Path indexFile, SweepConfig sweep, IndexBench.Result r, List<Double> spreads,
                                double maxSpread) {
        Map<Integer, Evaluation.Point> recorded = new LinkedHashMap<>();
        if (set.recorded() != null) {
            for (Evaluation.Point p : set.recorded().points()) {
                recorded.put(p.ef(), p);
            }
        }
        IndexBench.Facts f = r.facts();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        double logPaired = 0;
        int paired = 0;
        double logRecorded = 0;
        int withRecorded = 0;
        List<Bench.Point> ex = r.export().points();
        IndexBench.Measured fastest = r.fastestReference();
        boolean steady = r.referenceSpread() <= maxSpread;
        for (int i = 0; i < ex.size(); i++) {
            Bench.Point p = ex.get(i);
            Bench.Point ref = fastest == null ? null : fastest.points().get(i);
            Evaluation.Point rec = recorded.get(p.ef());
            Double pr = ref == null ? null : p.qps() / ref.qps();
            Double rr = rec == null ? null : p.qps() / rec.qps();
            int api = f.apiMismatches().getOrDefault(p.ef(), 0);
            rows.add(new Row(p.ef(), p.recall(), rec == null ? null : rec.recall(), ref == null ? null : ref.recall(), p.qps(),
                    ref == null ? null : ref.qps(), rec == null ? null : rec.qps(), pr, rr, api));
            if (rec != null && Math.abs(p.recall() - rec.recall()) > RECALL_TOLERANCE) {
                problems.add(String.format(Locale.ROOT, "recall at ef=%d is %.4f, the campaign measured %.4f", p.ef(), p.recall(), rec.recall()));
            }
            for (IndexBench.Measured inst : r.references()) {
                Bench.Point rp = inst.points().get(i);
                if (Math.abs(p.recall() - rp.recall()) > RECALL_TOLERANCE) {
                    problems.add(String.format(Locale.ROOT, "recall at ef=%d is %.4f, the campaign's code gives %.4f on the same vectors", p.ef(),
                            p.recall(), rp.recall()));
                    break;
                }
            }
            if (api > 0) {
                problems.add("at ef=" + p.ef() + ", " + api + " queries got other answers through Index.search than through the harness");
            }
            if (pr != null) {
                logPaired += Math.log(pr);
                paired++;
            }
            if (rr != null) {
                logRecorded += Math.log(rr);
                withRecorded++;
            }
        }
        Double pairedRatio = paired == 0 ? null : Math.exp(logPaired / paired);
        Double recordedRatio = withRecorded == 0 ? null : Math.exp(logRecorded / withRecorded);
        boolean qpsUndecided = false;
        if (pairedRatio != null && !steady) {
            qpsUndecided = true;
            notes.add(String.format(Locale.ROOT, "QPS not verified: the campaign's code measured as %d instances in one worker was %.1f%% apart "
                    + "between its fastest and slowest instance in each of %d attempts (bound %.0f%%, the campaign's evaluator.maxSeedSpread); "
                    + "the machine was too busy for a timing to mean anything — export again on a quieter machine", r.references().size(),
                    100 * r.referenceSpread(), spreads.size(), 100 * maxSpread));
        } else if (pairedRatio != null && Math.abs(pairedRatio - 1) > PAIRED_TOLERANCE_PERCENT / 100.0) {
            problems.add(String.format(Locale.ROOT, "QPS is %.3fx the campaign's code measured in the same worker, outside ±%d%%", pairedRatio,
                    PAIRED_TOLERANCE_PERCENT));
        }
        if (recordedRatio != null && Math.abs(recordedRatio - 1) > RECORDED_TOLERANCE_PERCENT / 100.0) {
            notes.add(String.format(Locale.ROOT, "QPS is %.3fx the campaign's recorded measurement, beyond ±%d%%; that measurement was made in "
                    + "another sitting, unpaired, so the paired ratio (%s) is the one that says whether the code is as fast", recordedRatio,
                    RECORDED_TOLERANCE_PERCENT, pairedRatio == null ? "none" : String.format(Locale.ROOT, "%.3f", pairedRatio)));
        }
        if (set.recorded() == null) {
            notes.add("the campaign never measured this module set as a whole: recall and QPS are compared with its code measured now only");
        } else if (recorded.isEmpty() || rows.stream().allMatch(row -> row.campaignRecall() == null)) {
            notes.add("the campaign's measurement has none of these ef values: recall and QPS are compared with its code measured now only");
        }
        if (Boolean.FALSE.equals(f.roundTrip())) {
            problems.add("the index loaded from " + indexFile.getFileName() + " differs from the one saved");
        }
        if (Boolean.FALSE.equals(f.graphIdentical())) {
            problems.add("the campaign's code built another graph from the same vectors than the jar's (construction is not deterministic, "
                    + "or the two compilations differ)");
        }
        int api = f.totalApiMismatches();
        Map<String, Long> memory = new LinkedHashMap<>();
        memory.put("baseBytes", f.baseBytes());
        memory.put("graphBytes", f.graphBytes());
        memory.put("searchBytes", f.searchBytes());
        memory.put("refinementBytes", f.refinementBytes());
        memory.put("totalBytes", f.baseBytes() + f.graphBytes() + f.searchBytes() + f.refinementBytes());
        String method = String.format(Locale.ROOT, "single thread, best of %d interleaved runs per ef, every run in a fresh random query order and "
                + "at least %d ms long, %d ms warm-up; the jar's index (loaded from its file) and %d instances of the campaign's code (compiled as "
                + "the sandbox compiles candidates) taking turns ef by ef in one worker JVM, the fastest instance the reference; %s", sweep.runs(),
                sweep.minPassMillis(), sweep.warmupMillis(), r.references().size(), r.method().describe());
        Bench.Build b = r.export().build();
        String status = !problems.isEmpty() ? "failed" : qpsUndecided ? "unstable" : "passed";
        return new Verification(status, data.name(), data.n(), data.d(), data.nq(), method, sweep.runs(),
                set.recordedVariant(), rows, pairedRatio, r.references().size(), r.referenceSpread(), List.copyOf(spreads),
                r.referencePointSpreads(), recordedRatio,
                f.graphIdentical(), f.roundTrip(), api, b.constructionSeconds(),
                b.searchPrepareSeconds() + b.refinementPrepareSeconds(), memory,
                new IndexFileInfo(indexFile.toString(), f.fileBytes(), f.saveSeconds(), f.loadSeconds()),
                new Tolerances(RECALL_TOLERANCE, PAIRED_TOLERANCE_PERCENT / 100.0, RECORDED_TOLERANCE_PERCENT / 100.0), problems, notes);
    }

    static String list(int[] efs) {
        return java.util.Arrays.stream(efs).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
