package io.crinn4j.agent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.crinn4j.agent.bench.Version;
import io.crinn4j.agent.campaign.Variant;
import io.crinn4j.agent.campaign.VariantStatus;
import io.crinn4j.agent.util.Text;
import io.crinn4j.sandbox.harness.Method;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The report as one self-contained HTML page: the styles, Apache ECharts' minified script, the
 * page's own script and the charts' data are inlined, so the file opens anywhere with no network,
 * and every link is either an anchor in the page or a path relative to the page (a variant's
 * {@code source.java} in its campaign folder).
 *
 * <p>Tables are written here, as HTML, so they read without any script; charts are drawn by
 * {@code report.js} from the JSON in {@code <script id="crinn-data">}. Each part has one block per
 * campaign, side by side when there are several, so the same part of each lines up.
 */
public final class HtmlReport {
    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String CSS = "/io/crinn4j/agent/report/report.css";
    private static final String JS = "/io/crinn4j/agent/report/report.js";
    private static final int FEEDBACK_CHARS = 400;
    private static final int DIFF_CONTEXT = 3;

    private final List<CampaignView> views;
    private final Path outDir;
    private final StringBuilder h = new StringBuilder(1 << 20);

    private HtmlReport(List<CampaignView> views, Path outDir) {
        this.views = views;
        this.outDir = outDir.toAbsolutePath().normalize();
    }

    /** The page for {@code folders}, with file links relative to {@code outFile}'s folder; {@code top} rows per leaderboard. */
    public static String render(List<CampaignFolder> folders, Path outFile, int top) {
        List<CampaignView> views = new ArrayList<>();
        for (int i = 0; i < folders.size(); i++) {
            views.add(new CampaignView(i, folders.get(i), top));
        }
        Path dir = outFile.toAbsolutePath().getParent();
        return new HtmlReport(views, dir == null ? Path.of(".") : dir).page();
    }

