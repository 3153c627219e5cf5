package io.crinn4j.sandbox.compile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Outcome of compiling one candidate: class files (never loaded) or errors, plus which back end
 * produced it and how long that took.
 *
 * <p>Immutable except for the {@code byte[]} values of {@link #classes()}, which are handed out
 * without copying; callers must not modify them.
 */
public final class CompileResult {

    /** {@link #compiler()} value when Janino produced the result. */
    public static final String JANINO = "janino";
    /** {@link #compiler()} value when the JDK's javac (javax.tools) produced the result. */
    public static final String JDK = "jdk";

    /** Most lines {@link #feedback()} renders, header and trailer included. */
    public static final int MAX_FEEDBACK_LINES = 20;
    private static final int MAX_LINE_CHARS = 240;

    private final boolean ok;
    private final String compiler;
    private final long nanos;
    private final long janinoNanos;
    private final Map<String, byte[]> classes;
    private final List<CompileError> errors;
    private final String janinoFailure;
    private final String feedback;

    private CompileResult(boolean ok, String compiler, long nanos, long janinoNanos, Map<String, byte[]> classes,
            List<CompileError> errors, String janinoFailure, String source) {
        this.ok = ok;
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.nanos = nanos;
        this.janinoNanos = janinoNanos;
        this.classes = Collections.unmodifiableMap(new TreeMap<>(classes));
        this.errors = List.copyOf(errors);
        this.janinoFailure = janinoFailure;
        this.feedback = ok ? "" : render(compiler, this.errors, source);
    }

    static CompileResult success(String compiler, long nanos, long janinoNanos, Map<String, byte[]> classes,
            String janinoFailure) {
        return new CompileResult(true, compiler, nanos, janinoNanos, classes, List.of(), janinoFailure, null);
    }

    static CompileResult failure(String compiler, long nanos, long janinoNanos, List<CompileError> errors,
            String janinoFailure, String source) {
        if (errors.isEmpty()) {
            errors = List.of(CompileError.unpositioned("compilation failed without a diagnostic"));
        }
        return new CompileResult(false, compiler, nanos, janinoNanos, Map.of(), errors, janinoFailure, source);
    }

    /** True when class files were produced, including the expected top-level class. */
    public boolean ok() {
        return ok;
    }

    /** {@link #JANINO} or {@link #JDK}: the back end whose outcome this is. */
    public String compiler() {
        return compiler;
    }

    /** Wall time of the compile by {@link #compiler()}, in nanoseconds. */
    public long nanos() {
        return nanos;
    }

    /**
     * Wall time of a Janino attempt that failed before {@link #compiler()} = {@link #JDK} took over
     * (0 when Janino produced this result or was not tried).
     */
    public long janinoNanos() {
        return janinoNanos;
    }

    /** {@link #nanos()} + {@link #janinoNanos()}: what the caller waited. */
    public long totalNanos() {
        return nanos + janinoNanos;
    }

    /**
     * Class files by binary name ({@code p.Outer}, {@code p.Outer$Inner}, {@code p.Outer$1}),
     * sorted; empty when not {@link #ok()}. The bytes were never defined in any JVM.
     */
    public Map<String, byte[]> classes() {
        return classes;
    }

    /** The errors of the reported compiler; empty when {@link #ok()}. */
    public List<CompileError> errors() {
        return errors;
    }

    /**
     * Why Janino did not produce the result: its first error ("line 3:17: ..."), "skipped: ..."
     * when it was not tried, or null when Janino succeeded.
     */
    public String janinoFailure() {
        return janinoFailure;
    }

    /**
     * At most {@value #MAX_FEEDBACK_LINES} lines describing the errors, each with its line number
     * and the offending source line, for pasting into an LLM prompt; empty when {@link #ok()}.
     */
    public String feedback() {
        return feedback;
    }

    @Override
    public String toString() {
        return "CompileResult[" + (ok ? "ok" : "failed") + ", " + compiler + ", " + nanos / 1_000_000 + " ms"
                + (janinoNanos > 0 ? " (+" + janinoNanos / 1_000_000 + " ms janino)" : "")
                + (ok ? ", classes=" + classes.keySet() : ", errors=" + errors) + "]";
    }

    private static String render(String compiler, List<CompileError> errors, String source) {
        String[] lines = source == null ? new String[0] : source.split("\r\n|\r|\n", -1);
        List<String> out = new ArrayList<>();
        out.add("Compilation failed (" + compiler + "), " + errors.size() + (errors.size() == 1 ? " error:" : " errors:"));
        int shown = 0;
        for (CompileError e : errors) {
            boolean hasExcerpt = e.line() >= 1 && e.line() <= lines.length && !lines[e.line() - 1].isBlank();
            int needed = hasExcerpt ? 2 : 1;
            int remaining = errors.size() - shown - 1;
            // Keep one line for the "... more" trailer unless this is the last error.
            if (out.size() + needed + (remaining > 0 ? 1 : 0) > MAX_FEEDBACK_LINES) {
                break;
            }
            String where = e.line() >= 1 ? "line " + e.line() + (e.column() >= 1 ? ":" + e.column() : "") + ": " : "";
            out.add(clip(where + oneLine(e.message())));
            if (hasExcerpt) {
                out.add(clip("    " + e.line() + " | " + lines[e.line() - 1].strip()));
            }
            shown++;
        }
        if (shown < errors.size()) {
            out.add("... and " + (errors.size() - shown) + " more");
        }
        return String.join("\n", out);
    }

    /** javac's multi-line messages ("cannot find symbol\n  symbol: ...") folded into one line. */
    private static String oneLine(String message) {
        String[] parts = message.strip().split("\\s*(\r\n|\r|\n)\\s*");
        List<String> details = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                details.add(parts[i]);
            }
        }
        String s = details.isEmpty() ? parts[0] : parts[0] + " (" + String.join("; ", details) + ")";
        return s.replaceAll("[ \t]{2,}", " ");
    }

    private static String clip(String s) {
        return s.length() <= MAX_LINE_CHARS ? s : s.substring(0, MAX_LINE_CHARS - 3) + "...";
    }
}
