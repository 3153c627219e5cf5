package io.crinn4j.agent.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.crinn4j.agent.bench.Version;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.util.Progress;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.AtomicFile;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.data.Sha256;
import io.crinn4j.sandbox.ExportedModule;
import io.crinn4j.sandbox.IndexBench;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.sandbox.harness.SweepConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code crinn export}: a campaign's module set (its winners, or variants named) becomes a small
 * library — one jar with the contract, the {@code Index} API and the three modules compiled from
 * their sources ({@link ExportJar}), a {@code pom.xml}, a README — and is verified: the jar's own
 * classes build the index from the campaign's data in a JVM of their own, save and load it, and
 * are measured the way the campaign measured, beside the campaign's code (the same sources compiled
 * as the sandbox compiled them) in the same worker; recall and QPS per ef are compared with both
 * and with the campaign's recorded measurement ({@link ExportVerification}). Everything is written
 * to the output folder, the comparison to {@code export.json}.
 */
public final class Exporter {

    /** What to export and how. */
    public record Options(Path out, String groupId, String artifactId, String version, boolean verify, int[] verifyEfs, Integer runs) {
    }

    /** Everything {@code export.json} holds. */
    public record Report(String tool, String exported, String warning, Campaign campaign, Map<String, Module> modules, Jar jar,
                         Coordinates maven, ExportVerification.Verification verification) {
    }

    /** Maven coordinates of the exported artifact. */
    public record Coordinates(String groupId, String artifactId, String version) {
    }

    public record Campaign(String name, String folder, String dataset) {
    }

    /** One module of the export: where it came from, its class, the hash campaigns know it by, the compiler of its bytecode. */
    public record Module(String variant, String className, String sourceHash, String compiler) {
    }

    public record Jar(String file, long bytes, String sha256, int classes, List<String> entries) {
    }

    /** Shown on every export and written into the jar: the user runs LLM-written code without the sandbox. */
    public static final String WARNING = "an exported index runs LLM-written code in your JVM without crinn4j's sandbox: its modules passed the "
            + "sandbox's policy and tripwires when they were measured; review their sources before you depend on them";

    private final Function<String, Dataset> datasets;
    private final GroundTruthCache cache;
    private final Progress progress;

    public Exporter(Function<String, Dataset> datasets, GroundTruthCache cache, Progress progress) {
        this.datasets = datasets;
        this.cache = cache;
        this.progress = progress;
    }

    /**
     * The set to export: campaign folder {@code folder}'s winners, with the variants {@code named}
     * (module → variant id) in their place.
     *
     * @throws IllegalArgumentException with one line: not a campaign folder, no winners, an unknown variant, ...
     */
    public static ExportSet resolve(Path folder, Map<ModuleKind, String> named) {
        return ExportSet.read(folder, named);
    }

