package io.crinn4j.agent.propose.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.propose.ProposerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProposerConfigTest {

    @Test
    void defaultsPerKind() {
        ProposerConfig none = ProposerConfig.of(null, null).resolved();
        assertEquals("mutate", none.kind());

        ProposerConfig openai = ProposerConfig.of("OpenAI", null).resolved();
        assertEquals("openai", openai.kind());
        assertEquals("gpt-4o-mini", openai.model());
        assertEquals("https://api.openai.com/v1", openai.baseUrl());
        assertEquals(0.7, openai.temperature());
        assertEquals(300.0, openai.timeoutSeconds());
        assertEquals(3, openai.maxRetries());
        assertNull(openai.maxTokens());
        assertNull(openai.apiKeyEnv());
        assertEquals(0.15, openai.priceInputPerMTok());
        assertEquals(0.60, openai.priceOutputPerMTok());
        assertEquals(1, openai.concurrency());
        assertEquals(1.0, openai.weight());

        ProposerConfig anthropic = ProposerConfig.of("anthropic", "claude-sonnet-4-5-20250929").resolved();
        assertEquals(8192, anthropic.maxTokens());
        assertEquals(3.0, anthropic.priceInputPerMTok());
        assertEquals(15.0, anthropic.priceOutputPerMTok());
        assertEquals("https://api.anthropic.com/v1", anthropic.baseUrl());

        ProposerConfig ollama = ProposerConfig.of("ollama", null).resolved();
        assertEquals("qwen2.5-coder:7b", ollama.model());
        assertEquals("http://localhost:11434", ollama.baseUrl());
        assertEquals(0.0, ollama.priceInputPerMTok());

        ProposerConfig gemini = ProposerConfig.of("gemini", null).resolved();
        assertEquals("gemini-2.5-flash", gemini.model());
        assertEquals(0.30, gemini.priceInputPerMTok());

        ProposerConfig manual = ProposerConfig.of("manual", null).resolved();
        assertEquals(3600.0, manual.manualTimeoutSeconds());
        assertNull(manual.temperature());
    }

    @Test
    void reasoningModelsGetNoDefaultTemperature() {
        assertNull(ProposerConfig.of("openai", "o4-mini").resolved().temperature());
        assertNull(ProposerConfig.of("openai", "gpt-5-mini").resolved().temperature());
        assertEquals(1.0, ProposerConfig.of("openai", "gpt-5").withTemperature(1.0).resolved().temperature());
        assertEquals(0.7, ProposerConfig.of("openai", "gpt-4.1").resolved().temperature());
    }

    @Test
    void pricesFollowTheModelAndCanBeOverridden() {
        ProposerConfig c = ProposerConfig.of("openai", null);
        assertEquals(0.15, c.resolved().priceInputPerMTok());
        assertEquals(2.50, c.withModel("gpt-4o-2024-08-06").resolved().priceInputPerMTok());
        assertEquals(0.28, c.withModel("deepseek-chat").withBaseUrl("https://api.deepseek.com/v1").resolved().priceInputPerMTok());
        assertEquals(0.0, c.withModel("gpt-4o").withBaseUrl("http://localhost:8000/v1").resolved().priceInputPerMTok());
        assertEquals(0.0, c.withModel("some-new-model").resolved().priceOutputPerMTok());
        assertEquals(9.0, c.withPrices(1.0, 9.0).resolved().priceOutputPerMTok());
        assertEquals(5.0, ModelPrices.lookup("claude-haiku-4-5-20251001").orElseThrow().outputPerMTok());
        assertEquals(0.10, ModelPrices.lookup("openai/gpt-4.1-nano").orElseThrow().inputPerMTok());
        assertTrue(ModelPrices.lookup("gpt-4").isEmpty());
    }

    @Test
    void yamlEnsembleWithInheritance() {
        ProposerConfig c = ProposerConfig.parse("""
                temperature: 0.9
                maxRetries: 5
                ensemble:
                  - {kind: openai, model: gpt-4o-mini, weight: 3}
                  - kind: ollama
                    model: qwen2.5-coder:14b
                    temperature: 0.4
                  - {kind: mutate, weight: 0.5}
                  - {kind: command, command: [llm, -m, gpt-4o-mini], timeoutSeconds: 120}
                """);
        assertNull(c.kind());
        ProposerConfig r = c.resolved();
        assertEquals("ensemble", r.kind());
        assertEquals(4, r.ensemble().size());
        ProposerConfig m0 = r.ensemble().get(0);
        assertEquals("openai", m0.kind());
        assertEquals(3.0, m0.weight());
        assertEquals(0.9, m0.temperature());
        assertEquals(5, m0.maxRetries());
        assertEquals(0.4, r.ensemble().get(1).temperature());
        assertEquals(1.0, r.ensemble().get(1).weight());
        assertEquals(0.5, r.ensemble().get(2).weight());
        assertEquals(List.of("llm", "-m", "gpt-4o-mini"), r.ensemble().get(3).command());
        assertEquals(120.0, r.ensemble().get(3).timeoutSeconds());
        assertEquals(r, r.resolved(), "idempotent");
        // JSON is YAML too, and the YAML round-trips
        assertEquals(c, ProposerConfig.parse(c.toYaml()));
        assertEquals(ProposerConfig.parse("{\"kind\":\"openai\",\"model\":\"gpt-4.1\"}"), ProposerConfig.of("openai", "gpt-4.1"));
    }

    @Test
    void loadFromFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("proposer.yaml");
        Files.writeString(f, "kind: command\ncommand: [ollama, run, qwen2.5-coder:7b]\ntimeoutSeconds: 600\n");
        ProposerConfig c = ProposerConfig.load(f).resolved();
        assertEquals("command", c.kind());
        assertEquals(600.0, c.timeoutSeconds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProposerConfig.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().startsWith("cannot read proposer config "), e.getMessage());
    }

    @Test
    void validationMessagesAreOneLine() {
        assertBad("kind: gpt\n", "unknown proposer kind 'gpt' (expected mutate, openai, ollama, anthropic, gemini, manual, command or ensemble)");
        assertBad("kind: openai\ntemperature: 3\n", "openai: temperature must be between 0 and 2, got 3.0");
        assertBad("kind: openai\nmaxRetries: -1\n", "openai: maxRetries must be between 0 and 10, got -1");
        assertBad("kind: openai\ntimeoutSeconds: 0\n", "openai: timeoutSeconds must be positive, got 0.0");
        assertBad("kind: openai\nbaseUrl: localhost:8000\n", "openai: baseUrl 'localhost:8000' must be an http:// or https:// URL");
        assertBad("kind: openai\napiKey: sk-abc\n",
                "proposer config: 'apiKey' is not accepted; put the key in an environment variable and give its name as apiKeyEnv");
        assertBad("kind: openai\napiKeyEnv: sk-proj-abc123\n",
                "openai: apiKeyEnv must be the NAME of an environment variable (letters, digits, _), not a key");
        assertBad("kind: command\n", "command: kind command needs 'command', a list of words such as [ollama, run, qwen2.5-coder:7b]");
        assertBad("kind: manual\nmodel: x\n", "manual: model, baseUrl and apiKeyEnv only apply to openai, ollama, anthropic and gemini");
        assertBad("kind: openai\nensemble: [{kind: mutate}]\n", "ensemble members are given but kind is 'openai'; omit kind or set it to ensemble");
        assertBad("ensemble: [{ensemble: [{kind: mutate}]}]\n", "ensemble[0]: ensembles cannot be nested");
        assertBad("ensemble: [{kind: mutate, weight: 0}]\n", "mutate: weight must be positive, got 0.0");
        assertBad("kind: ensemble\n", "ensemble: no members given");
        assertBad("kind: openai\nmodle: gpt-4o\n", "proposer config: unknown field 'modle' (known: kind, model, baseUrl, temperature,"
                + " timeoutSeconds, maxRetries, maxTokens, apiKeyEnv, priceInputPerMTok, priceOutputPerMTok, command, manualDir,"
                + " manualTimeoutSeconds, concurrency, weight, ensemble)");
        assertBad("kind: command\ncommand: ollama run qwen\n", "proposer config: command must be a list of words, e.g. [ollama, run, qwen2.5-coder:7b]");
        assertBad("", "proposer config is empty");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProposerConfig.parse("kind: openai\ntemperature: hot\n"));
        assertTrue(e.getMessage().startsWith("proposer config: bad value at temperature: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        e = assertThrows(IllegalArgumentException.class, () -> ProposerConfig.parse("kind: [unclosed\n"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void toStringAndYamlHoldNoSecrets() {
        ProposerConfig c = ProposerConfig.of("openai", null).withApiKeyEnv("MY_KEY");
        assertTrue(c.toString().contains("apiKeyEnv=MY_KEY"));
        assertTrue(c.toYaml().contains("apiKeyEnv: \"MY_KEY\"") || c.toYaml().contains("apiKeyEnv: MY_KEY"), c.toYaml());
    }

    private static void assertBad(String yaml, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProposerConfig.parse(yaml));
        assertEquals(message, e.getMessage());
    }
}
