package io.crinn4j.agent.propose.replay;

import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.data.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers prompts with replies recorded earlier: the n-th group a campaign asks for (n from 1) gets
 * {@code <repliesDir>/reply-<n>-<i>.md} for completion i, the names a manual campaign gives its
 * replies. So a campaign an LLM answered can be run again without the LLM — on real LLM output, in
 * CI, or on other data — and the loop's handling of that output (parsing, duplicates, the sandbox,
 * GRPO, the lessons of later prompts) is exercised for real.
 *
 * <p>The count of groups asked so far is kept in {@code <runDir>/replay-seq.txt}, so a campaign
 * resumed after a kill goes on with the next recorded group instead of starting over. A missing
 * file is a failed completion naming it. The recorded folder is only read.
 */
public final class ReplayProposer implements Proposer {
    public static final String SOURCE = "replay";
    static final String SEQ_FILE = "replay-seq.txt";

    private final Path repliesDir;
    private final Path seqFile;

    /**
     * @param repliesDir the recorded {@code reply-<n>-<i>.md} files
     * @param runDir     the campaign folder, where the count of groups asked is kept
     */
    public ReplayProposer(Path repliesDir, Path runDir) {
        this.repliesDir = Objects.requireNonNull(repliesDir, "repliesDir").toAbsolutePath().normalize();
        this.seqFile = Objects.requireNonNull(runDir, "runDir").resolve(SEQ_FILE);
        if (!Files.isDirectory(this.repliesDir)) {
            throw new IllegalArgumentException("replay: " + this.repliesDir + " is not a folder of recorded replies");
        }
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public synchronized List<Reply> propose(PromptRequest request, int count) {
        long t0 = System.nanoTime();
        long n = nextGroup();
        List<Reply> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Path f = repliesDir.resolve("reply-" + n + "-" + i + ".md");
            try {
                out.add(Files.isRegularFile(f) ? Reply.ok(Files.readString(f, StandardCharsets.UTF_8), SOURCE + ":" + f.getFileName(), 0, 0, 0,
                        Reply.millisSince(t0)) : Reply.failed(SOURCE, "no recorded reply " + f, Reply.millisSince(t0)));
            } catch (IOException e) {
                out.add(Reply.failed(SOURCE, "cannot read " + f + ": " + e.getMessage(), Reply.millisSince(t0)));
            }
        }
        return out;
    }

    /** The next group's number (1 for the first), counted in the run folder so a resumed campaign goes on. */
    private long nextGroup() {
        try {
            long last = Files.exists(seqFile) ? Long.parseLong(Files.readString(seqFile, StandardCharsets.UTF_8).strip()) : 0;
            AtomicFile.writeString(seqFile, Long.toString(last + 1));
            return last + 1;
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException("replay: cannot keep the group count in " + seqFile + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}
