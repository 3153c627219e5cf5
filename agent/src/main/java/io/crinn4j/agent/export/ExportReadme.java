package io.crinn4j.agent.export;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.ExportedModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The README of an export (beside the jar, and inside it), and the verification table the command prints. */
public final class ExportReadme {
    private ExportReadme() {
    }

    static String text(Exporter.Coordinates gav, String jarName, ExportSet set, Map<ModuleKind, ExportedModule> modules,
                       ExportVerification.Verification v) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(gav.artifactId()).append(' ').append(gav.version()).append("\n\n");
        sb.append("An approximate-nearest-neighbour index exported by crinn4j from campaign `").append(set.config().name())
                .append("` (dataset `").append(set.config().dataset()).append("`):\n\n");
        for (ModuleKind k : ModuleKind.values()) {
            sb.append("- ").append(k.cliName()).append(": ").append(set.members().get(k).origin()).append(" (`")
                    .append(modules.get(k).binaryName()).append("`)\n");
        }
        sb.append("""

                **Warning.** These modules were written by an LLM and optimized by crinn4j. They passed crinn4j's
                sandbox policy (an allow-list of JDK classes: no files, network, threads, reflection or native code)
                and its tripwires (no state kept between queries, base vectors and graph left unchanged) when they
                were measured, but in this library they run in your JVM without the sandbox. Review their sources
                (`sources/` beside this file, `META-INF/crinn4j/sources/` in the jar) before you depend on them.

                ## Use it from a Maven project

                ```bash
                mvn install:install-file -Dfile=%s -DpomFile=pom.xml
                ```
                ```xml
                <dependency>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                </dependency>
                ```
                ```java
                import io.crinn4j.contract.Metric;
                import io.crinn4j.index.Index;

                Index index = Index.build(vectors, Metric.L2);      // float[][]; or Index.build(Path.of("base.fvecs"), Metric.L2)
                int[] ids = index.search(query, 10, 64);            // the 10 nearest, nearest first; ef = 64
                int[][] batch = index.search(queries, 10, 64, 8);   // on 8 threads, each with a searcher of its own
                index.save(Path.of("my.index"));                    // base vectors and graph, versioned, checksummed
                Index again = Index.load(Path.of("my.index"));      // refuses a damaged file or one of other modules
                long bytes = again.memoryBytes();
                ```
                Java 17 or newer, nothing else at run time. Run the JVM with `--add-modules jdk.incubator.vector`
                (surefire's `argLine`, `exec`'s arguments) for the SIMD kernels; without it they fall back to scalar
                loops, several times slower. Reading HDF5 with `io.crinn4j.index.VectorFiles` needs `io.jhdf:jhdf:0.9.4`.
                `Index.load` computes the modules' per-index state (quantized codes) again: the file holds only the
                base vectors and the graph. ef is the breadth of the search: larger is slower and finds more of the
                true neighbours; the table below says what recall each ef gave on the campaign's data.
                """.formatted(jarName, gav.groupId(), gav.artifactId(), gav.version()));
        if (v != null) {
            sb.append("\n## Verified at export\n\n");
            sb.append("On `").append(v.dataset()).append("` (").append(v.n()).append(" × ").append(v.d()).append(", ").append(v.queries())
                    .append(" campaign queries), ").append(v.method()).append(".\n\n```\n");
            for (String line : table(v)) {
                sb.append(line).append('\n');
            }
            sb.append("```\n");
        }
        return sb.toString();
    }

    /** The verification as lines of a table, a verdict and the notes: what the command prints and the README shows. */
    public static List<String> table(ExportVerification.Verification v) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%6s %9s %9s %9s %10s %10s %7s %10s %7s", "ef", "recall", "campaign", "code now", "QPS",
                "code now", "paired", "campaign", "ratio"));
        for (ExportVerification.Row r : v.points()) {
            out.add(String.format(Locale.ROOT, "%6d %9.4f %9s %9s %10.0f %10s %7s %10s %7s", r.ef(), r.recall(), f4(r.campaignRecall()),
                    f4(r.referenceRecall()), r.qps(), f0(r.referenceQps()), f3(r.pairedRatio()), f0(r.campaignQps()), f3(r.recordedRatio())));
        }
        out.add(String.format(Locale.ROOT, "verdict   %s: %s", v.status(), v.unstable()
                ? String.format(Locale.ROOT, "recall equal to %s at every ef; QPS not decided (%d instances of the campaign's code %.1f%% apart)",
                        v.recordedVariant() == null ? "the campaign's code" : "the campaign's (" + v.recordedVariant() + ")", v.referenceInstances(),
                        100 * v.referenceSpread())
                : v.passed()
                ? String.format(Locale.ROOT, "recall equal to %s at every ef; QPS %s the campaign's code in the same worker (tolerance ±%.0f%%; its instances %.1f%% apart)%s",
                        v.recordedVariant() == null ? "the campaign's code" : "the campaign's (" + v.recordedVariant() + ")",
                        v.pairedQpsRatio() == null ? "not compared with" : String.format(Locale.ROOT, "%.3fx", v.pairedQpsRatio()),
                        100 * v.tolerances().pairedQps(), 100 * v.referenceSpread(),
                        v.recordedQpsRatio() == null ? "" : String.format(Locale.ROOT, ", %.3fx its recorded measurement (another sitting, ±%.0f%%)",
                                v.recordedQpsRatio(), 100 * v.tolerances().recordedQps()))
                : String.join("; ", v.problems())));
        for (String n : v.notes()) {
            out.add("note      " + n);
        }
        return out;
    }

    private static String f4(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.4f", d);
    }

    private static String f3(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String f0(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.0f", d);
    }
}
