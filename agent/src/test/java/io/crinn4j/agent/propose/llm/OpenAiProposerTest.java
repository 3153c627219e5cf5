package io.crinn4j.agent.propose.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crinn4j.agent.config.LlmConfig;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.ProposerException;
import io.crinn4j.agent.propose.factory.Proposers;
import io.crinn4j.agent.propose.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The OpenAI chat-completions wire protocol end to end through LangChain4j's OpenAiChatModel. */
@Timeout(30)
class OpenAiProposerTest {

    private static final String KEY = "sk-test-9f8e7d6c5b4a3210";
    private static final String KEY_ENV = "CRINN_TEST_OPENAI_KEY";
    private static final Map<String, String> ENV = Map.of(KEY_ENV, KEY);
    private static final double PRICE_IN = 0.15;
    private static final double PRICE_OUT = 0.60;

    private FakeLlmServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeLlmServer.start(12);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The fake server's config; {@code more} lines ("timeoutSeconds: 0.4") change it. */
    private LlmConfig config(String... more) {
        return Configs.llm(Configs.with(new String[] {"kind: openai", "model: gpt-4o-mini", "baseUrl: " + server.baseUrl() + "/v1",
            "apiKeyEnv: " + KEY_ENV, "priceInputPerMTok: " + PRICE_IN, "priceOutputPerMTok: " + PRICE_OUT, "timeoutSeconds: 5.0"}, more));
    }

    /** Recording sleeper that really sleeps, so the server sees the gap too. */
    static final class RecordingSleeper implements RetryPolicy.Sleeper {
        final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(Duration d) throws InterruptedException {
            waits.add(d);
            Thread.sleep(d.toMillis());
        }
    }

    private LlmProposer proposer(LlmConfig r, RetryPolicy policy, RetryPolicy.Sleeper sleeper) {
        return LlmProposer.builder()
                .provider(r.kind())
                .modelName(r.model())
                .chatModel(ChatModels.create(r, KEY))
                .price(r.price())
                .retryPolicy(policy)
                .sleeper(sleeper)
                .random(() -> 0.5)
                .timeout(Duration.ofMillis(Math.round(r.timeoutSeconds() * 1000)))
                .secret(KEY)
                .concurrency(r.concurrency())
                .build();
    }

    private static double cost(int in, int out) {
        return (in * PRICE_IN + out * PRICE_OUT) / 1e6;
    }

    @Test
    void fourRealisticRepliesComeBackVerbatimWithTokensAndCost() {
        String served = "gpt-4o-mini-2024-07-18";
        server.enqueue(200, FakeLlmServer.openAi(Samples.GOOD_MODULE, served, 1834, 412));
        server.enqueue(200, FakeLlmServer.openAi(Samples.NO_CODE, served, 1834, 27));
        server.enqueue(200, FakeLlmServer.openAi(Samples.BROKEN_JAVA, served, 1834, 96));
        server.enqueue(200, FakeLlmServer.openAi(Samples.SEARCH_REPLACE, served, 1834, 58));

        Proposer p = Proposers.create(config(), null, () -> null, ENV::get);
        assertEquals("openai:gpt-4o-mini", p.name());
        List<Reply> replies = p.propose(Samples.request(7), 4);

        assertEquals(4, replies.size());
        String[] texts = {Samples.GOOD_MODULE, Samples.NO_CODE, Samples.BROKEN_JAVA, Samples.SEARCH_REPLACE};
        int[] outs = {412, 27, 96, 58};
        for (int i = 0; i < 4; i++) {
            Reply r = replies.get(i);
            assertFalse(r.failed(), r.error());
            assertEquals(texts[i], r.text());
            assertEquals("openai:" + served, r.source());
            assertEquals(1834, r.inputTokens());
            assertEquals(outs[i], r.outputTokens());
            assertEquals(cost(1834, outs[i]), r.costUsd(), 1e-12);
            assertTrue(r.latencyMillis() >= 0);
        }

        List<FakeLlmServer.Recorded> reqs = server.requests();
        assertEquals(4, reqs.size());
        for (FakeLlmServer.Recorded q : reqs) {
            assertEquals("POST", q.method());
            assertEquals("/v1/chat/completions", q.path());
            assertEquals("Bearer " + KEY, q.header("Authorization"));
            JsonNode body = json(q.body());
            assertEquals("gpt-4o-mini", body.path("model").asText());
            assertEquals(0.7, body.path("temperature").asDouble(), 1e-9);
            assertFalse(body.has("stream") && body.path("stream").asBoolean());
            JsonNode msgs = body.path("messages");
            assertEquals(2, msgs.size());
            assertEquals("system", msgs.get(0).path("role").asText());
            assertEquals(LlmProposer.SYSTEM_PROMPT, msgs.get(0).path("content").asText());
            assertEquals("user", msgs.get(1).path("role").asText());
            assertEquals(Samples.PROMPT, msgs.get(1).path("content").asText());
        }
        // Nothing varies between the calls of a group.
        assertEquals(reqs.get(0).body(), reqs.get(3).body());
        assertFalse(p.toString().contains(KEY));
    }

