package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.ModuleKind;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What a worker JVM is asked to do, as a plain properties file in its run folder (no JSON
 * library is needed on the worker side). Paths are relative to the run folder.
 *
 * @param moduleDirs   per module, the folder holding its compiled class files
 * @param moduleClasses per module, the binary name of its top-level class
 */
public record WorkerRequest(String baseFile, String queriesFile, Map<ModuleKind, String> moduleDirs,
                            Map<ModuleKind, String> moduleClasses, int k, int[] efs, int runs,
                            long warmupMillis, long minPassMillis, long shuffleSeed, String resultFile) {

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("base.file", baseFile);
        p.setProperty("queries.file", queriesFile);
        for (ModuleKind kind : ModuleKind.values()) {
            p.setProperty(kind.cliName() + ".dir", moduleDirs.get(kind));
            p.setProperty(kind.cliName() + ".class", moduleClasses.get(kind));
        }
        p.setProperty("k", Integer.toString(k));
        p.setProperty("efs", Arrays.stream(efs).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        p.setProperty("runs", Integer.toString(runs));
        p.setProperty("warmup.ms", Long.toString(warmupMillis));
        p.setProperty("min.pass.ms", Long.toString(minPassMillis));
        p.setProperty("shuffle.seed", Long.toString(shuffleSeed));
        p.setProperty("result.file", resultFile);
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
        return new WorkerRequest(get(p, "base.file"), get(p, "queries.file"), dirs, classes,
                Integer.parseInt(get(p, "k")), efs, Integer.parseInt(get(p, "runs")),
                Long.parseLong(get(p, "warmup.ms")), Long.parseLong(get(p, "min.pass.ms")),
                Long.parseLong(get(p, "shuffle.seed")), get(p, "result.file"));
    }

    private static String get(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException("worker request lacks '" + key + "'");
        }
        return v;
    }
}
