package io.crinn4j.agent.propose.command;

import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.ProposerException;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.util.Text;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Asks an external program, once per completion: e.g. {@code ollama run qwen2.5-coder:7b},
 * {@code llm -m gpt-4o-mini}, or a script around any tool. The prompt is written to the process's
 * stdin (then stdin is closed), stdout is the reply, stderr is kept (its last
 * {@value #STDERR_TAIL_BYTES} bytes) for the failure reason.
 *
 * <p>The process inherits this JVM's environment (so the tool finds its own configuration and keys)
 * plus {@code CRINN_SEED} (the request seed), {@code CRINN_INDEX} (the completion index) and
 * {@code CRINN_MODULE} (construction, search or refinement). Completions run one after another.
 *
 * <ul>
 *   <li>exit 0 with output: the reply;</li>
 *   <li>non-zero exit: {@link Reply#failed} with the exit code and the tail of stderr;</li>
 *   <li>exit 0 without output, or more than {@value #MAX_STDOUT_BYTES} bytes: failed;</li>
 *   <li>still running at the timeout: the process and all its descendants are killed, failed;</li>
 *   <li>the program cannot be started at all: {@link ProposerException}.</li>
 * </ul>
 */
public final class CommandProposer implements Proposer.Streaming {

    public static final int STDERR_TAIL_BYTES = 16 * 1024;
    public static final int MAX_STDOUT_BYTES = 8 * 1024 * 1024;
    private static final int REASON_CHARS = 300;
    private static final long DRAIN_MILLIS = 2000;

    private final List<String> command;
    private final Duration timeout;
    private final Path workDir;
    private final String name;

    public CommandProposer(List<String> command, Duration timeout) {
        this(command, timeout, null);
    }

    /** @param workDir the working directory of the process, null for this JVM's */
    public CommandProposer(List<String> command, Duration timeout, Path workDir) {
        if (command == null || command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
            throw new IllegalArgumentException("command: no program given");
        }
        for (String w : command) {
            Objects.requireNonNull(w, "command word");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("command: timeout must be positive");
        }
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.workDir = workDir;
        String prog = Path.of(this.command.get(0)).getFileName().toString();
        this.name = "command:" + prog;
    }

    @Override
    public String name() {
        return name;
    }

    /** Runs the command once per reply, in order, handing each reply on as soon as its run ends. */
    @Override
    public void propose(PromptRequest request, int count, ReplySink sink) {
        Objects.requireNonNull(request, "request");
        for (int i = 0; i < count; i++) {
            sink.accept(i, runOnce(request, i));
        }
    }

    private Reply runOnce(PromptRequest request, int index) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Map<String, String> env = pb.environment();
        env.put("CRINN_SEED", Long.toString(request.seed()));
        env.put("CRINN_INDEX", Integer.toString(index));
        if (request.module() != null) {
            env.put("CRINN_MODULE", request.module().cliName());
        }
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ProposerException("command: cannot start '" + command.get(0) + "': " + e.getMessage(), e);
        }
        byte[] prompt = request.prompt() == null ? new byte[0] : request.prompt().getBytes(StandardCharsets.UTF_8);
        Thread writer = daemon("crinn-cmd-stdin", () -> {
            try (OutputStream os = p.getOutputStream()) {
                os.write(prompt);
            } catch (IOException ignored) {
                // the program does not read its stdin (or exited): nothing to do
            }
        });
        Capture stdout = new Capture(MAX_STDOUT_BYTES, false);
        Capture stderr = new Capture(STDERR_TAIL_BYTES, true);
        Thread outReader = daemon("crinn-cmd-stdout", () -> stdout.drain(p.getInputStream()));
        Thread errReader = daemon("crinn-cmd-stderr", () -> stderr.drain(p.getErrorStream()));

        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(p);
            return Reply.failed(name, "interrupted", Reply.millisSince(t0));
        }
        if (!finished) {
            killTree(p);
            join(outReader, errReader, writer);
            return Reply.failed(name, Text.oneLine("timeout after " + Text.seconds(timeout) + ", process killed" + tailSuffix(stderr), REASON_CHARS),
                    Reply.millisSince(t0));
        }
        // Exited; a leftover background child may still hold the pipes open, so wait boundedly.
        join(outReader, errReader, writer);
        long millis = Reply.millisSince(t0);
        int exit = p.exitValue();
        if (exit != 0) {
            return Reply.failed(name, Text.oneLine("exit " + exit + tailSuffix(stderr), REASON_CHARS), millis);
        }
        if (stdout.overflow()) {
            return Reply.failed(name, "output exceeds " + (MAX_STDOUT_BYTES >> 20) + " MiB", millis);
        }
        String text = stdout.text();
        if (text.isBlank()) {
            return Reply.failed(name, Text.oneLine("exit 0 but no output" + tailSuffix(stderr), REASON_CHARS), millis);
        }
        return Reply.ok(text, name, 0, 0, 0, millis);
    }

    /** Kills the process and every descendant (snapshotted first: orphans are re-parented and lost once the parent dies). */
    private static void killTree(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroyForcibly();
        for (ProcessHandle h : descendants) {
            h.destroyForcibly();
        }
        try {
            p.onExit().get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // best effort
        }
    }

    private static void join(Thread... threads) {
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        for (Thread t : threads) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            try {
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String tailSuffix(Capture stderr) {
        String tail = stderr.text().strip();
        if (tail.isEmpty()) {
            return "";
        }
        // The end of stderr is where the error usually is: keep the last lines that fit.
        String one = tail.replaceAll("\\s+", " ");
        if (one.length() > REASON_CHARS - 40) {
            one = "…" + one.substring(one.length() - (REASON_CHARS - 41));
        }
        return ": " + one;
    }

    @Override
    public String toString() {
        return "CommandProposer" + command + "[timeout=" + Text.seconds(timeout) + "]";
    }

    /** Collects a stream: the first {@code limit} bytes, or (tail mode) the last {@code limit} bytes. */
    private static final class Capture {
        private final int limit;
        private final boolean tail;
        private byte[] buf = new byte[0];
        private int len;
        private boolean overflow;

        Capture(int limit, boolean tail) {
            this.limit = limit;
            this.tail = tail;
        }

        void drain(InputStream in) {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    append(chunk, n);
                }
            } catch (IOException ignored) {
                // stream closed by the kill: keep what we have
            }
        }

        private synchronized void append(byte[] chunk, int n) {
            if (tail) {
                ByteArrayOutputStream b = new ByteArrayOutputStream(len + n);
                b.write(buf, 0, len);
                b.write(chunk, 0, n);
                byte[] all = b.toByteArray();
                int keep = Math.min(all.length, limit);
                buf = java.util.Arrays.copyOfRange(all, all.length - keep, all.length);
                len = keep;
                return;
            }
            if (overflow) {
                return;
            }
            if (len + n > limit) {
                overflow = true;
                return;
            }
            if (buf.length < len + n) {
                buf = java.util.Arrays.copyOf(buf, Math.max(len + n, Math.min(limit, Math.max(16384, buf.length * 2))));
            }
            System.arraycopy(chunk, 0, buf, len, n);
            len += n;
        }

        synchronized boolean overflow() {
            return overflow;
        }

        synchronized String text() {
            return new String(buf, 0, len, StandardCharsets.UTF_8);
        }
    }
}
