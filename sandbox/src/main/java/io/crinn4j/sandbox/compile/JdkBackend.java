package io.crinn4j.sandbox.compile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * javac through {@code javax.tools}, entirely in memory: the source is a string, class files are
 * captured in byte arrays, and any other output (generated sources, native headers, resources) is
 * refused.
 *
 * <p>One {@link StandardJavaFileManager} is kept for the life of the backend: it caches the
 * listings of the JDK image and of the class-path jars, which is most of what a warm javac
 * compile of a single file would otherwise spend. Candidate symbols never reach it (they live in
 * the per-task javac context), so compiles do not see each other. It is not thread-safe, hence
 * {@link CandidateCompiler} serializes calls.
 */
final class JdkBackend implements AutoCloseable {

    /**
     * Outcome of one compile: classes, or every error javac reported. {@code crashed} when javac
     * itself failed (stack overflow on absurd nesting, internal error) rather than the source.
     */
    record Outcome(Map<String, byte[]> classes, List<CompileError> errors, boolean crashed) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    private final JavaCompiler javac;
    private final StandardJavaFileManager files;
    private final List<String> options;

    JdkBackend(JavaCompiler javac, List<Path> classPath, List<String> addModules) {
        this(javac, classPath, addModules, 0);
    }

    /** @param release source and class-file version (e.g. 17), or 0 for this JDK's */
    JdkBackend(JavaCompiler javac, List<Path> classPath, List<String> addModules, int release) {
        this.javac = javac;
        this.files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        try {
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
            // An explicit empty source path stops javac from looking for sources on the class path.
            files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
            files.setLocationFromPaths(StandardLocation.ANNOTATION_PROCESSOR_PATH, List.of());
        } catch (IOException e) {
            throw new IllegalStateException("cannot set javac locations: " + e, e);
        }
        List<String> o = new ArrayList<>(List.of(
                "-proc:none",       // never run annotation processors: they are code from the class path
                "-implicit:none",   // only the candidate's own classes are written
                "-g",               // lines, vars, source: stack traces and the bytecode policy need them
                "-Xlint:none",
                "-nowarn",
                "-Xmaxerrs", "100"));
        // Not --release: release mode hides incubator modules. Source and target default to
        // this JDK, which is also the JDK of the worker that loads the classes; an export asks for 17,
        // the oldest JDK its users may run.
        if (release > 0) {
            o.addAll(List.of("-source", Integer.toString(release), "-target", Integer.toString(release), "-Xlint:-options"));
        }
        for (String m : addModules) {
            o.add("--add-modules");
            o.add(m);
        }
        this.options = List.copyOf(o);
    }

    /** The javac options used for every compile (for tests and diagnostics). */
    List<String> options() {
        return options;
    }

