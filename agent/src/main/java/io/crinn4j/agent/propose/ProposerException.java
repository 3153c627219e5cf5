package io.crinn4j.agent.propose;

/** A proposer cannot work at all (bad configuration, missing API key, unreachable command). One line, for the user. */
public class ProposerException extends RuntimeException {
    public ProposerException(String message) {
        super(message);
    }

    public ProposerException(String message, Throwable cause) {
        super(message, cause);
    }
}
