package io.crinn4j.agent.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Built-in list prices (USD per million tokens, standard tier, no caching or batch discounts) of a
 * few well-known models, as published by the providers in late 2025. They only feed the cost
 * estimate; set {@code priceInputPerMTok}/{@code priceOutputPerMTok} in the config when they are
 * out of date or the model is not listed.
 *
 * <p>A model matches the longest listed prefix of its name, so dated snapshots
 * ({@code gpt-4o-mini-2024-07-18}, {@code claude-sonnet-4-5-20250929}) and router prefixes
 * ({@code openai/gpt-4o}) find their base model.
 */
public final class ModelPrices {

    /** Price of one model in USD per million input and output tokens. */
    public record Price(double inputPerMTok, double outputPerMTok) {
        /** What a local server or Ollama costs. */
        public static final Price FREE = new Price(0, 0);

        /** Estimated cost of one call. */
        public double cost(long inputTokens, long outputTokens) {
            return (inputTokens * inputPerMTok + outputTokens * outputPerMTok) / 1_000_000.0;
        }
    }

    private static final Map<String, Price> TABLE = new LinkedHashMap<>();

    static {
        // OpenAI
        put("gpt-4o", 2.50, 10.00);
        put("gpt-4o-mini", 0.15, 0.60);
        put("gpt-4.1", 2.00, 8.00);
        put("gpt-4.1-mini", 0.40, 1.60);
        put("gpt-4.1-nano", 0.10, 0.40);
        put("gpt-5", 1.25, 10.00);
        put("gpt-5-mini", 0.25, 2.00);
        put("gpt-5-nano", 0.05, 0.40);
        put("gpt-5-pro", 15.00, 120.00);
        put("o1", 15.00, 60.00);
        put("o1-mini", 1.10, 4.40);
        put("o1-pro", 150.00, 600.00);
        put("o3", 2.00, 8.00);
        put("o3-mini", 1.10, 4.40);
        put("o3-pro", 20.00, 80.00);
        put("o4-mini", 1.10, 4.40);
        // Anthropic
        put("claude-opus-4", 15.00, 75.00);
        put("claude-sonnet-4", 3.00, 15.00);
        put("claude-3-7-sonnet", 3.00, 15.00);
        put("claude-3-5-sonnet", 3.00, 15.00);
        put("claude-haiku-4-5", 1.00, 5.00);
        put("claude-3-5-haiku", 0.80, 4.00);
        put("claude-3-haiku", 0.25, 1.25);
        // Google
        put("gemini-2.5-pro", 1.25, 10.00);
        put("gemini-2.5-flash", 0.30, 2.50);
        put("gemini-2.5-flash-lite", 0.10, 0.40);
        put("gemini-2.0-flash", 0.10, 0.40);
        put("gemini-2.0-flash-lite", 0.075, 0.30);
        // DeepSeek (OpenAI-compatible API, cache-miss input)
        put("deepseek-chat", 0.28, 0.42);
        put("deepseek-reasoner", 0.28, 0.42);
    }

    private ModelPrices() {
    }

    private static void put(String prefix, double in, double out) {
        TABLE.put(prefix, new Price(in, out));
    }

    /** The list price of a model, if it is a known one. */
    public static Optional<Price> lookup(String model) {
        if (model == null) {
            return Optional.empty();
        }
        String m = model.trim().toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1);
        }
        if (m.startsWith("models/")) {
            m = m.substring("models/".length());
        }
        String best = null;
        for (String prefix : TABLE.keySet()) {
            if (m.equals(prefix) || m.startsWith(prefix + "-") || m.startsWith(prefix + ".") || m.startsWith(prefix + ":")
                    || m.startsWith(prefix + "@")) {
                if (best == null || prefix.length() > best.length()) {
                    best = prefix;
                }
            }
        }
        return best == null ? Optional.empty() : Optional.of(TABLE.get(best));
    }
}
