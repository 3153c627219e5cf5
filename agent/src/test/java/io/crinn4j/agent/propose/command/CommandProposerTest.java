package io.crinn4j.agent.propose.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.config.ProposerConfig;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.ProposerException;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.propose.factory.Proposers;
import io.crinn4j.contract.ModuleKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class CommandProposerTest {

    private static final String PROMPT = "Improve the SEARCH module. Reply with ```java ... ```\nÜmlauts and emoji 🚀 survive.";

    private static PromptRequest request(long seed) {
        return new PromptRequest(ModuleKind.SEARCH, PROMPT, null, List.of(), seed);
    }

    @Test
    void echoCommandRepliesWithItsStdin() {
        Proposer p = Proposers.create(ProposerConfig.parse("kind: command\ncommand: [sh, -c, cat]\n"), null, () -> null,
                Map.<String, String>of()::get);
        assertEquals("command:sh", p.name());
        List<Reply> replies = p.propose(request(1), 2);
        assertEquals(2, replies.size());
        for (Reply r : replies) {
            assertFalse(r.failed(), r.error());
            assertEquals(PROMPT, r.text());
            assertEquals("command:sh", r.source());
            assertEquals(0, r.inputTokens());
            assertEquals(0.0, r.costUsd());
        }
    }

    @Test
    void seedIndexAndModuleArePassedInTheEnvironment() {
        CommandProposer p = new CommandProposer(List.of("sh", "-c", "cat >/dev/null; printf '%s/%s/%s' \"$CRINN_SEED\" \"$CRINN_INDEX\" \"$CRINN_MODULE\""),
                Duration.ofSeconds(10));
        List<Reply> replies = p.propose(request(77), 3);
        assertEquals(List.of("77/0/search", "77/1/search", "77/2/search"), replies.stream().map(Reply::text).toList());
    }

    @Test
    void failingCommandGivesStderrTail() {
        CommandProposer p = new CommandProposer(List.of("sh", "-c",
                "cat >/dev/null; echo 'pulling manifest' >&2; echo 'Error: model \"qwen9\" not found' >&2; exit 3"), Duration.ofSeconds(10));
        Reply r = p.propose(request(1), 1).get(0);
        assertTrue(r.failed());
        assertEquals("exit 3: pulling manifest Error: model \"qwen9\" not found", r.error());
    }

    @Test
    void silentSuccessIsAFailure() {
        Reply r = new CommandProposer(List.of("sh", "-c", "cat >/dev/null"), Duration.ofSeconds(10)).propose(request(1), 1).get(0);
        assertTrue(r.failed());
        assertEquals("exit 0 but no output", r.error());
    }

    @Test
    void longStderrKeepsItsEnd() {
        Reply r = new CommandProposer(List.of("sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo \"line $i\" >&2; i=$((i+1)); done; echo FINAL-ERROR >&2; exit 1"),
                Duration.ofSeconds(10)).propose(request(1), 1).get(0);
        assertTrue(r.failed());
        assertTrue(r.error().startsWith("exit 1: …"), r.error());
        assertTrue(r.error().endsWith("line 2999 FINAL-ERROR"), r.error());
        assertTrue(r.error().length() <= 300, r.error());
    }

    @Test
    void hangingCommandIsKilledWithItsChildren(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        CommandProposer p = new CommandProposer(List.of("sh", "-c", "sleep 30 & echo $! > '" + pidFile + "'; echo started >&2; wait"),
                Duration.ofMillis(700));
        long t0 = System.nanoTime();
        Reply r = p.propose(request(1), 1).get(0);
        long elapsed = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(r.failed());
        assertEquals("timeout after 0.7 s, process killed: started", r.error());
        assertTrue(elapsed < 5000, "took " + elapsed + " ms");
        long childPid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (child.isPresent() && child.get().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(child.isPresent() && child.get().isAlive(), "the background sleep was killed too");
    }

    @Test
    void missingProgramStopsTheProposer() {
        CommandProposer p = new CommandProposer(List.of("/nonexistent/crinn-llm-tool", "-m", "x"), Duration.ofSeconds(1));
        assertEquals("command:crinn-llm-tool", p.name());
        ProposerException e = assertThrows(ProposerException.class, () -> p.propose(request(1), 1));
        assertTrue(e.getMessage().startsWith("command: cannot start '/nonexistent/crinn-llm-tool': "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void commandThatIgnoresStdinStillWorks() {
        // A prompt larger than the pipe buffer, to a program that never reads it.
        PromptRequest big = new PromptRequest(ModuleKind.SEARCH, "x".repeat(1 << 20), null, List.of(), 1);
        Reply r = new CommandProposer(List.of("sh", "-c", "echo ignored-input"), Duration.ofSeconds(10)).propose(big, 1).get(0);
        assertFalse(r.failed(), r.error());
        assertEquals("ignored-input\n", r.text());
        assertInstanceOf(String.class, r.text());
    }
}