    Outcome compile(String source, String binaryClassName) {
        SourceFile src = new SourceFile(binaryClassName, source);
        MemoryFileManager fm = new MemoryFileManager(files);
        List<CompileError> errors = new ArrayList<>();
        DiagnosticListener<JavaFileObject> listener = d -> {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(toError(d, src, source));
            }
        };
        StringWriter out = new StringWriter();
        Boolean ok;
        try {
            ok = javac.getTask(out, fm, listener, options, null, List.of(src)).call();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            // javac wraps crashes (and exceptions from our file manager) in RuntimeException.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Outcome(Map.of(), List.of(CompileError.unpositioned(crashMessage(cause.toString()))), true);
        }
        if (!Boolean.TRUE.equals(ok) || !errors.isEmpty()) {
            if (errors.isEmpty()) {
                // javac reports its own crashes on the writer: a banner, the exception, a stack trace.
                return new Outcome(Map.of(), List.of(CompileError.unpositioned(crashMessage(out.toString()))), true);
            }
            return new Outcome(Map.of(), errors, false);
        }
        return new Outcome(fm.classes(), List.of(), false);
    }

    private static final Pattern EXCEPTION_LINE = Pattern.compile(
            "^\\s*((?:java|javax|jdk|com\\.sun)\\.[\\w.$]+(?:Error|Exception)\\b.*)$", Pattern.MULTILINE);

    /** A one-line account of a javac crash, without javac's bug-report banner and stack trace. */
    static String crashMessage(String text) {
        Matcher m = EXCEPTION_LINE.matcher(text);
        String exception = m.find() ? m.group(1).strip() : text.strip().lines().findFirst().orElse("");
        if (exception.startsWith("java.lang.StackOverflowError")) {
            return "javac ran out of stack (java.lang.StackOverflowError): the source is nested too deeply";
        }
        return exception.isEmpty() ? "javac failed without a diagnostic" : "javac crashed: " + exception;
    }

    private static CompileError toError(Diagnostic<? extends JavaFileObject> d, SourceFile src, String source) {
        String message = d.getMessage(Locale.ROOT);
        if (d.getSource() != src) {
            // About some other file (a broken class file on the class path): no candidate line.
            return CompileError.unpositioned(message);
        }
        long line = d.getLineNumber();
        long pos = d.getPosition();
        int column = 0;
        if (pos != Diagnostic.NOPOS && pos <= source.length()) {
            // javac's own column expands tabs to multiples of 8; count characters instead.
            int start = (int) pos;
            while (start > 0 && source.charAt(start - 1) != '\n' && source.charAt(start - 1) != '\r') {
                start--;
            }
            column = (int) pos - start + 1;
        }
        return new CompileError(line == Diagnostic.NOPOS ? 0 : (int) line, column, message);
    }

    @Override
    public void close() throws IOException {
        files.close();
    }

    private static URI uri(String scheme, String binaryName, JavaFileObject.Kind kind) {
        try {
            return new URI(scheme, null, "/" + binaryName.replace('.', '/') + kind.extension, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad class name " + binaryName, e);
        }
    }

    /** The candidate text; its URI ends in {@code Simple.java} so javac's public-class check applies. */
    private static final class SourceFile extends SimpleJavaFileObject {
        private final String text;

        SourceFile(String binaryName, String text) {
            super(uri("string", binaryName, Kind.SOURCE), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** One class file written by javac, kept in memory. */
    private static final class ClassFile extends SimpleJavaFileObject {
        private final String binaryName;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ClassFile(String binaryName) {
            super(uri("mem", binaryName, Kind.CLASS), Kind.CLASS);
            this.binaryName = binaryName;
        }

        @Override
        public OutputStream openOutputStream() {
            bytes.reset();
            return bytes;
        }
    }

    /** Per-compile view of the shared file manager that keeps class output in memory. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, ClassFile> outputs = new LinkedHashMap<>();

        MemoryFileManager(StandardJavaFileManager shared) {
            super(shared);
        }

        Map<String, byte[]> classes() {
            Map<String, byte[]> m = new LinkedHashMap<>();
            for (ClassFile c : outputs.values()) {
                m.put(c.binaryName, c.bytes.toByteArray());
            }
            return m;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) throws IOException {
            if (kind != JavaFileObject.Kind.CLASS || location != StandardLocation.CLASS_OUTPUT) {
                throw new IOException("candidate compilation writes class files only, not " + kind + " to " + location);
            }
            ClassFile f = new ClassFile(className);
            outputs.put(className, f);
            return f;
        }

        @Override
        public FileObject getFileForOutput(Location location, String packageName, String relativeName, FileObject sibling)
                throws IOException {
            throw new IOException("candidate compilation writes class files only, not " + relativeName);
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            if (a instanceof SourceFile || a instanceof ClassFile || b instanceof SourceFile || b instanceof ClassFile) {
                return a == b;
            }
            return super.isSameFile(a, b);
        }

        @Override
        public String inferBinaryName(Location location, JavaFileObject file) {
            if (file instanceof ClassFile) {
                return ((ClassFile) file).binaryName;
            }
            return super.inferBinaryName(location, file);
        }

        @Override
        public void close() {
            // The wrapped manager is shared across compiles; JdkBackend.close() closes it.
        }
    }
}
