package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to build a proposer: one record per kind, chosen by the {@code kind} field of a YAML or JSON
 * mapping ({@link #parse}, {@link #load}, or the {@code proposer} section of a campaign
 * configuration). A record holds resolved settings — every default is filled in when it is made —
 * so the YAML a record writes ({@link #toYaml}) reads back to an equal record. Every problem is one
 * line in an {@link IllegalArgumentException}.
 *
 * <p>API keys are never part of a config: they come only from the environment variable named by
 * {@code apiKeyEnv}. A file that contains {@code apiKey} is rejected.
 *
 * <table>
 *   <caption>fields and defaults</caption>
 *   <tr><td>kind</td><td>{@code mutate|openai|ollama|anthropic|gemini|manual|command|replay}, or {@code ensemble};
 *       default {@code ensemble} when members are given, else {@code mutate}; case-insensitive</td></tr>
 *   <tr><td>model</td><td>the provider's default model ({@link Provider#defaultModel}): openai {@code gpt-4o-mini},
 *       ollama {@code qwen2.5-coder:7b}, anthropic {@code claude-haiku-4-5}, gemini {@code gemini-2.5-flash}</td></tr>
 *   <tr><td>baseUrl</td><td>the provider's public endpoint; Ollama {@code http://localhost:11434}. For
 *       openai it may point at any OpenAI-compatible server (DeepSeek, vLLM, llama.cpp, LM Studio)</td></tr>
 *   <tr><td>temperature</td><td>{@value LlmConfig#DEFAULT_TEMPERATURE}, except OpenAI reasoning models (o1/o3/o4,
 *       gpt-5), which accept only their own default: nothing is sent unless set</td></tr>
 *   <tr><td>timeoutSeconds</td><td>per HTTP call or command run; {@value #DEFAULT_TIMEOUT_SECONDS}</td></tr>
 *   <tr><td>maxRetries</td><td>retries on HTTP 429/5xx and I/O timeouts; {@value LlmConfig#DEFAULT_MAX_RETRIES}</td></tr>
 *   <tr><td>maxTokens</td><td>anthropic 8192 (the API requires one), others: the server's default</td></tr>
 *   <tr><td>apiKeyEnv</td><td>openai {@code OPENAI_API_KEY} (only for api.openai.com: another baseUrl gets no
 *       key unless apiKeyEnv is set), anthropic {@code ANTHROPIC_API_KEY}, gemini {@code GEMINI_API_KEY} then
 *       {@code GOOGLE_API_KEY}, ollama none (when set, sent as a bearer token). Stays null when
 *       defaulted ({@link Provider#keyVariables})</td></tr>
 *   <tr><td>priceInputPerMTok, priceOutputPerMTok</td><td>USD per million tokens; built-in list price of a
 *       well-known model ({@link ModelPrices}), 0 for ollama, local servers and unknown models</td></tr>
 *   <tr><td>command</td><td>kind command: the program and its arguments, one word per element</td></tr>
 *   <tr><td>manualDir</td><td>kind manual: {@code <runDir>/manual}; a relative path is taken from the working directory</td></tr>
 *   <tr><td>repliesDir</td><td>kind replay: the folder of recorded {@code reply-<n>-<i>.md} files (required)</td></tr>
 *   <tr><td>manualTimeoutSeconds</td><td>how long the manual proposer waits for a group; {@value ManualConfig#DEFAULT_MANUAL_TIMEOUT_SECONDS}</td></tr>
 *   <tr><td>concurrency</td><td>completions of one group requested in parallel (LLM kinds); {@value LlmConfig#DEFAULT_CONCURRENCY}</td></tr>
 *   <tr><td>weight</td><td>share of an ensemble member; 1</td></tr>
 *   <tr><td>ensemble</td><td>members (each a config with a weight); members inherit temperature, timeoutSeconds,
 *       maxRetries, maxTokens, manualDir, manualTimeoutSeconds and concurrency when they use them and do not set them</td></tr>
 * </table>
 *
 * <p>Each kind accepts only the fields it uses: {@code model: x} on kind manual, or {@code temperature}
 * on kind mutate, is an error rather than a setting that silently does nothing. (Campaign folders
 * saved before kinds were separate records may hold such fields; {@link LegacyConfig} drops them as
 * the old reader ignored them.)
 */
public sealed interface ProposerConfig permits MutateConfig, LlmConfig, ManualConfig, CommandConfig, ReplayConfig, EnsembleConfig {

    /** Per HTTP call of an LLM or per run of a command. */
    double DEFAULT_TIMEOUT_SECONDS = 300;

    /** The kind as written in a config: {@code mutate}, {@code openai}, ..., {@code ensemble}. */
    @JsonProperty("kind")
    String kind();

    /** Short name for logs, e.g. {@code openai:gpt-4o-mini}. */
    default String label() {
        return kind();
    }

    /**
     * Whether a campaign evaluates this proposer's replies while it is still producing the group,
     * unless configured otherwise: yes for every kind but the CPU-bound mutator, whose work would
     * share the machine with the timed workers.
     */
    default boolean overlapsByDefault() {
        return true;
    }

    /** YAML text of this config, every resolved field present. */
    default String toYaml() {
        return ConfigYaml.write(this);
    }

    /** Parses YAML or JSON text (JSON is YAML). */
    static ProposerConfig parse(String text) {
        return bind(ConfigYaml.parse(text, ProposerReader.WHAT));
    }

    /** Reads a YAML ({@code .yaml}/{@code .yml}) or JSON file. */
    static ProposerConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read proposer config " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    /** Binds a tree (a parsed {@code proposer} section). */
    static ProposerConfig bind(JsonNode tree) {
        return ConfigYaml.bind(tree, ProposerConfig.class, ProposerReader.WHAT);
    }

    /**
     * The kind a written proposer section selects: its {@code kind} (lower case), else
     * {@code ensemble} when it lists members, else {@code mutate}.
     *
     * @throws IllegalArgumentException for an unknown kind
     */
    static String kindOf(JsonNode written) {
        return ProposerReader.kindOf(written);
    }
}
