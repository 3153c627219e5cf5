package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a campaign may spend ({@code budget}); it stops at the first limit reached. 0 means
 * unlimited for every limit but {@code evaluations}.
 *
 * @param evaluations      candidate evaluations in the whole campaign, split evenly over the modules
 * @param wallClockMinutes wall-clock minutes over all sessions of the campaign
 * @param maxTokens        LLM tokens, input and output
 * @param maxDollars       estimated LLM cost in US dollars
 */
public record BudgetConfig(int evaluations, double wallClockMinutes, long maxTokens, double maxDollars) {

    public static final int DEFAULT_EVALUATIONS = 24;
    public static final double DEFAULT_WALL_CLOCK_MINUTES = 0;
    public static final long DEFAULT_MAX_TOKENS = 0;
    public static final double DEFAULT_MAX_DOLLARS = 0;
    public static final BudgetConfig DEFAULTS = bind(null, null, null, null);

    public BudgetConfig {
        Checks.atLeast("budget.evaluations", evaluations, 2);
        Checks.notNegative("budget.wallClockMinutes", wallClockMinutes, " (0 = unlimited)");
        Checks.notNegative("budget.maxTokens", maxTokens, " (0 = unlimited)");
        Checks.notNegative("budget.maxDollars", maxDollars, " (0 = unlimited)");
    }

    /** Binding: a field not written takes its default. */
    @JsonCreator
    static BudgetConfig bind(@JsonProperty("evaluations") Integer evaluations, @JsonProperty("wallClockMinutes") Double wallClockMinutes,
                             @JsonProperty("maxTokens") Long maxTokens, @JsonProperty("maxDollars") Double maxDollars) {
        return new BudgetConfig(evaluations != null ? evaluations : DEFAULT_EVALUATIONS,
                wallClockMinutes != null ? wallClockMinutes : DEFAULT_WALL_CLOCK_MINUTES,
                maxTokens != null ? maxTokens : DEFAULT_MAX_TOKENS, maxDollars != null ? maxDollars : DEFAULT_MAX_DOLLARS);
    }
}
