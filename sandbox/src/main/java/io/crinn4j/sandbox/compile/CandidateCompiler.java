package io.crinn4j.sandbox.compile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.SourceVersion;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles one untrusted candidate source file to class files in memory, without loading,
 * linking or initialising any of them: no candidate code runs in this JVM, and nothing is
 * written to disk. See the package documentation for the strategy and its measurements.
 *
 * <p>Both back ends resolve the JDK classes of this JVM's boot layer (including
 * {@code jdk.incubator.vector} when the JVM runs with {@code --add-modules jdk.incubator.vector})
 * and the class path given at construction (by default the caller's {@code java.class.path},
 * which holds the {@code io.crinn4j.contract} classes; when packaged, the one shaded jar).
 *
 * <p>Thread safety: {@link #compile} is synchronized, so an instance may be shared but compiles
 * one source at a time; create one instance per thread to compile in parallel (instances share
 * no mutable state). Each instance caches parsed JDK/class-path classes (Janino) and jar
 * listings (javac), so reuse one instance for many candidates. {@link #close()} releases the
 * open class-path jars.
 */
public final class CandidateCompiler implements AutoCloseable {

    /** Which back ends to use. */
    public enum Strategy {
        /** Janino first; javac when Janino fails (the strategy). */
        JANINO_THEN_JDK,
        /** javac only. */
        JDK_ONLY,
        /** Janino only; its first error is the result when it fails. */
        JANINO_ONLY
    }

    /** Sources longer than this are rejected unread (LLM answers are a few tens of KB). */
    public static final int MAX_SOURCE_CHARS = 1 << 20;

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private final Strategy strategy;
    private final List<Path> classPath;
    private final int release;
    private JaninoBackend janino;
    private JdkBackend jdk;
    private String jdkUnavailable;

    /** {@link Strategy#JANINO_THEN_JDK} against the caller's class path. */
    public CandidateCompiler() {
        this(Strategy.JANINO_THEN_JDK);
    }

    /** The given strategy against the caller's class path. */
    public CandidateCompiler(Strategy strategy) {
        this(strategy, callerClassPath());
    }

    /**
     * The given strategy against an explicit class path (directories and jars; JDK classes come
     * from this JVM's boot layer regardless).
     */
    public CandidateCompiler(Strategy strategy, List<Path> classPath) {
        this(strategy, classPath, 0);
    }

    /**
     * As {@link #CandidateCompiler(Strategy, List)}, writing class files for Java {@code release}
     * (e.g. 17) instead of this JDK's version: for classes that leave this JVM (an exported jar)
     * and must load on older JDKs than the one compiling them.
     */
    public CandidateCompiler(Strategy strategy, List<Path> classPath, int release) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.classPath = List.copyOf(classPath);
        if (release < 0 || release > Runtime.version().feature()) {
            throw new IllegalArgumentException("class-file release " + release + " is not one this JDK (" + Runtime.version().feature() + ") can write");
        }
        this.release = release;
    }

    /**
     * The caller's {@code java.class.path} with jar-manifest {@code Class-Path} entries followed:
     * the default class path candidates compile against.
     */
    public static List<Path> callerClassPath() {
        return ClassPaths.caller();
    }

    /** Modules added to javac's module graph: {@code jdk.incubator.vector} when this JVM has it. */
    public static List<String> addedModules() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent() ? List.of(VECTOR_MODULE) : List.of();
    }

    /**
     * Compiles {@code source}, whose top-level class must be {@code binaryClassName} (for
     * example {@code io.crinn4j.seed.glass.HnswSearch}; the package must match the source's
     * package declaration, or be absent for the unnamed package).
     *
     * <p>Never throws for bad sources: syntax and type errors, a missing or misnamed top-level
     * class, an oversized source and compiler crashes all come back as a failed result.
     *
     * @throws IllegalArgumentException when {@code binaryClassName} is not a qualified Java name
     */
    public synchronized CompileResult compile(String source, String binaryClassName) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(binaryClassName, "binaryClassName");
        if (!SourceVersion.isName(binaryClassName)) {
            throw new IllegalArgumentException("not a binary class name: '" + binaryClassName + "'");
        }
        if (source.length() > MAX_SOURCE_CHARS) {
            return CompileResult.failure(strategy == Strategy.JANINO_ONLY ? CompileResult.JANINO : CompileResult.JDK, 0, 0,
                    List.of(CompileError.unpositioned("source has " + source.length() + " characters, more than the "
                            + MAX_SOURCE_CHARS + " allowed")), "skipped: source too large", source);
        }
        String janinoFailure;
        long janinoNanos = 0;
        if (strategy == Strategy.JDK_ONLY) {
            janinoFailure = "skipped: strategy " + strategy;
        } else {
            long t0 = System.nanoTime();
            JaninoBackend.Outcome j = janino().compile(source, binaryClassName.replace('.', '/') + ".java");
            long dt = System.nanoTime() - t0;
            if (j.crashed()) {
                // Its class cache may have been left half-updated: start the next compile afresh.
                janino = null;
            }
            if (j.ok()) {
                return checked(CompileResult.JANINO, dt, 0, j.classes(), null, source, binaryClassName);
            }
            janinoFailure = j.error().toString();
            if (strategy == Strategy.JANINO_ONLY) {
                return CompileResult.failure(CompileResult.JANINO, dt, 0, List.of(j.error()), janinoFailure, source);
            }
            janinoNanos = dt;
        }
        JdkBackend backend = jdk();
        if (backend == null) {
            return CompileResult.failure(CompileResult.JDK, 0, janinoNanos,
                    List.of(CompileError.unpositioned(jdkUnavailable)), janinoFailure, source);
        }
        long t0 = System.nanoTime();
        JdkBackend.Outcome o = backend.compile(source, binaryClassName);
        long dt = System.nanoTime() - t0;
        if (o.crashed()) {
            closeJdk();
        }
        if (!o.ok()) {
            return CompileResult.failure(CompileResult.JDK, dt, janinoNanos, o.errors(), janinoFailure, source);
        }
        return checked(CompileResult.JDK, dt, janinoNanos, o.classes(), janinoFailure, source, binaryClassName);
    }

    /** The javac options in use, or an empty list when this JVM has no system Java compiler. */
    public synchronized List<String> javacOptions() {
        JdkBackend b = jdk();
        return b == null ? List.of() : b.options();
    }

    /** Fails a compile that did not produce the expected top-level class. */
    private static CompileResult checked(String compiler, long nanos, long janinoNanos, Map<String, byte[]> classes,
            String janinoFailure, String source, String binaryClassName) {
        if (!classes.containsKey(binaryClassName)) {
            List<String> topLevel = new ArrayList<>();
            for (String n : classes.keySet()) {
                if (n.indexOf('$') < 0) {
                    topLevel.add(n);
                }
            }
            String message = "expected the source to declare top-level class " + binaryClassName
                    + " but it declares " + (topLevel.isEmpty() ? classes.keySet() : topLevel)
                    + " (check the package declaration and the class name)";
            return CompileResult.failure(compiler, nanos, janinoNanos, List.of(CompileError.unpositioned(message)),
                    janinoFailure, source);
        }
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            byte[] b = e.getValue();
            if (b.length < 4 || (b[0] & 0xFF) != 0xCA || (b[1] & 0xFF) != 0xFE || (b[2] & 0xFF) != 0xBA || (b[3] & 0xFF) != 0xBE) {
                return CompileResult.failure(compiler, nanos, janinoNanos,
                        List.of(CompileError.unpositioned("compiler produced a malformed class file for " + e.getKey())),
                        janinoFailure, source);
            }
        }
        return CompileResult.success(compiler, nanos, janinoNanos, classes, janinoFailure);
    }

    private JaninoBackend janino() {
        if (janino == null) {
            janino = new JaninoBackend(classPath, release);
        }
        return janino;
    }

    private JdkBackend jdk() {
        if (jdk == null && jdkUnavailable == null) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                jdkUnavailable = "no system Java compiler: this JVM is a JRE, not a JDK (module jdk.compiler is missing)";
            } else {
                jdk = new JdkBackend(javac, classPath, addedModules(), release);
            }
        }
        return jdk;
    }

    private void closeJdk() {
        try {
            if (jdk != null) {
                jdk.close();
            }
        } catch (IOException e) {
            // Only closes class-path jars; nothing to recover.
        } finally {
            jdk = null;
        }
    }

    /** Releases the open class-path jars; a later {@link #compile} reopens what it needs. */
    @Override
    public synchronized void close() {
        closeJdk();
        janino = null;
    }
}
