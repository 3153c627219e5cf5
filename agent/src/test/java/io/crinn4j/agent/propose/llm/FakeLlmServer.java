package io.crinn4j.agent.propose.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A scripted LLM endpoint on 127.0.0.1 for tests: answers requests in order from a queue of
 * canned responses, records every request, refuses (HTTP 418, not retried) anything beyond the
 * script or the request limit. Delayed answers wait on a latch that {@link #close()} releases, so
 * nothing outlives the test.
 */
final class FakeLlmServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    record Recorded(String method, String path, Map<String, List<String>> headers, String body, long nanos) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    record Scripted(int status, Map<String, String> headers, String body, long delayMillis) {
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final List<Recorded> requests = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final int maxRequests;

    private FakeLlmServer(int maxRequests) throws IOException {
        this.maxRequests = maxRequests;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-llm");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeLlmServer start(int maxRequests) throws IOException {
        return new FakeLlmServer(maxRequests);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized FakeLlmServer enqueue(int status, String body) {
        return enqueue(new Scripted(status, Map.of(), body, 0));
    }

    synchronized FakeLlmServer enqueue(Scripted s) {
        script.addLast(s);
        return this;
    }

    synchronized List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        Scripted s;
        try (InputStream in = ex.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new LinkedHashMap<>(ex.getRequestHeaders());
            synchronized (this) {
                requests.add(new Recorded(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body, System.nanoTime()));
                s = requests.size() > maxRequests || script.isEmpty()
                        ? new Scripted(418, Map.of(), "{\"error\":{\"message\":\"unexpected request\"}}", 0)
                        : script.pollFirst();
            }
        }
        try {
            if (s.delayMillis() > 0 && closing.await(s.delayMillis(), TimeUnit.MILLISECONDS)) {
                ex.close();
                return;
            }
            byte[] bytes = s.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            s.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(s.status(), bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up (timeout): fine
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    // ---------------------------------------------------------------- wire formats

    /** OpenAI chat completions response. */
    static String openAi(String content, String model, int in, int out) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-test");
        root.put("object", "chat.completion");
        root.put("created", 1_731_000_000L);
        root.put("model", model);
        ArrayNode choices = root.putArray("choices");
        ObjectNode c = choices.addObject();
        c.put("index", 0);
        ObjectNode m = c.putObject("message");
        m.put("role", "assistant");
        m.put("content", content);
        c.put("finish_reason", "stop");
        ObjectNode u = root.putObject("usage");
        u.put("prompt_tokens", in);
        u.put("completion_tokens", out);
        u.put("total_tokens", in + out);
        return root.toString();
    }

    /** OpenAI-style error body. */
    static String openAiError(String message, String type, String code) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.put("code", code);
        return root.toString();
    }

    /** Ollama /api/chat non-streaming response. */
    static String ollama(String content, String model, int in, int out) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("created_at", "2025-11-21T12:00:00.000000Z");
        ObjectNode m = root.putObject("message");
        m.put("role", "assistant");
        m.put("content", content);
        root.put("done", true);
        root.put("done_reason", "stop");
        root.put("total_duration", 1_000_000_000L);
        root.put("prompt_eval_count", in);
        root.put("eval_count", out);
        return root.toString();
    }

    /** Anthropic /v1/messages response. */
    static String anthropic(String content, String model, int in, int out) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "msg_test");
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        ObjectNode c = root.putArray("content").addObject();
        c.put("type", "text");
        c.put("text", content);
        root.put("stop_reason", "end_turn");
        root.putNull("stop_sequence");
        ObjectNode u = root.putObject("usage");
        u.put("input_tokens", in);
        u.put("output_tokens", out);
        return root.toString();
    }

    /** Gemini generateContent response. */
    static String gemini(String content, String model, int in, int out) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode cand = root.putArray("candidates").addObject();
        ObjectNode c = cand.putObject("content");
        c.put("role", "model");
        c.putArray("parts").addObject().put("text", content);
        cand.put("finishReason", "STOP");
        cand.put("index", 0);
        ObjectNode u = root.putObject("usageMetadata");
        u.put("promptTokenCount", in);
        u.put("candidatesTokenCount", out);
        u.put("totalTokenCount", in + out);
        root.put("modelVersion", model);
        return root.toString();
    }
}
