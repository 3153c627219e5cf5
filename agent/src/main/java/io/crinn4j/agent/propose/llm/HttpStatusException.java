package io.crinn4j.agent.propose.llm;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;

/**
 * A non-2xx answer, with the server's {@code Retry-After} hint when it sent one. LangChain4j's
 * own {@link HttpException} drops the response headers; this subclass keeps the one the retry
 * loop needs and still maps to LangChain4j's typed exceptions (RateLimitException, …).
 */
public final class HttpStatusException extends HttpException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public HttpStatusException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** How long the server asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
