package io.crinn4j.agent.propose.manual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.config.ProposerConfig;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.propose.factory.Proposers;
import io.crinn4j.contract.ModuleKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class ManualProposerTest {

    private static final String PROMPT = "Improve the SEARCH module.\nAnswer with one ```java block.";
    private static final String REPLY = "```java\npublic final class HnswSearch implements SearchModule { }\n```\n";

    private static PromptRequest request() {
        return new PromptRequest(ModuleKind.SEARCH, PROMPT, null, List.of(), 5);
    }

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private ManualProposer proposer(Path dir, Duration timeout) {
        return new ManualProposer(dir, timeout, Duration.ofMillis(50), Duration.ofMillis(300), new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /** Waits for a file to appear (the prompt), then runs the action. */
    private static CompletableFuture<Void> when(Path file, ThrowingRunnable action) {
        return CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try {
                while (!Files.exists(file)) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("never appeared: " + file);
                    }
                    Thread.sleep(20);
                }
                action.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void answeredWithDoneMarkerAndByStableFile(@TempDir Path dir) throws Exception {
        ManualProposer p = proposer(dir, Duration.ofSeconds(10));
        CompletableFuture<Void> person = when(dir.resolve("prompt-1-1.md"), () -> {
            assertEquals(PROMPT, Files.readString(dir.resolve("prompt-1-0.md")));
            // reply 0: written, then marked done
            Files.writeString(dir.resolve("reply-1-0.md"), REPLY);
            Files.createFile(dir.resolve("reply-1-0.md.done"));
            // reply 1: written in two steps with a pause shorter than the stability window, no marker
            Files.writeString(dir.resolve("reply-1-1.md"), "<<<<<<< SEARCH\n");
            Thread.sleep(100);
            Files.writeString(dir.resolve("reply-1-1.md"), "<<<<<<< SEARCH\nint ef = k;\n=======\nint ef = 2 * k;\n>>>>>>> REPLACE\n");
        });

        List<Reply> replies = p.propose(request(), 2);
        person.get(5, TimeUnit.SECONDS);

        assertEquals(2, replies.size());
        assertEquals(REPLY, replies.get(0).text());
        assertEquals("<<<<<<< SEARCH\nint ef = k;\n=======\nint ef = 2 * k;\n>>>>>>> REPLACE\n", replies.get(1).text());
        assertTrue(replies.get(1).latencyMillis() >= 300, "waited for the file to settle");
        replies.forEach(r -> {
            assertEquals("manual", r.source());
            assertEquals(0.0, r.costUsd());
        });
        String out = log.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("waiting up to 10 s for reply-1-0.md … reply-1-1.md"), out);
        assertTrue(out.contains(dir.toAbsolutePath().toString()), out);
    }

    @Test
    void eachReplyIsHandedOnAsSoonAsItIsComplete(@TempDir Path dir) throws Exception {
        ManualProposer p = proposer(dir, Duration.ofSeconds(10));
        java.util.concurrent.CountDownLatch firstSeen = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Void> person = when(dir.resolve("prompt-1-1.md"), () -> {
            Files.writeString(dir.resolve("reply-1-1.md"), REPLY);
            Files.createFile(dir.resolve("reply-1-1.md.done"));
            // Reply 0 is written only after the proposer has passed reply 1 on: it must not wait for the whole group.
            assertTrue(firstSeen.await(5, TimeUnit.SECONDS), "reply 1 was not handed on before reply 0 existed");
            Files.writeString(dir.resolve("reply-1-0.md"), REPLY);
            Files.createFile(dir.resolve("reply-1-0.md.done"));
        });
        List<Integer> order = new java.util.ArrayList<>();
        p.propose(request(), 2, (i, r) -> {
            order.add(i);
            assertEquals(REPLY, r.text());
            firstSeen.countDown();
        });
        person.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(1, 0), order);
    }

    @Test
    void numberingContinuesAcrossInstances(@TempDir Path dir) throws Exception {
        ManualProposer first = proposer(dir, Duration.ofMillis(200));
        List<Reply> timedOut = first.propose(request(), 1);
        assertTrue(timedOut.get(0).failed());
        assertTrue(timedOut.get(0).error().startsWith("timeout after 0.2 s waiting for "), timedOut.get(0).error());
        assertEquals("1", Files.readString(dir.resolve("seq.txt")).trim());

        // A resumed campaign: a new proposer on the same folder continues at 2.
        ManualProposer second = proposer(dir, Duration.ofSeconds(10));
        CompletableFuture<Void> person = when(dir.resolve("prompt-2-0.md"), () -> {
            Files.writeString(dir.resolve("reply-2-0.md"), REPLY);
            Files.createFile(dir.resolve("reply-2-0.md.done"));
        });
        assertEquals(REPLY, second.propose(request(), 1).get(0).text());
        person.get(5, TimeUnit.SECONDS);

        // Even with the counter lost, numbers already in the folder are not reused.
        Files.delete(dir.resolve("seq.txt"));
        ManualProposer third = proposer(dir, Duration.ofMillis(100));
        third.propose(request(), 1);
        assertTrue(Files.exists(dir.resolve("prompt-3-0.md")));
    }

    @Test
    void doneMarkerWithoutTextSkipsAndEmptyFileNeverCounts(@TempDir Path dir) throws Exception {
        ManualProposer p = proposer(dir, Duration.ofMillis(1500));
        CompletableFuture<Void> person = when(dir.resolve("prompt-1-1.md"), () -> {
            Files.createFile(dir.resolve("reply-1-0.md.done"));
            Files.createFile(dir.resolve("reply-1-1.md")); // empty, no marker: not an answer
        });
        List<Reply> replies = p.propose(request(), 2);
        person.get(5, TimeUnit.SECONDS);
        assertTrue(replies.get(0).failed());
        assertEquals("skipped: reply-1-0.md is empty", replies.get(0).error());
        assertTrue(replies.get(0).latencyMillis() < 1500, "skip is immediate");
        assertTrue(replies.get(1).failed());
        assertTrue(replies.get(1).error().startsWith("timeout after 1.5 s"), replies.get(1).error());
    }

    @Test
    void builtFromConfigUnderTheRunFolder(@TempDir Path runDir) {
        Proposer p = Proposers.create(ProposerConfig.parse("kind: manual\nmanualTimeoutSeconds: 0.1\n"), runDir, () -> null,
                Map.<String, String>of()::get);
        ManualProposer m = assertInstanceOf(ManualProposer.class, p);
        assertEquals(runDir.resolve("manual").toAbsolutePath().normalize(), m.dir());
        assertFalse(new ManualProposer(runDir, Duration.ofSeconds(1)).toString().isEmpty());
    }
}
