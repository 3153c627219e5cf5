package io.crinn4j.agent.propose.manual;

import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.ProposerException;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.util.Text;
import io.crinn4j.data.AtomicFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person, or any outside agent, answers the prompts through files.
 *
 * <p>For a group of {@code count} completions the proposer writes the prompt to
 * {@code <dir>/prompt-<seq>-<i>.md} for {@code i = 0 … count-1}, prints on stderr what it waits for,
 * then polls (every 200 ms) for {@code <dir>/reply-<seq>-<i>.md} until all are in or the timeout
 * passes. {@code seq} numbers groups; the last one used is kept in {@code <dir>/seq.txt} (and is
 * never below the highest number already in the directory), so a resumed campaign continues the
 * numbering instead of overwriting or reading old files.
 *
 * <p>When a reply file counts as complete — both rules are accepted, whichever comes first:
 * <ol>
 *   <li>a marker {@code reply-<seq>-<i>.md.done} exists (write the reply, then create the marker):
 *       the reply is read at once; or</li>
 *   <li>the reply file is non-empty and its size and modification time have not changed for 1 s
 *       (for people saving from an editor, or tools that write the file in one go).</li>
 * </ol>
 * Writers that can, should write to a temporary name and rename it. To skip a completion, create
 * the {@code .done} marker with an empty or absent reply file: that completion fails as "skipped".
 * Completions not answered by the deadline fail with a timeout reason; the others are kept.
 */
public final class ManualProposer implements Proposer.Streaming {

    public static final Duration DEFAULT_POLL = Duration.ofMillis(200);
    public static final Duration DEFAULT_STABLE = Duration.ofSeconds(1);
    public static final String SEQ_FILE = "seq.txt";
    public static final String SOURCE = "manual";

    private static final Pattern NUMBERED = Pattern.compile("(?:prompt|reply)-(\\d{1,18})-\\d+\\.md(?:\\.done)?");
    private static final Object SEQ_LOCK = new Object();

    private final Path dir;
    private final Duration timeout;
    private final Duration poll;
    private final Duration stable;
    private final PrintStream log;

    public ManualProposer(Path dir, Duration timeout) {
        this(dir, timeout, DEFAULT_POLL, DEFAULT_STABLE, System.err);
    }

