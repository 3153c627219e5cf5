package io.crinn4j.agent.propose.llm;

import java.time.Duration;

/**
 * When to retry an LLM call and how long to wait. Only transient failures are retried: HTTP 429,
 * 408, 5xx (including Anthropic's 529 "overloaded") and I/O errors/timeouts; the classification is
 * in {@link LlmProposer}.
 *
 * <p>Wait before retry {@code r} (0-based): exponential backoff with "equal jitter",
 * {@code e = min(maxDelay, baseDelay·2^r)}, wait uniformly in {@code [e/2, e]}; when the server sent
 * {@code Retry-After}, the wait is at least that, capped at {@code maxRetryAfter} (a server asking for
 * ten minutes gets a retry after the cap instead of stalling the campaign).
 *
 * @param maxRetries    retries after the first attempt (0: no retry)
 * @param baseDelay     backoff before the first retry (upper end of its jitter range)
 * @param maxDelay      cap of the exponential backoff
 * @param maxRetryAfter cap of a server's Retry-After hint
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(120);

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        if (baseDelay == null || baseDelay.isNegative() || maxDelay == null || maxDelay.isNegative()
                || maxRetryAfter == null || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must be non-negative");
        }
    }

    /** {@code maxRetries} retries with the default delays (2 s base, 60 s cap, Retry-After honoured up to 120 s). */
    public static RetryPolicy defaults(int maxRetries) {
        return new RetryPolicy(maxRetries, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_RETRY_AFTER);
    }

    /**
     * The wait before retry {@code retry} (0-based).
     *
     * @param retryAfter the server's hint or null
     * @param random01   a uniform number in [0, 1) for the jitter
     */
    public Duration delay(int retry, Duration retryAfter, double random01) {
        long cap = maxDelay.toMillis();
        long base = baseDelay.toMillis();
        long exp = retry >= 62 || base > (cap >> Math.min(retry, 62)) ? cap : Math.min(cap, base << retry);
        long half = exp / 2;
        long d = half + (long) (Math.max(0, Math.min(1, random01)) * (exp - half));
        if (retryAfter != null) {
            d = Math.max(d, Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis()));
        }
        return Duration.ofMillis(d);
    }

    /** Something that waits; replaced in tests to record the waits. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }
}
