package io.crinn4j.agent.prompt;

/**
 * What {@link ReplyParser} made of one reply.
 *
 * @param kind   how the reply was understood
 * @param source the candidate module source ({@code \n} line endings, ending in a newline) for
 *               {@link Kind#FULL_SOURCE} and {@link Kind#EDITS_APPLIED}; null otherwise
 * @param reason one line saying what was taken or why nothing was, for logs and failure feedback
 */
public record ParsedReply(Kind kind, String source, String reason) {

    /** How a reply was understood. */
    public enum Kind {
        /** A complete module was taken from a code block (or from unfenced code). */
        FULL_SOURCE,
        /** SEARCH/REPLACE edits were all applied to the parent. */
        EDITS_APPLIED,
        /** No usable code: no block declares a class, or the only one was cut off and does not parse. */
        NO_CODE,
        /** The reply has edits but at least one could not be applied; nothing was applied. */
        EDIT_NOT_APPLIED
    }

    public ParsedReply {
        if (kind == null || reason == null) {
            throw new IllegalArgumentException("kind and reason are required");
        }
        if ((source != null) != (kind == Kind.FULL_SOURCE || kind == Kind.EDITS_APPLIED)) {
            throw new IllegalArgumentException(kind + " must " + (source == null ? "" : "not ") + "carry a source");
        }
        reason = reason.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** True when {@link #source} holds a candidate to evaluate. */
    public boolean hasSource() {
        return source != null;
    }

    static ParsedReply full(String source, String reason) {
        return new ParsedReply(Kind.FULL_SOURCE, source, reason);
    }

    static ParsedReply edits(String source, String reason) {
        return new ParsedReply(Kind.EDITS_APPLIED, source, reason);
    }

    static ParsedReply noCode(String reason) {
        return new ParsedReply(Kind.NO_CODE, null, reason);
    }

    static ParsedReply editFailed(String reason) {
        return new ParsedReply(Kind.EDIT_NOT_APPLIED, null, reason);
    }
}
