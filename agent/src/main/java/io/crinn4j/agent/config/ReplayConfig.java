package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Recorded replies answer the prompts ({@code kind: replay}): the n-th group a campaign asks for is
 * answered with the files {@code reply-<n>-<i>.md} of {@code repliesDir}, as a manual campaign
 * names them. Replays an LLM campaign without the LLM, to exercise the loop on real replies or to
 * measure them again on other data.
 *
 * @param repliesDir the folder of recorded replies; a relative path is taken from the working directory
 */
@JsonPropertyOrder({"kind", "repliesDir"})
public record ReplayConfig(String repliesDir) implements ProposerConfig {

    public ReplayConfig {
        repliesDir = Checks.blankToNull(repliesDir);
        if (repliesDir == null) {
            throw new IllegalArgumentException("replay: repliesDir is required (the folder of reply-<n>-<i>.md files)");
        }
    }

    @JsonCreator
    static ReplayConfig bind(@JsonProperty("repliesDir") String repliesDir) {
        return new ReplayConfig(repliesDir);
    }

    @Override
    public String kind() {
        return "replay";
    }
}
