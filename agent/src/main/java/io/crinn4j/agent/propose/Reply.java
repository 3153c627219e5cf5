package io.crinn4j.agent.propose;

/**
 * One completion.
 *
 * @param text          the raw reply (null when {@link #error} is set)
 * @param source        who produced it, e.g. {@code openai:gpt-4o-mini} or {@code mutate:constant}
 * @param inputTokens   prompt tokens billed, 0 when unknown or free
 * @param outputTokens  completion tokens billed
 * @param costUsd       estimated cost of this call in US dollars (0 for local/offline proposers)
 * @param latencyMillis wall time of the call
 * @param error         why this completion failed, or null
 */
public record Reply(String text, String source, long inputTokens, long outputTokens, double costUsd, long latencyMillis, String error) {

    public static Reply ok(String text, String source, long in, long out, double cost, long millis) {
        return new Reply(text, source, in, out, cost, millis, null);
    }

    public static Reply failed(String source, String error, long millis) {
        return new Reply(null, source, 0, 0, 0, millis, error);
    }

    public boolean failed() {
        return error != null;
    }

    /** Milliseconds since {@code startNanos} (a {@link System#nanoTime()} value): the unit of {@link #latencyMillis()}. */
    public static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
