package io.crinn4j.agent.cli;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.export.ExportReadme;
import io.crinn4j.agent.export.ExportSet;
import io.crinn4j.agent.export.Exporter;
import io.crinn4j.agent.util.Progress;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Turns a campaign's winning module set (or the variants named) into a small library: one jar with the",
            "three modules compiled from their sources, the contract and the Index API (build from vectors, search, batch",
            "search on N threads, save and load a versioned, checked file), plus pom.xml and README.md. Then verifies it:",
            "the jar's own classes build the index from the campaign's data in a JVM of their own, save and load it, and",
            "are measured as the campaign measured, beside the campaign's code in the same worker; recall and QPS per ef",
            "are compared with that and with the campaign's recorded numbers (export.json)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:exported (and verified, unless --no-verify)",
            "1:failure: not a campaign folder, no winners, an unknown variant, a module that does not compile, or the verification failed",
            "2:bad command line",
            "5:exported, recall verified, QPS not: the machine stayed too unsteady (the campaign code's instances too far apart)"})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "The campaign folder, e.g. runs/20261121-120000-synthetic.")
    Path run;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the jar, pom.xml, README.md, sources/, the index file and export.json go. Default: RUN/export.")
    Path out;

    @Option(names = "--construction", paramLabel = "ID", description = "Export this construction variant instead of the campaign's winner.")
    String construction;

    @Option(names = "--search", paramLabel = "ID", description = "Export this search variant instead of the campaign's winner.")
    String search;

    @Option(names = "--refinement", paramLabel = "ID", description = "Export this refinement variant instead of the campaign's winner.")
    String refinement;

    @Option(names = "--group-id", paramLabel = "G", defaultValue = "io.crinn4j.export", description = "Maven groupId of the jar. Default: ${DEFAULT-VALUE}.")
    String groupId;

    @Option(names = "--artifact-id", paramLabel = "A", description = "Maven artifactId. Default: crinn4j-index-<campaign>.")
    String artifactId;

    @Option(names = "--artifact-version", paramLabel = "V", defaultValue = "1.0.0", description = "Maven version of the jar. Default: ${DEFAULT-VALUE}.")
    String version;

    @Option(names = "--no-verify", description = "Write the jar only: no index built, nothing measured.")
    boolean noVerify;

    @Option(names = "--verify-ef", paramLabel = "LIST", split = ",",
            description = "ef values of the verification. Default: from the campaign's curve, the smallest reaching recall 0.85, 0.90, 0.95 and 0.99.")
    List<Integer> verifyEfs;

    @Option(names = "--runs", paramLabel = "R", description = "Timed runs per ef, the fastest kept. Default: the campaign's.")
    Integer runs;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of named datasets. Default: the campaign's, else as crinn bench.")
    Path dataDir;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Ground-truth cache. Default: the campaign's, else as crinn bench.")
    Path cacheDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Map<ModuleKind, String> named = new EnumMap<>(ModuleKind.class);
        if (construction != null) {
            named.put(ModuleKind.CONSTRUCTION, construction);
        }
        if (search != null) {
            named.put(ModuleKind.SEARCH, search);
        }
        if (refinement != null) {
            named.put(ModuleKind.REFINEMENT, refinement);
        }
        if (runs != null && runs < 1) {
            throw new ParameterException(spec.commandLine(), "--runs must be >= 1, got " + runs);
        }
        int[] efs = null;
        if (verifyEfs != null) {
            efs = verifyEfs.stream().mapToInt(Integer::intValue).toArray();
            for (int ef : efs) {
                if (ef < 1) {
                    throw new ParameterException(spec.commandLine(), "--verify-ef values must be >= 1, got " + ef);
                }
            }
        }
        if (!version.matches("[A-Za-z0-9._-]+") || !groupId.matches("[A-Za-z0-9._-]+") || artifactId != null && !artifactId.matches("[A-Za-z0-9._-]+")) {
            throw new ParameterException(spec.commandLine(), "--group-id, --artifact-id and --artifact-version take letters, digits, '.', '_' and '-'");
        }
        ExportSet set = Exporter.resolve(run, named); // reads campaign.yaml first: "not a campaign folder" before anything else
        CampaignConfig cfg = set.config();
        Path data = dataDir != null ? dataDir : cfg.dataDir() != null ? Path.of(cfg.dataDir()) : new DataOptions().dataDir();
        GroundTruthCache cache = new GroundTruthCache(cacheDir != null ? cacheDir
                : cfg.cacheDir() != null ? Path.of(cfg.cacheDir()) : GroundTruthCache.defaultDirectory());
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println("crinn: warning: " + Exporter.WARNING);
        err.flush();
        Path dir = out != null ? out : run.resolve("export");
        Exporter.Report r = new Exporter(name -> Datasets.resolve(name, data), cache, Progress.forConsole(quiet))
                .export(set, new Exporter.Options(dir, groupId, artifactId, version, !noVerify, efs, runs));
        for (Map.Entry<String, Exporter.Module> m : r.modules().entrySet()) {
            w.printf(Locale.ROOT, "%-11s %s (%s)%n", m.getKey(), m.getValue().variant(), m.getValue().className());
        }
        w.printf(Locale.ROOT, "jar         %s (%,d bytes, %d classes; %s:%s:%s)%n", r.jar().file(), r.jar().bytes(), r.jar().classes(),
                r.maven().groupId(), r.maven().artifactId(), r.maven().version());
        var v = r.verification();
        if (v != null) {
            w.printf(Locale.ROOT, "verified on %s (%d x %d, %d campaign queries), %s%n", v.dataset(), v.n(), v.d(), v.queries(), v.method());
            w.println("  recall: the export, the campaign's recorded measurement, the campaign's code now; QPS: the export, the code now, their");
            w.println("  ratio in the same worker, the campaign's recorded QPS and the ratio to it");
            for (String line : ExportReadme.table(v)) {
                w.println(line.startsWith("verdict") || line.startsWith("note") ? line : "  " + line);
            }
            w.printf(Locale.ROOT, "index       %s (%,d bytes; built in %.2f s, saved in %.2f s, loaded in %.2f s + %.2f s prepare)%n", v.index().file(),
                    v.index().bytes(), v.constructionSeconds(), v.index().saveSeconds() == null ? 0 : v.index().saveSeconds(), v.index().loadSeconds(),
                    v.prepareSeconds());
            w.printf(Locale.ROOT, "memory      %,d bytes: base %,d, graph %,d, search %,d, refinement %,d%n", v.memory().get("totalBytes"),
                    v.memory().get("baseBytes"), v.memory().get("graphBytes"), v.memory().get("searchBytes"), v.memory().get("refinementBytes"));
        }
        w.println("use it      " + dir.resolve("README.md") + "; measure the index again with: crinn bench --index "
                + (v == null ? "FILE --jar " + r.jar().file() : v.index().file()) + " --dataset " + r.campaign().dataset());
        w.println("report      " + dir.resolve("export.json"));
        w.flush();
        if (v != null && v.unstable()) {
            spec.commandLine().getErr().println("crinn: the export's QPS is not verified: the machine was too unsteady in every attempt "
                    + "(recall, the file and the API are); export again when it is quieter");
            spec.commandLine().getErr().flush();
            return EvalCommand.EXIT_UNSTABLE;
        }
        if (v != null && !v.passed()) {
            throw new IllegalStateException("the export's verification failed: " + v.problems().get(0)
                    + (v.problems().size() > 1 ? " (and " + (v.problems().size() - 1) + " more, see export.json)" : ""));
        }
        return Main.EXIT_OK;
    }
}
