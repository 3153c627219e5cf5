package io.crinn4j.sandbox.compile;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.commons.compiler.util.resource.MapResourceCreator;
import org.codehaus.commons.compiler.util.resource.MultiResourceFinder;
import org.codehaus.commons.compiler.util.resource.PathResourceFinder;
import org.codehaus.commons.compiler.util.resource.Resource;
import org.codehaus.commons.compiler.util.resource.ResourceFinder;
import org.codehaus.janino.Compiler;
import org.codehaus.janino.IClassLoader;
import org.codehaus.janino.ResourceFinderIClassLoader;

/**
 * Janino through its {@link org.codehaus.commons.compiler.ICompiler} implementation
 * {@link Compiler}: class files go to a {@link MapResourceCreator}, referenced classes are read
 * as class-file bytes through a {@link ResourceFinderIClassLoader} (JDK classes from the boot
 * layer's modules, the rest from the class path), so nothing is loaded into this JVM. Not
 * thread-safe: {@link CandidateCompiler} serializes calls.
 */
final class JaninoBackend {

    /**
     * Outcome of one attempt: classes, or the first error. {@code crashed} when Janino itself
     * failed (internal error, stack overflow) rather than rejecting the source.
     */
    record Outcome(Map<String, byte[]> classes, CompileError error, boolean crashed) {
        boolean ok() {
            return error == null;
        }
    }

    /**
     * Caches parsed JDK and class-path class files across compiles (the expensive part of a
     * Janino compile). Candidate types never enter it: they live in the per-compile loader
     * Janino puts in front of it (see {@link #compile}).
     */
    private final IClassLoader shared;
    private final int targetVersion;

    JaninoBackend(List<Path> classPath) {
        this(classPath, 0);
    }

    /** @param release class-file version to write (e.g. 17), or 0 for this JDK's */
    JaninoBackend(List<Path> classPath, int release) {
        File[] files = classPath.stream().map(Path::toFile).toArray(File[]::new);
        ResourceFinder finder = new MultiResourceFinder(new BootLayerClassFinder(), new PathResourceFinder(files));
        this.shared = new ResourceFinderIClassLoader(finder, null);
        // Same class-file version as javac's default. Janino's own default (6) refuses static
        // interface method calls (List.of, Comparator.comparingInt); from 8 on it also writes
        // StackMapTable frames (checked for 8, 17 and 25).
        this.targetVersion = release > 0 ? release : Runtime.version().feature();
    }

    /**
     * Compiles {@code source}; {@code fileName} is the path-like name used in Janino's messages.
     *
     * <p>Janino's per-compile loader consults the shared loader before the candidate's own
     * declarations, so a candidate type that also exists on the class path (the seed's classes
     * sit there in tests and in the shaded jar) could in principle resolve to the stale version.
     * It does not: Janino resolves a compilation unit's own top-level and member types by scope
     * before asking any loader. {@code SeedCompileTest} checks this with a changed constant
     * referenced both plainly and qualified. Names the shared loader failed to find are cached as
     * absent, which is harmless: the class path does not change while the JVM runs.
     */
    Outcome compile(String source, String fileName) {
        MapResourceCreator out = new MapResourceCreator();
        Compiler c = new Compiler();
        c.setIClassLoader(shared);
        c.setSourceFinder(ResourceFinder.EMPTY_RESOURCE_FINDER);
        c.setClassFileFinder(ResourceFinder.EMPTY_RESOURCE_FINDER, true);
        c.setClassFileCreator(out);
        c.setSourceCharset(StandardCharsets.UTF_8);
        c.setDebugLines(true);
        c.setDebugSource(true);
        c.setDebugVars(true);
        c.setTargetVersion(targetVersion);
        c.setVerbose(false);
        // No error handler: Janino stops at its first error, which is all the fallback needs.
        try {
            c.compile(new Resource[] {new BytesResource(fileName, source.getBytes(StandardCharsets.UTF_8))});
        } catch (CompileException e) {
            Location loc = e.getLocation();
            return failed(loc == null ? 0 : loc.getLineNumber(), loc == null ? 0 : loc.getColumnNumber(),
                    stripLocations(e.getMessage()), false);
        } catch (IOException e) {
            return failed(0, 0, "I/O error: " + e.getMessage(), true);
        } catch (StackOverflowError e) {
            return failed(0, 0, "Janino ran out of stack: the source is nested too deeply", true);
        } catch (RuntimeException | AssertionError e) {
            // InternalCompilerException, assertion failures (tests run with -ea).
            return failed(0, 0, "internal error: " + e, true);
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : out.getMap().entrySet()) {
            String name = e.getKey();
            if (name.endsWith(".class")) {
                name = name.substring(0, name.length() - ".class".length());
            }
            classes.put(name.replace('/', '.').replace(File.separatorChar, '.'), e.getValue());
        }
        return new Outcome(classes, null, false);
    }

    private static Outcome failed(int line, int column, String message, boolean crashed) {
        return new Outcome(Map.of(), new CompileError(line, column, message), crashed);
    }

    private static final Pattern LOCATION_PREFIX = Pattern.compile("^(File '[^']*', )?Line \\d+, Column \\d+: ");

    /** Janino prefixes messages with "File 'x', Line 3, Column 7: ", sometimes twice. */
    static String stripLocations(String message) {
        String m = message == null ? "" : message;
        Matcher matcher = LOCATION_PREFIX.matcher(m);
        while (matcher.find()) {
            m = m.substring(matcher.end());
            matcher = LOCATION_PREFIX.matcher(m);
        }
        return m;
    }

    /** An in-memory source or class file. */
    private static final class BytesResource implements Resource {
        private final String name;
        private final byte[] bytes;

        BytesResource(String name, byte[] bytes) {
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public String getFileName() {
            return name;
        }

        @Override
        public long lastModified() {
            return 0;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Class files of the modules in this JVM's boot layer, the same set javac sees (it includes
     * {@code jdk.incubator.vector} exactly when the JVM runs with
     * {@code --add-modules jdk.incubator.vector}). Read with {@link Module#getResourceAsStream},
     * which never encapsulates {@code .class} resources and does not load the class.
     *
     * <p>Janino's own default scans every system module through {@code jrt:} URLs on each lookup;
     * this index is built once.
     */
    static final class BootLayerClassFinder extends ResourceFinder {
        private static final Map<String, Module> PACKAGES = index();

        private static Map<String, Module> index() {
            Map<String, Module> m = new HashMap<>();
            for (Module module : ModuleLayer.boot().modules()) {
                for (String p : module.getPackages()) {
                    m.putIfAbsent(p, module);
                }
            }
            return Map.copyOf(m);
        }

        @Override
        public Resource findResource(String resourceName) {
            if (!resourceName.endsWith(".class")) {
                return null;
            }
            int slash = resourceName.lastIndexOf('/');
            if (slash <= 0) {
                return null;
            }
            Module module = PACKAGES.get(resourceName.substring(0, slash).replace('/', '.'));
            if (module == null) {
                return null;
            }
            try (InputStream in = module.getResourceAsStream(resourceName)) {
                return in == null ? null : new BytesResource("jrt:/" + module.getName() + "/" + resourceName, in.readAllBytes());
            } catch (IOException e) {
                return null;
            }
        }
    }
}
