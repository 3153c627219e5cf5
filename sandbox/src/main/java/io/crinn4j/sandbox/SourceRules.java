package io.crinn4j.sandbox;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.check.ClassPolicy;
import io.crinn4j.sandbox.check.SourceCheck;
import io.crinn4j.sandbox.check.SourceNormalizer;
import io.crinn4j.sandbox.check.SourcePolicy;

/**
 * The sandbox's rules for candidate source, for callers that must apply them before anything is
 * measured: the same source check the sandbox makes first (so a proposer can drop code the sandbox
 * would reject), the normalized hash that names a program (so the loop recognises code it has
 * already measured), and the allow-list as the prompt states it. One face for what lives in
 * {@code check/}.
 */
public final class SourceRules {
    private SourceRules() {
    }

    /** The verdict of the source check alone: {@link Status#OK}, {@link Status#PARSE_ERROR} or {@link Status#POLICY_VIOLATION}, with its feedback. */
    public record Verdict(Status status, String feedback) {
        public boolean ok() {
            return status == Status.OK;
        }
    }

    /** Parses {@code source} and checks it as the {@code kind} module: structure, allow-list, static state. No compilation. */
    public static Verdict check(ModuleKind kind, String source) {
        SourceCheck c = SourcePolicy.check(source, kind);
        return new Verdict(status(c), c.feedback());
    }

    /**
     * A check's status: not a module of the requested kind at all (no parse, no single public class
     * implementing the interface) is {@link Status#PARSE_ERROR}, as {@link Status} documents; a
     * forbidden API is {@link Status#POLICY_VIOLATION}.
     */
    static Status status(SourceCheck c) {
        return c.ok() ? Status.OK : c.notAModule() ? Status.PARSE_ERROR : Status.POLICY_VIOLATION;
    }

    /** The normalized-source hash that names a program: formatting and comments do not change it. */
    public static String hash(String source) {
        return SourceNormalizer.hash(source);
    }

    /** What candidate code may use, in one paragraph, as prompts state it. */
    public static String allowedApi() {
        return ClassPolicy.allowListSummary();
    }
}
