package io.crinn4j.agent.cli;

import io.crinn4j.agent.util.Text;
import io.crinn4j.data.DataException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point. Exit codes (also in {@code crinn --help}):
 * 0 success; 1 the command failed (bad input data, unknown dataset, I/O error, a module error);
 * 2 the command line itself is wrong (unknown option, missing or malformed value).
 * Errors are one line on stderr, {@code crinn: error: ...}; set {@code CRINN_DEBUG=1} for the stack trace.
 */
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams and returns the exit code; never calls System.exit. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new CrinnCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println("crinn: error: " + message(ex));
            if (System.getenv("CRINN_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_FAILURE;
        });
        cl.setParameterExceptionHandler((ex, argv) -> {
            err.println("crinn: " + ex.getMessage());
            err.println("try '" + ex.getCommandLine().getCommandSpec().qualifiedName(" ") + " --help'");
            err.flush();
            return EXIT_USAGE;
        });
        return cl.execute(args);
    }

    /** One line naming the problem; low-level exceptions get their type so the line still says something. */
    static String message(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof java.io.UncheckedIOException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (t instanceof DataException || t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof io.crinn4j.index.IndexFileException) {
            return Text.firstLine(m, t.getClass().getSimpleName());
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + Text.firstLine(String.valueOf(m)) + "); give the JVM more heap with CRINN_JAVA_OPTS=-Xmx16g";
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + m;
        }
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + Text.firstLine(m));
    }
}
