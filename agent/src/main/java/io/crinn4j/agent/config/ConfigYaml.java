package io.crinn4j.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.crinn4j.agent.util.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The mapper of configuration files (YAML, and JSON, which is YAML) and the translation of its
 * errors into one line each. Binding is strict: an unknown field is an error naming it and the
 * fields that are known there, so a typo never silently leaves a setting at its default.
 *
 * <p>Configuration is handled as a tree first ({@link #parse}, {@link #read}) so that old files can
 * be migrated ({@link LegacyConfig}) and command-line flags applied ({@link #set}) before the tree
 * is bound to the records that validate it ({@link #bind}).
 */
public final class ConfigYaml {

    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Registered here rather than on the interface, so that it does not apply to the records of each kind as well.
            .registerModule(new SimpleModule("proposers").addDeserializer(ProposerConfig.class, new ProposerReader()));

    private ConfigYaml() {
    }

    /**
     * The tree of a YAML or JSON text.
     *
     * @param what names the document in messages, e.g. {@code proposer config}
     * @throws IllegalArgumentException (one line) when the text is empty, not YAML, or not a mapping
     */
    public static ObjectNode parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid YAML/JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (n == null || n.isMissingNode() || n.isNull()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(what + " must be a mapping of settings, got " + n.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        return (ObjectNode) n;
    }

    /** The tree of a YAML or JSON file; every problem is one line starting with the file's name. */
    public static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        try {
            return parse(text, "the configuration");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /**
     * Binds a tree to a configuration record.
     *
     * @param what names the document in messages about fields (validation messages name their field themselves)
     * @throws IllegalArgumentException (one line) for an unknown field, a value of the wrong type or a failed validation
     */
    public static <T> T bind(JsonNode tree, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String p = e.getPropertyName();
            if (p != null && p.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").matches("apikey|key|token|secret|apitoken")) {
                throw new IllegalArgumentException(what + ": '" + p + "' is not accepted; put the key in an environment variable"
                        + " and give its name as apiKeyEnv");
            }
            String known = "";
            if (e.getKnownPropertyIds() != null) {
                TreeSet<String> names = new TreeSet<>();
                e.getKnownPropertyIds().forEach(n -> names.add(String.valueOf(n)));
                known = " (known: " + String.join(", ", names) + ")";
            }
            throw new IllegalArgumentException(what + ": unknown field '" + pathOf(e) + "'" + known);
        } catch (JsonMappingException e) {
            IllegalArgumentException cause = invalid(e);
            if (cause != null) {
                throw new IllegalArgumentException(cause.getMessage(), cause);
            }
            String path = pathOf(e);
            if (path.equals("command") || path.endsWith(".command")) {
                throw new IllegalArgumentException(what + ": command must be a list of words, e.g. [ollama, run, qwen2.5-coder:7b]");
            }
            throw new IllegalArgumentException(what + ": bad value" + (path.isEmpty() ? "" : " at " + path) + ": "
                    + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid YAML/JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    /** YAML text of a configuration record. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the configuration: " + e.getMessage(), e);
        }
    }

    /** The tree of a value (a record, a list, a number, ...), as it would be written. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A new empty tree. */
    public static ObjectNode emptyTree() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Sets the field at a dotted path ({@code evaluator.seedInstances}), creating the sections on
     * the way; a null value leaves the tree as it is, so "flag not given" needs no special case.
     */
    public static void set(ObjectNode root, String path, Object value) {
        if (value == null) {
            return;
        }
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                node = node.putObject(parts[i]);
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else {
                throw new IllegalArgumentException(String.join(".", Arrays.copyOf(parts, i + 1)) + " must be a section (a mapping), got "
                        + child.getNodeType().toString().toLowerCase(Locale.ROOT));
            }
        }
        node.set(parts[parts.length - 1], tree(value));
    }

    /** The validation failure (one-line IllegalArgumentException) behind a binding error, if it is one. */
    private static IllegalArgumentException invalid(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException iae) {
                return iae;
            }
        }
        return null;
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

    /** Jackson's message up to its first line break (the rest is a location dump), trimmed. */
    static String firstLine(String s) {
        return Text.firstLine(s, "unreadable").trim();
    }
}
