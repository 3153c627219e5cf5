package io.crinn4j.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crinn4j.agent.campaign.Tally;
import io.crinn4j.agent.campaign.Variant;
import io.crinn4j.agent.campaign.VariantId;
import io.crinn4j.agent.campaign.VariantStatus;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.util.Text;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.reward.RewardSummary;
import io.crinn4j.sandbox.DistanceWork;
import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.sandbox.harness.SweepConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the report shows of one campaign, computed from its folder ({@link CampaignFolder}): the
 * summary and method line, per module the leaderboard and the confirmation of its stage, the
 * curves, reward over evaluations, the lineage, failures by status and tokens per group. Anything
 * the folder does not hold (a campaign still running, or one written by an earlier version) is a
 * note saying so, never an error.
 */
final class CampaignView {
    /** The crossover donor named by the mutate proposer's description, e.g. {@code crossover method X#m(..) from search-s1-g000-0}. */
    private static final Pattern CROSSOVER = Pattern.compile("crossover\\b[^;]*?\\bfrom ([a-z]+-s\\d+-(?:g\\d+-\\d+|start))");

    final int index;
    final CampaignFolder folder;
    final CampaignConfig cfg;
    final RecallBand band;
    final Tally tally;
    /** Stage number → accepted winner id (absent: the stage kept its start, or has not ended). */
    final Map<Integer, String> winners = new TreeMap<>();
    /** Stage number → the reward the stage ended with (the winner's confirmed reward, or its start's). */
    final Map<Integer, Double> stageRewards = new TreeMap<>();
    /** Stages that have ended ({@code stage-done}). */
    final Set<Integer> stagesDone = new LinkedHashSet<>();
    /** Stage number → its {@code winner-confirmation} event. */
    final Map<Integer, JsonNode> confirmations = new TreeMap<>();
    /** Variant id → its confirmed ratio to the seed (geometric mean of its rounds), rounds and verdict, for finalists. */
    final Map<String, Confirmed> confirmed = new LinkedHashMap<>();
    /** Variants added as finalists for their counted work. */
    final Set<String> workFinalists = new LinkedHashSet<>();
    final List<Board> boards = new ArrayList<>();
    final Curves.Set campaignCurves;
    final Curves.Set heldOutCurves;
    /** The final module set's variant (the last accepted winner), or null when the final set is the seed. */
    final String finalSet;
    final HeldOut heldOut;

    /** A finalist's re-measurement: its geometric-mean ratio to the seed over its rounds, the rounds, its gain over the current set, the verdict. */
    record Confirmed(Double reward, int rounds, Double gain, Double lowerBound, String verdict, List<Double> ratios) {
    }

    /** The held-out check: median ratio, rounds' ratios, counted work; all null when not measured. */
    record HeldOut(Double reward, List<Double> ratios, Double work, Double seedAuc, Double finalAuc) {
    }

    /** One row of a module's leaderboard. */
    record Row(int rank, Variant variant, boolean winner, boolean start, Confirmed confirmed, Double heldOut, Double work, Double qps090,
               Double qps095, Double indexMiB) {
    }

    /** A module's leaderboard: its stage, counts and rows. */
    record Board(ModuleKind module, int stage, Tally tally, List<Row> rows, int ok) {
    }

    CampaignView(int index, CampaignFolder folder, int top) {
        this.index = index;
        this.folder = folder;
        this.cfg = folder.config();
        this.band = cfg.reward().band();
        this.tally = Tally.of(folder.variants());
        for (JsonNode e : folder.events("stage-done")) {
            int s = e.path("stage").asInt();
            stagesDone.add(s);
            String w = e.path("winner").asText(null);
            if (w != null && !w.endsWith("-start")) {
                winners.put(s, w);
            }
            if (e.hasNonNull("reward")) {
                stageRewards.put(s, e.get("reward").asDouble());
            }
        }
        if (folder.result() != null && folder.result().winners() != null) {
            // A finished campaign's result names the winners too; stage-done events are the running campaign's source.
            List<ModuleKind> modules = cfg.moduleKinds();
            for (int s = 0; s < modules.size(); s++) {
                String w = folder.result().winners().get(modules.get(s).cliName());
                if (w != null && !w.endsWith("-start")) {
                    winners.putIfAbsent(s, w);
                }
            }
        }
        for (JsonNode e : folder.events("winner-confirmation")) {
            confirmations.put(e.path("stage").asInt(), e);
            for (JsonNode f : e.path("finalists")) {
                confirmed.put(f.path("variant").asText(), confirmedOf(f));
            }
        }
        for (JsonNode e : folder.events("work-finalist")) {
            workFinalists.add(e.path("variant").asText());
        }
        String fin = null;
        for (String w : winners.values()) {
            fin = w;
        }
        this.finalSet = fin;
        this.heldOut = heldOutOf(folder);
        for (int s = 0; s < cfg.moduleKinds().size(); s++) {
            Board b = board(cfg.moduleKinds().get(s), s, top);
            if (b != null) {
                boards.add(b);
            }
        }
        this.campaignCurves = campaignCurves();
        this.heldOutCurves = heldOutCurves();
    }

