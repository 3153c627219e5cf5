package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * Several proposers mixed with weights ({@code kind: ensemble}, or no kind and an {@code ensemble}
 * list). A member inherits the ensemble's temperature, timeoutSeconds, maxRetries, maxTokens,
 * manualDir, manualTimeoutSeconds and concurrency when it uses them and does not set them; the
 * record holds the members with what they inherited, so it needs no settings of its own.
 *
 * @param members written as the list {@code ensemble}
 */
@JsonPropertyOrder({"kind", "ensemble"})
public record EnsembleConfig(@JsonProperty("ensemble") List<Member> members) implements ProposerConfig {

    /** The weight a member has when it sets none. */
    public static final double DEFAULT_WEIGHT = 1.0;

    /**
     * A member and its share, written as the member's own fields plus {@code weight}:
     * {@code {kind: openai, model: gpt-4o-mini, weight: 3}}.
     */
    public record Member(double weight, ProposerConfig proposer) {
        public Member {
            Objects.requireNonNull(proposer, "proposer");
            Checks.positive(proposer.kind(), "weight", weight);
        }

        @JsonValue
        ObjectNode written() {
            ObjectNode n = (ObjectNode) ConfigYaml.tree(proposer);
            n.put("weight", weight);
            return n;
        }
    }

    public EnsembleConfig {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("ensemble: no members given");
        }
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i) == null) {
                throw new IllegalArgumentException("ensemble[" + i + "] is empty");
            }
            if (members.get(i).proposer() instanceof EnsembleConfig) {
                throw new IllegalArgumentException("ensemble[" + i + "]: ensembles cannot be nested");
            }
        }
        members = List.copyOf(members);
    }

    @Override
    public String kind() {
        return "ensemble";
    }
}
