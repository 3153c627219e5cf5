package io.crinn4j.agent.propose.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.crinn4j.agent.config.LlmConfig;
import io.crinn4j.agent.config.Provider;
import io.crinn4j.agent.propose.ProposerException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds LangChain4j {@link ChatModel}s from an {@link LlmConfig} and looks up API
 * keys in the environment. LangChain4j's own retries are switched off ({@code maxRetries(0)}):
 * {@link LlmProposer} retries with its own, explicit policy. All models talk through
 * {@link RetryAfterHttpClient}.
 */
public final class ChatModels {

    private ChatModels() {
    }

    /**
     * The API key for an LLM config, read only from the environment: from {@code apiKeyEnv}, else
     * from the provider's variables ({@link Provider#keyVariables}).
     *
     * @return the key, or null when the provider needs none (Ollama, OpenAI-compatible servers
     *         other than api.openai.com when no apiKeyEnv is configured)
     * @throws ProposerException naming the variable when a needed key is missing
     */
    public static String apiKey(LlmConfig c, Function<String, String> env) {
        List<String> names = c.apiKeyEnv() != null ? List.of(c.apiKeyEnv()) : c.provider().keyVariables(c.baseUrl());
        if (names.isEmpty()) {
            return null;
        }
        for (String n : names) {
            String v = env.apply(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        String what = names.size() == 1
                ? "environment variable " + names.get(0) + " is not set"
                : "environment variables " + String.join(" and ", names) + " are not set";
        throw new ProposerException(c.kind() + ": " + what);
    }

    /** A chat model for a resolved LLM config; {@code apiKey} may be null where none is needed. */
    public static ChatModel create(LlmConfig c, String apiKey) {
        Duration timeout = Duration.ofMillis(Math.max(1, Math.round(c.timeoutSeconds() * 1000)));
        RetryAfterHttpClient.Builder http = RetryAfterHttpClient.builder()
                .http11(c.baseUrl().toLowerCase(Locale.ROOT).startsWith("http://"))
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30))
                .readTimeout(timeout);
        return switch (c.provider()) {
            case OPENAI -> openAi(c, apiKey, http, timeout);
            case OLLAMA -> ollama(c, apiKey, http, timeout);
            case ANTHROPIC -> AnthropicChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(c.baseUrl())
                    .apiKey(apiKey)
                    .modelName(c.model())
                    .temperature(c.temperature())
                    .maxTokens(c.maxTokens())
                    .timeout(timeout)
                    .maxRetries(0)
                    .build();
            case GEMINI -> GoogleAiGeminiChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(c.baseUrl())
                    .apiKey(apiKey)
                    .modelName(c.model())
                    .temperature(c.temperature())
                    .maxOutputTokens(c.maxTokens())
                    .timeout(timeout)
                    .maxRetries(0)
                    .build();
        };
    }

    private static ChatModel openAi(LlmConfig c, String apiKey, RetryAfterHttpClient.Builder http, Duration timeout) {
        OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(c.baseUrl())
                .apiKey(apiKey)
                .modelName(c.model())
                .temperature(c.temperature())
                .timeout(timeout)
                .maxRetries(0);
        if (c.maxTokens() != null) {
            if (Provider.isOfficialOpenAi(c.baseUrl())) {
                b.maxCompletionTokens(c.maxTokens());
            } else {
                b.maxTokens(c.maxTokens());
            }
        }
        return b.build();
    }

    private static ChatModel ollama(LlmConfig c, String apiKey, RetryAfterHttpClient.Builder http, Duration timeout) {
        OllamaChatModel.OllamaChatModelBuilder b = OllamaChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(c.baseUrl())
                .modelName(c.model())
                .temperature(c.temperature())
                .numPredict(c.maxTokens())
                .timeout(timeout)
                .maxRetries(0);
        if (apiKey != null) {
            b.customHeaders(Map.of("Authorization", "Bearer " + apiKey));
        }
        return b.build();
    }
}
