package io.crinn4j.agent.cli;

import io.crinn4j.agent.campaign.ProgramDatabase;
import io.crinn4j.agent.campaign.Tally;
import io.crinn4j.agent.campaign.Variant;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.RewardSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The best variants of a campaign per module, as a table for people and as rows for scripts.
 * Shared by the end of {@code crinn run} and {@code crinn leaderboard}. Rewards are the first
 * measurement of each variant against the seed measured right before its group; the stage
 * winner (marked {@code *}) is the one that also survived the stage's re-measurement.
 */
final class Leaderboard {
    private Leaderboard() {
    }

    /** One row: what a reader needs to pick a variant and find its files. */
    record Row(String module, int rank, String id, boolean winner, String status, double reward, Double work, Double auc, Double qpsAt090,
               Double qpsAt095, Double buildSeconds, Double indexMiB, String proposer, String folder) {
    }

    /** Per module: variants made, failed, duplicates (not measured: code already known), and the top {@code top} OK variants by reward. */
    record Board(String module, long variants, long failed, long duplicates, long unstable, List<Row> rows) {
    }

    /** {@code "3 failed"}, or {@code "3 failed, 2 duplicates, 1 unstable"} when there are duplicates or unstable measurements. */
    static String failedAndDuplicates(long failed, long duplicates, long unstable) {
        return failed + " failed" + (duplicates > 0 ? ", " + duplicates + (duplicates == 1 ? " duplicate" : " duplicates") : "")
                + (unstable > 0 ? ", " + unstable + " unstable (not scored)" : "");
    }

    static List<Board> boards(ProgramDatabase db, List<ModuleKind> modules, Map<String, String> winners, int top) {
        List<Board> out = new ArrayList<>();
        for (ModuleKind m : modules) {
            List<Variant> vs = db.of(m);
            if (vs.isEmpty()) {
                continue;
            }
            String winner = winners == null ? null : winners.get(m.cliName());
            Tally t = Tally.of(vs);
            List<Variant> ok = vs.stream().filter(Variant::ok)
                    .sorted(Comparator.comparingDouble(Variant::reward).reversed().thenComparing(Variant::id)).toList();
            Map<Integer, Variant> starts = new java.util.HashMap<>();
            vs.stream().filter(Variant::isStart).forEach(x -> starts.putIfAbsent(x.stage(), x));
            List<Row> rows = new ArrayList<>();
            int rank = 0;
            for (Variant v : ok) {
                rank++;
                boolean isWinner = v.id().equals(winner);
                if (rank > top && !isWinner) {
                    continue;
                }
                RewardSummary s = v.evaluation() == null ? null : v.evaluation().summary();
                rows.add(new Row(m.cliName(), rank, v.id(), isWinner, v.status().name(), v.reward(), work(starts, v), v.auc(), s == null ? null : s.qpsAt090(),
                        s == null ? null : s.qpsAt095(), v.buildSeconds(), v.indexBytes() == null ? null : v.indexBytes() / 1048576.0,
                        v.proposer(), "variants/" + v.id()));
            }
            out.add(new Board(m.cliName(), t.made(), t.failed(), t.duplicates(), t.unstable(), rows));
        }
        return out;
    }

    static void print(PrintWriter out, List<Board> boards) {
        out.println();
        out.println("leaderboard (reward = AUC over recall [0.85, 0.95] relative to the fastest seed instance measured in the variant's own worker;"
                + " work = queries per distance computed over that band relative to the stage's start, counted; * = stage winner after re-measurement)");
        for (Board b : boards) {
            out.printf(Locale.ROOT, "  %s (%d variants, %s)%n", b.module(), b.variants(), failedAndDuplicates(b.failed(), b.duplicates(), b.unstable()));
            out.printf(Locale.ROOT, "    %3s  %-26s %7s %6s %10s %9s %9s %8s  %s%n", "#", "variant", "reward", "work", "AUC", "QPS@0.90", "QPS@0.95", "build s", "how it was made");
            for (Row r : b.rows()) {
                out.printf(Locale.ROOT, "    %3d%s %-26s %7.3f %6s %10.1f %9s %9s %8.2f  %s%n", r.rank(), r.winner() ? "*" : " ", r.id(), r.reward(),
                        r.work() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.work()), r.auc() == null ? 0 : r.auc(), qps(r.qpsAt090()), qps(r.qpsAt095()), r.buildSeconds() == null ? 0 : r.buildSeconds(),
                        truncate(r.proposer(), 70));
            }
        }
    }

    static Map<String, Object> json(List<Board> boards) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Board b : boards) {
            m.put(b.module(), b);
        }
        return m;
    }

    /** The variant's {@code DistanceWork} ratio to its stage's start (stage → start), or null when either has no counted sweep. */
    private static Double work(Map<Integer, Variant> starts, Variant v) {
        Variant start = starts.get(v.stage());
        if (start == null || start.evaluation() == null || v.evaluation() == null) {
            return null;
        }
        return io.crinn4j.sandbox.DistanceWork.ratio(v.evaluation(), start.evaluation(), io.crinn4j.reward.RecallBand.DEFAULT);
    }

    private static String qps(Double q) {
        return q == null ? "-" : String.format(Locale.ROOT, "%.0f", q);
    }

    private static String truncate(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
