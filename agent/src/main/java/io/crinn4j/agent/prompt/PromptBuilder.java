package io.crinn4j.agent.prompt;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.Status;
import io.crinn4j.sandbox.SourceRules;
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

    /**
     * About 90k tokens of code and markdown (3.2–3.8 characters a token): with a reply of up to 10k tokens it fits a
     * 128k-token model, and every exemplar's code fits (variants run 17–25k characters; at 60k only the best's did).
     */
    public static final int DEFAULT_CHAR_BUDGET = 300_000;
    public static final int DEFAULT_FAILURE_FEEDBACK_CHARS = 1_500;
    public static final int SHORT_FAILURE_FEEDBACK_CHARS = 300;
    public static final int DEFAULT_MAX_POINTS = 6;
    public static final int DEFAULT_MAX_DIFF_CHARS = 8_000;
    public static final int SHORT_DIFF_CHARS = 2_000;
    /** Rows of the lessons table kept when the prompt must shrink. */
    public static final int SHORT_LESSONS = 20;
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

    /** A prompt from exemplars alone ({@link PromptInput#of}): no workload, lessons or profile. */
    public String build(ModuleKind kind, List<Exemplar> sortedBestFirst, Exemplar bestParentOrNull, List<Exemplar> failures) {
        return build(PromptInput.of(kind, sortedBestFirst, bestParentOrNull, failures));
    }

    /**
     * Renders the prompt. The exemplars are shown sorted by reward, best first (a stable sort, so an
     * already sorted list keeps its order); the first is the parent of SEARCH/REPLACE edits. In a
     * crossover prompt the partner is shown second, whole, and the diff section compares the two.
     */
    public String build(PromptInput in) {
        List<Exemplar> ex = new ArrayList<>(in.exemplars());
        ex.sort(Comparator.comparing(Exemplar::reward, Comparator.nullsLast(Comparator.reverseOrder())));
        if (in.crossover()) {
            ex.removeIf(e -> e.id() != null && e.id().equals(in.partner().id()));
            ex.add(Math.min(1, ex.size()), in.partner());
        }
        Plan plan = new Plan(ex, settings.failureFeedbackChars(), settings.maxDiffChars(), in.lessons().size(), in.crossover());
        plan.sectionDiff = in.crossover() ? crossoverText(ex, plan) : parentText(ex.get(0), in.bestParent());
        String prompt = render(in, ex, plan);
        List<Runnable> steps = new ArrayList<>();
        if (!in.failures().isEmpty()) {
            steps.add(() -> plan.feedbackChars = Math.min(plan.feedbackChars, SHORT_FAILURE_FEEDBACK_CHARS));
            steps.add(() -> plan.feedbackOmitted = true);
        }
        // Other exemplars' code (already a diff against the best where that is shorter, see Plan): left out, worst first.
        // The partner of a crossover keeps its code: combining it is the task.
        int keep = in.crossover() ? 2 : 1;
        for (int i = ex.size() - 1; i >= keep; i--) {
            int idx = i;
            steps.add(() -> plan.code[idx] = Code.OMITTED);
        }
        steps.add(() -> plan.diffChars = Math.min(plan.diffChars, SHORT_DIFF_CHARS));
        steps.add(() -> plan.lessons = Math.min(plan.lessons, SHORT_LESSONS));
        for (Runnable step : steps) {
            if (prompt.length() <= settings.charBudget()) {
                break;
            }
            step.run();
            prompt = render(in, ex, plan);
        }
        return prompt;
    }

    /** How an exemplar's code is shown. */
    private enum Code { WHOLE, DIFF, OMITTED }

    /** What the length guard has cut so far. */
    private static final class Plan {
        int feedbackChars;
        boolean feedbackOmitted;
        final Code[] code;
        final String[] diffToBest;
        /** The diff section's unified diff, untrimmed (null: identical code or no parent), computed once for every render. */
        String sectionDiff;
        int diffChars;
        int lessons;
        // Set while rendering: what was actually cut (a short feedback may need no trimming).
        boolean feedbackTrimmed;
        boolean diffTrimmed;

        /** Every exemplar's code whole, or as a diff against the best (variant 1) where that is shorter; a crossover's partner whole. */
        Plan(List<Exemplar> ex, int feedbackChars, int diffChars, int lessons, boolean crossover) {
            this.code = new Code[ex.size()];
            this.diffToBest = new String[ex.size()];
            this.feedbackChars = feedbackChars;
            this.diffChars = diffChars;
            this.lessons = lessons;
            code[0] = Code.WHOLE;
            for (int i = 1; i < ex.size(); i++) {
                Exemplar e = ex.get(i);
                diffToBest[i] = e.source() == null || ex.get(0).source() == null ? null
                        : unifiedDiff(ex.get(0).source(), e.source(), "variant-1/" + idOf(ex.get(0)), "variant-" + (i + 1) + "/" + idOf(e));
                boolean diffShorter = diffToBest[i] != null && diffToBest[i].length() < e.source().length();
                code[i] = diffShorter && !(crossover && i == 1) ? Code.DIFF : Code.WHOLE;
            }
        }
    }

    private String render(PromptInput in, List<Exemplar> ex, Plan plan) {
        plan.feedbackTrimmed = false;
        plan.diffTrimmed = false;
        ModuleKind kind = in.module();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("module", kind.cliName());
        v.put("interface_name", kind.contract().getSimpleName());
        v.put("module_focus", moduleFocus(kind));
        v.put("band_lo", WorkloadText.number(settings.band().lo()));
        v.put("band_hi", WorkloadText.number(settings.band().hi()));
        v.put("build_budget", WorkloadText.number(settings.buildBudget()));
        v.put("memory_budget", WorkloadText.number(settings.memoryBudget()));
        v.put("workload", WorkloadText.render(in.workload(), settings));
        v.put("contract", ContractText.forKind(kind));
        v.put("sandbox_rules", sandboxRules(kind));
        v.put("lessons", LessonsTable.render(in.lessons(), plan.lessons));
        v.put("exemplar_count", Integer.toString(ex.size()));
        v.put("exemplars", exemplars(ex, plan, in.crossover(), in.workload()));
        v.put("profile", in.profile() == null || in.profile().isBlank() ? "No profile was measured for this prompt." : in.profile().strip());
        v.put("diff_title", in.crossover() ? "How the two variants to combine differ" : "What changed between the best variant and its parent");
        v.put("diff", in.crossover() ? crossoverDiff(ex.get(0), ex.get(1), plan) : diff(ex.get(0), in.bestParent(), plan));
        v.put("failures", failures(in.failures(), plan));
        v.put("instructions", instructions(idOf(ex.get(0)), in.crossover() ? idOf(ex.get(1)) : null));
        v.put("best_id", idOf(ex.get(0)));
        v.put("omissions", omissions(ex, in.failures(), in.lessons().size(), plan));
        return template.render(v);
    }

    /** The numbered steps of the answer: plain improvement, or combining two variants. */
    private String instructions(String best, String partner) {
        String band = WorkloadText.number(settings.band().lo()) + "–" + WorkloadText.number(settings.band().hi());
        StringBuilder sb = new StringBuilder();
        sb.append("1. Start with one line `Change: <what your version changes, in at most 20 words>`; it becomes your row in the lessons "
                + "table of later prompts.\n");
        if (partner == null) {
            sb.append("2. Compare the variants. In a few sentences, explain what makes the better ones faster and what holds the weaker ones "
                    + "back; the lessons table says what each change tried so far was worth.\n");
            sb.append("3. Then write one improved version of the module that should beat variant 1 (`").append(best)
                    .append("`) on the QPS–recall curve within recall ").append(band)
                    .append(" while respecting the contract, the sandbox rules and the budgets.");
        } else {
            sb.append("2. Variants 1 (`").append(best).append("`) and 2 (`").append(partner).append("`) are two strong variants that do "
                    + "different things (their diff is above). In a few sentences, say which ideas make each of them fast and whether they "
                    + "can work together.\n");
            sb.append("3. Then write one version of the module that combines the strengths of both and should beat both on the QPS–recall "
                    + "curve within recall ").append(band).append(" while respecting the contract, the sandbox rules and the budgets.");
        }
        return sb.toString();
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

    private String exemplars(List<Exemplar> ex, Plan plan, boolean crossover, Workload workload) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ex.size(); i++) {
            Exemplar e = ex.get(i);
            if (i > 0) {
                sb.append("\n\n");
            }
            sb.append("### Variant ").append(i + 1).append(" of ").append(ex.size()).append(": `").append(idOf(e)).append('`');
            if (i == 0) {
                sb.append(" (best; SEARCH/REPLACE edits apply to this one)");
            } else if (i == 1 && crossover) {
                sb.append(" (to combine with variant 1)");
            } else if (i == ex.size() - 1) {
                sb.append(" (weakest shown)");
            }
            sb.append("\n\n").append(facts(e, workload)).append("\n\n");
            sb.append(CurveTable.render(e.curve(), settings.band(), settings.maxPoints())).append("\n\n");
            switch (plan.code[i]) {
                case WHOLE -> sb.append(fenced(e.source() == null ? "// source unavailable" : e.source(), "java"));
                case DIFF -> sb.append("Its code as a unified diff against variant 1 (`-` variant 1, `+` this one):\n\n")
                        .append(fenced(plan.diffToBest[i], "diff"));
                case OMITTED -> sb.append("(code omitted to fit the prompt budget; its scores are above)");
            }
        }
        return sb.toString();
    }

    /**
     * What was measured about an exemplar: status, reward, AUC, build and memory (as multiples of the
     * seed's when the workload says what the seed's were, so they read against the budgets), its
     * parent and its change.
     */
    private String facts(Exemplar e, Workload w) {
        StringBuilder sb = new StringBuilder("Status ").append(e.status() == null ? "OK" : e.status());
        sb.append(" · reward ").append(reward(e));
        if (e.reward() != null) {
            sb.append(String.format(Locale.ROOT, " (%+.1f%% vs the seed)", (e.reward() - 1) * 100));
        }
        sb.append(" · AUC ").append(e.auc() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", e.auc()));
        if (e.buildSeconds() != null) {
            sb.append(String.format(Locale.ROOT, " · build %.2f s", e.buildSeconds()));
            if (w != null && w.seedBuildSeconds() > 0) {
                sb.append(String.format(Locale.ROOT, " (%.2f× the seed's; budget %s×)", e.buildSeconds() / w.seedBuildSeconds(),
                        WorkloadText.number(settings.buildBudget())));
            }
        }
        if (e.indexBytes() != null) {
            sb.append(String.format(Locale.ROOT, " · index %.1f MiB", WorkloadText.mib(e.indexBytes())));
            if (w != null && w.seedIndexBytes() > 0) {
                sb.append(String.format(Locale.ROOT, " (%.2f× the seed's; budget %s×)", e.indexBytes() / (double) w.seedIndexBytes(),
                        WorkloadText.number(settings.memoryBudget())));
            }
        }
        if (e.parent() != null) {
            sb.append(" · derived from `").append(e.parent()).append('`');
        }
        if (e.change() != null && !e.change().isBlank()) {
            sb.append("\n\nWhat it changed: ").append(e.change().strip());
        }
        return sb.toString();
    }

    private String diff(Exemplar best, Exemplar parent, Plan plan) {
        if (parent == null) {
            return "The best variant (`" + idOf(best) + "`) has no recorded parent (it is the seed or was written from "
                    + "scratch), so there is no diff to show.";
        }
        String head = "The best variant `" + idOf(best) + "` (reward " + reward(best) + ") was derived from `" + idOf(parent)
                + "` (" + (parent.reward() != null ? "reward " + reward(parent) : "status " + parent.status()) + ").";
        String text = plan.sectionDiff;
        if (text == null) {
            return head + " Their sources are identical; only the measurements differ.";
        }
        return head + " Unified diff from the parent to the best (`-` removed, `+` added):\n\n" + fenced(trimDiff(text, plan), "diff");
    }

    /** Parent → best, or null when there is no parent or the code is the same. */
    private static String parentText(Exemplar best, Exemplar parent) {
        return parent == null ? null : unifiedDiff(parent.source() == null ? "" : parent.source(), best.source() == null ? "" : best.source(),
                "parent/" + idOf(parent), "best/" + idOf(best));
    }

    /** Variant 1 → variant 2 of a crossover: the exemplars' diff against the best where both have code. */
    private static String crossoverText(List<Exemplar> ex, Plan plan) {
        Exemplar a = ex.get(0);
        Exemplar b = ex.get(1);
        return a.source() != null && b.source() != null ? plan.diffToBest[1]
                : unifiedDiff(a.source() == null ? "" : a.source(), b.source() == null ? "" : b.source(), "variant-1/" + idOf(a),
                        "variant-2/" + idOf(b));
    }

    private static String crossoverDiff(Exemplar a, Exemplar b, Plan plan) {
        String text = plan.sectionDiff;
        if (text == null) {
            return "Variants 1 and 2 have the same code; only their measurements differ.";
        }
        return "Unified diff from variant 1 (`" + idOf(a) + "`, reward " + reward(a) + ") to variant 2 (`" + idOf(b) + "`, reward "
                + reward(b) + "):\n\n" + fenced(trimDiff(text, plan), "diff");
    }

    private static String trimDiff(String text, Plan plan) {
        if (text.length() <= plan.diffChars) {
            return text;
        }
        int cut = text.lastIndexOf('\n', plan.diffChars);
        cut = cut <= 0 ? plan.diffChars : cut;
        plan.diffTrimmed = true;
        return text.substring(0, cut) + "\n[... diff truncated: " + countLines(text.substring(cut)) + " more lines]";
    }

    /** The unified diff from {@code from} to {@code to} with 3 lines of context, or null when they are the same. */
    static String unifiedDiff(String from, String to, String fromName, String toName) {
        List<String> a = Arrays.asList(ReplyParser.normalize(from).split("\n", -1));
        List<String> b = Arrays.asList(ReplyParser.normalize(to).split("\n", -1));
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return null;
        }
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, patch, 3));
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

    private String omissions(List<Exemplar> ex, List<Exemplar> fails, int lessons, Plan plan) {
        List<String> parts = new ArrayList<>();
        List<String> omitted = new ArrayList<>();
        for (int i = 1; i < ex.size(); i++) {
            if (plan.code[i] == Code.OMITTED) {
                omitted.add(Integer.toString(i + 1));
            }
        }
        if (!omitted.isEmpty()) {
            parts.add("the code of variant" + (omitted.size() == 1 ? " " : "s ") + String.join(", ", omitted) + " (scores kept)");
        }
        if (plan.feedbackOmitted && !fails.isEmpty()) {
            parts.add("the sandbox feedback of the recent failures (statuses kept)");
        } else if (plan.feedbackTrimmed && plan.feedbackChars < settings.failureFeedbackChars()) {
            parts.add("failure feedback beyond " + plan.feedbackChars + " characters each");
        }
        if (plan.diffTrimmed && plan.diffChars < settings.maxDiffChars()) {
            parts.add("the diff beyond " + plan.diffChars + " characters");
        }
        if (plan.lessons < lessons) {
            parts.add("the oldest " + (lessons - plan.lessons) + " rows of the lessons table");
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

    static String idOf(Exemplar e) {
        return e.id() == null ? "?" : e.id();
    }

    private static String reward(Exemplar e) {
        return e.reward() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", e.reward());
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
