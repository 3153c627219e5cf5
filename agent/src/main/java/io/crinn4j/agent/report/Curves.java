package io.crinn4j.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crinn4j.agent.campaign.Variant;
import io.crinn4j.reward.Curve;
import io.crinn4j.reward.CurvePoint;
import io.crinn4j.sandbox.Evaluation;
import java.util.ArrayList;
import java.util.List;

/**
 * The QPS–recall curves a report draws, as ann-benchmarks draws them: the Pareto frontier of each
 * sweep, recall on x and QPS on a log scale on y. On the campaign's queries: the seed, each stage's
 * accepted winner and the final set (and, while a stage runs, its best first measurement so far);
 * on the held-out queries: the seed and the final set of the held-out check.
 */
final class Curves {
    private Curves() {
    }

    /** One drawn curve: its name, its role ({@code seed}, {@code winner}, {@code final}, {@code best}) and its frontier points. */
    record Series(String name, String role, String variant, List<Point> points) {
    }

    /** One frontier point: recall, QPS and the ef that gave it. */
    record Point(double recall, double qps, int ef) {
    }

    /** The curves on one query set, or why there are none ({@code note}). */
    record Set(String title, List<Series> series, String note) {
        boolean drawn() {
            return !series.isEmpty();
        }

        List<String> names() {
            return series.stream().map(Series::name).toList();
        }
    }

    /** The frontier of an evaluation's swept points; empty without points. */
    static List<Point> frontier(Evaluation e) {
        if (e == null || e.points() == null) {
            return List.of();
        }
        List<CurvePoint> cps = new ArrayList<>();
        for (Evaluation.Point p : e.points()) {
            add(cps, p.ef(), p.recall(), p.qps());
        }
        return frontier(cps);
    }

    /** The frontier of points stored as JSON objects {@code {param|ef, recall, qps}} (the held-out event's curves). */
    static List<Point> frontier(JsonNode points) {
        List<CurvePoint> cps = new ArrayList<>();
        if (points != null && points.isArray()) {
            for (JsonNode p : points) {
                add(cps, p.has("param") ? p.get("param").asInt() : p.path("ef").asInt(), p.path("recall").asDouble(Double.NaN),
                        p.path("qps").asDouble(Double.NaN));
            }
        }
        return frontier(cps);
    }

    private static void add(List<CurvePoint> out, int ef, double recall, double qps) {
        // A point outside what a curve can hold (not measured, or a broken file) is left out rather than failing the report.
        if (recall >= 0 && recall <= 1 && qps > 0 && !Double.isInfinite(qps)) {
            out.add(new CurvePoint(ef, recall, qps));
        }
    }

    private static List<Point> frontier(List<CurvePoint> cps) {
        return Curve.of(cps).paretoFrontier().points().stream().map(p -> new Point(p.recall(), p.qps(), p.param())).toList();
    }

    /**
     * The curve of the seed instance a variant's reward was taken against: in the variant's worker folder
     * ({@code sandbox/evals/<worker>/evaluation-<i>.json}, the worker named by the evaluation's id without its {@code -s<i>}),
     * the evaluation whose AUC is the variant's {@code seedAuc}. Empty when the reference was measured elsewhere (one seed
     * instance, in a worker of its own) or the folder is gone.
     *
     * <p>Why: curves from different workers differ by the machine's drift as much as by their code (the same seed read
     * 6,514 and 9,190 AUC within 15 minutes), so a winner's curve means something only beside the seed measured with it.
     */
    static List<Point> pairedSeed(java.nio.file.Path campaignDir, Evaluation e) {
        if (e == null || e.id() == null || e.seedAuc() == null || !(e.seedAuc() > 0)) {
            return List.of();
        }
        int cut = e.id().lastIndexOf("-s");
        if (cut < 0) {
            return List.of();
        }
        java.nio.file.Path worker = campaignDir.resolve("sandbox").resolve("evals").resolve(e.id().substring(0, cut));
        if (!java.nio.file.Files.isDirectory(worker)) {
            return List.of();
        }
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(worker)) {
            for (java.nio.file.Path f : s.filter(f -> f.getFileName().toString().matches("evaluation-\\d+\\.json")).sorted().toList()) {
                JsonNode ev = CampaignFolder.JSON.readTree(f.toFile());
                double auc = ev.path("summary").path("auc").asDouble(Double.NaN);
                if (Math.abs(auc - e.seedAuc()) <= 1e-9 * e.seedAuc() && !e.id().equals(ev.path("id").asText())) {
                    return frontier(ev.get("points"));
                }
            }
        } catch (java.io.IOException | RuntimeException ex) {
            return List.of(); // an unreadable cache file: the report goes on without this curve
        }
        return List.of();
    }

    /** A variant's curve as a series, or null when it has no measured points. */
    static Series of(String name, String role, Variant v) {
        List<Point> f = v == null ? List.of() : frontier(v.evaluation());
        return f.isEmpty() ? null : new Series(name, role, v.id(), f);
    }
}
