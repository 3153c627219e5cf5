package io.crinn4j.agent.propose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.crinn4j.agent.propose.llm.ModelPrices;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How to build a {@link Proposer}: read from a YAML or JSON file ({@link #load}, {@link #parse}) or
 * assembled by the command line ({@link #of} and the {@code with…} methods).
 *
 * <p>The record holds what the user wrote: a {@code null} component means "use the default".
 * {@link #resolved()} returns a copy with every default filled in (and ensemble members' unset
 * settings inherited from the enclosing config); {@link Proposers#create} works on that. Set values
 * are validated on construction, cross-field rules in {@link #resolved()}; every problem is one
 * line in an {@link IllegalArgumentException}.
 *
 * <p>API keys are never part of a config: they come only from the environment variable named by
 * {@code apiKeyEnv}. A file that contains {@code apiKey} is rejected.
 *
 * <table>
 *   <caption>fields and defaults</caption>
 *   <tr><td>kind</td><td>{@code mutate|openai|ollama|anthropic|gemini|manual|command}, or {@code ensemble};
 *       default {@code ensemble} when members are given, else {@code mutate}</td></tr>
 *   <tr><td>model</td><td>openai {@value #DEFAULT_OPENAI_MODEL}, ollama {@value #DEFAULT_OLLAMA_MODEL},
 *       anthropic {@value #DEFAULT_ANTHROPIC_MODEL}, gemini {@value #DEFAULT_GEMINI_MODEL}</td></tr>
 *   <tr><td>baseUrl</td><td>the provider's public endpoint; Ollama {@code http://localhost:11434}. For
 *       openai it may point at any OpenAI-compatible server (DeepSeek, vLLM, llama.cpp, LM Studio)</td></tr>
 *   <tr><td>temperature</td><td>0.7, except OpenAI reasoning models (o1/o3/o4, gpt-5), which accept only
 *       their own default: nothing is sent unless set</td></tr>
 *   <tr><td>timeoutSeconds</td><td>per HTTP call or command run; 300</td></tr>
 *   <tr><td>maxRetries</td><td>retries on HTTP 429/5xx and I/O timeouts; 3</td></tr>
 *   <tr><td>maxTokens</td><td>anthropic 8192 (the API requires one), others: the server's default</td></tr>
 *   <tr><td>apiKeyEnv</td><td>openai {@code OPENAI_API_KEY} (only for api.openai.com: another baseUrl gets no
 *       key unless apiKeyEnv is set), anthropic {@code ANTHROPIC_API_KEY}, gemini {@code GEMINI_API_KEY} then
 *       {@code GOOGLE_API_KEY}, ollama none (when set, sent as a bearer token). Stays null in
 *       {@link #resolved()} when defaulted</td></tr>
 *   <tr><td>priceInputPerMTok, priceOutputPerMTok</td><td>USD per million tokens; built-in list price of a
 *       well-known model ({@link ModelPrices}), 0 for ollama, local servers and unknown models</td></tr>
 *   <tr><td>command</td><td>kind command: the program and its arguments, one word per element</td></tr>
 *   <tr><td>manualDir</td><td>kind manual: {@code <runDir>/manual}; a relative path is taken from the working directory</td></tr>
 *   <tr><td>manualTimeoutSeconds</td><td>how long the manual proposer waits for a group; 3600</td></tr>
 *   <tr><td>concurrency</td><td>completions of one group requested in parallel (LLM kinds); 1</td></tr>
 *   <tr><td>weight</td><td>share of an ensemble member; 1</td></tr>
 *   <tr><td>ensemble</td><td>members (each a config with a weight); members inherit temperature, timeoutSeconds,
 *       maxRetries, maxTokens, manualDir, manualTimeoutSeconds and concurrency when they do not set them</td></tr>
 * </table>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProposerConfig(
        String kind,
        String model,
        String baseUrl,
        Double temperature,
        Double timeoutSeconds,
        Integer maxRetries,
        Integer maxTokens,
        String apiKeyEnv,
        Double priceInputPerMTok,
        Double priceOutputPerMTok,
        List<String> command,
        String manualDir,
        Double manualTimeoutSeconds,
        Integer concurrency,
        Double weight,
        List<ProposerConfig> ensemble) {

    public static final String MUTATE = "mutate";
    public static final String OPENAI = "openai";
    public static final String OLLAMA = "ollama";
    public static final String ANTHROPIC = "anthropic";
    public static final String GEMINI = "gemini";
    public static final String MANUAL = "manual";
    public static final String COMMAND = "command";
    public static final String ENSEMBLE = "ensemble";

    /** Kinds backed by an LLM chat API. */
    public static final Set<String> LLM_KINDS = Set.of(OPENAI, OLLAMA, ANTHROPIC, GEMINI);
    private static final List<String> KINDS = List.of(MUTATE, OPENAI, OLLAMA, ANTHROPIC, GEMINI, MANUAL, COMMAND, ENSEMBLE);

    public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    public static final String DEFAULT_OLLAMA_MODEL = "qwen2.5-coder:7b";
    public static final String DEFAULT_ANTHROPIC_MODEL = "claude-haiku-4-5";
    public static final String DEFAULT_GEMINI_MODEL = "gemini-2.5-flash";

    public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    public static final String OLLAMA_BASE_URL = "http://localhost:11434";
    public static final String ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1";
    public static final String GEMINI_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

    public static final double DEFAULT_TEMPERATURE = 0.7;
    public static final double DEFAULT_TIMEOUT_SECONDS = 300;
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final int DEFAULT_ANTHROPIC_MAX_TOKENS = 8192;
    public static final double DEFAULT_MANUAL_TIMEOUT_SECONDS = 3600;
    public static final int DEFAULT_CONCURRENCY = 1;
    public static final int MAX_RETRIES_LIMIT = 10;
    public static final int MAX_CONCURRENCY = 32;

    public ProposerConfig {
        String where = kind == null ? "proposer" : kind.trim().toLowerCase(Locale.ROOT);
        if (kind != null) {
            kind = kind.trim().toLowerCase(Locale.ROOT);
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("unknown proposer kind '" + kind
                        + "' (expected mutate, openai, ollama, anthropic, gemini, manual, command or ensemble)");
            }
        }
        model = blankToNull(model);
        baseUrl = blankToNull(baseUrl);
        apiKeyEnv = blankToNull(apiKeyEnv);
        manualDir = blankToNull(manualDir);
        if (baseUrl != null) {
            baseUrl = stripTrailingSlash(baseUrl);
            URI uri;
            try {
                uri = URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": baseUrl '" + baseUrl + "' is not a URL");
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(where + ": baseUrl '" + baseUrl + "' must be an http:// or https:// URL");
            }
        }
        if (apiKeyEnv != null && !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            // Guards against a key pasted where its variable name belongs; the value is not echoed.
            throw new IllegalArgumentException(where + ": apiKeyEnv must be the NAME of an environment variable (letters, digits, _), not a key");
        }
        checkRange(where, "temperature", temperature, 0, 2);
        checkPositive(where, "timeoutSeconds", timeoutSeconds);
        checkPositive(where, "manualTimeoutSeconds", manualTimeoutSeconds);
        checkPositive(where, "weight", weight);
        if (maxRetries != null && (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT)) {
            throw new IllegalArgumentException(where + ": maxRetries must be between 0 and " + MAX_RETRIES_LIMIT + ", got " + maxRetries);
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException(where + ": maxTokens must be positive, got " + maxTokens);
        }
        if (concurrency != null && (concurrency < 1 || concurrency > MAX_CONCURRENCY)) {
            throw new IllegalArgumentException(where + ": concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + concurrency);
        }
        checkRange(where, "priceInputPerMTok", priceInputPerMTok, 0, 1e6);
        checkRange(where, "priceOutputPerMTok", priceOutputPerMTok, 0, 1e6);
        if (command != null) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException(where + ": command is empty");
            }
            for (String w : command) {
                if (w == null) {
                    throw new IllegalArgumentException(where + ": command contains an empty (null) word");
                }
            }
            if (command.get(0).isBlank()) {
                throw new IllegalArgumentException(where + ": command has no program name");
            }
            command = List.copyOf(command);
        }
        if (ensemble != null) {
            List<ProposerConfig> members = new ArrayList<>(ensemble.size());
            for (int i = 0; i < ensemble.size(); i++) {
                ProposerConfig m = ensemble.get(i);
                if (m == null) {
                    throw new IllegalArgumentException("ensemble[" + i + "] is empty");
                }
                if (m.ensemble != null || ENSEMBLE.equals(m.kind)) {
                    throw new IllegalArgumentException("ensemble[" + i + "]: ensembles cannot be nested");
                }
                members.add(m);
            }
            ensemble = List.copyOf(members);
            if (kind != null && !kind.equals(ENSEMBLE)) {
                throw new IllegalArgumentException("ensemble members are given but kind is '" + kind + "'; omit kind or set it to ensemble");
            }
        }
    }

    /** A config of one kind with one model (null: the kind's default), everything else default. */
    public static ProposerConfig of(String kind, String model) {
        return new ProposerConfig(kind, model, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** An ensemble of the given members (set their {@code weight}). */
    public static ProposerConfig ensembleOf(List<ProposerConfig> members) {
        return new ProposerConfig(ENSEMBLE, null, null, null, null, null, null, null, null, null, null, null, null, null, null, members);
    }

    public ProposerConfig withModel(String v) {
        return new ProposerConfig(kind, v, baseUrl, temperature, timeoutSeconds, maxRetries, maxTokens, apiKeyEnv, priceInputPerMTok,
                priceOutputPerMTok, command, manualDir, manualTimeoutSeconds, concurrency, weight, ensemble);
    }

    public ProposerConfig withBaseUrl(String v) {
        return new ProposerConfig(kind, model, v, temperature, timeoutSeconds, maxRetries, maxTokens, apiKeyEnv, priceInputPerMTok,
                priceOutputPerMTok, command, manualDir, manualTimeoutSeconds, concurrency, weight, ensemble);
    }

    public ProposerConfig withTemperature(Double v) {
        return new ProposerConfig(kind, model, baseUrl, v, timeoutSeconds, maxRetries, maxTokens, apiKeyEnv, priceInputPerMTok,
                priceOutputPerMTok, command, manualDir, manualTimeoutSeconds, concurrency, weight, ensemble);
    }

    public ProposerConfig withTimeoutSeconds(Double v) {
        return new ProposerConfig(kind, model, baseUrl, temperature, v, maxRetries, maxTokens, apiKeyEnv, priceInputPerMTok,
                priceOutputPerMTok, command, manualDir, manualTimeoutSeconds, concurrency, weight, ensemble);
    }

    public ProposerConfig withMaxRetries(Integer v) {
        return new ProposerConfig(kind, model, baseUrl, temperature, timeoutSeconds, v, maxTokens, apiKeyEnv, priceInputPerMTok,
                priceOutputPerMTok, command, manualDir, manualTimeoutSeconds, concurrency, weight, ensemble);
    }

    public ProposerConfig withMaxTokens(Integer v) {
        return new ProposerConfig(kind, model, baseUrl, temperature, timeoutSeconds, maxRetries, v, apiKeyEnv, priceInputPerMTok,
                priceOutputPerMTok, command, manualDir, manualTimeoutSeconds, concurrency, weight, ensemble);
    }

    public ProposerConfig withApiKeyEnv(String v) {
        return new ProposerConfig(kind, model, baseUrl, temperature, timeoutSeconds, maxRetries, maxTokens, v, priceInputPerMTok,
                priceOutputPerMTok, command, manualDir, manualTimeoutSeconds, concurrency, weight, ensemble);
    }

    public ProposerConfig withPrices(Double inputPerMTok, Double outputPerMTok) {
        return new ProposerConfig(kind, model, baseUrl, temperature, timeoutSeconds, maxRetries, maxTokens, apiKeyEnv, inputPerMTok,
                outputPerMTok, command, manualDir, manualTimeoutSeconds, concurrency, weight, ensemble);
    }

    public ProposerConfig withCommand(List<String> v) {
        return new ProposerConfig(kind, model, baseUrl, temperature, timeoutSeconds, maxRetries, maxTokens, apiKeyEnv, priceInputPerMTok,
                priceOutputPerMTok, v, manualDir, manualTimeoutSeconds, concurrency, weight, ensemble);
    }

    public ProposerConfig withManualDir(String dir, Double timeoutSecs) {
        return new ProposerConfig(kind, model, baseUrl, temperature, timeoutSeconds, maxRetries, maxTokens, apiKeyEnv, priceInputPerMTok,
                priceOutputPerMTok, command, dir, timeoutSecs, concurrency, weight, ensemble);
    }

    public ProposerConfig withConcurrency(Integer v) {
        return new ProposerConfig(kind, model, baseUrl, temperature, timeoutSeconds, maxRetries, maxTokens, apiKeyEnv, priceInputPerMTok,
                priceOutputPerMTok, command, manualDir, manualTimeoutSeconds, v, weight, ensemble);
    }

    public ProposerConfig withWeight(Double v) {
        return new ProposerConfig(kind, model, baseUrl, temperature, timeoutSeconds, maxRetries, maxTokens, apiKeyEnv, priceInputPerMTok,
                priceOutputPerMTok, command, manualDir, manualTimeoutSeconds, concurrency, v, ensemble);
    }

    /**
     * A copy with every default applied and the cross-field rules checked (kind command needs a
     * command, an ensemble needs members, …). Idempotent.
     */
    public ProposerConfig resolved() {
        return resolve(null, "proposer");
    }

    private ProposerConfig resolve(ProposerConfig parent, String where) {
        String k = kind != null ? kind : (ensemble != null ? ENSEMBLE : MUTATE);
        String w = parent == null ? k : where + " (" + k + ")";
        Double temp = inherit(temperature, parent == null ? null : parent.temperature);
        Double timeout = inherit(timeoutSeconds, parent == null ? null : parent.timeoutSeconds);
        Integer retries = inherit(maxRetries, parent == null ? null : parent.maxRetries);
        Integer tokens = inherit(maxTokens, parent == null ? null : parent.maxTokens);
        String mDir = inherit(manualDir, parent == null ? null : parent.manualDir);
        Double mTimeout = inherit(manualTimeoutSeconds, parent == null ? null : parent.manualTimeoutSeconds);
        Integer conc = inherit(concurrency, parent == null ? null : parent.concurrency);
        double wt = weight == null ? 1.0 : weight;

        if (k.equals(ENSEMBLE)) {
            if (ensemble == null || ensemble.isEmpty()) {
                throw new IllegalArgumentException("ensemble: no members given");
            }
            List<ProposerConfig> members = new ArrayList<>();
            for (int i = 0; i < ensemble.size(); i++) {
                members.add(ensemble.get(i).resolve(this, "ensemble[" + i + "]"));
            }
            return new ProposerConfig(k, null, null, temp, timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout,
                    retries == null ? DEFAULT_MAX_RETRIES : retries, tokens, null, null, null, null, mDir, mTimeout,
                    conc == null ? DEFAULT_CONCURRENCY : conc, wt, members);
        }
        if (!k.equals(COMMAND) && command != null) {
            throw new IllegalArgumentException(w + ": command is only used by kind command");
        }
        if (k.equals(COMMAND) && command == null) {
            throw new IllegalArgumentException(w + ": kind command needs 'command', a list of words such as [ollama, run, qwen2.5-coder:7b]");
        }
        boolean llm = LLM_KINDS.contains(k);
        if (!llm && (model != null || baseUrl != null || apiKeyEnv != null)) {
            throw new IllegalArgumentException(w + ": model, baseUrl and apiKeyEnv only apply to openai, ollama, anthropic and gemini");
        }
        String mdl = model;
        String url = baseUrl;
        Double pin = priceInputPerMTok;
        Double pout = priceOutputPerMTok;
        if (llm) {
            mdl = mdl != null ? mdl : switch (k) {
                case OPENAI -> DEFAULT_OPENAI_MODEL;
                case OLLAMA -> DEFAULT_OLLAMA_MODEL;
                case ANTHROPIC -> DEFAULT_ANTHROPIC_MODEL;
                default -> DEFAULT_GEMINI_MODEL;
            };
            url = url != null ? url : defaultBaseUrl(k);
            if (temp == null && !(k.equals(OPENAI) && isOpenAiReasoningModel(mdl))) {
                temp = DEFAULT_TEMPERATURE;
            }
            if (tokens == null && k.equals(ANTHROPIC)) {
                tokens = DEFAULT_ANTHROPIC_MAX_TOKENS;
            }
            boolean free = k.equals(OLLAMA) || isLocalUrl(url);
            ModelPrices.Price p = free ? null : ModelPrices.lookup(mdl).orElse(null);
            pin = pin != null ? pin : (p == null ? 0.0 : p.inputPerMTok());
            pout = pout != null ? pout : (p == null ? 0.0 : p.outputPerMTok());
        } else {
            pin = pin != null ? pin : 0.0;
            pout = pout != null ? pout : 0.0;
            temp = null;
            tokens = null;
        }
        if (!k.equals(MANUAL)) {
            mDir = null;
            mTimeout = null;
        } else if (mTimeout == null) {
            mTimeout = DEFAULT_MANUAL_TIMEOUT_SECONDS;
        }
        return new ProposerConfig(k, mdl, url, temp, timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout,
                retries == null ? DEFAULT_MAX_RETRIES : retries, tokens, apiKeyEnv, pin, pout, command, mDir, mTimeout,
                conc == null ? DEFAULT_CONCURRENCY : conc, wt, null);
    }

    /** Short name for logs, e.g. {@code openai:gpt-4o-mini} (resolve first for defaults). */
    public String label() {
        String k = kind != null ? kind : (ensemble != null ? ENSEMBLE : MUTATE);
        return model == null ? k : k + ":" + model;
    }

    /** The provider's public endpoint for an LLM kind. */
    public static String defaultBaseUrl(String kind) {
        return switch (kind) {
            case OPENAI -> OPENAI_BASE_URL;
            case OLLAMA -> OLLAMA_BASE_URL;
            case ANTHROPIC -> ANTHROPIC_BASE_URL;
            case GEMINI -> GEMINI_BASE_URL;
            default -> throw new IllegalArgumentException(kind + " has no base URL");
        };
    }

    /** OpenAI reasoning models reject any temperature but their default. */
    public static boolean isOpenAiReasoningModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        m = slash >= 0 ? m.substring(slash + 1) : m;
        return m.matches("o\\d+(-.*)?") || (m.startsWith("gpt-5") && !m.startsWith("gpt-5-chat"));
    }

    /** True for loopback / private-network hosts: local servers cost nothing and get no default key. */
    public static boolean isLocalUrl(String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
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

    // ---------------------------------------------------------------- files

    /** Reads a YAML ({@code .yaml}/{@code .yml}) or JSON file; validated; problems are one-line IllegalArgumentExceptions. */
    public static ProposerConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read proposer config " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    /** Parses YAML or JSON text (JSON is YAML); validated; returned as written (call {@link #resolved()} for defaults). */
    public static ProposerConfig parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("proposer config is empty");
        }
        ProposerConfig cfg;
        try {
            cfg = yaml().readValue(text, ProposerConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String p = e.getPropertyName();
            if (p != null && p.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").matches("apikey|key|token|secret|apitoken")) {
                throw new IllegalArgumentException("proposer config: '" + p + "' is not accepted; put the key in an environment variable"
                        + " and give its name as apiKeyEnv");
            }
            throw new IllegalArgumentException("proposer config: unknown field '" + p + "' (known: kind, model, baseUrl, temperature,"
                    + " timeoutSeconds, maxRetries, maxTokens, apiKeyEnv, priceInputPerMTok, priceOutputPerMTok, command, manualDir,"
                    + " manualTimeoutSeconds, concurrency, weight, ensemble)");
        } catch (JsonMappingException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException) {
                throw new IllegalArgumentException(c.getMessage());
            }
            String path = e.getPath().isEmpty() ? "" : " at " + pathOf(e);
            if (path.endsWith("command")) {
                throw new IllegalArgumentException("proposer config: command must be a list of words, e.g. [ollama, run, qwen2.5-coder:7b]");
            }
            throw new IllegalArgumentException("proposer config: bad value" + path + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("proposer config is not valid YAML/JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (cfg == null) {
            throw new IllegalArgumentException("proposer config is empty");
        }
        cfg.resolved(); // cross-field validation now, with the file at hand
        return cfg;
    }

    /** YAML text of this config (only the fields that are set). */
    public String toYaml() {
        try {
            return yaml().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }

    private static <T> T inherit(T own, T parent) {
        return own != null ? own : parent;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String stripTrailingSlash(String s) {
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static void checkRange(String where, String field, Double v, double lo, double hi) {
        if (v != null && (v.isNaN() || v < lo || v > hi)) {
            throw new IllegalArgumentException(where + ": " + field + " must be between " + fmt(lo) + " and " + fmt(hi) + ", got " + v);
        }
    }

    private static void checkPositive(String where, String field, Double v) {
        if (v != null && (v.isNaN() || v.isInfinite() || v <= 0)) {
            throw new IllegalArgumentException(where + ": " + field + " must be positive, got " + v);
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
