package io.crinn4j.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProposerConfigTest {

    private static LlmConfig llm(String yaml) {
        return assertInstanceOf(LlmConfig.class, ProposerConfig.parse(yaml));
    }

    @Test
    void defaultsPerKind() {
        assertEquals(new MutateConfig(), ProposerConfig.parse("{}"));
        assertEquals("mutate", ProposerConfig.parse("{}").kind());

        LlmConfig openai = llm("kind: OpenAI\n");
        assertEquals("openai", openai.kind());
        assertEquals(Provider.OPENAI, openai.provider());
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
        assertEquals(LlmConfig.of(Provider.OPENAI, null), openai);

        LlmConfig anthropic = llm("kind: anthropic\nmodel: claude-sonnet-4-5-20250929\n");
        assertEquals(8192, anthropic.maxTokens());
        assertEquals(3.0, anthropic.priceInputPerMTok());
        assertEquals(15.0, anthropic.priceOutputPerMTok());
        assertEquals("https://api.anthropic.com/v1", anthropic.baseUrl());

        LlmConfig ollama = llm("kind: ollama\n");
        assertEquals("qwen2.5-coder:7b", ollama.model());
        assertEquals("http://localhost:11434", ollama.baseUrl());
        assertEquals(0.0, ollama.priceInputPerMTok());

        LlmConfig gemini = llm("kind: gemini\n");
        assertEquals("gemini-2.5-flash", gemini.model());
        assertEquals(0.30, gemini.priceInputPerMTok());

        ManualConfig manual = assertInstanceOf(ManualConfig.class, ProposerConfig.parse("kind: manual\n"));
        assertEquals(3600.0, manual.manualTimeoutSeconds());
        assertNull(manual.manualDir(), "<runDir>/manual, decided when the proposer is made");

        CommandConfig command = assertInstanceOf(CommandConfig.class, ProposerConfig.parse("kind: command\ncommand: [llm]\n"));
        assertEquals(300.0, command.timeoutSeconds());

        EnsembleConfig ensemble = assertInstanceOf(EnsembleConfig.class, ProposerConfig.parse("ensemble: [{kind: mutate}]\n"));
        assertEquals(1.0, ensemble.members().get(0).weight());
    }

    @Test
    void onlyTheMutatorKeepsProposalsFromOverlappingEvaluations() {
        assertFalse(new MutateConfig().overlapsByDefault());
        for (String kind : new String[] {"openai", "manual", "command\ncommand: [llm]", "ensemble\nensemble: [{kind: mutate}]"}) {
            assertTrue(ProposerConfig.parse("kind: " + kind + "\n").overlapsByDefault(), kind);
        }
    }

    @Test
    void reasoningModelsGetNoDefaultTemperature() {
        assertNull(llm("kind: openai\nmodel: o4-mini\n").temperature());
        assertNull(llm("kind: openai\nmodel: gpt-5-mini\n").temperature());
        assertEquals(1.0, llm("kind: openai\nmodel: gpt-5\ntemperature: 1.0\n").temperature());
        assertEquals(0.7, llm("kind: openai\nmodel: gpt-4.1\n").temperature());
        assertEquals(0.7, llm("kind: openai\nmodel: gpt-5-chat-latest\n").temperature());
    }

    @Test
    void pricesFollowTheModelAndCanBeOverridden() {
        assertEquals(0.15, llm("kind: openai\n").priceInputPerMTok());
        assertEquals(2.50, llm("kind: openai\nmodel: gpt-4o-2024-08-06\n").priceInputPerMTok());
        assertEquals(0.28, llm("kind: openai\nmodel: deepseek-chat\nbaseUrl: https://api.deepseek.com/v1\n").priceInputPerMTok());
        assertEquals(0.0, llm("kind: openai\nmodel: gpt-4o\nbaseUrl: http://localhost:8000/v1\n").priceInputPerMTok());
        LlmConfig unknown = llm("kind: openai\nmodel: some-new-model\n");
        assertEquals(0.0, unknown.priceOutputPerMTok());
        assertTrue(unknown.priceUnknown());
        assertFalse(llm("kind: ollama\n").priceUnknown(), "free, not unknown");
        assertEquals(9.0, llm("kind: openai\npriceInputPerMTok: 1.0\npriceOutputPerMTok: 9.0\n").priceOutputPerMTok());
        assertEquals(5.0, ModelPrices.lookup("claude-haiku-4-5-20251001").orElseThrow().outputPerMTok());
        assertEquals(0.10, ModelPrices.lookup("openai/gpt-4.1-nano").orElseThrow().inputPerMTok());
        assertTrue(ModelPrices.lookup("gpt-4").isEmpty());
    }

    @Test
    void providersNameTheirKeysAndKeepTheOpenAiKeyAtHome() {
        assertEquals(List.of("OPENAI_API_KEY"), Provider.OPENAI.keyVariables("https://api.openai.com/v1"));
        assertEquals(List.of(), Provider.OPENAI.keyVariables("https://api.deepseek.com/v1"), "never sent to another host by default");
        assertEquals(List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"), Provider.GEMINI.keyVariables(Provider.GEMINI.defaultBaseUrl()));
        assertEquals(List.of(), Provider.OLLAMA.keyVariables(Provider.OLLAMA.defaultBaseUrl()));
        assertEquals(Provider.ANTHROPIC, Provider.ofKind("anthropic").orElseThrow());
        assertTrue(Provider.ofKind("mutate").isEmpty());
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
        EnsembleConfig r = assertInstanceOf(EnsembleConfig.class, c);
        assertEquals("ensemble", r.kind());
        assertEquals(4, r.members().size());
        LlmConfig m0 = assertInstanceOf(LlmConfig.class, r.members().get(0).proposer());
        assertEquals("openai", m0.kind());
        assertEquals(3.0, r.members().get(0).weight());
        assertEquals(0.9, m0.temperature());
        assertEquals(5, m0.maxRetries());
        assertEquals(0.4, ((LlmConfig) r.members().get(1).proposer()).temperature());
        assertEquals(1.0, r.members().get(1).weight());
        assertEquals(new MutateConfig(), r.members().get(2).proposer(), "a mutator inherits nothing: it uses none of the settings");
        assertEquals(0.5, r.members().get(2).weight());
        CommandConfig m3 = assertInstanceOf(CommandConfig.class, r.members().get(3).proposer());
        assertEquals(List.of("llm", "-m", "gpt-4o-mini"), m3.command());
        assertEquals(120.0, m3.timeoutSeconds());
        // JSON is YAML too, and the YAML round-trips
        assertEquals(c, ProposerConfig.parse(c.toYaml()));
        assertEquals(ProposerConfig.parse("{\"kind\":\"openai\",\"model\":\"gpt-4.1\"}"), LlmConfig.of(Provider.OPENAI, "gpt-4.1"));
    }

    @Test
    void everyKindRoundTripsThroughYamlWithItsKindFirstAndEveryResolvedField() {
        for (String yaml : new String[] {
            "kind: mutate\n",
            "kind: openai\nmodel: o3-mini\nbaseUrl: https://example.com/v1/\napiKeyEnv: MY_KEY\nconcurrency: 4\n",
            "kind: ollama\nmaxTokens: 4096\n",
            "kind: anthropic\n",
            "kind: gemini\ntemperature: 0.2\n",
            "kind: manual\nmanualDir: replies\nmanualTimeoutSeconds: 60\n",
            "kind: command\ncommand: [ollama, run, qwen2.5-coder:7b]\ntimeoutSeconds: 90\n",
            "timeoutSeconds: 45\nensemble: [{kind: openai, weight: 2}, {kind: manual}, {kind: command, command: [llm]}]\n"}) {
            ProposerConfig c = ProposerConfig.parse(yaml);
            String written = c.toYaml();
            assertTrue(written.startsWith("kind: \"" + c.kind() + "\""), written);
            assertEquals(c, ProposerConfig.parse(written), written);
            assertEquals(written, ProposerConfig.parse(written).toYaml(), "written resolved: nothing left to fill in");
        }
        String openai = ProposerConfig.parse("kind: openai\nmodel: o3-mini\n").toYaml();
        for (String field : new String[] {"model", "baseUrl", "temperature", "timeoutSeconds", "maxRetries", "maxTokens", "apiKeyEnv",
            "priceInputPerMTok", "priceOutputPerMTok", "concurrency"}) {
            assertTrue(openai.contains(field + ":"), field + " in " + openai);
        }
        assertFalse(openai.contains("provider"), openai);
        String ensemble = ProposerConfig.parse("timeoutSeconds: 45\nensemble: [{kind: command, command: [llm], weight: 2}]\n").toYaml();
        assertTrue(ensemble.contains("timeoutSeconds: 45.0") && ensemble.contains("weight: 2.0"), "members written with what they inherited: "
                + ensemble);
    }

    @Test
    void loadFromFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("proposer.yaml");
        Files.writeString(f, "kind: command\ncommand: [ollama, run, qwen2.5-coder:7b]\ntimeoutSeconds: 600\n");
        CommandConfig c = assertInstanceOf(CommandConfig.class, ProposerConfig.load(f));
        assertEquals("command", c.kind());
        assertEquals(600.0, c.timeoutSeconds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProposerConfig.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().startsWith("cannot read proposer config "), e.getMessage());
    }

    @Test
    void validationMessagesAreOneLine() {
        assertBad("kind: gpt\n", "unknown proposer kind 'gpt' (expected mutate, openai, ollama, anthropic, gemini, manual, command, replay or ensemble)");
        assertBad("kind: openai\ntemperature: 3\n", "openai: temperature must be between 0 and 2, got 3.0");
        assertBad("kind: openai\nmaxRetries: -1\n", "openai: maxRetries must be between 0 and 10, got -1");
        assertBad("kind: openai\ntimeoutSeconds: 0\n", "openai: timeoutSeconds must be positive, got 0.0");
        assertBad("kind: openai\nmaxTokens: 0\n", "openai: maxTokens must be positive, got 0");
        assertBad("kind: openai\nconcurrency: 33\n", "openai: concurrency must be between 1 and 32, got 33");
        assertBad("kind: openai\npriceInputPerMTok: -1\n", "openai: priceInputPerMTok must be between 0 and 1000000, got -1.0");
        assertBad("kind: openai\nbaseUrl: localhost:8000\n", "openai: baseUrl 'localhost:8000' must be an http:// or https:// URL");
        assertBad("kind: openai\napiKey: sk-abc\n",
                "proposer config: 'apiKey' is not accepted; put the key in an environment variable and give its name as apiKeyEnv");
        assertBad("ensemble: [{kind: openai, api_key: sk-abc}]\n",
                "proposer config: 'api_key' is not accepted; put the key in an environment variable and give its name as apiKeyEnv");
        assertBad("kind: openai\napiKeyEnv: sk-proj-abc123\n",
                "openai: apiKeyEnv must be the NAME of an environment variable (letters, digits, _), not a key");
        assertBad("kind: command\n", "command: kind command needs 'command', a list of words such as [ollama, run, qwen2.5-coder:7b]");
        assertBad("kind: command\ncommand: []\n", "command: command is empty");
        assertBad("kind: command\ncommand: ['', x]\n", "command: command has no program name");
        assertBad("kind: openai\ncommand: [llm]\n", "openai: command is only used by kind command");
        assertBad("kind: manual\nmodel: x\n", "manual: model, baseUrl and apiKeyEnv only apply to openai, ollama, anthropic and gemini");
        assertBad("kind: mutate\ntemperature: 0.5\n", "mutate: temperature does not apply to kind mutate");
        assertBad("kind: manual\ntimeoutSeconds: 60\n", "manual: timeoutSeconds does not apply to kind manual");
        assertBad("kind: manual\nmanualTimeoutSeconds: 0\n", "manual: manualTimeoutSeconds must be positive, got 0.0");
        assertBad("kind: openai\nensemble: [{kind: mutate}]\n", "ensemble members are given but kind is 'openai'; omit kind or set it to ensemble");
        assertBad("ensemble: [{ensemble: [{kind: mutate}]}]\n", "ensemble[0]: ensembles cannot be nested");
        assertBad("ensemble: [{kind: mutate}, {kind: ensemble}]\n", "ensemble[1]: ensembles cannot be nested");
        assertBad("ensemble: [{kind: mutate, weight: 0}]\n", "mutate: weight must be positive, got 0.0");
        assertBad("ensemble: [{kind: mutate}, null]\n", "ensemble[1] is empty");
        assertBad("temperature: 5\nensemble: [{kind: mutate}]\n", "ensemble: temperature must be between 0 and 2, got 5.0");
        assertBad("kind: ensemble\n", "ensemble: no members given");
        assertBad("kind: openai\nweight: 2\n", "proposer config: unknown field 'weight' (known: apiKeyEnv, baseUrl, concurrency, kind, maxRetries,"
                + " maxTokens, model, priceInputPerMTok, priceOutputPerMTok, temperature, timeoutSeconds)");
        assertBad("kind: openai\nmodle: gpt-4o\n", "proposer config: unknown field 'modle' (known: apiKeyEnv, baseUrl, concurrency, kind, maxRetries,"
                + " maxTokens, model, priceInputPerMTok, priceOutputPerMTok, temperature, timeoutSeconds)");
        assertBad("ensemble: [{kind: mutate}]\nmodel: x\n", "proposer config: unknown field 'model' (known: concurrency, manualDir,"
                + " manualTimeoutSeconds, maxRetries, maxTokens, temperature, timeoutSeconds)");
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
        ProposerConfig c = ProposerConfig.parse("kind: openai\napiKeyEnv: MY_KEY\n");
        assertTrue(c.toString().contains("apiKeyEnv=MY_KEY"));
        assertTrue(c.toYaml().contains("apiKeyEnv: \"MY_KEY\"") || c.toYaml().contains("apiKeyEnv: MY_KEY"), c.toYaml());
    }

    private static void assertBad(String yaml, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProposerConfig.parse(yaml));
        assertEquals(message, e.getMessage());
    }
}