    // ---- summary ----

    String name() {
        return cfg.name();
    }

    boolean running() {
        return !folder.finished();
    }

    /** {@code completed after 12 evaluations}, or {@code running: 8 of 12 evaluations, stage 2 (search)}. */
    String status() {
        if (folder.result() != null) {
            return folder.result().stopReason() + " after " + folder.result().evaluations() + " evaluations";
        }
        int stage = -1;
        for (JsonNode e : folder.events("stage")) {
            stage = e.path("stage").asInt();
        }
        String where = stage < 0 ? "setting up" : "stage " + (stage + 1) + " (" + moduleOf(stage) + ")"
                + (stagesDone.contains(stage) ? " done" : "");
        return "running or stopped before its end (no result.json): " + tally.made() + " of " + cfg.budget().evaluations()
                + " evaluations, " + where;
    }

    /** The last event's time, or null. */
    String lastEventTime() {
        List<JsonNode> ev = folder.events();
        return ev.isEmpty() ? null : ev.get(ev.size() - 1).path("time").asText(null);
    }

    /** Whether a stage that has not ended has all its groups complete: it is re-measuring its finalists (or about to). */
    boolean confirming(int stage) {
        if (stagesDone.contains(stage)) {
            return false;
        }
        for (JsonNode e : folder.events("stage")) {
            if (e.path("stage").asInt() == stage && e.has("groups")) {
                int n = e.get("groups").asInt();
                String module = moduleOf(stage);
                for (int g = 0; g < n; g++) {
                    if (!folder.groups().containsKey(String.format(Locale.ROOT, "%s-s%d-g%03d", module, stage, g))) {
                        return false;
                    }
                }
                return n > 0;
            }
        }
        return false;
    }

    /** The module a stage evolves, by the campaign's settings (a stage number they do not have reads as {@code ?}). */
    String moduleOf(int stage) {
        List<ModuleKind> ms = cfg.moduleKinds();
        return stage >= 0 && stage < ms.size() ? ms.get(stage).cliName() : "?";
    }

    String proposer() {
        return cfg.proposer().label();
    }

    /** The campaign's query sets from its {@code queries} event, e.g. {@code 500 campaign queries, 500 held-out, base 9000}; null when not recorded. */
    String queries() {
        List<JsonNode> q = folder.events("queries");
        if (q.isEmpty()) {
            return null;
        }
        JsonNode e = q.get(q.size() - 1);
        return String.format(Locale.ROOT, "%d campaign queries, %d held-out, base of %,d vectors", e.path("campaign").asInt(),
                e.path("heldOut").asInt(), e.path("base").asInt());
    }

    /** The distinct measurement methods of the campaign's evaluations (one, unless the JDK or machine changed on resume). */
    List<Method> methods() {
        Set<Method> out = new LinkedHashSet<>();
        for (Variant v : folder.variants()) {
            if (v.evaluation() != null && v.evaluation().method() != null) {
                out.add(v.evaluation().method());
            }
        }
        return List.copyOf(out);
    }

