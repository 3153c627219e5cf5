package io.crinn4j.agent.campaign;

import io.crinn4j.agent.prompt.ParsedReply;
import io.crinn4j.sandbox.Status;

/**
 * How a variant ended: the sandbox's verdict ({@link Status}) when its code reached the sandbox,
 * or why it did not. Stored by name in {@code variant.json}, so files written before this type
 * existed (plain strings) read back unchanged.
 */
public enum VariantStatus {
    OK, PARSE_ERROR, POLICY_VIOLATION, COMPILE_ERROR, BUILD_TIMEOUT, SEARCH_TIMEOUT, OUT_OF_MEMORY, CRASH, INVALID_RESULT,
    RECALL_FLOOR, BUILD_BUDGET, MEMORY_BUDGET, HARNESS_FAILURE, UNSTABLE,
    /** The reply held no code block that declares a class. */
    NO_CODE,
    /** The reply's SEARCH/REPLACE edits could not all be applied to the parent. */
    EDIT_NOT_APPLIED,
    /** The proposer failed (HTTP error, timeout, a command that exited non-zero). */
    PROPOSER_ERROR,
    /** The same code, after normalization, as a variant the stage already has: not measured. */
    DUPLICATE;

    /** The variant status of a sandbox verdict (every {@link Status} has one of the same name). */
    public static VariantStatus of(Status s) {
        return valueOf(s.name());
    }

    /** Why a reply without usable code reached no sandbox. */
    public static VariantStatus of(ParsedReply.Kind k) {
        return switch (k) {
            case NO_CODE -> NO_CODE;
            case EDIT_NOT_APPLIED -> EDIT_NOT_APPLIED;
            case FULL_SOURCE, EDITS_APPLIED -> throw new IllegalArgumentException(k + " carries code: its status is the sandbox's");
        };
    }
}
