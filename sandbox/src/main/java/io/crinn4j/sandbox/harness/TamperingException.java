package io.crinn4j.sandbox.harness;

/**
 * Candidate code changed something the harness shares with it read-only (the base vectors, the
 * graph): a way to carry answers from one timed pass to the next, or to disturb the other module
 * sets of a shared worker. The message names what changed, for the next prompt.
 */
public final class TamperingException extends RuntimeException {
    public TamperingException(String message) {
        super(message);
    }
}
