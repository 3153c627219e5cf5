package io.crinn4j.sandbox.compile;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The class path candidates compile against. */
final class ClassPaths {

    private ClassPaths() {
    }

    /**
     * The caller's {@code java.class.path}, with the {@code Class-Path} manifest entries of its
     * jars followed (a launcher or test runner may put a single manifest-only jar there; javac
     * follows such entries itself, Janino does not), absolute, existing entries only, in order,
     * without duplicates.
     */
    static List<Path> caller() {
        return expand(System.getProperty("java.class.path", ""));
    }

    static List<Path> expand(String path) {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Path.of(entry), out);
            }
        }
        return List.copyOf(out);
    }

    private static void add(Path entry, Set<Path> out) {
        Path p = entry.toAbsolutePath().normalize();
        if (!Files.exists(p) || !out.add(p)) {
            return;
        }
        if (!Files.isRegularFile(p) || !p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")) {
            return;
        }
        String classPath;
        try (JarFile jar = new JarFile(p.toFile())) {
            Manifest mf = jar.getManifest();
            classPath = mf == null ? null : mf.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        } catch (IOException | SecurityException e) {
            return;
        }
        if (classPath == null || classPath.isBlank()) {
            return;
        }
        URI base = p.getParent() == null ? p.toUri() : p.getParent().toUri();
        for (String ref : classPath.strip().split("\\s+")) {
            try {
                URI u = base.resolve(ref);
                if ("file".equalsIgnoreCase(u.getScheme())) {
                    add(Path.of(u), out);
                }
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                // Malformed or non-file entry: javac would ignore it as well.
            }
        }
    }
}
