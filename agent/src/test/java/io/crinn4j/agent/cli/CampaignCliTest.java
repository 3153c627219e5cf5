package io.crinn4j.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad campaign input: one line on stderr and the right exit code, nothing started. */
class CampaignCliTest {
    @TempDir
    Path tmp;

    @Test
    void resumingSomethingThatIsNotACampaignFails() {
        CliRunner r = CliRunner.run("resume", tmp.toString(), "-q");
        assertEquals(1, r.exit);
        assertEquals(1, r.errLines().length, r.err);
        assertTrue(r.err.contains("not a campaign folder"), r.err);
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertEquals(2, CliRunner.run("run", "--group", "1", "--out", tmp.toString(), "-q").exit);
        assertEquals(2, CliRunner.run("run", "--temperature", "0", "--out", tmp.toString(), "-q").exit);
        assertEquals(2, CliRunner.run("run", "--parallelism", "0", "--out", tmp.toString(), "-q").exit);
        assertEquals(2, CliRunner.run("run", "--confirm-rounds", "0", "--out", tmp.toString(), "-q").exit);
        CliRunner rounds = CliRunner.run("run", "--confirm-rounds", "4", "--confirm-max-rounds", "3", "--out", tmp.toString(), "-q");
        assertEquals(2, rounds.exit, rounds.err);
        assertTrue(rounds.err.contains("confirmation.maxRounds (3) must be at least confirmation.rounds (4)"), rounds.err);
        assertEquals(2, CliRunner.run("run", "--confirm-rounds", "1", "--out", tmp.toString(), "-q").exit, "a paired test needs two rounds");
        CliRunner seeds = CliRunner.run("run", "--seed-instances", "5", "--out", tmp.toString(), "-q");
        assertEquals(2, seeds.exit, seeds.err);
        assertTrue(seeds.err.contains("seedInstances"), seeds.err);
        CliRunner spread = CliRunner.run("run", "--max-seed-spread", "0", "--out", tmp.toString(), "-q");
        assertEquals(2, spread.exit, spread.err);
        assertTrue(spread.err.contains("maxSeedSpread must be > 0"), spread.err);
        CliRunner again = CliRunner.run("run", "--remeasure-unstable", "11", "--out", tmp.toString(), "-q");
        assertEquals(2, again.exit, again.err);
        assertTrue(again.err.contains("remeasureUnstable must be between 0 and 10"), again.err);
        assertEquals(2, CliRunner.run("leaderboard", tmp.toString(), "--top", "0").exit);
        assertEquals(2, CliRunner.run("evolve", "--module", "indexing", "--out", tmp.toString(), "-q").exit);
        assertEquals(2, CliRunner.run("evolve", "--out", tmp.toString()).exit, "--module is required");
        CliRunner r = CliRunner.run("run", "--proposer", "telepathy", "--out", tmp.toString(), "-q");
        assertEquals(2, r.exit, r.err);
        assertTrue(r.err.contains("telepathy"), r.err);
    }

    @Test
    void aMalformedConfigFileIsOneErrorLine() throws IOException {
        Path cfg = tmp.resolve("bad.yaml");
        Files.writeString(cfg, "evaluations: [not, a, number\n");
        CliRunner r = CliRunner.run("run", "--config", cfg.toString(), "--out", tmp.resolve("runs").toString(), "-q");
        assertEquals(1, r.exit, r.err);
        assertEquals(1, r.errLines().length, r.err);
        assertTrue(r.err.contains("bad.yaml"), r.err);
        assertTrue(Files.notExists(tmp.resolve("runs")), "nothing was created for a config that cannot be read");
    }

    @Test
    void anUnknownConfigFieldValueIsRejected() throws IOException {
        Path cfg = tmp.resolve("bad2.yaml");
        Files.writeString(cfg, "modules: [construction, indexing]\n");
        CliRunner r = CliRunner.run("run", "--config", cfg.toString(), "--out", tmp.resolve("runs").toString(), "-q");
        assertEquals(1, r.exit, r.err);
        assertEquals(1, r.errLines().length, r.err);
        assertTrue(r.err.contains("bad2.yaml") && r.err.contains("indexing"), r.err);
    }

    @Test
    void helpListsTheCampaignFlags() {
        CliRunner r = CliRunner.run("run", "--help");
        assertEquals(0, r.exit);
        for (String flag : new String[] {"--config", "--dataset", "--data-dir", "--evaluations", "--group", "--exemplars", "--proposer",
            "--model", "--base-url", "--seed", "--out", "--max-dollars", "--max-tokens", "--wall-clock-minutes", "--parallelism",
            "overlap-proposals", "--confirm-top", "--confirm-rounds", "--confirm-max-rounds", "--min-gain", "--extra-queries", "--seed-instances",
            "--max-seed-spread", "--remeasure-unstable"}) {
            assertTrue(r.out.contains(flag), flag);
        }
        assertTrue(CliRunner.run("evolve", "--help").out.contains("--module"));
        assertTrue(CliRunner.run("resume", "--help").out.contains("DIR"));
    }
}
