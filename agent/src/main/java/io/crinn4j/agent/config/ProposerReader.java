package io.crinn4j.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a written proposer section into the record of its kind: picks the kind (written, or implied
 * by an {@code ensemble} list), states the rules that span kinds in today's words (model on kind
 * manual, command on kind openai, ...), hands an ensemble's settings down to its members, and lets
 * Jackson bind the rest, so unknown fields and bad values are reported like everywhere else.
 */
final class ProposerReader extends StdDeserializer<ProposerConfig> {

    static final String WHAT = "proposer config";

    private static final String ENSEMBLE = "ensemble";
    private static final List<String> KINDS = List.of("mutate", "openai", "ollama", "anthropic", "gemini", "manual", "command", "replay",
            ENSEMBLE);
    private static final Map<String, Class<? extends ProposerConfig>> TYPES = Map.of("mutate", MutateConfig.class,
            "manual", ManualConfig.class, "command", CommandConfig.class, "replay", ReplayConfig.class);

    /** What an ensemble hands to its members. */
    static final List<String> INHERITED = List.of("temperature", "timeoutSeconds", "maxRetries", "maxTokens", "manualDir",
            "manualTimeoutSeconds", "concurrency");
    /**
     * Settings every kind accepted when one record held them all, each used only by some kinds
     * ({@link #uses}): what {@link LegacyConfig} drops from old files where the kind ignored it.
     */
    static final List<String> SHARED = List.of("temperature", "timeoutSeconds", "maxRetries", "maxTokens", "manualDir",
            "manualTimeoutSeconds", "concurrency", "priceInputPerMTok", "priceOutputPerMTok");
    private static final Map<String, Set<String>> USES = Map.of(
            "mutate", Set.of(),
            "manual", Set.of("manualDir", "manualTimeoutSeconds"),
            "command", Set.of("timeoutSeconds"),
            "replay", Set.of(),
            ENSEMBLE, Set.copyOf(INHERITED));
    private static final Set<String> LLM_USES = Set.of("temperature", "timeoutSeconds", "maxRetries", "maxTokens", "concurrency",
            "priceInputPerMTok", "priceOutputPerMTok");

    ProposerReader() {
        super(ProposerConfig.class);
    }

