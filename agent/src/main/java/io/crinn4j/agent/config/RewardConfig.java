package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.crinn4j.reward.RecallBand;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * How a candidate is scored ({@code reward}). The sandbox enforces these and the prompt states them,
 * both from this one section, so the LLM is told the limits its code is held to.
 *
 * @param band           recall band of the AUC, written {@code LO:HI} as {@code crinn bench --band} takes it;
 *                       a curve that never reaches its lower end is rejected (RECALL_FLOOR)
 * @param buildBudget    build time may be at most this multiple of the seed's (BUILD_BUDGET)
 * @param memoryBudget   index memory may be at most this multiple of the seed's (MEMORY_BUDGET)
 * @param failurePenalty the reward a failed variant counts with in its group's GRPO advantages
 */
public record RewardConfig(@JsonSerialize(using = RewardConfig.BandText.class) RecallBand band, double buildBudget, double memoryBudget,
                           double failurePenalty) {

    public static final RecallBand DEFAULT_BAND = RecallBand.DEFAULT;
    public static final double DEFAULT_BUILD_BUDGET = 3.0;
    public static final double DEFAULT_MEMORY_BUDGET = 2.0;
    public static final double DEFAULT_FAILURE_PENALTY = 0.0;
    public static final RewardConfig DEFAULTS = bind(null, null, null, null);

    public RewardConfig {
        java.util.Objects.requireNonNull(band, "reward.band");
        Checks.positive("reward.buildBudget", buildBudget);
        Checks.positive("reward.memoryBudget", memoryBudget);
        if (!Double.isFinite(failurePenalty)) {
            throw new IllegalArgumentException("reward.failurePenalty must be a finite number, got " + failurePenalty);
        }
    }

    /** Binding: a field not written takes its default. */
    @JsonCreator
    static RewardConfig bind(@JsonProperty("band") String band, @JsonProperty("buildBudget") Double buildBudget,
                             @JsonProperty("memoryBudget") Double memoryBudget, @JsonProperty("failurePenalty") Double failurePenalty) {
        RecallBand b;
        try {
            b = band != null ? parseBand(band) : DEFAULT_BAND;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reward.band " + e.getMessage());
        }
        return new RewardConfig(b, buildBudget != null ? buildBudget : DEFAULT_BUILD_BUDGET,
                memoryBudget != null ? memoryBudget : DEFAULT_MEMORY_BUDGET, failurePenalty != null ? failurePenalty : DEFAULT_FAILURE_PENALTY);
    }

    /**
     * A band written {@code LO:HI}, e.g. {@code 0.85:0.95}.
     *
     * @throws IllegalArgumentException "must be LO:HI with 0 <= LO < HI <= 1, got '...'"
     */
    public static RecallBand parseBand(String text) {
        String[] parts = text.trim().split(":");
        try {
            if (parts.length == 2) {
                return new RecallBand(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            }
        } catch (IllegalArgumentException e) {
            // not numbers, or not 0 <= lo < hi <= 1: the message below says what is expected
        }
        throw new IllegalArgumentException("must be LO:HI with 0 <= LO < HI <= 1, got '" + text + "'");
    }

    /** A band as {@link #parseBand} reads it, without trailing zeros: {@code 0.85:0.95}. */
    public static String formatBand(RecallBand b) {
        return plain(b.lo()) + ":" + plain(b.hi());
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** Writes the band as text, the form a config file and {@code --band} use. */
    static final class BandText extends StdSerializer<RecallBand> {
        BandText() {
            super(RecallBand.class);
        }

        @Override
        public void serialize(RecallBand band, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(formatBand(band));
        }
    }
}
