package io.crinn4j.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.config.LlmConfig;
import io.crinn4j.agent.config.ManualConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Flags on top of a configuration file: each flag sets one path of the tree, the file gives the rest, defaults the remainder. */
class CampaignOptionsTest {
    @TempDir
    Path tmp;

    private static CampaignConfig resolve(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run.options.resolve(null);
    }

    private Path file(String yaml) throws IOException {
        Path f = Files.createTempFile(tmp, "campaign", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private record Flag(List<String> args, Function<CampaignConfig, Object> read, Object expected) {
    }

    private static Flag flag(String name, String value, Function<CampaignConfig, Object> read, Object expected) {
        return new Flag(value == null ? List.of(name) : List.of(name, value), read, expected);
    }

    @Test
    void everyFlagSetsItsField() {
        List<Flag> flags = List.of(
                flag("--name", "n1", CampaignConfig::name, "n1"),
                flag("--dataset", "bigann10k", CampaignConfig::dataset, "bigann10k"),
                flag("--data-dir", "/data/sets", CampaignConfig::dataDir, Path.of("/data/sets").toString()),
                flag("--cache-dir", "/data/gt", CampaignConfig::cacheDir, Path.of("/data/gt").toString()),
                flag("--seed", "7", CampaignConfig::seed, 7L),
                flag("--evaluations", "30", c -> c.budget().evaluations(), 30),
                flag("--wall-clock-minutes", "90", c -> c.budget().wallClockMinutes(), 90.0),
                flag("--max-tokens", "1000", c -> c.budget().maxTokens(), 1000L),
                flag("--max-dollars", "2.5", c -> c.budget().maxDollars(), 2.5),
                flag("--group", "3", c -> c.sampling().group(), 3),
                flag("--exemplars", "2", c -> c.sampling().exemplars(), 2),
                flag("--temperature", "0.3", c -> c.sampling().temperature(), 0.3),
                flag("--ef", "10,20", c -> c.evaluator().efs(), List.of(10, 20)),
                flag("--runs", "5", c -> c.evaluator().runs(), 5),
                flag("--queries", "200", c -> c.evaluator().queries(), 200),
                flag("--heap", "2g", c -> c.evaluator().heap(), "2g"),
                flag("--extra-queries", "0", c -> c.evaluator().extraQueries(), 0),
                flag("--no-held-out-extra", null, c -> c.evaluator().heldOutExtra(), false),
                flag("--seed-instances", "3", c -> c.evaluator().seedInstances(), 3),
                flag("--max-seed-spread", "0.1", c -> c.evaluator().maxSeedSpread(), 0.1),
                flag("--remeasure-unstable", "0", c -> c.evaluator().remeasureUnstable(), 0),
                flag("--parallelism", "2", c -> c.evaluator().parallelism(), 2),
                flag("--overlap-proposals", null, c -> c.evaluator().overlapProposals(), true),
                flag("--no-group-together", null, c -> c.evaluator().groupTogether(), false),
                flag("--confirm-top", "3", c -> c.confirmation().top(), 3),
                flag("--confirm-rounds", "4", c -> c.confirmation().rounds(), 4),
                flag("--confirm-max-rounds", "12", c -> c.confirmation().maxRounds(), 12),
                flag("--min-gain", "0.05", c -> c.confirmation().minGain(), 0.05),
                flag("--no-held-out", null, c -> c.confirmation().heldOut(), false),
                flag("--proposer", "manual", c -> c.proposer(), new ManualConfig(null, 3600)));
        CampaignConfig defaults = resolve("--name", "d");
        for (Flag f : flags) {
            CampaignConfig c = resolve(f.args().toArray(String[]::new));
            assertEquals(f.expected(), f.read().apply(c), String.join(" ", f.args()));
            if (!f.args().get(0).equals("--name") && !f.args().get(0).equals("--dataset")) {
                assertFalse(f.expected().equals(f.read().apply(defaults)), f.args() + " is not the default already");
            }
        }
        LlmConfig llm = assertInstanceOf(LlmConfig.class, resolve("--proposer", "openai", "--model", "gpt-4.1", "--base-url",
                "http://localhost:8000/v1").proposer());
        assertEquals("gpt-4.1", llm.model());
        assertEquals("http://localhost:8000/v1", llm.baseUrl());
    }

    @Test
    void flagsOverrideTheFileWhichOverridesTheDefaults() throws IOException {
        Path f = file("""
                name: from-file
                budget: {evaluations: 30}
                sampling: {group: 3}
                evaluator: {runs: 5, seedInstances: 3}
                proposer: {kind: openai, model: gpt-4.1, temperature: 0.3}
                """);
        CampaignConfig c = resolve("--config", f.toString(), "--evaluations", "40", "--no-held-out", "--model", "gpt-4o", "--seed-instances", "4");
        assertEquals("from-file", c.name());
        assertEquals(40, c.budget().evaluations(), "the flag");
        assertEquals(3, c.sampling().group(), "the file");
        assertEquals(5, c.evaluator().runs(), "the file");
        assertEquals(4, c.evaluator().seedInstances(), "the flag");
        assertFalse(c.confirmation().heldOut(), "the flag");
        assertEquals(4, c.sampling().exemplars(), "the default");
        LlmConfig p = assertInstanceOf(LlmConfig.class, c.proposer());
        assertEquals("gpt-4o", p.model(), "the flag");
        assertEquals(0.3, p.temperature(), "the file: the kind did not change");
        assertTrue(c.evaluator().overlapProposals(), "decided from the proposer the flags and the file made");
    }

    @Test
    void anotherProposerKindStartsFromThatKindsDefaults() throws IOException {
        Path f = file("name: x\nproposer: {kind: openai, model: gpt-4.1, temperature: 0.3, concurrency: 4}\n");
        LlmConfig same = assertInstanceOf(LlmConfig.class, resolve("--config", f.toString(), "--proposer", "OpenAI").proposer());
        assertEquals(0.3, same.temperature());
        assertEquals(4, same.concurrency());
        LlmConfig other = assertInstanceOf(LlmConfig.class, resolve("--config", f.toString(), "--proposer", "ollama").proposer());
        assertEquals("qwen2.5-coder:7b", other.model());
        assertEquals(0.7, other.temperature());
        assertEquals(1, other.concurrency());
        CampaignConfig mutate = resolve("--config", f.toString(), "--proposer", "mutate");
        assertEquals("mutate", mutate.proposer().kind());
        assertFalse(mutate.evaluator().overlapProposals(), "the mutator's own default, not the file's proposer's");
    }

    @Test
    void flagsApplyOnTopOfAFileInTheOldFlatFormat() throws IOException {
        Path f = file("name: old\nevaluations: 30\ngroup: 3\nsandbox: {runs: 5, buildBudget: 4}\n");
        CampaignConfig c = resolve("--config", f.toString(), "--group", "2", "--runs", "1");
        assertEquals(30, c.budget().evaluations());
        assertEquals(2, c.sampling().group());
        assertEquals(1, c.evaluator().runs());
        assertEquals(4.0, c.reward().buildBudget());
        assertNull(c.evaluator().queries());
    }

    @Test
    void theHelpStatesEveryDefaultAsBefore() {
        String help = CliRunner.run("run", "--help").out.replaceAll("\\s+", " ");
        for (String text : new String[] {"Default: synthetic.", "split evenly over the modules. Default: 24.", "(GRPO group). Default: 4.",
            "shown per prompt. Default: 4.", "for choosing exemplars. Default: 0.1.", "random seed. Default: 42.", "in each evaluation. Default: 3.",
            "Worker JVM heap. Default: 4g.", "Timed evaluations at once. Default: 1 (two at once", "accept the first measurement). Default: 2.",
            "is significant. Default: 3.", "still undecided. Default: 10.", "by this fraction. Default: 0.02.", "1 to 4. Default: 2.",
            "never shown to the LLM as a score. Default: 0.05.", "measured again. Default: 2."}) {
            assertTrue(help.contains(text), text);
        }
    }
}