    @Override
    public ProposerConfig deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode n = ctxt.readTree(p);
        if (!n.isObject()) {
            throw new IllegalArgumentException("proposer must be a mapping such as {kind: openai, model: gpt-4o-mini}, got " + n);
        }
        return read(((ObjectNode) n).deepCopy(), ctxt);
    }

    /** Whether a kind uses one of the {@link #SHARED} settings. */
    static boolean uses(String kind, String setting) {
        return Provider.ofKind(kind).isPresent() ? LLM_USES.contains(setting) : USES.get(kind).contains(setting);
    }

    /** See {@link ProposerConfig#kindOf}. */
    static String kindOf(JsonNode n) {
        JsonNode k = n.get("kind");
        if (k == null || k.isNull()) {
            return n.has(ENSEMBLE) ? ENSEMBLE : "mutate";
        }
        String kind = k.asText().trim().toLowerCase(Locale.ROOT);
        if (!k.isTextual() || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown proposer kind '" + kind
                    + "' (expected mutate, openai, ollama, anthropic, gemini, manual, command, replay or ensemble)");
        }
        return kind;
    }

    private ProposerConfig read(ObjectNode n, DeserializationContext ctxt) throws IOException {
        String kind = kindOf(n);
        if (n.has(ENSEMBLE) && !kind.equals(ENSEMBLE)) {
            throw new IllegalArgumentException("ensemble members are given but kind is '" + kind + "'; omit kind or set it to ensemble");
        }
        if (kind.equals(ENSEMBLE)) {
            return ensemble(n, ctxt);
        }
        boolean llm = Provider.ofKind(kind).isPresent();
        if (!llm && (n.has("model") || n.has("baseUrl") || n.has("apiKeyEnv"))) {
            throw new IllegalArgumentException(kind + ": model, baseUrl and apiKeyEnv only apply to openai, ollama, anthropic and gemini");
        }
        if (!kind.equals("command") && n.has("command")) {
            throw new IllegalArgumentException(kind + ": command is only used by kind command");
        }
        for (String setting : SHARED) {
            if (n.has(setting) && !uses(kind, setting)) {
                throw new IllegalArgumentException(kind + ": " + setting + " does not apply to kind " + kind);
            }
        }
        if (llm) {
            n.put("kind", kind); // the record's provider, normalized
            return ctxt.readTreeAsValue(n, LlmConfig.class);
        }
        n.remove("kind");
        return ctxt.readTreeAsValue(n, TYPES.get(kind));
    }

    private EnsembleConfig ensemble(ObjectNode n, DeserializationContext ctxt) throws IOException {
        JsonNode members = n.remove(ENSEMBLE);
        n.remove("kind");
        if (members == null || members.isNull() || members.isArray() && members.isEmpty()) {
            throw new IllegalArgumentException("ensemble: no members given");
        }
        if (!members.isArray()) {
            throw new IllegalArgumentException("ensemble: members must be a list of proposer configs, e.g. [{kind: openai, weight: 3}, {kind: mutate}]");
        }
        ctxt.readTreeAsValue(n, Shared.class); // validates the settings handed down, and rejects any other field
        List<EnsembleConfig.Member> out = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            JsonNode m = members.get(i);
            if (m == null || m.isNull()) {
                throw new IllegalArgumentException("ensemble[" + i + "] is empty");
            }
            if (!m.isObject()) {
                throw new IllegalArgumentException("ensemble[" + i + "] must be a mapping such as {kind: openai, weight: 3}");
            }
            ObjectNode member = ((ObjectNode) m).deepCopy();
            if (member.has(ENSEMBLE) || ENSEMBLE.equals(kindOf(member))) {
                throw new IllegalArgumentException("ensemble[" + i + "]: ensembles cannot be nested");
            }
            JsonNode w = member.remove("weight");
            Double weight = w == null || w.isNull() ? null : ctxt.readTreeAsValue(w, Double.class);
            String memberKind = kindOf(member);
            for (String setting : INHERITED) {
                if (!member.has(setting) && n.hasNonNull(setting) && uses(memberKind, setting)) {
                    member.set(setting, n.get(setting));
                }
            }
            ProposerConfig proposer;
            try {
                proposer = read(member, ctxt);
            } catch (JsonMappingException e) {
                // Name the member in the path of an unknown field or a bad value: ensemble[2].model.
                e.prependPath(new JsonMappingException.Reference(null, i));
                e.prependPath(new JsonMappingException.Reference(null, ENSEMBLE));
                throw e;
            }
            out.add(new EnsembleConfig.Member(weight != null ? weight : EnsembleConfig.DEFAULT_WEIGHT, proposer));
        }
        return new EnsembleConfig(out);
    }

    /** The settings an ensemble may set for its members, checked as the members check them. */
    private record Shared(Double temperature, Double timeoutSeconds, Integer maxRetries, Integer maxTokens, String manualDir,
                          Double manualTimeoutSeconds, Integer concurrency) {
        Shared {
            Checks.between(ENSEMBLE, "temperature", temperature, 0, 2);
            Checks.positive(ENSEMBLE, "timeoutSeconds", timeoutSeconds);
            Checks.between(ENSEMBLE, "maxRetries", maxRetries, 0, LlmConfig.MAX_RETRIES_LIMIT);
            if (maxTokens != null && maxTokens <= 0) {
                throw new IllegalArgumentException(ENSEMBLE + ": maxTokens must be positive, got " + maxTokens);
            }
            Checks.positive(ENSEMBLE, "manualTimeoutSeconds", manualTimeoutSeconds);
            Checks.between(ENSEMBLE, "concurrency", concurrency, 1, LlmConfig.MAX_CONCURRENCY);
        }
    }
}
