package io.crinn4j.agent.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The LLM chat APIs a proposer can use, each with its defaults: the one table of models, endpoints,
 * API-key variables and prices. The kind of an {@link LlmConfig} names its provider.
 */
public enum Provider {
    OPENAI("openai", "gpt-4o-mini", "https://api.openai.com/v1", List.of("OPENAI_API_KEY"), null),
    OLLAMA("ollama", "qwen2.5-coder:7b", "http://localhost:11434", List.of(), null),
    /** Anthropic's API requires a maximum number of output tokens, so it gets one by default. */
    ANTHROPIC("anthropic", "claude-haiku-4-5", "https://api.anthropic.com/v1", List.of("ANTHROPIC_API_KEY"), 8192),
    GEMINI("gemini", "gemini-2.5-flash", "https://generativelanguage.googleapis.com/v1beta", List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"), null);

    private final String kind;
    private final String defaultModel;
    private final String defaultBaseUrl;
    private final List<String> keyVariables;
    private final Integer defaultMaxTokens;

    Provider(String kind, String defaultModel, String defaultBaseUrl, List<String> keyVariables, Integer defaultMaxTokens) {
        this.kind = kind;
        this.defaultModel = defaultModel;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyVariables = keyVariables;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** The provider a proposer kind names ({@code openai}, ...), if it names one. */
    public static Optional<Provider> ofKind(String kind) {
        for (Provider p : values()) {
            if (p.kind.equals(kind)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The proposer kind of this provider, as written in a config. */
    public String kind() {
        return kind;
    }

    public String defaultModel() {
        return defaultModel;
    }

    /** The provider's public endpoint (Ollama: the local server). */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** Output tokens asked for when the config sets none; null lets the server decide. */
    public Integer defaultMaxTokens() {
        return defaultMaxTokens;
    }

    /**
     * The environment variables a key is read from, in order, when the config names none. OpenAI's
     * key goes only to api.openai.com: another OpenAI-compatible server gets no key unless the
     * config names a variable, so the user's OpenAI key never reaches some other host by default.
     */
    public List<String> keyVariables(String baseUrl) {
        if (this == OPENAI && !isOfficialOpenAi(baseUrl)) {
            return List.of();
        }
        return keyVariables;
    }

    /**
     * The price of a model served at {@code baseUrl}: nothing for Ollama and local servers, the
     * list price of a well-known model ({@link ModelPrices}), empty when the model is not known.
     */
    public Optional<ModelPrices.Price> price(String model, String baseUrl) {
        if (this == OLLAMA || isLocalUrl(baseUrl)) {
            return Optional.of(ModelPrices.Price.FREE);
        }
        return ModelPrices.lookup(model);
    }

    /** False for OpenAI's reasoning models, which reject any temperature but their own default. */
    public boolean acceptsTemperature(String model) {
        return !(this == OPENAI && isOpenAiReasoningModel(model));
    }

    /** OpenAI reasoning models (o1/o3/o4, gpt-5 except gpt-5-chat) reject any temperature but their default. */
    public static boolean isOpenAiReasoningModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        m = slash >= 0 ? m.substring(slash + 1) : m;
        return m.matches("o\\d+(-.*)?") || (m.startsWith("gpt-5") && !m.startsWith("gpt-5-chat"));
    }

    /** True when the base URL is OpenAI's own API (where {@code max_completion_tokens} replaces {@code max_tokens}). */
    public static boolean isOfficialOpenAi(String baseUrl) {
        try {
            String host = URI.create(baseUrl).getHost();
            return host != null && host.toLowerCase(Locale.ROOT).equals("api.openai.com");
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** True for loopback / private-network hosts: local servers cost nothing and get no default key. */
    public static boolean isLocalUrl(String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local") || host.startsWith("127.")
                || host.equals("::1") || host.equals("0.0.0.0") || host.startsWith("10.") || host.startsWith("192.168.")
                || host.matches("172\\.(1[6-9]|2\\d|3[01])\\..*") || host.equals("host.docker.internal");
    }
}
