package io.crinn4j.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * A proposer backed by an LLM chat API (kinds {@code openai}, {@code ollama}, {@code anthropic},
 * {@code gemini}). Fields and defaults: see {@link ProposerConfig}.
 *
 * @param temperature null: nothing is sent (OpenAI reasoning models accept only their own)
 * @param maxTokens   null: the server's default
 * @param apiKeyEnv   null: the provider's variables ({@link Provider#keyVariables})
 */
@JsonPropertyOrder({"kind", "model", "baseUrl", "temperature", "timeoutSeconds", "maxRetries", "maxTokens", "apiKeyEnv",
    "priceInputPerMTok", "priceOutputPerMTok", "concurrency"})
public record LlmConfig(@JsonIgnore Provider provider, String model, String baseUrl, Double temperature, double timeoutSeconds,
                        int maxRetries, Integer maxTokens, String apiKeyEnv, double priceInputPerMTok, double priceOutputPerMTok,
                        int concurrency) implements ProposerConfig {

    public static final double DEFAULT_TEMPERATURE = 0.7;
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final int DEFAULT_CONCURRENCY = 1;
    /** More retries only stretch an outage over hours of backoff. */
    public static final int MAX_RETRIES_LIMIT = 10;
    /** More calls at once only trip the providers' rate limits. */
    public static final int MAX_CONCURRENCY = 32;

    public LlmConfig {
        Objects.requireNonNull(provider, "provider");
        String where = provider.kind();
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(where + ": model is empty");
        }
        baseUrl = Checks.baseUrl(where, Objects.requireNonNull(baseUrl, "baseUrl"));
        if (apiKeyEnv != null && !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            // Guards against a key pasted where its variable name belongs; the value is not echoed.
            throw new IllegalArgumentException(where + ": apiKeyEnv must be the NAME of an environment variable (letters, digits, _), not a key");
        }
        Checks.between(where, "temperature", temperature, 0, 2);
        Checks.positive(where, "timeoutSeconds", timeoutSeconds);
        Checks.between(where, "maxRetries", maxRetries, 0, MAX_RETRIES_LIMIT);
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException(where + ": maxTokens must be positive, got " + maxTokens);
        }
        Checks.between(where, "concurrency", concurrency, 1, MAX_CONCURRENCY);
        Checks.between(where, "priceInputPerMTok", priceInputPerMTok, 0, 1e6);
        Checks.between(where, "priceOutputPerMTok", priceOutputPerMTok, 0, 1e6);
    }

    /** The provider's defaults with {@code model} (null: the provider's default model). */
    public static LlmConfig of(Provider provider, String model) {
        return bind(provider.kind(), model, null, null, null, null, null, null, null, null, null);
    }

    /** Binding: a field not written takes its default, which may depend on the provider, the model and the URL. */
    @JsonCreator
    static LlmConfig bind(@JsonProperty("kind") String kind, @JsonProperty("model") String model, @JsonProperty("baseUrl") String baseUrl,
                          @JsonProperty("temperature") Double temperature, @JsonProperty("timeoutSeconds") Double timeoutSeconds,
                          @JsonProperty("maxRetries") Integer maxRetries, @JsonProperty("maxTokens") Integer maxTokens,
                          @JsonProperty("apiKeyEnv") String apiKeyEnv, @JsonProperty("priceInputPerMTok") Double priceInputPerMTok,
                          @JsonProperty("priceOutputPerMTok") Double priceOutputPerMTok, @JsonProperty("concurrency") Integer concurrency) {
        Provider p = Provider.ofKind(kind).orElseThrow(() -> new IllegalArgumentException("'" + kind + "' is not an LLM kind"));
        String m = Checks.blankToNull(model) != null ? model.trim() : p.defaultModel();
        String url = Checks.baseUrl(p.kind(), Checks.blankToNull(baseUrl));
        url = url != null ? url : p.defaultBaseUrl();
        Double temp = temperature;
        if (temp == null && p.acceptsTemperature(m)) {
            temp = DEFAULT_TEMPERATURE;
        }
        ModelPrices.Price price = p.price(m, url).orElse(ModelPrices.Price.FREE);
        return new LlmConfig(p, m, url, temp, timeoutSeconds != null ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS,
                maxRetries != null ? maxRetries : DEFAULT_MAX_RETRIES, maxTokens != null ? maxTokens : p.defaultMaxTokens(),
                Checks.blankToNull(apiKeyEnv), priceInputPerMTok != null ? priceInputPerMTok : price.inputPerMTok(),
                priceOutputPerMTok != null ? priceOutputPerMTok : price.outputPerMTok(), concurrency != null ? concurrency : DEFAULT_CONCURRENCY);
    }

    @Override
    public String kind() {
        return provider.kind();
    }

    @Override
    public String label() {
        return kind() + ":" + model;
    }

    /** The price the cost estimate uses. */
    public ModelPrices.Price price() {
        return new ModelPrices.Price(priceInputPerMTok, priceOutputPerMTok);
    }

    /** True when the prices are 0 only because the model is not in the built-in list (so the cost shown is not real). */
    public boolean priceUnknown() {
        return priceInputPerMTok == 0 && priceOutputPerMTok == 0 && provider.price(model, baseUrl).isEmpty();
    }
}
