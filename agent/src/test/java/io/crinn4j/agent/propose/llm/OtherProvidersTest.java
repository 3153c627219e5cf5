package io.crinn4j.agent.propose.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crinn4j.agent.config.LlmConfig;
import io.crinn4j.agent.config.ModelPrices;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.ProposerException;
import io.crinn4j.agent.propose.factory.Proposers;
import io.crinn4j.agent.propose.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ollama /api/chat, Anthropic /v1/messages and Gemini generateContent against a local server. */
@Timeout(30)
class OtherProvidersTest {

    private FakeLlmServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeLlmServer.start(6);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void ollamaChat() throws Exception {
        server.enqueue(200, FakeLlmServer.ollama(Samples.GOOD_MODULE, "qwen2.5-coder:7b", 2100, 480));
        LlmConfig cfg = Configs.llm("kind: ollama", "model: qwen2.5-coder:7b", "baseUrl: " + server.baseUrl(), "maxTokens: 4096");
        Proposer p = Proposers.create(cfg, null, () -> null, Map.<String, String>of()::get);
        assertEquals("ollama:qwen2.5-coder:7b", p.name());

        Reply r = p.propose(Samples.request(1), 1).get(0);

        assertFalse(r.failed(), r.error());
        assertEquals(Samples.GOOD_MODULE, r.text());
        assertEquals(2100, r.inputTokens());
        assertEquals(480, r.outputTokens());
        assertEquals(0.0, r.costUsd());
        assertEquals("ollama:qwen2.5-coder:7b", r.source());
        FakeLlmServer.Recorded q = server.requests().get(0);
        assertEquals("/api/chat", q.path());
        assertNull(q.header("Authorization"));
        JsonNode body = FakeLlmServer.JSON.readTree(q.body());
        assertEquals("qwen2.5-coder:7b", body.path("model").asText());
        assertFalse(body.path("stream").asBoolean(true));
        assertEquals(0.7, body.path("options").path("temperature").asDouble(), 1e-9);
        assertEquals(4096, body.path("options").path("num_predict").asInt());
        assertEquals(Samples.PROMPT, body.path("messages").get(1).path("content").asText());
    }

    @Test
    void ollamaUnknownModelIsFatal() {
        server.enqueue(404, "{\"error\":\"model 'qwen9:70b' not found, try pulling it first\"}");
        Proposer p = Proposers.create(Configs.llm("kind: ollama", "model: qwen9:70b", "baseUrl: " + server.baseUrl()), null, () -> null,
                Map.<String, String>of()::get);
        ProposerException e = assertThrows(ProposerException.class, () -> p.propose(Samples.request(1), 1));
        assertEquals("ollama:qwen9:70b: HTTP 404: model 'qwen9:70b' not found, try pulling it first (check model 'qwen9:70b' and baseUrl)",
                e.getMessage());
    }

    @Test
    void anthropicMessagesWithOverloadRetry() throws Exception {
        server.enqueue(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        server.enqueue(200, FakeLlmServer.anthropic(Samples.BROKEN_JAVA, "claude-haiku-4-5-20251001", 3000, 250));
        String key = "sk-ant-test-abcdef123456";
        LlmConfig cfg = Configs.llm("kind: anthropic", "model: claude-haiku-4-5", "baseUrl: " + server.baseUrl() + "/v1");
        assertEquals(0.0, cfg.priceInputPerMTok(), "a 127.0.0.1 base URL counts as local");
        LlmProposer p = LlmProposer.builder()
                .provider("anthropic")
                .modelName(cfg.model())
                .chatModel(ChatModels.create(cfg, ChatModels.apiKey(cfg, Map.of("ANTHROPIC_API_KEY", key)::get)))
                .price(new ModelPrices.Price(1.0, 5.0))
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(1)))
                .secret(key)
                .build();

        Reply r = p.propose(Samples.request(2), 1).get(0);

        assertFalse(r.failed(), r.error());
        assertEquals(Samples.BROKEN_JAVA, r.text());
        assertEquals("anthropic:claude-haiku-4-5-20251001", r.source());
        assertEquals(3000, r.inputTokens());
        assertEquals(250, r.outputTokens());
        assertEquals((3000 * 1.0 + 250 * 5.0) / 1e6, r.costUsd(), 1e-12);
        assertEquals(2, server.requests().size());
        assertEquals(1, p.retries());
        FakeLlmServer.Recorded q = server.requests().get(1);
        assertEquals("/v1/messages", q.path());
        assertEquals(key, q.header("x-api-key"));
        assertEquals("2023-06-01", q.header("anthropic-version"));
        JsonNode body = FakeLlmServer.JSON.readTree(q.body());
        assertEquals("claude-haiku-4-5", body.path("model").asText());
        assertEquals(8192, body.path("max_tokens").asInt());
        assertEquals(0.7, body.path("temperature").asDouble(), 1e-9);
        assertTrue(body.path("system").toString().contains("expert Java performance engineer"), body.path("system").toString());
        assertEquals(Samples.PROMPT, body.path("messages").get(0).path("content").get(0).path("text").asText());
    }

    @Test
    void geminiGenerateContent() throws Exception {
        server.enqueue(200, FakeLlmServer.gemini(Samples.SEARCH_REPLACE, "gemini-2.5-flash", 2500, 120));
        String key = "AIza-test-0123456789";
        LlmConfig cfg = Configs.llm("kind: gemini", "model: gemini-2.5-flash", "baseUrl: " + server.baseUrl() + "/v1beta",
                "priceInputPerMTok: 0.30", "priceOutputPerMTok: 2.50");
        // GEMINI_API_KEY unset: falls back to GOOGLE_API_KEY
        Proposer p = Proposers.create(cfg, null, () -> null, Map.of("GOOGLE_API_KEY", key)::get);

        Reply r = p.propose(Samples.request(3), 1).get(0);

        assertFalse(r.failed(), r.error());
        assertEquals(Samples.SEARCH_REPLACE, r.text());
        assertEquals(2500, r.inputTokens());
        assertEquals(120, r.outputTokens());
        assertEquals((2500 * 0.30 + 120 * 2.50) / 1e6, r.costUsd(), 1e-12);
        FakeLlmServer.Recorded q = server.requests().get(0);
        assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", q.path());
        assertEquals(key, q.header("x-goog-api-key"));
        assertFalse(p.toString().contains(key));
        JsonNode body = FakeLlmServer.JSON.readTree(q.body());
        assertEquals(0.7, body.path("generationConfig").path("temperature").asDouble(), 1e-9);
        assertTrue(body.toString().contains("expert Java performance engineer"));
    }

    @Test
    void missingGeminiAndAnthropicKeys() {
        ProposerException g = assertThrows(ProposerException.class,
                () -> Proposers.create(Configs.llm("kind: gemini"), null, () -> null, Map.<String, String>of()::get));
        assertEquals("gemini: environment variables GEMINI_API_KEY and GOOGLE_API_KEY are not set", g.getMessage());
        ProposerException a = assertThrows(ProposerException.class,
                () -> Proposers.create(Configs.llm("kind: anthropic"), null, () -> null, Map.<String, String>of()::get));
        assertEquals("anthropic: environment variable ANTHROPIC_API_KEY is not set", a.getMessage());
        assertEquals(List.of(), server.requests());
    }
}