    @Test
    void rateLimitedThenSuccessWaitsForRetryAfter() {
        server.enqueue(new FakeLlmServer.Scripted(429, Map.of("Retry-After", "1"),
                FakeLlmServer.openAiError("Rate limit reached for gpt-4o-mini on tokens per min (TPM): Limit 200000.",
                        "tokens", "rate_limit_exceeded"), 0));
        server.enqueue(200, FakeLlmServer.openAi(Samples.GOOD_MODULE, "gpt-4o-mini", 1000, 300));
        RecordingSleeper sleeper = new RecordingSleeper();
        LlmProposer p = proposer(config(), new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5)), sleeper);

        long t0 = System.nanoTime();
        Reply r = p.propose(Samples.request(1), 1).get(0);
        long elapsed = (System.nanoTime() - t0) / 1_000_000;

        assertFalse(r.failed(), r.error());
        assertEquals(Samples.GOOD_MODULE, r.text());
        assertEquals(1000, r.inputTokens());
        assertEquals(300, r.outputTokens());
        assertEquals(2, server.requests().size());
        assertEquals(1, p.retries());
        assertEquals(List.of(Duration.ofSeconds(1)), sleeper.waits, "backoff stretched to Retry-After");
        long gap = (server.requests().get(1).nanos() - server.requests().get(0).nanos()) / 1_000_000;
        assertTrue(gap >= 1000, "second request only " + gap + " ms after the first");
        assertTrue(r.latencyMillis() >= 1000 && r.latencyMillis() <= elapsed, "latency includes the wait: " + r.latencyMillis());
    }

    @Test
    void serverErrorTwiceThenSuccessBacksOffExponentially() {
        server.enqueue(500, FakeLlmServer.openAiError("The server had an error while processing your request.", "server_error", null));
        server.enqueue(502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
        server.enqueue(200, FakeLlmServer.openAi(Samples.SEARCH_REPLACE, "gpt-4o-mini", 900, 60));
        RecordingSleeper sleeper = new RecordingSleeper();
        LlmProposer p = proposer(config(), new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)), sleeper);

        Reply r = p.propose(Samples.request(2), 1).get(0);

        assertFalse(r.failed(), r.error());
        assertEquals(Samples.SEARCH_REPLACE, r.text());
        assertEquals(3, server.requests().size());
        // equal jitter with random 0.5: retry 0 waits in [50,100] -> 75, retry 1 in [100,200] -> 150
        assertEquals(List.of(Duration.ofMillis(75), Duration.ofMillis(150)), sleeper.waits);
        List<FakeLlmServer.Recorded> q = server.requests();
        assertTrue((q.get(1).nanos() - q.get(0).nanos()) / 1_000_000 >= 75);
        assertTrue((q.get(2).nanos() - q.get(1).nanos()) / 1_000_000 >= 150);
        assertEquals(2, p.retries());
        assertEquals(3, p.calls());
    }

    @Test
    void serverErrorsBeyondMaxRetriesFailTheCompletionOnly() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(503, FakeLlmServer.openAiError("The engine is currently overloaded, please try again later.", "server_error", null));
        }
        server.enqueue(200, FakeLlmServer.openAi(Samples.GOOD_MODULE, "gpt-4o-mini", 10, 20));
        RecordingSleeper sleeper = new RecordingSleeper();
        LlmProposer p = proposer(config(), new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)), sleeper);

        List<Reply> replies = p.propose(Samples.request(3), 2);

        Reply failed = replies.get(0);
        assertTrue(failed.failed());
        assertEquals("HTTP 503: The engine is currently overloaded, please try again later. (after 2 retries)", failed.error());
        assertEquals("openai:gpt-4o-mini", failed.source());
        assertNull(failed.text());
        assertFalse(replies.get(1).failed(), "the rest of the group survives");
        assertEquals(4, server.requests().size());
    }

    @Test
    void timeoutFailsTheCompletionQuickly() {
        server.enqueue(new FakeLlmServer.Scripted(200, Map.of(), FakeLlmServer.openAi("late", "gpt-4o-mini", 1, 1), 10_000));
        server.enqueue(new FakeLlmServer.Scripted(200, Map.of(), FakeLlmServer.openAi("late", "gpt-4o-mini", 1, 1), 10_000));
        RecordingSleeper sleeper = new RecordingSleeper();
        LlmProposer p = proposer(config("timeoutSeconds: 0.4"),
                new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)), sleeper);

        long t0 = System.nanoTime();
        Reply r = p.propose(Samples.request(4), 1).get(0);
        long elapsed = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(r.failed());
        assertEquals("timeout after 0.4 s (after 1 retry)", r.error());
        assertEquals(2, server.requests().size(), "an I/O timeout is retried");
        assertTrue(elapsed < 4000, "took " + elapsed + " ms");
        assertTrue(elapsed >= 800, "two timeouts of 0.4 s, took " + elapsed + " ms");
    }

    @Test
    void badRequestIsNotRetried() {
        server.enqueue(400, FakeLlmServer.openAiError("This model's maximum context length is 128000 tokens. However, your messages"
                + " resulted in 131000 tokens. Please reduce the length of the messages.", "invalid_request_error", "context_length_exceeded"));
        RecordingSleeper sleeper = new RecordingSleeper();
        LlmProposer p = proposer(config(), new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)), sleeper);

        Reply r = p.propose(Samples.request(5), 1).get(0);

        assertTrue(r.failed());
        assertTrue(r.error().startsWith("HTTP 400: This model's maximum context length is 128000 tokens."), r.error());
        assertFalse(r.error().contains("\n"));
        assertEquals(1, server.requests().size());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void badKeyStopsTheProposerWithoutRevealingTheKey() {
        server.enqueue(401, FakeLlmServer.openAiError("Incorrect API key provided: " + KEY + ". You can find your API key at"
                + " https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"));
        Proposer p = Proposers.create(config(), null, () -> null, ENV::get);

        ProposerException e = assertThrows(ProposerException.class, () -> p.propose(Samples.request(6), 2));

        assertTrue(e.getMessage().startsWith("openai:gpt-4o-mini: HTTP 401: Incorrect API key provided: ***."), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
        assertFalse(String.valueOf(e.getCause()).contains(KEY));
        assertEquals(1, server.requests().size(), "not retried");
    }

    @Test
    void exhaustedQuotaIsFatal() {
        server.enqueue(429, FakeLlmServer.openAiError("You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota", "insufficient_quota"));
        Proposer p = Proposers.create(config(), null, () -> null, ENV::get);
        ProposerException e = assertThrows(ProposerException.class, () -> p.propose(Samples.request(6), 1));
        assertTrue(e.getMessage().contains("exceeded your current quota"), e.getMessage());
        assertEquals(1, server.requests().size());
    }

    @Test
    void keyComesOnlyFromTheEnvironmentAndNoKeyGoesToLocalServersByDefault() {
        server.enqueue(200, FakeLlmServer.openAi(Samples.GOOD_MODULE, "qwen2.5-coder-32b-instruct", 100, 50));
        server.enqueue(200, FakeLlmServer.openAi(Samples.GOOD_MODULE, "qwen2.5-coder-32b-instruct", 100, 50));
        String[] local = {"kind: openai", "model: qwen2.5-coder-32b-instruct", "baseUrl: " + server.baseUrl() + "/v1"};

        // A vLLM / llama.cpp style server: no apiKeyEnv, so even a set OPENAI_API_KEY is not sent there.
        Proposer noKey = Proposers.create(Configs.llm(local), null, () -> null, Map.of("OPENAI_API_KEY", "sk-real-secret-0000")::get);
        Reply r1 = noKey.propose(Samples.request(8), 1).get(0);
        assertFalse(r1.failed(), r1.error());
        assertNull(server.requests().get(0).header("Authorization"));
        assertEquals(0.0, r1.costUsd(), "local server costs nothing by default");
        assertEquals(100, r1.inputTokens());

        Proposer withKey = Proposers.create(Configs.llm(Configs.with(local, "apiKeyEnv: " + KEY_ENV)), null, () -> null, ENV::get);
        Reply r2 = withKey.propose(Samples.request(8), 1).get(0);
        assertFalse(r2.failed(), r2.error());
        assertEquals("Bearer " + KEY, server.requests().get(1).header("Authorization"));
        assertFalse(withKey.toString().contains(KEY));
        assertTrue(withKey.toString().contains("from environment"));
    }

    @Test
    void missingKeyIsAProposerException() {
        ProposerException e = assertThrows(ProposerException.class,
                () -> Proposers.create(Configs.llm("kind: openai"), null, () -> null, Map.<String, String>of()::get));
        assertEquals("openai: environment variable OPENAI_API_KEY is not set", e.getMessage());

        ProposerException e2 = assertThrows(ProposerException.class,
                () -> Proposers.create(config("apiKeyEnv: DEEPSEEK_API_KEY"), null, () -> null, Map.of("DEEPSEEK_API_KEY", " ")::get));
        assertEquals("openai: environment variable DEEPSEEK_API_KEY is not set", e2.getMessage());
        assertEquals(0, server.requests().size());
    }

    @Test
    void emptyCompletionFailsButKeepsTheBill() {
        server.enqueue(200, FakeLlmServer.openAi("", "gpt-4o-mini", 1500, 0));
        Proposer p = Proposers.create(config(), null, () -> null, ENV::get);
        Reply r = p.propose(Samples.request(9), 1).get(0);
        assertTrue(r.failed());
        assertTrue(r.error().startsWith("empty reply"), r.error());
        assertEquals(1500, r.inputTokens());
        assertEquals(cost(1500, 0), r.costUsd(), 1e-12);
    }

    @Test
    void concurrentCompletionsKeepTheirSlots() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new FakeLlmServer.Scripted(200, Map.of(), FakeLlmServer.openAi(Samples.GOOD_MODULE, "gpt-4o-mini", 10, 20), 400));
        }
        Proposer p = Proposers.create(config("concurrency: 4"), null, () -> null, ENV::get);
        long t0 = System.nanoTime();
        List<Reply> replies = p.propose(Samples.request(10), 4);
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(4, replies.size());
        replies.forEach(r -> assertFalse(r.failed(), r.error()));
        assertEquals(4, server.requests().size());
        assertTrue(elapsed < 4 * 400 - 200, "requests overlapped: " + elapsed + " ms");
    }

    @Test
    void unknownModelPriceIsReported() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Proposers.create(Configs.llm("kind: openai", "model: my-finetune", "baseUrl: https://llm.example.com/v1"), null, () -> null,
                ENV::get, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("openai:my-finetune: no built-in price"));
    }

    private static JsonNode json(String s) {
        try {
            return FakeLlmServer.JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
