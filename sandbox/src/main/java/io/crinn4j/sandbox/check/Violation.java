package io.crinn4j.sandbox.check;

/**
 * One broken rule, precise enough for an LLM to fix it.
 *
 * @param rule short rule id, e.g. {@code no-files}, {@code import-not-allowed}, {@code static-mutable-state}
 * @param line 1-based source line, or 0 when unknown
 * @param code the offending code fragment (trimmed to one line)
 * @param message what is wrong and what is allowed instead
 */
public record Violation(String rule, int line, String code, String message) {
    /** E.g. {@code line 12: [no-threads] new Thread(r) - threads are not allowed: ...}. */
    public String describe() {
        return (line > 0 ? "line " + line + ": " : "") + "[" + rule + "] " + code + " - " + message;
    }
}