    /**
     * @param poll   how often the directory is looked at
     * @param stable how long a reply without {@code .done} marker must stay unchanged
     * @param log    where the "waiting for …" lines go
     */
    public ManualProposer(Path dir, Duration timeout, Duration poll, Duration stable, PrintStream log) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        this.timeout = positive(timeout, "timeout");
        this.poll = positive(poll, "poll");
        this.stable = Objects.requireNonNull(stable, "stable");
        this.log = Objects.requireNonNull(log, "log");
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("manual: " + what + " must be positive");
        }
        return d;
    }

    @Override
    public String name() {
        return SOURCE;
    }

    public Path dir() {
        return dir;
    }

    public static Path promptFile(Path dir, long seq, int i) {
        return dir.resolve("prompt-" + seq + "-" + i + ".md");
    }

    public static Path replyFile(Path dir, long seq, int i) {
        return dir.resolve("reply-" + seq + "-" + i + ".md");
    }

    public static Path doneMarker(Path dir, long seq, int i) {
        return dir.resolve("reply-" + seq + "-" + i + ".md.done");
    }

    /** Each reply is handed on the moment its file is complete, so the campaign can evaluate it while the rest are being written. */
    @Override
    public void propose(PromptRequest request, int count, ReplySink sink) {
        Objects.requireNonNull(request, "request");
        if (count <= 0) {
            return;
        }
        long seq;
        try {
            Files.createDirectories(dir);
            seq = nextSeq();
            for (int i = 0; i < count; i++) {
                AtomicFile.writeString(promptFile(dir, seq, i), request.prompt());
            }
        } catch (IOException e) {
            throw new ProposerException("manual: cannot write prompts to " + dir + ": " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        String range = count == 1 ? "reply-" + seq + "-0.md" : "reply-" + seq + "-0.md … reply-" + seq + "-" + (count - 1) + ".md";
        log.println("manual: wrote " + (count == 1 ? promptFile(dir, seq, 0).getFileName() : count + " copies of the prompt, prompt-" + seq
                + "-0.md … prompt-" + seq + "-" + (count - 1) + ".md,") + " in " + dir);
        log.println("manual: waiting up to " + human(timeout) + " for " + range + " — a reply is read when its .done marker exists,"
                + " or when it is non-empty and unchanged for " + human(stable) + "; a .done marker without text skips it");

        Reply[] out = new Reply[count];
        Observation[] seen = new Observation[count];
        long deadline = t0 + timeout.toNanos();
        int pending = count;
        while (true) {
            for (int i = 0; i < count; i++) {
                if (out[i] == null) {
                    out[i] = check(seq, i, seen, t0);
                    if (out[i] != null) {
                        pending--;
                        log.println("manual: " + replyFile(dir, seq, i).getFileName() + (out[i].failed() ? " " + out[i].error()
                                : " received (" + out[i].text().length() + " chars)"));
                        sink.accept(i, out[i]);
                    }
                }
            }
            if (pending == 0) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(poll.toMillis(), left / 1_000_000 + 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fill(out, seq, t0, "interrupted while waiting for ", sink);
                return;
            }
        }
        fill(out, seq, t0, "timeout after " + human(timeout) + " waiting for ", sink);
    }

    private void fill(Reply[] out, long seq, long t0, String why, ReplySink sink) {
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = Reply.failed(SOURCE, why + replyFile(dir, seq, i), Reply.millisSince(t0));
                log.println("manual: " + out[i].error());
                sink.accept(i, out[i]);
            }
        }
    }

    private record Observation(long size, long modified, long since) {
    }

    /** The reply if complete, else null. */
    private Reply check(long seq, int i, Observation[] seen, long t0) {
        Path reply = replyFile(dir, seq, i);
        try {
            if (Files.exists(doneMarker(dir, seq, i))) {
                String text = Files.exists(reply) ? Files.readString(reply, StandardCharsets.UTF_8) : "";
                return text.isBlank()
                        ? Reply.failed(SOURCE, "skipped: " + reply.getFileName() + " is empty", Reply.millisSince(t0))
                        : Reply.ok(text, SOURCE, 0, 0, 0, Reply.millisSince(t0));
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(reply, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                seen[i] = null;
                return null;
            }
            long now = System.nanoTime();
            long size = a.size();
            long modified = a.lastModifiedTime().toMillis();
            Observation o = seen[i];
            if (size == 0 || o == null || o.size != size || o.modified != modified) {
                seen[i] = new Observation(size, modified, now);
                return null;
            }
            if (now - o.since < stable.toNanos()) {
                return null;
            }
            String text = Files.readString(reply, StandardCharsets.UTF_8);
            if (text.length() == 0 || text.isBlank()) {
                seen[i] = null;
                return null;
            }
            return Reply.ok(text, SOURCE, 0, 0, 0, Reply.millisSince(t0));
        } catch (IOException e) {
            // A half-written or locked file: look again at the next poll.
            seen[i] = null;
            return null;
        }
    }

    /** Reserves the next group number: above both the persisted counter and any number already used in the directory. */
    private long nextSeq() throws IOException {
        synchronized (SEQ_LOCK) {
            long last = 0;
            Path seqFile = dir.resolve(SEQ_FILE);
            if (Files.exists(seqFile)) {
                try {
                    last = Long.parseLong(Files.readString(seqFile, StandardCharsets.UTF_8).trim());
                } catch (NumberFormatException e) {
                    last = 0; // damaged counter: the directory scan below still prevents reuse
                }
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    Matcher m = NUMBERED.matcher(p.getFileName().toString());
                    if (m.matches()) {
                        last = Math.max(last, Long.parseLong(m.group(1)));
                    }
                }
            }
            long seq = last + 1;
            AtomicFile.writeString(seqFile, seq + "\n");
            return seq;
        }
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms >= 120_000) {
            return (ms / 60_000) + " min";
        }
        return Text.seconds(d);
    }

    @Override
    public String toString() {
        return "ManualProposer[" + dir + ", timeout=" + human(timeout) + "]";
    }
}