    private String page() {
        String names = views.stream().map(CampaignView::name).collect(Collectors.joining(", "));
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.append("<meta name=\"generator\" content=\"crinn4j ").append(esc(Version.get())).append("\">\n");
        h.append("<title>crinn report: ").append(esc(names)).append("</title>\n");
        h.append("<link rel=\"icon\" href=\"data:,\">\n<style>\n").append(resource(CSS)).append("</style>\n</head>\n<body>\n");
        header();
        overview();
        curves();
        rewards();
        leaderboards();
        lineage();
        failures();
        tokens();
        variants();
        h.append("<script type=\"application/json\" id=\"crinn-data\">").append(chartJson()).append("</script>\n");
        h.append("<script>\n").append(inlineScript(resource(ECHARTS))).append("\n</script>\n");
        h.append("<script>\n").append(inlineScript(resource(JS))).append("\n</script>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    // ---- parts ----

    private void header() {
        h.append("<header id=\"top\"><h1>crinn report</h1><p class=\"sub\">")
                .append(views.size() == 1 ? "campaign " : views.size() + " campaigns side by side: ")
                .append(views.stream().map(v -> "<b>" + esc(v.name()) + "</b>").collect(Collectors.joining(", ")))
                .append(" · written ").append(esc(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())).append(" by crinn4j ")
                .append(esc(Version.get())).append("</p>\n<nav>");
        for (String[] s : new String[][] {{"overview", "overview"}, {"curves", "QPS–recall"}, {"rewards", "reward over evaluations"},
            {"leaderboards", "leaderboards"}, {"lineage", "lineage"}, {"failures", "failures"}, {"tokens", "tokens and cost"},
            {"variants", "all variants"}}) {
            h.append("<a href=\"#").append(s[0]).append("\">").append(esc(s[1])).append("</a>");
        }
        h.append("</nav></header>\n");
    }

    private void overview() {
        h.append("<section id=\"overview\"><h2>Campaigns</h2>\n<div class=\"scroll\"><table class=\"overview\"><thead><tr>")
                .append("<th>campaign</th><th>status</th><th>dataset</th><th>proposer</th><th>evaluations</th><th>failed / duplicate / unstable</th>")
                .append("<th>final set (campaign queries)</th><th>held-out</th><th>held-out work</th><th>tokens in / out</th><th>cost</th><th>time</th>")
                .append("</tr></thead><tbody>\n");
        for (CampaignView v : views) {
            var r = v.folder.result();
            h.append("<tr><td><b>").append(esc(v.name())).append("</b><br><span class=\"dim\">").append(esc(v.folder.path().toString()))
                    .append("</span></td>");
            h.append("<td class=\"").append(v.running() ? "running" : "done").append("\">").append(esc(v.status()));
            if (v.running() && v.lastEventTime() != null) {
                h.append("<br><span class=\"dim\">last event ").append(esc(v.lastEventTime())).append("</span>");
            }
            h.append("</td><td>").append(esc(v.cfg.dataset())).append("</td><td>").append(esc(v.proposer())).append("</td>");
            h.append("<td class=\"n\">").append(v.tally.made()).append(" / ").append(v.cfg.budget().evaluations()).append("</td>");
            h.append("<td class=\"n\">").append(v.tally.failed()).append(" / ").append(v.tally.duplicates()).append(" / ").append(v.tally.unstable())
                    .append("</td>");
            h.append("<td class=\"n\">").append(r == null ? "not final yet" : CampaignView.fmt(r.campaignReward())).append("</td>");
            h.append("<td class=\"n\">").append(esc(heldOutText(v))).append("</td>");
            h.append("<td class=\"n\">").append(CampaignView.fmt(v.heldOut.work())).append("</td>");
            h.append("<td class=\"n\">").append(String.format(Locale.ROOT, "%,d / %,d", v.tally.inputTokens(), v.tally.outputTokens())).append("</td>");
            h.append("<td class=\"n\">").append(String.format(Locale.ROOT, "$%.4f", v.tally.costUsd())).append("</td>");
            h.append("<td class=\"n\">").append(v.folder.elapsedSeconds() == null ? "—" : String.format(Locale.ROOT, "%.0f s", v.folder.elapsedSeconds()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n<p class=\"dim\">Rewards are AUC ratios to the seed over the recall band (see the method line"
                + " of each campaign); the final set's campaign reward is its confirmed reward, its held-out reward the median of its"
                + " rounds against the seed on queries the campaign never saw; work is queries per distance computed, counted, relative to"
                + " the seed.</p>\n");
        cols(v -> {
            h.append("<h3>").append(esc(v.name())).append("</h3>");
            method(v);
            if (v.folder.tornLastLine()) {
                h.append("<p class=\"dim\">events.jsonl ends in a line still being written; it is left out.</p>");
            }
        });
        h.append("</section>\n");
    }

    private static String heldOutText(CampaignView v) {
        if (v.heldOut.reward() == null) {
            return v.running() ? "not yet" : "not measured";
        }
        String rounds = v.heldOut.ratios().isEmpty() ? "" : " (rounds " + v.heldOut.ratios().stream().map(CampaignView::fmt)
                .collect(Collectors.joining(", ")) + ")";
        return CampaignView.fmt(v.heldOut.reward()) + rounds;
    }

    /** The method line: how the numbers next to it were measured. */
    private void method(CampaignView v) {
        h.append("<p class=\"method\"><b>method</b> ");
        List<Method> ms = v.methods();
        if (ms.isEmpty()) {
            h.append("machine not recorded; ");
        }
        for (Method m : ms) {
            h.append(esc(String.format(Locale.ROOT, "JDK %s (%s), kernels %s, %d CPUs, %s", m.jdk(), m.vm(), m.kernels(), m.cpus(), m.os())))
                    .append("; ");
        }
        h.append(esc(v.protocol()));
        String q = v.queries();
        h.append("; ").append(esc(q == null ? "query sets not recorded" : q)).append("; dataset ").append(esc(v.cfg.dataset()))
                .append(", seed ").append(v.cfg.seed()).append(", groups of ").append(v.cfg.sampling().group()).append("</p>\n");
    }

    private void curves() {
        h.append("<section id=\"curves\"><h2>QPS–recall curves</h2>\n<p class=\"dim\">As ann-benchmarks draws them: the Pareto frontier of"
                + " each ef sweep, recall@10 across, queries per second on a log scale up; the shaded band is the recall range the reward"
                + " integrates over. On the campaign's queries each curve is that variant's first measurement, in its own worker;"
                + " on the held-out queries the seed and the final set were measured in one worker.</p>\n");
        cols(v -> {
            h.append("<h3>").append(esc(v.name())).append("</h3>");
            method(v);
            for (Curves.Set set : List.of(v.campaignCurves, v.heldOutCurves)) {
                String key = set == v.campaignCurves ? "campaign" : "heldOut";
                h.append("<h4>").append(esc(set.title())).append("</h4>");
                if (set.drawn()) {
                    chart(v, "curves-" + key, "curves", key, set.names());
                }
                if (set.note() != null) {
                    h.append("<p class=\"note\">").append(esc(set.note())).append("</p>");
                }
            }
        });
        h.append("</section>\n");
    }

    private void rewards() {
        h.append("<section id=\"rewards\"><h2>Reward over evaluations</h2>\n<p class=\"dim\">Each evaluation a dot, coloured by its"
                + " status (first measurements, relative to the fastest seed instance in the variant's own worker); failures carry the"
                + " failure penalty and are drawn on the floor of the axis; the line is the best first measurement so far (the seed is 1);"
                + " stars are the stage winners at their confirmed reward (at their first one when the campaign does not re-measure).</p>\n");
        cols(v -> {
            h.append("<h3>").append(esc(v.name())).append("</h3>");
            if (v.evaluations().isEmpty()) {
                h.append("<p class=\"note\">no evaluation recorded yet</p>");
                return;
            }
            List<String> series = new ArrayList<>();
            v.evaluations().stream().map(x -> x.status().name()).distinct().sorted((a, b) -> VariantStatus.valueOf(a).compareTo(VariantStatus.valueOf(b)))
                    .forEach(series::add);
            series.add("best so far");
            if (!v.winners.isEmpty()) {
                series.add("stage winner");
            }
            chart(v, "timeline", "timeline", null, series);
        });
        h.append("</section>\n");
    }

    private void leaderboards() {
        h.append("<section id=\"leaderboards\"><h2>Leaderboards</h2>\n<p class=\"dim\">Per module, the best variants by first reward."
                + " <b>confirmed</b>: the geometric mean of a finalist's ratios to the seed over its re-measurement rounds, with the"
                + " verdict of the paired test; ★ the stage's accepted winner. <b>held-out</b>: the final module set (all stage winners"
                + " together) against the seed on held-out queries. <b>work</b>: queries per distance computed over the band, relative"
                + " to the stage's start (counted, not timed). Build is construction plus both prepares; memory the worker heap's growth"
                + " across the build.</p>\n");
        cols(v -> {
            h.append("<h3>").append(esc(v.name())).append("</h3>");
            method(v);
            if (v.boards.isEmpty()) {
                h.append("<p class=\"note\">no variant recorded yet</p>");
            }
            for (CampaignView.Board b : v.boards) {
                board(v, b);
            }
        });
        h.append("</section>\n");
    }

    private void board(CampaignView v, CampaignView.Board b) {
        String module = b.module().cliName();
        h.append("<h4 id=\"").append(anchor(v, "lb-" + module)).append("\">stage ").append(b.stage() + 1).append(": ").append(esc(module))
                .append(" <span class=\"dim\">(").append(b.tally().made()).append(" variants, ").append(b.tally().failed()).append(" failed, ")
                .append(b.tally().duplicates()).append(" duplicates, ").append(b.tally().unstable()).append(" unstable; ")
                .append(v.winners.containsKey(b.stage()) ? "winner " + esc(v.winners.get(b.stage()))
                        : v.stagesDone.contains(b.stage()) ? "kept its start" : "under way")
                .append(")</span></h4>\n");
        h.append("<div class=\"scroll\"><table class=\"board\"><thead><tr><th>#</th><th>variant</th><th>first reward</th><th>confirmed</th>")
                .append("<th>held-out</th><th>work</th><th>AUC</th><th>QPS@0.90</th><th>QPS@0.95</th><th>build s</th><th>memory MiB</th>")
                .append("<th>how it was made</th><th>code</th></tr></thead><tbody>\n");
        for (CampaignView.Row r : b.rows()) {
            Variant x = r.variant();
            h.append("<tr").append(r.winner() ? " class=\"winner\"" : r.start() ? " class=\"start\"" : "").append("><td class=\"n\">")
                    .append(r.rank()).append(r.winner() ? " ★" : "").append("</td>");
            h.append("<td class=\"id\"><a href=\"#").append(anchor(v, "code-" + x.id())).append("\">").append(esc(x.id())).append("</a></td>");
            h.append("<td class=\"n\">").append(CampaignView.fmt(x.reward())).append("</td>");
            h.append("<td class=\"n\">");
            if (r.confirmed() != null) {
                h.append(CampaignView.fmt(r.confirmed().reward())).append(" <span class=\"dim\">(").append(r.confirmed().rounds())
                        .append(" rounds, ").append(esc(r.confirmed().verdict())).append(")</span>");
            } else if (r.start()) {
                h.append("<span class=\"dim\">start, ").append(CampaignView.fmt(x.reward())).append("</span>");
            } else {
                h.append("<span class=\"dim\">not re-measured</span>");
            }
            h.append("</td><td class=\"n\">").append(r.heldOut() == null ? "" : "final set " + CampaignView.fmt(r.heldOut())).append("</td>");
            h.append("<td class=\"n\">").append(CampaignView.fmt(r.work())).append("</td>");
            h.append("<td class=\"n\">").append(num(x.auc(), "%.0f")).append("</td>");
            h.append("<td class=\"n\">").append(num(r.qps090(), "%,.0f")).append("</td>");
            h.append("<td class=\"n\">").append(num(r.qps095(), "%,.0f")).append("</td>");
            h.append("<td class=\"n\">").append(num(x.buildSeconds(), "%.2f")).append("</td>");
            h.append("<td class=\"n\">").append(num(r.indexMiB(), "%.1f")).append("</td>");
            h.append("<td class=\"how\">").append(esc(Text.oneLine(x.proposer(), 200))).append(v.workFinalists.contains(x.id())
                    ? " <span class=\"tag\">finalist for its counted work</span>" : "").append("</td>");
            h.append("<td class=\"links\">").append(links(v, x)).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
        if (b.ok() > b.rows().size()) {
            h.append("<p class=\"dim\">").append(b.ok() - b.rows().size()).append(" more OK variants in <a href=\"#variants\">all variants</a>.</p>");
        }
        confirmation(v, b);
    }

    /** The stage's confirmation: each finalist's rounds, gain, bound and verdict. */
    private void confirmation(CampaignView v, CampaignView.Board b) {
        JsonNode e = v.confirmations.get(b.stage());
        if (e == null) {
            h.append("<p class=\"note\">confirmation: ").append(v.confirming(b.stage())
                    ? "under way: every group of the stage is measured, its finalists are being re-measured"
                    : !v.stagesDone.contains(b.stage()) ? "not yet (the stage is under way)"
                    : v.cfg.confirmation().top() == 0 ? "none: confirmation.top is 0, so the stage accepted its best first measurement"
                    + " without re-measuring it" : "no finalist was re-measured: none beat the stage's start on first measurement")
                    .append("</p>\n");
            return;
        }
        h.append("<details class=\"confirm\" open><summary>confirmation of stage ").append(b.stage() + 1).append(": ")
                .append(e.path("rounds").asInt()).append(" rounds, level ").append(esc(num(CampaignView.num(e, "alpha"), "%.4f")))
                .append(", accepted <b>").append(esc(e.path("accepted").asText("not recorded"))).append("</b></summary>\n");
        h.append("<div class=\"scroll\"><table class=\"board\"><thead><tr><th>finalist</th><th>first</th><th>ratios to the seed, per round</th><th>confirmed</th>")
                .append("<th>gain over current set</th><th>lower bound</th><th>verdict</th></tr></thead><tbody>\n");
        for (JsonNode f : e.path("finalists")) {
            String id = f.path("variant").asText();
            CampaignView.Confirmed c = v.confirmed.get(id);
            h.append("<tr><td class=\"id\"><a href=\"#").append(anchor(v, "code-" + id)).append("\">").append(esc(id)).append("</a></td><td class=\"n\">")
                    .append(num(CampaignView.num(f, "firstReward"), "%.3f")).append("</td><td class=\"n\">")
                    .append(esc(c.ratios().stream().map(CampaignView::fmt).collect(Collectors.joining(", ")))).append("</td><td class=\"n\">")
                    .append(CampaignView.fmt(c.reward())).append("</td><td class=\"n\">").append(CampaignView.fmt(c.gain()))
                    .append("</td><td class=\"n\">").append(CampaignView.fmt(c.lowerBound())).append("</td><td>").append(esc(c.verdict()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></div>");
        JsonNode cur = e.path("currentRatios");
        if (cur.isArray() && cur.size() > 0) {
            List<String> rs = new ArrayList<>();
            cur.forEach(x -> rs.add(CampaignView.fmt(x.asDouble())));
            h.append("<p class=\"dim\">current set per round: ").append(esc(String.join(", ", rs))).append("</p>");
        }
        h.append("</details>\n");
    }

    private void lineage() {
        h.append("<section id=\"lineage\"><h2>Lineage</h2>\n<p class=\"dim\">Every variant, one column per group (the stage's start in"
                + " the column before its first group), one row per reply. A solid arrow runs from a variant's parent (the best exemplar"
                + " of its prompt, which edits apply to) to it, a dashed one from a crossover's donor. Click a variant for its diff.</p>\n");
        cols(v -> {
            h.append("<h3>").append(esc(v.name())).append("</h3>");
            if (v.folder.variants().isEmpty()) {
                h.append("<p class=\"note\">no variant recorded yet</p>");
                return;
            }
            chart(v, "lineage", "lineage", null, List.of("lineage"));
        });
        h.append("</section>\n");
    }

    private void failures() {
        h.append("<section id=\"failures\"><h2>Failures by status</h2>\n<p class=\"dim\">Every evaluation that did not end OK, by status"
                + " and module, with up to three examples of distinct feedback (the text the next prompt shows). UNSTABLE (the machine's"
                + " speed changed under the measurement) and DUPLICATE (code already known, not measured) are listed too, though they are"
                + " not failures of the code.</p>\n");
        cols(v -> {
            h.append("<h3>").append(esc(v.name())).append("</h3>");
            Map<VariantStatus, int[]> f = v.failures();
            if (f.isEmpty()) {
                h.append("<p class=\"note\">no failures").append(v.evaluations().isEmpty() ? " (no evaluation yet)" : "").append("</p>");
                return;
            }
            chart(v, "failures", "failures", null, f.keySet().stream().map(Enum::name).toList());
            h.append("<div class=\"scroll\"><table class=\"board\"><thead><tr><th>status</th>");
            for (String m : v.cfg.modules()) {
                h.append("<th>").append(esc(m)).append("</th>");
            }
            h.append("<th>examples of feedback</th></tr></thead><tbody>\n");
            for (Map.Entry<VariantStatus, int[]> e : f.entrySet()) {
                h.append("<tr><td>").append(e.getKey().name()).append("</td>");
                for (int c : e.getValue()) {
                    h.append("<td class=\"n\">").append(c).append("</td>");
                }
                h.append("<td class=\"feedback\">");
                for (Variant x : v.examples(e.getKey(), 3)) {
                    h.append("<div>").append(java.nio.file.Files.exists(v.folder.sourceFile(x.id()))
                            ? "<a href=\"#" + anchor(v, "diff-" + x.id()) + "\">" + esc(x.id()) + "</a>" : esc(x.id()) + " (no code)").append(": ")
                            .append(esc(x.feedback() == null ? "(no feedback)" : Text.oneLine(x.feedback(), FEEDBACK_CHARS))).append("</div>");
                }
                h.append("</td></tr>\n");
            }
            h.append("</tbody></table></div>\n");
        });
        h.append("</section>\n");
    }

    private void tokens() {
        h.append("<section id=\"tokens\"><h2>LLM tokens and cost per group</h2>\n");
        cols(v -> {
            h.append("<h3>").append(esc(v.name())).append("</h3>");
            List<CampaignView.GroupUse> g = v.groupUse();
            if (g.isEmpty()) {
                h.append("<p class=\"note\">no group recorded yet</p>");
                return;
            }
            if (v.usedTokens()) {
                chart(v, "tokens", "tokens", null, List.of("input tokens", "output tokens", "cost (USD)"));
            } else {
                h.append("<p class=\"note\">no LLM tokens or cost recorded: proposer ").append(esc(v.proposer()))
                        .append(" (only the LLM proposers count them; mutate, manual and command replies have none)</p>");
            }
            h.append("<div class=\"scroll\"><table class=\"board\"><thead><tr><th>group</th><th>replies</th><th>input tokens</th>")
                    .append("<th>output tokens</th><th>cost (USD)</th><th>proposer</th></tr></thead><tbody>\n");
            for (CampaignView.GroupUse u : g) {
                h.append("<tr><td>").append(esc(u.group())).append("</td><td class=\"n\">").append(u.replies()).append("</td><td class=\"n\">")
                        .append(String.format(Locale.ROOT, "%,d", u.inputTokens())).append("</td><td class=\"n\">")
                        .append(String.format(Locale.ROOT, "%,d", u.outputTokens())).append("</td><td class=\"n\">")
                        .append(String.format(Locale.ROOT, "%.4f", u.costUsd())).append("</td><td class=\"how\">").append(esc(Text.oneLine(u.proposers(), 120)))
                        .append("</td></tr>\n");
            }
            h.append("<tr class=\"total\"><td>total</td><td class=\"n\">").append(v.tally.made()).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", v.tally.inputTokens())).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", v.tally.outputTokens())).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%.4f", v.tally.costUsd())).append("</td><td></td></tr>\n</tbody></table></div>\n");
        });
        h.append("</section>\n");
    }

    /** Every variant with links, then the code and diff panels (shown one at a time, when a link targets them). */
    private void variants() {
        h.append("<section id=\"variants\"><h2>All variants</h2>\n");
        cols(v -> {
            h.append("<h3>").append(esc(v.name())).append("</h3>");
            h.append("<div class=\"scroll\"><table class=\"board\"><thead><tr><th>variant</th><th>status</th><th>reward</th><th>advantage</th>")
                    .append("<th>parent</th><th>how it was made</th><th>code</th></tr></thead><tbody>\n");
            for (Variant x : v.folder.variants()) {
                String parent = x.parents() == null || x.parents().isEmpty() ? "" : x.parents().get(0);
                h.append("<tr><td class=\"id\">").append(esc(x.id())).append("</td><td class=\"st-").append(x.status().name()).append("\">")
                        .append(x.status().name()).append("</td><td class=\"n\">").append(CampaignView.fmt(x.reward())).append("</td><td class=\"n\">")
                        .append(CampaignView.fmt(x.advantage())).append("</td><td>").append(esc(parent)).append("</td><td class=\"how\">")
                        .append(esc(Text.oneLine(x.proposer(), 160))).append("</td><td class=\"links\">").append(links(v, x)).append("</td></tr>\n");
            }
            h.append("</tbody></table></div>\n");
        });
        h.append("<div class=\"panels\">\n");
        for (CampaignView v : views) {
            panels(v);
        }
        h.append("</div></section>\n");
    }

    /** Code panels for the variants a leaderboard or a confirmation shows and for each stage's start; diff panels for every variant with code. */
    private void panels(CampaignView v) {
        Set<String> withCode = new LinkedHashSet<>();
        for (CampaignView.Board b : v.boards) {
            b.rows().forEach(r -> withCode.add(r.variant().id()));
        }
        withCode.addAll(v.confirmed.keySet());
        for (Variant x : v.folder.variants()) {
            if (x.isStart()) {
                withCode.add(x.id());
            }
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (Variant x : v.folder.variants()) {
            String src = v.folder.source(x.id());
            if (src != null) {
                sources.put(x.id(), src);
            }
        }
        for (Variant x : v.folder.variants()) {
            String src = sources.get(x.id());
            if (src == null) {
                continue;
            }
            if (withCode.contains(x.id())) {
                panelHead(v, x, "code-" + x.id(), "source");
                h.append("<pre class=\"code\">").append(esc(src)).append("</pre></div>\n");
            }
            String parent = x.parents() == null || x.parents().isEmpty() ? null : x.parents().get(0);
            String parentSrc = parent == null ? null : sources.get(parent);
            panelHead(v, x, "diff-" + x.id(), parentSrc == null ? "no diff" : "diff against its parent " + parent);
            if (parentSrc == null) {
                h.append("<p class=\"note\">").append(x.isStart() ? "a stage's start: the code the stage began from, no parent in the campaign"
                        : "its parent's code is not stored").append("</p>");
            } else {
                diff(parent, x.id(), parentSrc, src);
            }
            h.append("</div>\n");
        }
    }

    private void panelHead(CampaignView v, Variant x, String what, String title) {
        h.append("<div class=\"panel\" id=\"").append(anchor(v, what)).append("\"><div class=\"panel-head\"><b>").append(esc(x.id()))
                .append("</b> <span class=\"dim\">").append(esc(v.name())).append("</span> — ").append(esc(title)).append(" · ")
                .append(x.status().name()).append(", reward ").append(CampaignView.fmt(x.reward())).append(" · ").append(links(v, x))
                .append(" · <a href=\"#").append(anchor(v, "lb-" + x.module().cliName())).append("\">leaderboard</a>")
                .append("<div class=\"how\">").append(esc(Text.oneLine(x.proposer(), 400))).append("</div>");
        if (x.feedback() != null) {
            h.append("<div class=\"feedback\">").append(esc(Text.oneLine(x.feedback(), FEEDBACK_CHARS))).append("</div>");
        }
        h.append("</div>");
    }

    private void diff(String parentId, String id, String parentSrc, String src) {
        List<String> a = Arrays.asList(parentSrc.split("\n", -1));
        List<String> b = Arrays.asList(src.split("\n", -1));
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(parentId + "/source.java", id + "/source.java", a, DiffUtils.diff(a, b),
                DIFF_CONTEXT);
        h.append("<pre class=\"diff\">");
        if (lines.isEmpty()) {
            h.append("(the same code as its parent)");
        }
        for (String l : lines) {
            String cls = l.startsWith("+++") || l.startsWith("---") ? "dh" : l.startsWith("@@") ? "dr" : l.startsWith("+") ? "da"
                    : l.startsWith("-") ? "dd" : "dc";
            h.append("<span class=\"").append(cls).append("\">").append(esc(l)).append("</span>\n");
        }
        h.append("</pre>");
    }

    /** code · diff · file links for a variant, each only when it exists. */
    private String links(CampaignView v, Variant x) {
        List<String> out = new ArrayList<>();
        Path src = v.folder.sourceFile(x.id());
        if (java.nio.file.Files.exists(src)) {
            boolean code = v.boards.stream().anyMatch(b -> b.rows().stream().anyMatch(r -> r.variant().id().equals(x.id())))
                    || v.confirmed.containsKey(x.id()) || x.isStart();
            if (code) {
                out.add("<a href=\"#" + anchor(v, "code-" + x.id()) + "\">code</a>");
            }
            out.add("<a href=\"#" + anchor(v, "diff-" + x.id()) + "\">diff</a>");
            out.add("<a href=\"" + esc(relative(src)) + "\">file</a>");
        }
        return String.join(" · ", out);
    }

    /** A path relative to the page's folder, each segment URL-encoded, '/'-separated. */
    private String relative(Path file) {
        Path rel = outDir.relativize(file.toAbsolutePath().normalize());
        List<String> parts = new ArrayList<>();
        for (Path p : rel) {
            parts.add(URLEncoder.encode(p.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", parts);
    }

    // ---- building blocks ----

    private interface Block {
        void write(CampaignView v);
    }

    /** One block per campaign, side by side. */
    private void cols(Block b) {
        h.append("<div class=\"cols\" style=\"--n: ").append(views.size()).append("\">");
        for (CampaignView v : views) {
            h.append("<div class=\"col\">");
            b.write(v);
            h.append("</div>");
        }
        h.append("</div>\n");
    }

    private void chart(CampaignView v, String id, String kind, String set, List<String> series) {
        h.append("<div class=\"chart chart-").append(kind).append("\" id=\"").append(anchor(v, id)).append("\" data-chart=\"").append(kind)
                .append("\" data-campaign=\"").append(v.index).append("\"");
        if (set != null) {
            h.append(" data-set=\"").append(set).append("\"");
        }
        h.append(" data-series=\"").append(esc(String.join("\u001f", series))).append("\"></div>\n");
    }

    static String anchor(CampaignView v, String what) {
        return "c" + v.index + "-" + what.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private String chartJson() {
        List<Map<String, Object>> cs = views.stream().map(CampaignView::chartData).toList();
        try {
            String json = new ObjectMapper().writeValueAsString(Map.of("campaigns", cs));
            // Inside <script>: '<' '>' '&' only occur in JSON strings, where their \\u escapes mean the same.
            return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the charts' data: " + e.getMessage(), e);
        }
    }

    /** A script's text, safe inside a {@code <script>} element. */
    static String inlineScript(String js) {
        return js.replace("</script", "<\\/script").replace("<!--", "<\\!--");
    }

    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (a broken build of crinn4j)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name + ": " + e.getMessage(), e);
        }
    }

    private static String num(Double d, String format) {
        return d == null ? "—" : String.format(Locale.ROOT, format, d);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
