package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.ModuleKind;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What a worker JVM is asked to do, as a plain properties file in its run folder (no JSON
 * library is needed on the worker side). Paths are relative to the run folder.
 *
 * <p>A request may name further module sets ({@code others}): the worker then builds an index
 * for each and measures them together, taking turns ef by ef (see {@code WorkerMain}). Set 0
 * is the one in {@code moduleDirs}/{@code moduleClasses}; set i writes {@link #resultFile(int)}.
 *
 * <p>Each set may name a graph file ({@link ModuleRefs#graphFile()}): sets naming the same file
 * share one construction, built once (or read back when the file exists; see {@link GraphFile}).
 *
 * @param moduleDirs   per module, the folder holding its compiled class files
 * @param moduleClasses per module, the binary name of its top-level class
 * @param others       further module sets measured in the same worker; empty for one set
 * @param rotation     which set takes the first turn (each later ef and run starts one set later)
 */
public record WorkerRequest(String baseFile, String queriesFile, Map<ModuleKind, String> moduleDirs,
                            Map<ModuleKind, String> moduleClasses, String graphFile, int k, int[] efs, int runs,
                            long warmupMillis, long minPassMillis, long shuffleSeed, String resultFile,
                            List<ModuleRefs> others, int rotation) {

    /**
     * Where one module set's compiled classes are: per module, its class folder and top-level class;
     * and the file its graph is cached in (relative to the request's folder, like every path here), or null not to cache it.
     */
    public record ModuleRefs(Map<ModuleKind, String> dirs, Map<ModuleKind, String> classes, String graphFile) {
        public ModuleRefs(Map<ModuleKind, String> dirs, Map<ModuleKind, String> classes) {
            this(dirs, classes, null);
        }
    }

    public WorkerRequest {
        others = List.copyOf(others);
    }

    /** A request for one module set. */
    public WorkerRequest(String baseFile, String queriesFile, Map<ModuleKind, String> moduleDirs, Map<ModuleKind, String> moduleClasses,
                         int k, int[] efs, int runs, long warmupMillis, long minPassMillis, long shuffleSeed, String resultFile) {
        this(baseFile, queriesFile, moduleDirs, moduleClasses, null, k, efs, runs, warmupMillis, minPassMillis, shuffleSeed, resultFile, List.of(), 0);
    }

    /** How many module sets the worker measures. */
    public int sets() {
        return 1 + others.size();
    }

    /** Module set {@code i}: 0 is the main one, then {@code others}. */
    public ModuleRefs set(int i) {
        return i == 0 ? new ModuleRefs(moduleDirs, moduleClasses, graphFile) : others.get(i - 1);
    }

    /** The result file of set {@code i}: {@code resultFile} for set 0, {@code result-<i>.bin} beside it for the others. */
    public String resultFile(int i) {
        return i == 0 ? resultFile : otherResultFile(i);
    }

    /** The result file of set {@code i >= 1} of a request for several sets. */
    public static String otherResultFile(int i) {
        return "result-" + i + ".bin";
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("base.file", baseFile);
        p.setProperty("queries.file", queriesFile);
        for (ModuleKind kind : ModuleKind.values()) {
            p.setProperty(kind.cliName() + ".dir", moduleDirs.get(kind));
            p.setProperty(kind.cliName() + ".class", moduleClasses.get(kind));
        }
        if (graphFile != null) {
            p.setProperty("graph.file", graphFile);
        }
        p.setProperty("k", Integer.toString(k));
        p.setProperty("efs", Arrays.stream(efs).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        p.setProperty("runs", Integer.toString(runs));
        p.setProperty("warmup.ms", Long.toString(warmupMillis));
        p.setProperty("min.pass.ms", Long.toString(minPassMillis));
        p.setProperty("shuffle.seed", Long.toString(shuffleSeed));
        p.setProperty("result.file", resultFile);
        if (!others.isEmpty()) {
            p.setProperty("sets", Integer.toString(sets()));
            p.setProperty("rotation", Integer.toString(rotation));
            for (int i = 1; i < sets(); i++) {
                for (ModuleKind kind : ModuleKind.values()) {
                    p.setProperty("set." + i + "." + kind.cliName() + ".dir", others.get(i - 1).dirs().get(kind));
                    p.setProperty("set." + i + "." + kind.cliName() + ".class", others.get(i - 1).classes().get(kind));
                }
                if (others.get(i - 1).graphFile() != null) {
                    p.setProperty("set." + i + ".graph.file", others.get(i - 1).graphFile());
                }
            }
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "crinn4j worker request");
        }
    }

    public static WorkerRequest read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<ModuleKind, String> dirs = new EnumMap<>(ModuleKind.class);
        Map<ModuleKind, String> classes = new EnumMap<>(ModuleKind.class);
        for (ModuleKind kind : ModuleKind.values()) {
            dirs.put(kind, get(p, kind.cliName() + ".dir"));
            classes.put(kind, get(p, kind.cliName() + ".class"));
        }
        int[] efs = Arrays.stream(get(p, "efs").split(",")).mapToInt(Integer::parseInt).toArray();
        int sets = Integer.parseInt(p.getProperty("sets", "1"));
        List<ModuleRefs> others = new ArrayList<>();
        for (int i = 1; i < sets; i++) {
            Map<ModuleKind, String> d = new EnumMap<>(ModuleKind.class);
            Map<ModuleKind, String> c = new EnumMap<>(ModuleKind.class);
            for (ModuleKind kind : ModuleKind.values()) {
                d.put(kind, get(p, "set." + i + "." + kind.cliName() + ".dir"));
                c.put(kind, get(p, "set." + i + "." + kind.cliName() + ".class"));
            }
            others.add(new ModuleRefs(d, c, p.getProperty("set." + i + ".graph.file")));
        }
        return new WorkerRequest(get(p, "base.file"), get(p, "queries.file"), dirs, classes, p.getProperty("graph.file"),
                Integer.parseInt(get(p, "k")), efs, Integer.parseInt(get(p, "runs")),
                Long.parseLong(get(p, "warmup.ms")), Long.parseLong(get(p, "min.pass.ms")),
                Long.parseLong(get(p, "shuffle.seed")), get(p, "result.file"), others, Integer.parseInt(p.getProperty("rotation", "0")));
    }

    private static String get(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException("worker request lacks '" + key + "'");
        }
        return v;
    }
}
