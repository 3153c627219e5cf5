package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.crinn4j.agent.prompt.PromptBuilder;

/**
 * Length limits of the prompt ({@code prompt}); see {@link PromptBuilder} for the order in which the
 * length guard shortens a prompt over {@code charBudget}. The defaults are the builder's.
 *
 * @param charBudget           target prompt length in characters
 * @param failureFeedbackChars longest sandbox feedback shown per failure
 * @param maxPoints            most (recall, QPS) points shown per exemplar
 * @param maxDiffChars         longest diff between the best variant and its parent
 */
public record PromptConfig(int charBudget, int failureFeedbackChars, int maxPoints, int maxDiffChars) {

    public static final int DEFAULT_CHAR_BUDGET = PromptBuilder.DEFAULT_CHAR_BUDGET;
    public static final int DEFAULT_FAILURE_FEEDBACK_CHARS = PromptBuilder.DEFAULT_FAILURE_FEEDBACK_CHARS;
    public static final int DEFAULT_MAX_POINTS = PromptBuilder.DEFAULT_MAX_POINTS;
    public static final int DEFAULT_MAX_DIFF_CHARS = PromptBuilder.DEFAULT_MAX_DIFF_CHARS;
    public static final PromptConfig DEFAULTS = bind(null, null, null, null);

    public PromptConfig {
        Checks.atLeast("prompt.charBudget", charBudget, PromptBuilder.MIN_CHAR_BUDGET);
        Checks.atLeast("prompt.failureFeedbackChars", failureFeedbackChars, 1);
        Checks.atLeast("prompt.maxPoints", maxPoints, 1);
        Checks.atLeast("prompt.maxDiffChars", maxDiffChars, PromptBuilder.MIN_DIFF_CHARS);
    }

    /** Binding: a field not written takes its default. */
    @JsonCreator
    static PromptConfig bind(@JsonProperty("charBudget") Integer charBudget, @JsonProperty("failureFeedbackChars") Integer failureFeedbackChars,
                             @JsonProperty("maxPoints") Integer maxPoints, @JsonProperty("maxDiffChars") Integer maxDiffChars) {
        return new PromptConfig(charBudget != null ? charBudget : DEFAULT_CHAR_BUDGET,
                failureFeedbackChars != null ? failureFeedbackChars : DEFAULT_FAILURE_FEEDBACK_CHARS,
                maxPoints != null ? maxPoints : DEFAULT_MAX_POINTS, maxDiffChars != null ? maxDiffChars : DEFAULT_MAX_DIFF_CHARS);
    }
}
