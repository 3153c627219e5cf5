package io.crinn4j.agent.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template with {@code {{name}}} placeholders, rendered by plain single-pass
 * replacement (no template engine).
 *
 * <p>Syntax: a placeholder is {@code {{name}}} where {@code name} matches
 * {@code [a-z][a-z0-9_]*} (spaces inside the braces are tolerated). Anything else, for example
 * {@code {{1, 2}}} in a Java array initializer, is literal text. A leading HTML comment
 * ({@code <!-- ... -->} at the very start of the file) documents the template and is removed
 * when the template is loaded. Substituted values are never scanned again, so exemplar code that
 * happens to contain {@code {{x}}} cannot inject or break a placeholder.
 *
 * <p>{@link #render} throws {@link IllegalStateException} for a placeholder that has no value, so
 * a template and the code that fills it cannot drift apart silently. Values that the template
 * does not use are ignored (a customised template may leave sections out).
 */
public final class PromptTemplate {

    /** Classpath location of the contrastive template. */
    public static final String CONTRASTIVE_RESOURCE = "/io/crinn4j/agent/prompt/contrastive.md";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z][a-z0-9_]*)\\s*\\}\\}");

    private final String text;

    private PromptTemplate(String text) {
        this.text = text;
    }

    /** The contrastive template shipped with the agent ({@value #CONTRASTIVE_RESOURCE}). */
    public static PromptTemplate contrastive() {
        return resource(CONTRASTIVE_RESOURCE);
    }

    /** Loads a template from the classpath (UTF-8). */
    public static PromptTemplate resource(String name) {
        try (InputStream in = PromptTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("prompt template " + name + " is missing from the classpath");
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A template from text; line endings are normalized to {@code \n}, a leading HTML comment is dropped. */
    public static PromptTemplate of(String text) {
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        if (t.startsWith("\uFEFF")) {
            t = t.substring(1);
        }
        if (t.startsWith("<!--")) {
            int end = t.indexOf("-->");
            if (end < 0) {
                throw new IllegalStateException("prompt template starts with an unterminated <!-- comment");
            }
            t = t.substring(end + 3).replaceFirst("^\n+", "");
        }
        return new PromptTemplate(t);
    }

    /** The template text after loading (comment removed). */
    public String text() {
        return text;
    }

    /** The placeholder names in order of first appearance. */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * Replaces every placeholder by its value in one pass.
     *
     * @throws IllegalStateException when the template names a placeholder {@code values} lacks
     */
    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 1024);
        int last = 0;
        while (m.find()) {
            String name = m.group(1);
            String v = values.get(name);
            if (v == null) {
                throw new IllegalStateException("prompt template placeholder {{" + name + "}} has no value; known: "
                        + values.keySet());
            }
            out.append(text, last, m.start()).append(v);
            last = m.end();
        }
        out.append(text, last, text.length());
        return out.toString();
    }
}