    /** Threads, runs, k, ef values, band and seed instances: how every number was measured, from the campaign's settings. */
    String protocol() {
        SweepConfig sw = cfg.sandboxConfig().sweep();
        int[] efs = sw.efs();
        return String.format(Locale.ROOT, "search timed on %d thread%s, query by query; best of %d runs per ef; recall@%d; %d ef values %d–%d;"
                + " reward = AUC over recall [%.2f, %.2f] relative to the fastest of %d seed instance%s in the same worker",
                sw.threads(), sw.threads() == 1 ? "" : "s", sw.runs(), sw.k(), efs.length, efs[0], efs[efs.length - 1], band.lo(), band.hi(),
                cfg.evaluator().seedInstances(), cfg.evaluator().seedInstances() == 1 ? "" : "s");
    }

    // ---- leaderboards ----

    private Board board(ModuleKind m, int stage, int top) {
        List<Variant> vs = folder.variants().stream().filter(v -> v.module() == m).toList();
        if (vs.isEmpty()) {
            return null;
        }
        Variant start = vs.stream().filter(v -> v.isStart() && v.stage() == stage).findFirst().orElse(null);
        List<Variant> ok = vs.stream().filter(Variant::ok)
                .sorted(Comparator.comparingDouble(Variant::reward).reversed().thenComparing(Variant::id)).toList();
        String winner = winners.get(stage);
        List<Row> rows = new ArrayList<>();
        int rank = 0;
        for (Variant v : ok) {
            rank++;
            boolean isWinner = v.id().equals(winner);
            if (rank > top && !isWinner && !v.isStart() && !confirmed.containsKey(v.id())) {
                continue;
            }
            RewardSummary s = v.evaluation() == null ? null : v.evaluation().summary();
            Double work = start == null || start.evaluation() == null || v.evaluation() == null ? null
                    : DistanceWork.ratio(v.evaluation(), start.evaluation(), band);
            rows.add(new Row(rank, v, isWinner, v.isStart(), confirmed.get(v.id()), v.id().equals(finalSet) ? heldOut.reward() : null, work,
                    s == null ? null : s.qpsAt090(), s == null ? null : s.qpsAt095(),
                    v.indexBytes() == null ? null : v.indexBytes() / 1048576.0));
        }
        return new Board(m, stage, Tally.of(vs), rows, ok.size());
    }

    private static Confirmed confirmedOf(JsonNode f) {
        List<Double> ratios = new ArrayList<>();
        for (JsonNode r : f.path("ratios")) {
            ratios.add(r.asDouble());
        }
        int rounds = f.has("rounds") ? f.get("rounds").asInt() : ratios.size();
        int used = Math.min(rounds > 0 ? rounds : ratios.size(), ratios.size());
        Double reward = null;
        if (used > 0) {
            double logSum = 0;
            for (int i = 0; i < used; i++) {
                logSum += Math.log(ratios.get(i));
            }
            reward = Math.exp(logSum / used);
        }
        return new Confirmed(reward, used, num(f, "gain"), num(f, "lowerBound"), f.path("verdict").asText("not recorded"), ratios);
    }

