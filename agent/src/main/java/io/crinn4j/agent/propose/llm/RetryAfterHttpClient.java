package io.crinn4j.agent.propose.llm;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The LangChain4j {@link HttpClient} used by every LLM proposer: the JDK's {@code java.net.http}
 * client, like LangChain4j's default, except that a non-2xx answer raises
 * {@link HttpStatusException} carrying the {@code Retry-After} / {@code retry-after-ms} hint. Plain
 * {@code http://} servers (Ollama, vLLM, llama.cpp) are spoken to in HTTP/1.1 to avoid the h2c
 * upgrade some of them mishandle. Streaming is not used by the proposers and not supported.
 */
public final class RetryAfterHttpClient implements HttpClient {

    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final java.net.http.HttpClient client;
    private final Duration readTimeout;

    private RetryAfterHttpClient(Builder b) {
        java.net.http.HttpClient.Builder jb = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL);
        if (b.connectTimeout != null) {
            jb.connectTimeout(b.connectTimeout);
        }
        if (b.http11) {
            jb.version(java.net.http.HttpClient.Version.HTTP_1_1);
        }
        this.client = jb.build();
        this.readTimeout = b.readTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder rb = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
            if (h.getKey() == null || RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT)) || h.getValue() == null) {
                continue;
            }
            for (String v : h.getValue()) {
                if (v != null) {
                    rb.header(h.getKey(), v);
                }
            }
        }
        java.net.http.HttpRequest.BodyPublisher body = request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        rb.method(request.method().name(), body);
        if (readTimeout != null) {
            rb.timeout(readTimeout);
        }
        HttpResponse<String> response;
        try {
            response = client.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new HttpStatusException(status, response.body(), retryAfter(response.headers().map()));
        }
        return SuccessfulHttpResponse.builder()
                .statusCode(status)
                .headers(response.headers().map())
                .body(response.body())
                .build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("streaming is not used by crinn4j proposers");
    }

    /**
     * The wait a 429/503 asks for: {@code retry-after-ms} (OpenAI/Azure), else {@code Retry-After}
     * as seconds (possibly fractional) or an HTTP date. Null when absent or unreadable.
     */
    public static Duration retryAfter(Map<String, List<String>> headers) {
        String ms = header(headers, "retry-after-ms");
        if (ms != null) {
            try {
                double v = Double.parseDouble(ms.trim());
                if (v >= 0 && !Double.isInfinite(v)) {
                    return Duration.ofMillis((long) Math.ceil(v));
                }
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String ra = header(headers, "retry-after");
        if (ra == null) {
            return null;
        }
        ra = ra.trim();
        try {
            double secs = Double.parseDouble(ra);
            if (secs >= 0 && !Double.isInfinite(secs)) {
                return Duration.ofMillis((long) Math.ceil(secs * 1000));
            }
            return null;
        } catch (NumberFormatException ignored) {
            // maybe a date
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(ra, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** Builder handed to LangChain4j model builders; they set the timeouts from the model's {@code timeout}. */
    public static final class Builder implements HttpClientBuilder {
        private Duration connectTimeout;
        private Duration readTimeout;
        private boolean http11;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /** Speak HTTP/1.1 only (no h2c upgrade); the factory sets it for {@code http://} base URLs. */
        public Builder http11(boolean v) {
            this.http11 = v;
            return this;
        }

        @Override
        public RetryAfterHttpClient build() {
            return new RetryAfterHttpClient(this);
        }
    }
}
