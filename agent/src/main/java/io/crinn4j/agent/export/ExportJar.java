package io.crinn4j.agent.export;

import io.crinn4j.contract.Graph;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.AtomicFile;
import io.crinn4j.index.Index;
import io.crinn4j.index.IndexModules;
import io.crinn4j.sandbox.ExportedModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Writes the exported library: one jar that needs nothing but a JDK at run time.
 *
 * <p>It holds the {@code io.crinn4j.contract} classes (interfaces, shared types, vector kernels,
 * SQ8), the {@code io.crinn4j.index} classes (the {@link Index} API), copied from the class path
 * this tool runs on, and the three module classes compiled from the variants' sources, each in a
 * package of its own ({@code io.crinn4j.exported.<module>}); the descriptor
 * {@value IndexModules#DESCRIPTOR} naming them; the modules' sources and a README in
 * {@code META-INF/crinn4j/}; and Maven's {@code pom.xml} / {@code pom.properties}. Entries are
 * sorted and dated 1980-02-01, so the same set exported twice gives the same bytes.
 */
final class ExportJar {
    /** Where each module's classes go: a package per module, so no two can collide. */
    static final String PACKAGE = "io.crinn4j.exported";
    static final String SOURCES = "META-INF/crinn4j/sources/";
    static final String README = "META-INF/crinn4j/README.md";
    private static final long ENTRY_TIME = 318_211_200_000L; // 1980-02-01T00:00:00Z, the zip format's epoch plus a month

    private ExportJar() {
    }

    /** What went into a jar. */
    record Written(Path file, long bytes, List<String> entries, int classes) {
    }

    static Written write(Path file, Map<ModuleKind, ExportedModule> modules, String descriptor, String readme, String pom, Exporter.Coordinates gav)
            throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        copyClasses(Graph.class, "io/crinn4j/contract/", entries);
        copyClasses(Index.class, "io/crinn4j/index/", entries);
        for (ExportedModule m : modules.values()) {
            m.classes().forEach((name, bytes) -> entries.put(name.replace('.', '/') + ".class", bytes));
            String simple = m.binaryName().substring(m.binaryName().lastIndexOf('.') + 1);
            entries.put(SOURCES + m.kind().cliName() + "/" + simple + ".java", m.source().getBytes(StandardCharsets.UTF_8));
        }
        entries.put(IndexModules.DESCRIPTOR, descriptor.getBytes(StandardCharsets.UTF_8));
        entries.put(README, readme.getBytes(StandardCharsets.UTF_8));
        String maven = "META-INF/maven/" + gav.groupId() + "/" + gav.artifactId() + "/";
        entries.put(maven + "pom.xml", pom.getBytes(StandardCharsets.UTF_8));
        entries.put(maven + "pom.properties", ("groupId=" + gav.groupId() + "\nartifactId=" + gav.artifactId() + "\nversion=" + gav.version() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Created-By", "crinn4j export");
        a.putValue("Automatic-Module-Name", "io.crinn4j.index");
        a.put(Attributes.Name.IMPLEMENTATION_TITLE, gav.artifactId());
        a.put(Attributes.Name.IMPLEMENTATION_VERSION, gav.version());
        a.putValue("Crinn4j-Warning", "LLM-written modules, measured in crinn4j's sandbox, run here without it; review "
                + SOURCES + " (see " + README + ")");
        int[] classes = new int[1];
        AtomicFile.write(file, os -> {
            try (JarOutputStream jar = new JarOutputStream(os)) { // closing it closes only AtomicFile's wrapper
                JarEntry me = new JarEntry(JarFile.MANIFEST_NAME);
                me.setTime(ENTRY_TIME);
                jar.putNextEntry(me);
                mf.write(jar);
                jar.closeEntry();
                java.util.Set<String> dirs = new java.util.HashSet<>();
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    String name = e.getKey();
                    for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
                        String dir = name.substring(0, i + 1);
                        if (!dir.equals("META-INF/") && dirs.add(dir)) {
                            JarEntry de = new JarEntry(dir);
                            de.setTime(ENTRY_TIME);
                            jar.putNextEntry(de);
                            jar.closeEntry();
                        }
                    }
                    JarEntry je = new JarEntry(name);
                    je.setTime(ENTRY_TIME);
                    jar.putNextEntry(je);
                    jar.write(e.getValue());
                    jar.closeEntry();
                    if (name.endsWith(".class")) {
                        classes[0]++;
                    }
                }
            }
        });
        List<String> names = new ArrayList<>();
        names.add(JarFile.MANIFEST_NAME);
        names.addAll(entries.keySet());
        return new Written(file, Files.size(file), names, classes[0]);
    }

    /**
     * Copies the class files under {@code prefix} from wherever {@code anchor} was loaded: the
     * packaged tool's jar, or a build's {@code target/classes}.
     */
    static void copyClasses(Class<?> anchor, String prefix, Map<String, byte[]> into) throws IOException {
        Path where;
        try {
            where = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot tell where " + anchor.getName() + " was loaded from: " + e, e);
        }
        int before = into.size();
        if (Files.isDirectory(where)) {
            Path root = where.resolve(prefix);
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    into.put(where.relativize(p).toString().replace(java.io.File.separatorChar, '/'), Files.readAllBytes(p));
                }
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                for (JarEntry e : java.util.Collections.list(jar.entries())) {
                    if (!e.isDirectory() && e.getName().startsWith(prefix) && e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            ByteArrayOutputStream b = new ByteArrayOutputStream();
                            in.transferTo(b);
                            into.put(e.getName(), b.toByteArray());
                        }
                    }
                }
            }
        }
        if (into.size() == before) {
            throw new IOException("found no classes under " + prefix + " in " + where);
        }
    }
}
