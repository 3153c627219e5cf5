package io.crinn4j.sandbox.compile;

import java.util.Objects;

/**
 * One compiler error, positioned in the candidate's own text.
 *
 * @param line    1-based line in the candidate source; 0 when the compiler gave no position
 * @param column  1-based column (in characters, a tab counts as one); 0 when unknown
 * @param message the compiler's message, possibly several lines (javac adds "symbol:" and
 *                "location:" lines); never null
 */
public record CompileError(int line, int column, String message) {

    public CompileError {
        Objects.requireNonNull(message, "message");
        line = Math.max(0, line);
        column = Math.max(0, column);
    }

    /** An error without a position, e.g. "the source does not declare the expected class". */
    static CompileError unpositioned(String message) {
        return new CompileError(0, 0, message);
    }

    @Override
    public String toString() {
        return line == 0 ? message : "line " + line + ":" + column + ": " + message;
    }
}