    /** Exports {@code set}; the verification's problems are in the report, not thrown. */
    public Report export(ExportSet set, Options o) throws IOException {
        Path folder = set.folder();
        CampaignConfig cfg = set.config();
        Coordinates gav = new Coordinates(o.groupId(), o.artifactId() != null ? o.artifactId() : defaultArtifact(cfg.name()),
                o.version());
        Map<ModuleKind, ExportedModule> compiled;
        try (Progress.Task t = progress.start("checking the three modules and compiling them as the sandbox does, for Java "
                + ExportedModule.RELEASE, -1)) {
            compiled = ExportedModule.compile(set.sources(), ExportJar.PACKAGE);
        }
        String exported = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Files.createDirectories(o.out());
        Path jarFile = o.out().resolve(gav.artifactId() + "-" + gav.version() + ".jar");
        String pom = pom(gav, cfg);
        String readmeText = ExportReadme.text(gav, jarFile.getFileName().toString(), set, compiled, null);
        ExportJar.Written jar = ExportJar.write(jarFile, compiled, descriptor(gav, set, compiled), readmeText, pom, gav);
        AtomicFile.writeString(o.out().resolve("pom.xml"), pom);
        for (ExportedModule m : compiled.values()) {
            String simple = m.binaryName().substring(m.binaryName().lastIndexOf('.') + 1);
            AtomicFile.writeString(o.out().resolve("sources").resolve(m.kind().cliName()).resolve(simple + ".java"), m.source());
        }
        ExportVerification.Verification verification = null;
        if (o.verify()) {
            verification = verify(set, o, jarFile);
        }
        AtomicFile.writeString(o.out().resolve("README.md"), ExportReadme.text(gav, jarFile.getFileName().toString(), set, compiled, verification));
        Map<String, Module> modules = new LinkedHashMap<>();
        for (ModuleKind k : ModuleKind.values()) {
            modules.put(k.cliName(), new Module(set.members().get(k).origin(), compiled.get(k).binaryName(), compiled.get(k).sourceHash(),
                    compiled.get(k).compiler()));
        }
        Report report = new Report("crinn4j " + Version.get(), exported, WARNING, new Campaign(cfg.name(), folder.toAbsolutePath().toString(),
                cfg.dataset()), modules, new Jar(jarFile.toString(), jar.bytes(), Sha256.hex(Files.readAllBytes(jarFile)), jar.classes(), jar.entries()),
                gav, verification);
        AtomicFile.writeString(o.out().resolve("export.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(report));
        return report;
    }

    /** The campaign's data and query set, as its setup made them; the jar's index built, saved, loaded and measured beside the campaign's code. */
    private ExportVerification.Verification verify(ExportSet set, Options o, Path jarFile) throws IOException {
        CampaignConfig cfg = set.config();
        Dataset data;
        try (Progress.Task t = progress.start("loading " + cfg.dataset(), -1)) {
            // The campaign's own query set, so recall is comparable point for point.
            data = cfg.limitQueries(cfg.querySplit(datasets.apply(cfg.dataset())).campaign());
        }
        GroundTruth gt;
        try (Progress.Task t = progress.start("ground truth (" + data.nq() + " queries, cached by content hash)", data.nq())) {
            gt = cache.getOrCompute(data, 10, Runtime.getRuntime().availableProcessors(), t::stepTo);
        }
        SandboxConfig scfg = cfg.sandboxConfig();
        SweepConfig campaignSweep = scfg.sweep();
        int[] efs = o.verifyEfs() != null ? o.verifyEfs() : ExportVerification.chooseEfs(set.recorded());
        SweepConfig sweep = new SweepConfig(campaignSweep.k(), efs, o.runs() != null ? o.runs() : campaignSweep.runs(), 1,
                campaignSweep.warmupMillis(), campaignSweep.minPassMillis(), campaignSweep.shuffleSeed());
        Path indexFile = o.out().resolve("index-" + data.name().replaceAll("[^A-Za-z0-9._-]+", "_") + ".crinn");
        // Two constructions (the jar's and the campaign code's) plus a save and a load share the build limit.
        Duration build = scfg.buildTimeout().multipliedBy(2).plusSeconds(60);
        // The campaign's code as several instances, as its workers measure the seed: their spread says whether the machine was steady.
        int instances = Math.max(2, cfg.evaluator().seedInstances());
        double maxSpread = cfg.evaluator().maxSeedSpread();
        IndexBench.Request req = new IndexBench.Request(IndexBench.Mode.BUILD, jarFile, indexFile, data, gt, sweep, scfg.band(), set.sources(),
                instances, scfg.heap(), build, scfg.sweepTimeout().multipliedBy(instances + 1));
        List<Double> spreads = new ArrayList<>();
        IndexBench.Result r = null;
        // Measured again while the instances disagree, as campaigns do (evaluator.remeasureUnstable more times at most).
        for (int attempt = 0; attempt <= cfg.evaluator().remeasureUnstable(); attempt++) {
            try (Progress.Task t = progress.start("verifying" + (attempt == 0 ? "" : " again (the machine was unsteady)")
                    + ": the jar's index built, saved, loaded and measured beside " + instances + " instances of the campaign's code ("
                    + data.n() + " x " + data.d() + ", " + data.nq() + " queries, ef " + ExportVerification.list(efs) + ")", -1)) {
                // One folder for every attempt: the data files are written once, and the last attempt's worker output is kept.
                r = IndexBench.run(req, o.out().resolve("verify"));
            }
            spreads.add(r.referenceSpread());
            if (r.referenceSpread() <= maxSpread) {
                break;
            }
        }
        // The worker's copies of the vectors: the index file holds the base now, and the dataset is where it was.
        deleteTree(o.out().resolve("verify").resolve("data"));
        return ExportVerification.compare(set, data, indexFile, sweep, r, spreads, maxSpread);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String defaultArtifact(String campaign) {
        return "crinn4j-index-" + campaign.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    }

    private static String descriptor(Coordinates gav, ExportSet set, Map<ModuleKind, ExportedModule> compiled) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("format", "1");
        p.put("name", gav.artifactId());
        p.put("version", gav.version());
        p.put("campaign", set.config().name());
        p.put("dataset", set.config().dataset());
        p.put("crinn4j.version", Version.get());
        for (ModuleKind k : ModuleKind.values()) {
            p.put(k.cliName() + ".class", compiled.get(k).binaryName());
            p.put(k.cliName() + ".hash", compiled.get(k).sourceHash().substring(0, 16));
            p.put(k.cliName() + ".variant", set.members().get(k).origin());
            p.put(k.cliName() + ".compiler", compiled.get(k).compiler());
        }
        StringBuilder sb = new StringBuilder("# crinn4j exported index: the modules io.crinn4j.index.IndexModules.bundled() loads\n");
        p.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\").replace("\n", " ")).append('\n'));
        return sb.toString();
    }

    private static String pom(Coordinates gav, CampaignConfig cfg) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <packaging>jar</packaging>
                  <name>%s</name>
                  <description>ANN index exported by crinn4j from campaign %s (dataset %s). LLM-written modules: review META-INF/crinn4j/sources/.</description>
                  <properties>
                    <maven.compiler.source>17</maven.compiler.source>
                    <maven.compiler.target>17</maven.compiler.target>
                  </properties>
                  <dependencies>
                    <!-- Only to read HDF5 files with io.crinn4j.index.VectorFiles; fvecs, bvecs and float[][] need nothing. -->
                    <dependency>
                      <groupId>io.jhdf</groupId>
                      <artifactId>jhdf</artifactId>
                      <version>0.9.4</version>
                      <optional>true</optional>
                    </dependency>
                  </dependencies>
                </project>
                """.formatted(gav.groupId(), gav.artifactId(), gav.version(), gav.artifactId(), xml(cfg.name()), xml(cfg.dataset()));
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
