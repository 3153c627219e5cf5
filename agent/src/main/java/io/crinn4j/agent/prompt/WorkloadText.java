package io.crinn4j.agent.prompt;

import java.util.List;
import java.util.Locale;

/** The workload-and-machine section of a prompt, and the budgets in seconds and MiB as well as multiples. */
final class WorkloadText {
    private WorkloadText() {
    }

    static String render(Workload w, PromptBuilder.Settings s) {
        if (w == null) {
            return "Not given for this prompt.";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "- **Data:** `%s`: %,d base vectors of %d dimensions (float32), metric %s.%n", w.dataset(), w.n(),
                w.d(), w.metric()));
        sb.append(String.format(Locale.ROOT, "- **Queries:** %,d per timed pass, k = %d (recall@%d counts a returned id as a hit when its "
                + "true distance is within the k-th true distance).%n", w.queries(), w.k(), w.k()));
        sb.append(String.format(Locale.ROOT, "- **Sweep:** ef ∈ {%s}; each ef timed in %d run%s over all queries, single-threaded, the "
                + "fastest run counted; the reward integrates the curve over recall %s–%s.%n", efs(w.efs()), w.runs(), w.runs() == 1 ? "" : "s",
                number(s.band().lo()), number(s.band().hi())));
        sb.append(String.format(Locale.ROOT, "- **Budgets:** the seed builds its index in %.2f s and it takes %.1f MiB of heap; a candidate may "
                + "take up to %s× (%.2f s) and %s× (%.1f MiB).%n", w.seedBuildSeconds(), mib(w.seedIndexBytes()), number(s.buildBudget()),
                s.buildBudget() * w.seedBuildSeconds(), number(s.memoryBudget()), s.memoryBudget() * mib(w.seedIndexBytes())));
        sb.append("- **Machine:** ").append(w.machine()).append(". `Kernels.get()` returns the kernels named there (the Vector API's when "
                + "it is loaded, scalar loops otherwise); candidate code may also use `jdk.incubator.vector` itself.");
        return sb.toString();
    }

    /** Runs of consecutive values written as ranges: "1–15, 17, 20, 25". */
    static String efs(List<Integer> efs) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < efs.size()) {
            int j = i;
            while (j + 1 < efs.size() && efs.get(j + 1) == efs.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(j - i >= 2 ? efs.get(i) + "–" + efs.get(j) : efs.get(i)
                    + (j > i ? ", " + efs.get(j) : ""));
            i = j + 1;
        }
        return sb.toString();
    }

    /** Bytes in MiB, as prompts state sizes. */
    static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    /** A setting as written, without trailing zeros: 0.85, 3, 1.5. */
    static String number(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
}
