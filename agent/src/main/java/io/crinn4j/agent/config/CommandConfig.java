package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Any command-line agent answers the prompts ({@code kind: command}): the prompt goes to its
 * standard input, the reply comes from its standard output.
 *
 * @param command        the program and its arguments, one word per element
 * @param timeoutSeconds per run
 */
@JsonPropertyOrder({"kind", "command", "timeoutSeconds"})
public record CommandConfig(List<String> command, double timeoutSeconds) implements ProposerConfig {

    public CommandConfig {
        if (command == null) {
            throw new IllegalArgumentException("command: kind command needs 'command', a list of words such as [ollama, run, qwen2.5-coder:7b]");
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command: command is empty");
        }
        if (command.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("command: command contains an empty (null) word");
        }
        if (command.get(0).isBlank()) {
            throw new IllegalArgumentException("command: command has no program name");
        }
        command = List.copyOf(command);
        Checks.positive("command", "timeoutSeconds", timeoutSeconds);
    }

    @JsonCreator
    static CommandConfig bind(@JsonProperty("command") List<String> command, @JsonProperty("timeoutSeconds") Double timeoutSeconds) {
        return new CommandConfig(command, timeoutSeconds != null ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS);
    }

    @Override
    public String kind() {
        return "command";
    }
}
