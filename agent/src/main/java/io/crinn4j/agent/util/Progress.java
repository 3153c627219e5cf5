package io.crinn4j.agent.util;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long steps, always on stderr so stdout stays clean for tables and JSON. On a
 * terminal it draws a progress bar; when stderr is redirected (CI, scripts, tests) it prints a
 * plain line at the start and end of each step instead of a stream of carriage returns.
 */
public final class Progress {
    private final PrintStream err;
    private final boolean interactive;
    private final boolean quiet;

    public Progress(PrintStream err, boolean interactive, boolean quiet) {
        this.err = err;
        this.interactive = interactive;
        this.quiet = quiet;
    }

    /** Bars when a console is attached, plain lines otherwise. */
    public static Progress forConsole(boolean quiet) {
        return new Progress(System.err, System.console() != null, quiet);
    }

    /** Starts a step of {@code max} units ({@code max <= 0}: unknown length). */
    public Task start(String name, long max) {
        return new Task(name, max);
    }

    /** A one-off message line. */
    public void note(String message) {
        if (!quiet) {
            err.println("crinn: " + message);
        }
    }

    /** A running step; close it when done. */
    public final class Task implements AutoCloseable {
        private final String name;
        private final long started = System.nanoTime();
        private final ProgressBar bar;

        private Task(String name, long max) {
            this.name = name;
            if (quiet) {
                bar = null;
            } else if (interactive) {
                bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(max > 0 ? max : -1)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(err)).build();
            } else {
                bar = null;
                err.println("crinn: " + name + "...");
            }
        }

        public void stepTo(long n) {
            if (bar != null) {
                bar.stepTo(n);
            }
        }

        public void setExtra(String message) {
            if (bar != null) {
                bar.setExtraMessage(" " + message);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
            if (!quiet && !interactive) {
                err.println(String.format(Locale.ROOT, "crinn: %s done in %.1f s", name, (System.nanoTime() - started) / 1e9));
            }
        }
    }
}