    static Double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText()); // the held-out event writes its numbers as text ("null" when not measured)
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static HeldOut heldOutOf(CampaignFolder folder) {
        List<JsonNode> h = folder.events("held-out");
        List<Double> ratios = new ArrayList<>();
        if (!h.isEmpty()) {
            JsonNode e = h.get(h.size() - 1);
            for (JsonNode r : e.path("ratios")) {
                ratios.add(r.asDouble());
            }
            return new HeldOut(num(e, "reward"), ratios, num(e, "distanceWork"), num(e, "seedAuc"), num(e, "finalAuc"));
        }
        if (folder.result() != null && folder.result().heldOutReward() != null) {
            return new HeldOut(folder.result().heldOutReward(), ratios, folder.result().heldOutWork(), folder.result().heldOutSeedAuc(),
                    folder.result().heldOutAuc());
        }
        return new HeldOut(null, ratios, null, null, null);
    }

    // ---- curves ----

    private Curves.Set campaignCurves() {
        List<Curves.Series> series = new ArrayList<>();
        Variant seed = folder.variants().stream().filter(v -> v.isStart() && v.stage() == 0).findFirst().orElse(null);
        Curves.Series s = Curves.of(finalSet == null && !running() ? "seed = final set" : "seed", "seed", seed);
        if (s != null) {
            series.add(s);
        }
        for (Map.Entry<Integer, String> w : winners.entrySet()) {
            Variant v = folder.variant(w.getValue()).orElse(null);
            String module = moduleOf(w.getKey());
            boolean last = w.getValue().equals(finalSet) && !running();
            addWithSeed(series, (last ? "final set: " : "") + module + " winner " + w.getValue(), last ? "final" : "winner", v);
        }
        if (running()) {
            // The stage under way: its best first measurement so far, if it beats the stage's start.
            int current = -1;
            for (JsonNode e : folder.events("stage")) {
                current = e.path("stage").asInt();
            }
            if (current >= 0 && !stagesDone.contains(current)) {
                int st = current;
                Variant start = folder.variants().stream().filter(v -> v.isStart() && v.stage() == st).findFirst().orElse(null);
                folder.variants().stream().filter(v -> v.stage() == st && !v.isStart() && v.ok() && (start == null || v.reward() > start.reward()))
                        .max(Comparator.comparingDouble(Variant::reward))
                        .ifPresent(v -> addWithSeed(series, "best so far (not confirmed): " + v.id(), "best", v));
            }
        }
        String note = series.isEmpty() ? "no measured curve recorded yet"
                : "each curve is a first measurement in its own worker; a dashed curve is the seed instance measured beside the variant"
                        + " before it, the reference of its reward (the machine's speed drifts between workers)"
                        + (running() ? "; campaign still running: winners are the stages that have ended, the final set is not known yet" : "");
        return new Curves.Set("campaign queries", series, note);
    }

    /** The variant's curve and, right after it, the seed instance its reward was taken against (same worker), when stored. */
    private void addWithSeed(List<Curves.Series> series, String name, String role, Variant v) {
        Curves.Series c = Curves.of(name, role, v);
        if (c == null) {
            return;
        }
        series.add(c);
        List<Curves.Point> seed = Curves.pairedSeed(folder.path(), v.evaluation());
        if (!seed.isEmpty()) {
            series.add(new Curves.Series("seed beside " + v.id(), role + "-seed", null, seed));
        }
    }

    private Curves.Set heldOutCurves() {
        List<JsonNode> h = folder.events("held-out");
        if (!h.isEmpty()) {
            JsonNode e = h.get(h.size() - 1);
            List<Curves.Point> seed = Curves.frontier(e.get("seedCurve"));
            List<Curves.Point> fin = Curves.frontier(e.get("finalCurve"));
            String round = e.path("curveRound").asText("null");
            if (!seed.isEmpty() && !fin.isEmpty()) {
                return new Curves.Set("held-out queries", List.of(new Curves.Series("seed", "seed", null, seed),
                        new Curves.Series("final set", "final", finalSet, fin)), "the round nearest the median ratio (round " + round + ")");
            }
            HeldOutEvals.Found f = HeldOutEvals.read(folder.path());
            if (f != null) {
                return new Curves.Set("held-out queries", List.of(new Curves.Series("seed", "seed", null, Curves.frontier(f.seed())),
                        new Curves.Series("final set", "final", finalSet, Curves.frontier(f.finalSet()))),
                        "read from heldout/evals (this campaign's held-out event predates the curves): the round nearest the median ratio (round "
                                + f.round() + ")");
            }
            return new Curves.Set("held-out queries", List.of(), "not recorded: the held-out check ran (reward " + fmt(heldOut.reward())
                    + ") but this campaign's version kept no curves of it that can be told apart");
        }
        String why;
        if (!cfg.confirmation().heldOut()) {
            why = "not measured: the held-out check is turned off (confirmation.heldOut: false)";
        } else if (running()) {
            why = "not measured yet: the held-out check runs when the campaign's last stage has ended";
        } else if (!"completed".equals(folder.result().stopReason())) {
            why = "not measured: the campaign stopped before its end (" + folder.result().stopReason() + ")";
        } else if (finalSet == null) {
            why = "not measured: no stage accepted a variant, so the final module set is the seed";
        } else {
            why = "not recorded";
        }
        return new Curves.Set("held-out queries", List.of(), why);
    }

    // ---- charts' data ----

    /** Variants in evaluation order (stage, group, index), starts left out. */
    List<Variant> evaluations() {
        return folder.variants().stream().filter(v -> !v.isStart()).toList();
    }

    /** The data the page's script draws, one object per campaign. */
    Map<String, Object> chartData() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("band", List.of(band.lo(), band.hi()));
        m.put("curves", Map.of("campaign", curveData(campaignCurves), "heldOut", curveData(heldOutCurves)));
        m.put("timeline", timeline());
        m.put("lineage", lineage());
        m.put("failures", failureCounts());
        m.put("tokens", tokens());
        return m;
    }

    private static Map<String, Object> curveData(Curves.Set set) {
        List<Map<String, Object>> series = new ArrayList<>();
        for (Curves.Series s : set.series()) {
            List<double[]> pts = s.points().stream().map(p -> new double[] {p.recall(), p.qps(), p.ef()}).toList();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", s.name());
            o.put("role", s.role());
            o.put("points", pts);
            series.add(o);
        }
        return Map.of("title", set.title(), "series", series);
    }

    private Map<String, Object> timeline() {
        List<Map<String, Object>> points = new ArrayList<>();
        List<double[]> best = new ArrayList<>();
        List<Map<String, Object>> stages = new ArrayList<>();
        List<Map<String, Object>> won = new ArrayList<>();
        double bestSoFar = 1.0; // the seed
        double lowest = 1.0;
        int n = 0;
        int lastStage = -1;
        for (Variant v : evaluations()) {
            n++;
            if (v.stage() != lastStage) {
                lastStage = v.stage();
                stages.add(Map.of("n", n, "label", "stage " + (v.stage() + 1) + ": " + v.module().cliName()));
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("n", n);
            p.put("id", v.id());
            p.put("status", v.status().name());
            p.put("reward", v.reward());
            p.put("scored", v.ok() || v.duplicate());
            p.put("how", Text.oneLine(v.proposer(), 160));
            points.add(p);
            if (v.ok()) {
                bestSoFar = Math.max(bestSoFar, v.reward());
                lowest = Math.min(lowest, v.reward());
            }
            best.add(new double[] {n, bestSoFar});
            for (Map.Entry<Integer, String> w : winners.entrySet()) {
                if (w.getValue().equals(v.id())) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("n", n);
                    o.put("id", v.id());
                    o.put("first", v.reward());
                    o.put("confirmed", stageRewards.getOrDefault(w.getKey(), confirmed.containsKey(v.id()) ? confirmed.get(v.id()).reward() : v.reward()));
                    o.put("reMeasured", confirmed.containsKey(v.id()));
                    won.add(o);
                }
            }
        }
        // Failures have no reward worth a scale (the penalty): drawn on the axis' floor, below the scored ones.
        double floor = Math.max(0, Math.floor((lowest - 0.05) * 20) / 20);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("points", points);
        m.put("best", best);
        m.put("stages", stages);
        m.put("winners", won);
        m.put("floor", floor);
        m.put("penalty", cfg.reward().failurePenalty());
        return m;
    }

    /** Grid positions: one column per group (the stage's start in the column before its first group), one row per index in the group. */
    private Map<String, Object> lineage() {
        Map<Integer, Integer> groupsOf = new TreeMap<>();
        for (Variant v : folder.variants()) {
            groupsOf.merge(v.stage(), v.group() + 1, Math::max);
        }
        Map<Integer, Integer> base = new TreeMap<>();
        int col = 0;
        for (Map.Entry<Integer, Integer> e : groupsOf.entrySet()) {
            base.put(e.getKey(), col);
            col += e.getValue() + 2;
        }
        int groupSize = Math.max(1, cfg.sampling().group());
        Set<String> ids = new LinkedHashSet<>();
        folder.variants().forEach(v -> ids.add(v.id()));
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        for (Variant v : folder.variants()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", v.id());
            node.put("x", base.get(v.stage()) + v.group() + 1);
            node.put("y", v.isStart() ? (groupSize - 1) / 2.0 : v.index());
            node.put("status", v.status().name());
            node.put("reward", v.reward());
            node.put("ok", v.ok());
            node.put("winner", winners.containsValue(v.id()));
            node.put("start", v.isStart());
            node.put("how", Text.oneLine(v.proposer(), 160));
            nodes.add(node);
            String parent = v.parents() == null || v.parents().isEmpty() ? null : v.parents().get(0);
            if (parent != null && ids.contains(parent)) {
                edges.add(Map.of("source", parent, "target", v.id(), "kind", "parent"));
            }
            for (String donor : crossoverDonors(v)) {
                if (ids.contains(donor) && !donor.equals(parent)) {
                    edges.add(Map.of("source", donor, "target", v.id(), "kind", "crossover"));
                }
            }
        }
        List<Map<String, Object>> columns = new ArrayList<>(); // the x-axis labels: each stage's start column, then its groups
        for (Map.Entry<Integer, Integer> e : base.entrySet()) {
            columns.add(Map.of("x", e.getValue(), "label", "stage " + (e.getKey() + 1) + ": " + moduleOf(e.getKey())));
            for (int g = 0; g < groupsOf.get(e.getKey()); g++) {
                columns.add(Map.of("x", e.getValue() + g + 1, "label", "g" + g));
            }
        }
        return Map.of("nodes", nodes, "edges", edges, "columns", columns, "rows", groupSize);
    }

    /** The variants a mutate crossover took a method from, named in its description. */
    static List<String> crossoverDonors(Variant v) {
        List<String> out = new ArrayList<>();
        if (v.proposer() != null) {
            Matcher m = CROSSOVER.matcher(v.proposer());
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    // ---- failures ----

    /** Status → per module (in campaign order) the count, for statuses other than OK, in the enum's order. */
    Map<VariantStatus, int[]> failures() {
        Map<VariantStatus, int[]> out = new TreeMap<>();
        List<ModuleKind> modules = cfg.moduleKinds();
        for (Variant v : evaluations()) {
            if (!v.ok()) {
                int i = modules.indexOf(v.module());
                out.computeIfAbsent(v.status(), k -> new int[modules.size()])[Math.max(0, i)]++;
            }
        }
        return out;
    }

    /** Up to {@code max} variants of a status with distinct feedback, earliest first. */
    List<Variant> examples(VariantStatus status, int max) {
        List<Variant> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Variant v : evaluations()) {
            if (v.status() == status && seen.add(String.valueOf(v.feedback())) && out.size() < max) {
                out.add(v);
            }
        }
        return out;
    }

    private Map<String, Object> failureCounts() {
        List<Map<String, Object>> series = new ArrayList<>();
        for (Map.Entry<VariantStatus, int[]> e : failures().entrySet()) {
            series.add(Map.of("status", e.getKey().name(), "counts", e.getValue()));
        }
        return Map.of("modules", cfg.modules(), "series", series);
    }

    // ---- tokens ----

    /** One group's LLM use. */
    record GroupUse(String group, String module, int replies, long inputTokens, long outputTokens, double costUsd, String proposers) {
    }

    List<GroupUse> groupUse() {
        Map<String, List<Variant>> byGroup = new LinkedHashMap<>();
        for (Variant v : evaluations()) {
            byGroup.computeIfAbsent(VariantId.groupId(v.module(), v.stage(), v.group()), k -> new ArrayList<>())
                    .add(v);
        }
        List<GroupUse> out = new ArrayList<>();
        for (Map.Entry<String, List<Variant>> e : byGroup.entrySet()) {
            long in = 0, outTok = 0;
            double cost = 0;
            Set<String> who = new LinkedHashSet<>();
            for (Variant v : e.getValue()) {
                in += v.inputTokens();
                outTok += v.outputTokens();
                cost += v.costUsd();
                String p = v.proposer() == null ? "?" : v.proposer();
                who.add(p.contains(":") && p.startsWith("mutate") ? "mutate" : p);
            }
            out.add(new GroupUse(e.getKey(), e.getValue().get(0).module().cliName(), e.getValue().size(), in, outTok, cost, String.join(", ", who)));
        }
        return out;
    }

    boolean usedTokens() {
        return tally.inputTokens() + tally.outputTokens() > 0 || tally.costUsd() > 0;
    }

    private Map<String, Object> tokens() {
        List<GroupUse> g = groupUse();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("used", usedTokens());
        m.put("groups", g.stream().map(GroupUse::group).toList());
        m.put("input", g.stream().map(GroupUse::inputTokens).toList());
        m.put("output", g.stream().map(GroupUse::outputTokens).toList());
        m.put("cost", g.stream().map(GroupUse::costUsd).toList());
        return m;
    }

    static String fmt(Double d) {
        return d == null ? "—" : String.format(Locale.ROOT, "%.3f", d);
    }
}
