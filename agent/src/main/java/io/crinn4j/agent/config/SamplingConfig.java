package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How each prompt is made and answered ({@code sampling}).
 *
 * @param group       G, completions per prompt: the GRPO group whose rewards are compared
 * @param exemplars   K, earlier variants shown per prompt
 * @param temperature softmax temperature over rewards when sampling the exemplars
 * @param crossoverEvery every this many groups of a stage, the prompt asks to combine the best variant with the strongest
 *                    other variant whose code differs (a crossover prompt: both shown whole, with their diff), when the
 *                    stage has two; 0 = never
 */
public record SamplingConfig(int group, int exemplars, double temperature, int crossoverEvery) {

    public static final int DEFAULT_GROUP = 4;
    public static final int DEFAULT_EXEMPLARS = 4;
    public static final double DEFAULT_TEMPERATURE = 0.1;
    /** Every third group: enough prompts stay plain improvements, and strong ideas found apart meet. */
    public static final int DEFAULT_CROSSOVER_EVERY = 3;
    public static final SamplingConfig DEFAULTS = bind(null, null, null, null);

    public SamplingConfig {
        if (group < 2) {
            throw new IllegalArgumentException("sampling.group must be >= 2 (GRPO advantages compare completions of one prompt), got " + group);
        }
        Checks.atLeast("sampling.exemplars", exemplars, 1);
        Checks.positive("sampling.temperature", temperature);
        Checks.atLeast("sampling.crossoverEvery", crossoverEvery, 0);
    }

    /** Whether group {@code g} (0-based) of a stage asks for a crossover. */
    public boolean crossoverGroup(int g) {
        return crossoverEvery > 0 && (g + 1) % crossoverEvery == 0;
    }

    /** Binding: a field not written takes its default. */
    @JsonCreator
    static SamplingConfig bind(@JsonProperty("group") Integer group, @JsonProperty("exemplars") Integer exemplars,
                               @JsonProperty("temperature") Double temperature, @JsonProperty("crossoverEvery") Integer crossoverEvery) {
        return new SamplingConfig(group != null ? group : DEFAULT_GROUP, exemplars != null ? exemplars : DEFAULT_EXEMPLARS,
                temperature != null ? temperature : DEFAULT_TEMPERATURE, crossoverEvery != null ? crossoverEvery : DEFAULT_CROSSOVER_EVERY);
    }
}
