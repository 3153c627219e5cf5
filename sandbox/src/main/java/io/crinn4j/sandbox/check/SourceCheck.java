package io.crinn4j.sandbox.check;

import java.util.List;
import java.util.Set;

/**
 * The verdict of {@link SourcePolicy#check}: either a parse error, or a (possibly empty) list of
 * violations. The names are filled whenever the single top-level class could be identified,
 * even when there are violations, so callers can log them.
 *
 * @param parseError  set when the text is not Java 17 (then {@code violations} is empty)
 * @param violations  every rule broken, sorted by line, at most {@link Violations#MAX}
 *                    plus one {@code too-many-violations} entry
 * @param packageName the declared package, "" for the default package, null when unknown
 * @param simpleName  simple name of the top-level class, null when unknown
 * @param binaryName  binary name of the top-level class ({@code pkg.Name}), null when unknown
 */
public record SourceCheck(ParseError parseError, List<Violation> violations, String packageName,
                          String simpleName, String binaryName) {

    /** Rule ids that mean "this is not a module of the requested kind" rather than "forbidden API". */
    public static final Set<String> STRUCTURAL_RULES = Set.of(
            Rules.SINGLE_TOP_LEVEL_TYPE, Rules.MODULE_CLASS, Rules.MISSING_INTERFACE,
            Rules.WRONG_INTERFACE, Rules.NO_ARG_CONSTRUCTOR);

    /** Where and why parsing failed; line and column are 1-based (0 when unknown). */
    public record ParseError(String message, int line, int column) {
        public String describe() {
            return (line > 0 ? "line " + line + (column > 0 ? ", column " + column : "") + ": " : "") + message;
        }
    }

    public SourceCheck {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** True when the source parsed and broke no rule. */
    public boolean ok() {
        return parseError == null && violations.isEmpty();
    }

    /**
     * True when the text is not a module of the requested kind at all: it does not parse, or it has
     * no single public class implementing the interface with a public no-arg constructor (see
     * {@link #STRUCTURAL_RULES}) — a parse error to the sandbox, rather than a forbidden API.
     */
    public boolean notAModule() {
        if (parseError != null) {
            return true;
        }
        for (Violation v : violations) {
            if (STRUCTURAL_RULES.contains(v.rule())) {
                return true;
            }
        }
        return false;
    }

    /** Feedback text for the next prompt: the parse error or one violation per line; null when OK. */
    public String feedback() {
        if (parseError != null) {
            return "The source does not parse as Java 17: " + parseError.describe();
        }
        if (violations.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("The source breaks the sandbox rules:");
        for (Violation v : violations) {
            sb.append('\n').append(v.describe());
        }
        return sb.toString();
    }

    static SourceCheck parseFailure(ParseError e) {
        return new SourceCheck(e, List.of(), null, null, null);
    }
}
