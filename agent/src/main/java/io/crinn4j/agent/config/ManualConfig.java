package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A person answers the prompts ({@code kind: manual}): prompts are written to a folder and the
 * replies read back from it.
 *
 * @param manualDir            null: {@code <runDir>/manual}; a relative path is taken from the working directory
 * @param manualTimeoutSeconds how long to wait for a group's replies
 */
@JsonPropertyOrder({"kind", "manualDir", "manualTimeoutSeconds"})
public record ManualConfig(String manualDir, double manualTimeoutSeconds) implements ProposerConfig {

    /** An hour: a person reads the prompt and writes code. */
    public static final double DEFAULT_MANUAL_TIMEOUT_SECONDS = 3600;

    public ManualConfig {
        manualDir = Checks.blankToNull(manualDir);
        Checks.positive("manual", "manualTimeoutSeconds", manualTimeoutSeconds);
    }

    @JsonCreator
    static ManualConfig bind(@JsonProperty("manualDir") String manualDir, @JsonProperty("manualTimeoutSeconds") Double manualTimeoutSeconds) {
        return new ManualConfig(manualDir, manualTimeoutSeconds != null ? manualTimeoutSeconds : DEFAULT_MANUAL_TIMEOUT_SECONDS);
    }

    @Override
    public String kind() {
        return "manual";
    }
}
