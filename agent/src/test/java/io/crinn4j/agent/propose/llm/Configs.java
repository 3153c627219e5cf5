package io.crinn4j.agent.propose.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crinn4j.agent.config.ConfigYaml;
import io.crinn4j.agent.config.LlmConfig;
import io.crinn4j.agent.config.ProposerConfig;
import java.util.Arrays;

/** LLM proposer configs for tests, written as YAML lines: {@code llm("kind: openai", "model: gpt-4.1", "baseUrl: " + url)}. */
final class Configs {
    private Configs() {
    }

    /** The config the lines describe; a later line overrides an earlier one, so a test can vary a base config. */
    static LlmConfig llm(String... lines) {
        ObjectNode tree = ConfigYaml.emptyTree();
        for (String line : lines) {
            tree.setAll(ConfigYaml.parse(line, "test config"));
        }
        return (LlmConfig) ProposerConfig.bind(tree);
    }

    /** The lines of a base config followed by more, for {@link #llm}. */
    static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
