package io.crinn4j.agent.prompt;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.Status;
import io.crinn4j.sandbox.SourceRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the contrastive prompt from the template {@code io/crinn4j/agent/prompt/contrastive.md}
 * (see {@link PromptTemplate} and {@code docs/prompt.md} for the placeholders).
 *
 * <p>Sections, in order: role and goal, the module contract, the sandbox rules, the exemplars
 * best first (complete code, status, AUC, reward, a few (recall, QPS) points), the unified diff
 * between the best variant and its parent, the latest failures with their (trimmed) sandbox
 * feedback, and the answer instructions (one complete {@code ```java} block, or SEARCH/REPLACE
 * edits against the best variant).
 *
 * <p>Length guard: when the prompt is longer than the character budget, it is shrunk step by step
 * until it fits: failure feedback shortened to {@value #SHORT_FAILURE_FEEDBACK_CHARS} characters,
 * then dropped (status only), then the code of the exemplars other than the best omitted, worst
 * first (their scores stay), then the diff shortened. The best variant's code, the contract and
 * the rules are never cut, so a prompt may still exceed the budget when they alone do. Whatever
 * was left out is stated at the top of the exemplar section and where it was cut.
 *
 * <p>Immutable and thread-safe.
 */
public final class PromptBuilder {

    public static final int DEFAULT_CHAR_BUDGET = 60_000;
    public static final int DEFAULT_FAILURE_FEEDBACK_CHARS = 1_500;
    public static final int SHORT_FAILURE_FEEDBACK_CHARS = 300;
    public static final int DEFAULT_MAX_POINTS = 6;
    public static final int DEFAULT_MAX_DIFF_CHARS = 8_000;
    public static final int SHORT_DIFF_CHARS = 2_000;
    /** Below this the contract and the rules alone overflow every prompt. */
    public static final int MIN_CHAR_BUDGET = 1_000;
    /** Below this a diff shows no more than its headers. */
    public static final int MIN_DIFF_CHARS = 100;

    /**
     * What a prompt states and how long it may grow. The band and the budgets have no defaults here:
     * they must be the ones the campaign's referee enforces, so the caller passes those (a prompt that
     * said 3x while the campaign enforced 5x misled the LLM).
     *
     * @param charBudget           target prompt length in characters (at least {@value #MIN_CHAR_BUDGET})
     * @param failureFeedbackChars longest sandbox feedback shown per failure before the length guard shortens it
     * @param maxPoints            most (recall, QPS) points shown per exemplar
     * @param maxDiffChars         longest diff between the best and its parent before the length guard shortens it
     * @param band                 the recall band the reward integrates over
     * @param buildBudget          build time allowed, as a multiple of the seed's
     * @param memoryBudget         index memory allowed, as a multiple of the seed's
     */
    public record Settings(int charBudget, int failureFeedbackChars, int maxPoints, int maxDiffChars, RecallBand band, double buildBudget,
                           double memoryBudget) {
        public Settings {
            if (charBudget < MIN_CHAR_BUDGET) {
                throw new IllegalArgumentException("character budget must be >= " + MIN_CHAR_BUDGET + ", got " + charBudget);
            }
            if (failureFeedbackChars < 1 || maxPoints < 1) {
                throw new IllegalArgumentException("failure feedback length and points must be >= 1, got " + failureFeedbackChars + " and "
                        + maxPoints);
            }
            if (maxDiffChars < MIN_DIFF_CHARS) {
                throw new IllegalArgumentException("max diff length must be >= " + MIN_DIFF_CHARS + ", got " + maxDiffChars);
            }
            java.util.Objects.requireNonNull(band, "band");
            if (!(buildBudget > 0) || !(memoryBudget > 0)) {
                throw new IllegalArgumentException("budgets must be > 0, got build " + buildBudget + ", memory " + memoryBudget);
            }
        }
    }

    private final PromptTemplate template;
    private final Settings settings;

    /** The contrastive template with {@code settings}. */
    public PromptBuilder(Settings settings) {
        this(PromptTemplate.contrastive(), settings);
    }

    /** Another template (it may use any subset of the placeholders; unknown ones fail). */
    public PromptBuilder(PromptTemplate template, Settings settings) {
        this.template = java.util.Objects.requireNonNull(template, "template");
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    /**
     * Renders the prompt.
     *
     * @param kind             the module being evolved
     * @param sortedBestFirst  the exemplars (e.g. from {@link ExemplarSampler#sample}); at least one. They
     *                         are shown sorted by reward, best first (a stable sort, so an already sorted
     *                         list keeps its order); the first is the parent of SEARCH/REPLACE edits
     * @param bestParentOrNull the variant the best was derived from, for the diff; null when it has none
     * @param failures         recent failures with feedback (e.g. {@link ExemplarSampler#failures}); may be empty
     */
    public String build(ModuleKind kind, List<Exemplar> sortedBestFirst, Exemplar bestParentOrNull, List<Exemplar> failures) {
        if (kind == null) {
            throw new IllegalArgumentException("module kind is required");
        }
        if (sortedBestFirst == null || sortedBestFirst.isEmpty()) {
            throw new IllegalArgumentException("at least one exemplar (the best variant) is required");
        }
        List<Exemplar> ex = new ArrayList<>(sortedBestFirst);
        ex.sort(Comparator.comparing(Exemplar::reward, Comparator.nullsLast(Comparator.reverseOrder())));
        List<Exemplar> fails = failures == null ? List.of() : failures;

        Plan plan = new Plan(ex.size(), settings.failureFeedbackChars(), settings.maxDiffChars());
        String prompt = render(kind, ex, bestParentOrNull, fails, plan);
        List<Runnable> steps = new ArrayList<>();
        if (!fails.isEmpty()) {
            steps.add(() -> plan.feedbackChars = Math.min(plan.feedbackChars, SHORT_FAILURE_FEEDBACK_CHARS));
            steps.add(() -> plan.feedbackOmitted = true);
        }
        for (int i = ex.size() - 1; i >= 1; i--) {
            int idx = i;
            steps.add(() -> plan.codeOmitted[idx] = true);
        }
        if (bestParentOrNull != null) {
            steps.add(() -> plan.diffChars = Math.min(plan.diffChars, SHORT_DIFF_CHARS));
        }
        for (Runnable step : steps) {
            if (prompt.length() <= settings.charBudget()) {
                break;
            }
            step.run();
            prompt = render(kind, ex, bestParentOrNull, fails, plan);
        }
        return prompt;
    }

    /** What the length guard has cut so far. */
    private static final class Plan {
        int feedbackChars;
        boolean feedbackOmitted;
        final boolean[] codeOmitted;
        int diffChars;
        // Set while rendering: what was actually cut (a short feedback may need no trimming).
        boolean feedbackTrimmed;
        boolean diffTrimmed;

        Plan(int exemplars, int feedbackChars, int diffChars) {
            this.codeOmitted = new boolean[exemplars];
            this.feedbackChars = feedbackChars;
            this.diffChars = diffChars;
        }
    }

    private String render(ModuleKind kind, List<Exemplar> ex, Exemplar parent, List<Exemplar> fails, Plan plan) {
        plan.feedbackTrimmed = false;
        plan.diffTrimmed = false;
        Map<String, String> v = new LinkedHashMap<>();
        v.put("module", kind.cliName());
        v.put("interface_name", kind.contract().getSimpleName());
        v.put("module_focus", moduleFocus(kind));
        v.put("band_lo", number(settings.band().lo()));
        v.put("band_hi", number(settings.band().hi()));
        v.put("build_budget", number(settings.buildBudget()));
        v.put("memory_budget", number(settings.memoryBudget()));
        v.put("contract", ContractText.forKind(kind));
        v.put("sandbox_rules", sandboxRules(kind));
        v.put("exemplar_count", Integer.toString(ex.size()));
        v.put("exemplars", exemplars(ex, plan));
        v.put("diff", diff(ex.get(0), parent, plan));
        v.put("failures", failures(fails, plan));
        v.put("best_id", idOf(ex.get(0)));
        v.put("omissions", omissions(ex, fails, plan));
        return template.render(v);
    }

    // ---- sections ---------------------------------------------------------------------------

    /** What to look at in this module kind; one paragraph. */
    static String moduleFocus(ModuleKind kind) {
        switch (kind) {
            case CONSTRUCTION:
                return "You change how the graph is built; search and refinement are fixed. The graph decides how many "
                        + "distances a search needs for a given recall: neighbour selection and pruning, degree, the "
                        + "entry points and the layout of the adjacency arrays all matter. Build time counts only against "
                        + "its budget, so a slower build that gives a better graph can pay off.";
            case SEARCH:
                return "You change the per-query walk over a fixed graph; construction and refinement are fixed. Its cost "
                        + "is distance computations and pool bookkeeping: fewer or cheaper distances (quantized codes, "
                        + "batching, memory layout prepared in prepare()), tighter termination, a cheaper visited set and "
                        + "candidate pool. prepare() counts as build time.";
            default:
                return "You change how search candidates become the final top-k; construction and search are fixed. "
                        + "candidates(k) decides how many candidates search must produce and refine() how they are "
                        + "re-ranked: a smaller window and fewer or cheaper exact distances give more QPS, too few cost recall.";
        }
    }

    /** The sandbox section: what candidate code may use and what gets it rejected. */
    static String sandboxRules(ModuleKind kind) {
        String iface = kind.contract().getSimpleName();
        StringBuilder sb = new StringBuilder();
        sb.append("A candidate that breaks these rules is rejected before it is measured, which wastes the attempt.\n\n");
        sb.append("- **One file, one class:** exactly one public top-level class that implements `").append(iface)
                .append("` and has a public no-argument constructor; helper types go inside it as nested classes. Keep the "
                        + "best variant's `package` line (`java.*`, `io.crinn4j.contract` and the harness's packages are "
                        + "reserved). Java 17 language level. Tunables are constants in the file.\n");
        sb.append("- **APIs:** ").append(SourceRules.allowedApi()).append('\n');
        sb.append("- **No static mutable state:** static fields must be `static final` constants of a primitive, boxed or "
                + "String type (a `static final int[]` is mutable and refused); keep state in instance fields.\n");
        sb.append("- **Single-threaded:** the harness owns the threads; no threads, executors, `java.util.concurrent`, "
                + "parallel streams, `synchronized` or `native`.\n");
        sb.append("- **Deterministic:** the same input gives the same output; seed any randomness with a constant "
                + "(`new SplittableRandom(42)`); never read a clock.\n");
        if (kind == ModuleKind.CONSTRUCTION) {
            sb.append("- **Allocation:** allocate working arrays once per build, not per inserted node; build time is measured.\n");
        } else {
            sb.append("- **No per-query allocation:** allocate scratch arrays in the searcher/refiner constructor (grow them "
                    + "only when a larger ef or candidate count than ever before arrives); no boxing, collections or "
                    + "capturing lambdas on the per-query path. After `prepare` the module's own state is read-only.\n");
            sb.append("- **Honest answers:** results must not depend on query order or on earlier queries (no caching of "
                    + "answers); ids distinct and valid, nearest first. Wrong or unstable answers are INVALID_RESULT.\n");
            sb.append("- **Nothing outlives a pass:** every timed pass over the queries gets new searchers and refiners, and after "
                    + "each the harness checks that the module's state, the base vectors and the graph (padding included) are "
                    + "exactly as after `prepare`; any change is INVALID_RESULT naming the field.\n");
        }
        sb.append("- **Rejections** come back with the sandbox's feedback (see \"Recent failures\"): ")
                .append(Arrays.stream(Status.values()).filter(st -> st.failed() && st.aboutTheCandidate()).map(Enum::name).collect(Collectors.joining(", ")))
                .append('.');
        return sb.toString();
    }

    private String exemplars(List<Exemplar> ex, Plan plan) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ex.size(); i++) {
            Exemplar e = ex.get(i);
            if (i > 0) {
                sb.append("\n\n");
            }
            sb.append("### Variant ").append(i + 1).append(" of ").append(ex.size()).append(": `").append(idOf(e)).append('`');
            if (i == 0) {
                sb.append(" (best; SEARCH/REPLACE edits apply to this one)");
            } else if (i == ex.size() - 1) {
                sb.append(" (weakest shown)");
            }
            sb.append("\n\n");
            sb.append("Status ").append(e.status() == null ? "OK" : e.status());
            sb.append(" · reward ").append(e.reward() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", e.reward()));
            if (e.reward() != null) {
                sb.append(String.format(Locale.ROOT, " (%+.1f%% vs the seed)", (e.reward() - 1) * 100));
            }
            sb.append(" · AUC ").append(e.auc() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", e.auc())).append("\n\n");
            List<double[]> pts = points(e.points());
            if (!pts.isEmpty()) {
                sb.append("| recall | QPS |\n|---:|---:|\n");
                for (double[] p : pts) {
                    sb.append(String.format(Locale.ROOT, "| %.3f | %.0f |", p[0], p[1])).append('\n');
                }
                sb.append('\n');
            }
            if (plan.codeOmitted[i]) {
                sb.append("(code omitted to fit the prompt budget; its scores are above)");
            } else {
                sb.append(fenced(e.source() == null ? "// source unavailable" : e.source(), "java"));
            }
        }
        return sb.toString();
    }

    /** Up to {@code maxPoints} points, recall ascending, preferring the band and its two neighbours, evenly spread. */
    private List<double[]> points(List<double[]> all) {
        List<double[]> pts = all.stream().filter(p -> p != null && p.length >= 2 && Double.isFinite(p[0]) && Double.isFinite(p[1]))
                .sorted(Comparator.comparingDouble(p -> p[0])).collect(Collectors.toList());
        int first = -1;
        int last = -1;
        for (int i = 0; i < pts.size(); i++) {
            if (pts.get(i)[0] >= settings.band().lo() && pts.get(i)[0] <= settings.band().hi()) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first >= 0) {
            pts = pts.subList(Math.max(0, first - 1), Math.min(pts.size(), last + 2));
        }
        int max = settings.maxPoints();
        if (pts.size() <= max) {
            return pts;
        }
        if (max == 1) {
            return List.of(pts.get(pts.size() / 2));
        }
        List<double[]> out = new ArrayList<>();
        for (int j = 0; j < max; j++) {
            out.add(pts.get((int) Math.round(j * (pts.size() - 1) / (double) (max - 1))));
        }
        return out;
    }

    private String diff(Exemplar best, Exemplar parent, Plan plan) {
        if (parent == null) {
            return "The best variant (`" + idOf(best) + "`) has no recorded parent (it is the seed or was written from "
                    + "scratch), so there is no diff to show.";
        }
        String from = ReplyParser.normalize(parent.source() == null ? "" : parent.source());
        String to = ReplyParser.normalize(best.source() == null ? "" : best.source());
        String head = "The best variant `" + idOf(best) + "` (reward " + reward(best) + ") was derived from `" + idOf(parent)
                + "` (" + (parent.reward() != null ? "reward " + reward(parent) : "status " + parent.status()) + ").";
        List<String> a = Arrays.asList(from.split("\n", -1));
        List<String> b = Arrays.asList(to.split("\n", -1));
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return head + " Their sources are identical; only the measurements differ.";
        }
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff("parent/" + idOf(parent), "best/" + idOf(best), a, patch, 3);
        String text = String.join("\n", lines);
        if (text.length() > plan.diffChars) {
            int cut = text.lastIndexOf('\n', plan.diffChars);
            cut = cut <= 0 ? plan.diffChars : cut;
            int more = countLines(text.substring(cut));
            text = text.substring(0, cut) + "\n[... diff truncated: " + more + " more lines]";
            plan.diffTrimmed = true;
        }
        return head + " Unified diff from the parent to the best (`-` removed, `+` added):\n\n" + fenced(text, "diff");
    }

    private String failures(List<Exemplar> fails, Plan plan) {
        if (fails.isEmpty()) {
            return "No recent failures.";
        }
        StringBuilder sb = new StringBuilder("The latest failed candidates of this module, newest first, with the sandbox's "
                + "feedback. Do not repeat these mistakes.\n\n");
        for (int i = 0; i < fails.size(); i++) {
            Exemplar f = fails.get(i);
            String status = f.status() == null ? "FAILED" : f.status();
            if (plan.feedbackOmitted) {
                sb.append("- `").append(idOf(f)).append("`: ").append(status).append(" (feedback omitted to fit the prompt budget)\n");
                continue;
            }
            sb.append("### `").append(idOf(f)).append("`: ").append(status).append("\n\n");
            String fb = f.feedback() == null || f.feedback().isBlank() ? "(no feedback)" : ReplyParser.normalize(f.feedback()).strip();
            if (fb.length() > plan.feedbackChars) {
                int cut = fb.lastIndexOf('\n', plan.feedbackChars);
                cut = cut < plan.feedbackChars / 2 ? plan.feedbackChars : cut;
                fb = fb.substring(0, cut) + "\n[... " + (fb.length() - cut) + " more characters trimmed]";
                plan.feedbackTrimmed = true;
            }
            sb.append(fenced(fb, "text"));
            if (i < fails.size() - 1) {
                sb.append("\n\n");
            }
        }
        return sb.toString().stripTrailing();
    }

    private String omissions(List<Exemplar> ex, List<Exemplar> fails, Plan plan) {
        List<String> parts = new ArrayList<>();
        List<String> omitted = new ArrayList<>();
        for (int i = ex.size() - 1; i >= 1; i--) {
            if (plan.codeOmitted[i]) {
                omitted.add(0, Integer.toString(i + 1));
            }
        }
        if (!omitted.isEmpty()) {
            parts.add("the code of variant" + (omitted.size() == 1 ? " " : "s ") + String.join(", ", omitted)
                    + " (scores kept)");
        }
        if (plan.feedbackOmitted && !fails.isEmpty()) {
            parts.add("the sandbox feedback of the recent failures (statuses kept)");
        } else if (plan.feedbackTrimmed && plan.feedbackChars < settings.failureFeedbackChars()) {
            parts.add("failure feedback beyond " + plan.feedbackChars + " characters each");
        }
        if (plan.diffTrimmed && plan.diffChars < settings.maxDiffChars()) {
            parts.add("the diff beyond " + plan.diffChars + " characters");
        }
        if (parts.isEmpty()) {
            return "";
        }
        return "> Note: to fit the prompt budget of " + settings.charBudget() + " characters, this prompt omits "
                + String.join("; ", parts) + ".\n\n";
    }

    // ---- formatting ---------------------------------------------------------------------------

    /** Content in a code fence long enough not to be closed by backticks inside it. */
    static String fenced(String content, String lang) {
        String body = ReplyParser.normalize(content).stripTrailing();
        int run = 0;
        int longest = 0;
        for (int i = 0; i < body.length(); i++) {
            run = body.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + lang + "\n" + body + "\n" + fence;
    }

    private static String idOf(Exemplar e) {
        return e.id() == null ? "?" : e.id();
    }

    private static String reward(Exemplar e) {
        return e.reward() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", e.reward());
    }

    private static String number(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static int countLines(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
