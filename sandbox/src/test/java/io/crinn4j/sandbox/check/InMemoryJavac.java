package io.crinn4j.sandbox.check;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Test helper: compiles one source file in memory with the JDK's javac; classes keyed by binary name. */
final class InMemoryJavac {

    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static final StandardJavaFileManager STANDARD = JAVAC.getStandardFileManager(null, Locale.ROOT, null);

    /** What came out: classes when it compiled, otherwise the error diagnostics. */
    record Result(Map<String, byte[]> classes, String errors) {
        boolean ok() {
            return errors == null;
        }

        Map<String, byte[]> require() {
            if (errors != null) {
                throw new AssertionError("javac failed:\n" + errors);
            }
            return classes;
        }
    }

    private InMemoryJavac() {
    }

    /** Compiles {@code source}, whose top-level class has binary name {@code binaryName}. */
    static synchronized Result compile(String binaryName, String source) {
        Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
        JavaFileObject src = new SimpleJavaFileObject(
                URI.create("string:///" + binaryName.replace('.', '/') + JavaFileObject.Kind.SOURCE.extension),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        ForwardingJavaFileManager<StandardJavaFileManager> fm = new ForwardingJavaFileManager<>(STANDARD) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        outputs.put(className, b);
                        return b;
                    }
                };
            }
        };
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        List<String> options = List.of("--add-modules", "jdk.incubator.vector", "-proc:none",
                "-source", "17", "-target", "17", "-Xlint:-options", "-nowarn",
                "-classpath", System.getProperty("java.class.path"));
        boolean ok = JAVAC.getTask(null, fm, diags, options, null, List.of(src)).call();
        if (!ok) {
            List<String> errs = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errs.add("line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
                }
            }
            return new Result(null, String.join("\n", errs));
        }
        Map<String, byte[]> classes = new TreeMap<>();
        outputs.forEach((k, v) -> classes.put(k, v.toByteArray()));
        return new Result(classes, null);
    }
}
