package io.crinn4j.agent.propose.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.crinn4j.agent.config.LlmConfig;
import io.crinn4j.agent.config.ModelPrices;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.ProposerException;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.util.Text;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * A proposer backed by a LangChain4j {@link ChatModel}: OpenAI and OpenAI-compatible servers,
 * Ollama, Anthropic, Gemini.
 *
 * <p>Each of the {@code count} completions is one chat call with the same two messages: a short
 * fixed system text ({@link #SYSTEM_PROMPT}) and the request's prompt as the user message. Nothing
 * varies between calls; the group's diversity comes from sampling at the configured temperature.
 * With {@code concurrency > 1} up to that many calls of a group run at once; replies keep their
 * index order.
 *
 * <p>Failures, per completion:
 * <ul>
 *   <li>HTTP 429, 408, 5xx, I/O errors and timeouts are retried per the {@link RetryPolicy}
 *       (honouring {@code Retry-After}); still failing after the last retry gives
 *       {@link Reply#failed} with a one-line reason.</li>
 *   <li>Other 4xx (a too-long prompt, …) and unreadable answers fail the completion at once.</li>
 *   <li>HTTP 401/403 (bad key), 404 (unknown model) and 429 {@code insufficient_quota} mean the
 *       proposer cannot work at all: {@link ProposerException}.</li>
 * </ul>
 * A reply records the tokens the server reported, the estimated cost, the wall time of the
 * completion including retries and backoff, and as source {@code provider:model} with the model
 * name the server reported (e.g. a dated snapshot). The API key never appears in a reply, an
 * exception message or {@link #toString()}.
 */
public final class LlmProposer implements Proposer.Streaming {

    /** The fixed system message. */
    public static final String SYSTEM_PROMPT = "You are an expert Java performance engineer. You improve one module of an HNSW"
            + " approximate-nearest-neighbour index so that it answers more queries per second at the same recall, without"
            + " breaking its contract. Answer in exactly the format the user asks for.";

    private static final int MAX_REASON = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String provider;
    private final String modelName;
    private final ChatModel model;
    private final ModelPrices.Price price;
    private final RetryPolicy retry;
    private final int concurrency;
    private final RetryPolicy.Sleeper sleeper;
    private final DoubleSupplier random;
    private final String secret;
    private final Duration timeout;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    private LlmProposer(Builder b) {
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.modelName = Objects.requireNonNull(b.modelName, "modelName");
        this.model = Objects.requireNonNull(b.model, "chatModel");
        this.price = b.price == null ? ModelPrices.Price.FREE : b.price;
        this.retry = b.retry == null ? RetryPolicy.defaults(LlmConfig.DEFAULT_MAX_RETRIES) : b.retry;
        if (b.concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.concurrency = b.concurrency;
        this.sleeper = b.sleeper == null ? RetryPolicy.Sleeper.REAL : b.sleeper;
        this.random = b.random == null ? () -> ThreadLocalRandom.current().nextDouble() : b.random;
        this.secret = b.secret == null || b.secret.isBlank() ? null : b.secret;
        this.timeout = b.timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The proposer for an LLM config, with the API key from {@code env}.
     *
     * @throws ProposerException when a needed key is missing
     */
    public static LlmProposer create(LlmConfig cfg, Function<String, String> env) {
        String key = ChatModels.apiKey(cfg, env);
        ChatModel chatModel;
        try {
            chatModel = ChatModels.create(cfg, key);
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ProposerException(cfg.label() + ": " + Text.oneLine(redact(msg, key), MAX_REASON));
        }
        return builder()
                .provider(cfg.kind())
                .modelName(cfg.model())
                .chatModel(chatModel)
                .price(cfg.price())
                .retryPolicy(RetryPolicy.defaults(cfg.maxRetries()))
                .concurrency(cfg.concurrency())
                .timeout(Duration.ofMillis(Math.round(cfg.timeoutSeconds() * 1000)))
                .secret(key)
                .build();
    }

    @Override
    public String name() {
        return provider + ":" + modelName;
    }

    /** Retries made so far (all groups). */
    public long retries() {
        return retries.get();
    }

    /** HTTP calls made so far, retries included. */
    public long calls() {
        return calls.get();
    }

    /** Up to {@code concurrency} calls in flight; each reply goes to {@code sink} the moment its call returns. */
    @Override
    public void propose(PromptRequest request, int count, ReplySink sink) {
        Objects.requireNonNull(request, "request");
        if (count <= 0) {
            return;
        }
        ChatRequest chat = ChatRequest.builder()
                .messages(SystemMessage.from(SYSTEM_PROMPT), UserMessage.from(request.prompt()))
                .build();
        int threads = Math.min(concurrency, count);
        if (threads == 1) {
            for (int i = 0; i < count; i++) {
                sink.accept(i, complete(chat));
            }
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "crinn-" + provider + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    sink.accept(index, complete(chat));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new ProposerException(name() + ": " + c, c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProposerException(name() + ": interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One completion with retries. */
    private Reply complete(ChatRequest chat) {
        long t0 = System.nanoTime();
        int attempt = 0;
        while (true) {
            Failure f;
            try {
                calls.incrementAndGet();
                ChatResponse r = model.chat(chat);
                return toReply(r, t0);
            } catch (ProposerException e) {
                throw e;
            } catch (RuntimeException e) {
                f = classify(e);
            }
            if (f.fatal) {
                throw new ProposerException(name() + ": " + Text.oneLine(redact(f.reason, secret), MAX_REASON));
            }
            if (!f.retriable || attempt >= retry.maxRetries()) {
                String why = f.reason;
                if (attempt > 0) {
                    why += " (after " + attempt + (attempt == 1 ? " retry)" : " retries)");
                }
                return Reply.failed(name(), Text.oneLine(redact(why, secret), MAX_REASON), Reply.millisSince(t0));
            }
            Duration wait = retry.delay(attempt, f.retryAfter, random.getAsDouble());
            attempt++;
            retries.incrementAndGet();
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reply.failed(name(), Text.oneLine(redact(f.reason, secret), MAX_REASON) + "; interrupted before retrying", Reply.millisSince(t0));
            }
        }
    }

    private Reply toReply(ChatResponse r, long t0) {
        long millis = Reply.millisSince(t0);
        String served = r.modelName() != null && !r.modelName().isBlank() ? r.modelName() : modelName;
        String source = provider + ":" + served;
        TokenUsage u = r.tokenUsage();
        long in = u == null || u.inputTokenCount() == null ? 0 : u.inputTokenCount();
        long out = u == null || u.outputTokenCount() == null ? 0 : u.outputTokenCount();
        double cost = price.cost(in, out);
        AiMessage m = r.aiMessage();
        String text = m == null ? null : m.text();
        if (text == null || text.isBlank()) {
            String finish = r.finishReason() == null ? "" : " (finish reason " + r.finishReason().name().toLowerCase(Locale.ROOT) + ")";
            // Billed but useless: keep the tokens and cost for the accounting.
            return new Reply(null, source, in, out, cost, millis, "empty reply" + finish);
        }
        return Reply.ok(text, source, in, out, cost, millis);
    }

    // ---------------------------------------------------------------- failures

    private record Failure(boolean retriable, boolean fatal, String reason, Duration retryAfter) {
    }

    private Failure classify(RuntimeException e) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        boolean rateLimited = false;
        boolean serverError = false;
        boolean auth = false;
        boolean notFound = false;
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof HttpException h) {
                return classifyStatus(h.statusCode(), h.getMessage(), h instanceof HttpStatusException s ? s.retryAfter() : null);
            }
        }
        seen.clear();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException || t instanceof dev.langchain4j.exception.TimeoutException) {
                return new Failure(true, false, "timeout" + (timeout == null ? "" : " after " + Text.seconds(timeout)), null);
            }
            if (t instanceof IOException io) {
                String msg = io.getMessage() == null || io.getMessage().isBlank() ? io.getClass().getSimpleName() : io.getMessage();
                return new Failure(true, false, "I/O error: " + msg, null);
            }
            rateLimited |= t instanceof RateLimitException;
            serverError |= t instanceof InternalServerException;
            auth |= t instanceof AuthenticationException;
            notFound |= t instanceof ModelNotFoundException;
        }
        String msg = describe(e);
        if (auth) {
            return new Failure(false, true, "authentication failed: " + msg, null);
        }
        if (notFound) {
            return new Failure(false, true, "model or endpoint not found: " + msg, null);
        }
        if (rateLimited || serverError) {
            return new Failure(true, false, (rateLimited ? "rate limited: " : "server error: ") + msg, null);
        }
        return new Failure(false, false, msg, null);
    }

    private Failure classifyStatus(int status, String body, Duration retryAfter) {
        String detail = errorMessage(body);
        String reason = "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 401 || status == 403) {
            return new Failure(false, true, reason + keyHint(), null);
        }
        if (status == 404) {
            return new Failure(false, true, reason + " (check model '" + modelName + "' and baseUrl)", null);
        }
        if (status == 429 && body != null && body.contains("insufficient_quota")) {
            return new Failure(false, true, reason, null);
        }
        boolean retriable = status == 408 || status == 409 || status == 425 || status == 429 || status >= 500;
        return new Failure(retriable, false, reason, retryAfter);
    }

    private String keyHint() {
        return secret == null ? " (no API key was sent; set apiKeyEnv to the variable holding it)" : " (check the API key)";
    }

    /** The human part of an error body: OpenAI/Anthropic/Gemini {@code error.message}, Ollama {@code error}, else the body. */
    static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isObject()) {
                JsonNode err = n.get("error");
                if (err != null && err.isTextual()) {
                    return err.asText();
                }
                if (err != null && err.isObject() && err.path("message").isTextual()) {
                    return err.path("message").asText();
                }
                if (n.path("message").isTextual()) {
                    return n.path("message").asText();
                }
                if (n.path("detail").isTextual()) {
                    return n.path("detail").asText();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON
        }
        return body;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        String best = null;
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            root = t;
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        return root.getClass().getSimpleName() + (best == null ? "" : ": " + best);
    }

    static String redact(String s, String secret) {
        if (s == null) {
            return "";
        }
        if (secret != null && secret.length() >= 4) {
            s = s.replace(secret, "***");
        }
        return s;
    }

    @Override
    public String toString() {
        return "LlmProposer[" + name() + ", retries=" + retry.maxRetries() + ", concurrency=" + concurrency
                + ", price=" + price.inputPerMTok() + "/" + price.outputPerMTok() + " USD/MTok"
                + ", key=" + (secret == null ? "none" : "from environment") + "]";
    }

    /** Builder; {@code provider}, {@code modelName} and {@code chatModel} are required. */
    public static final class Builder {
        private String provider;
        private String modelName;
        private ChatModel model;
        private ModelPrices.Price price;
        private RetryPolicy retry;
        private int concurrency = 1;
        private RetryPolicy.Sleeper sleeper;
        private DoubleSupplier random;
        private String secret;
        private Duration timeout;

        private Builder() {
        }

        /** {@code openai}, {@code ollama}, … — the first half of the name and of every reply's source. */
        public Builder provider(String v) {
            provider = v;
            return this;
        }

        public Builder modelName(String v) {
            modelName = v;
            return this;
        }

        public Builder chatModel(ChatModel v) {
            model = v;
            return this;
        }

        public Builder price(ModelPrices.Price v) {
            price = v;
            return this;
        }

        public Builder retryPolicy(RetryPolicy v) {
            retry = v;
            return this;
        }

        public Builder concurrency(int v) {
            concurrency = v;
            return this;
        }

        /** Replaces {@code Thread.sleep} for the backoff (tests record the waits). */
        public Builder sleeper(RetryPolicy.Sleeper v) {
            sleeper = v;
            return this;
        }

        /** Source of the jitter, uniform in [0, 1). */
        public Builder random(DoubleSupplier v) {
            random = v;
            return this;
        }

        /** The API key in use, only so that it can be blanked out of error messages. */
        public Builder secret(String v) {
            secret = v;
            return this;
        }

        /** The client timeout, only for messages. */
        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public LlmProposer build() {
            return new LlmProposer(this);
        }
    }
}
