package io.crinn4j.agent.propose.mutate;

import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Seed sources, requests and reply parsing shared by the tests. */
final class Fixtures {

    private Fixtures() {
    }

    static String seed(ModuleKind kind) {
        return GlassBaseline.source(kind);
    }

    static String binaryName(ModuleKind kind) {
        return GlassBaseline.moduleClass(kind).getName();
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/mutate/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /mutate/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CRINN's relaxed pruning as a complete module (the sandbox tests' example candidate,
     * derived from the seed here instead of kept as a second copy): the seed's construction with
     * {@code dcs < dc} turned into {@code ALPHA * dcs < dc}.
     */
    static String relaxedPruning() {
        String seed = io.crinn4j.seed.glass.GlassBaseline.source(io.crinn4j.contract.ModuleKind.CONSTRUCTION);
        if (!seed.contains("if (dcs < dc) {")) {
            throw new IllegalStateException("the seed's pruning rule changed; update this fixture");
        }
        return seed.replace("package io.crinn4j.seed.glass;", "package crinn.example;")
                .replace("public final class HnswConstruction implements", "public final class RelaxedPruningConstruction implements")
                .replace("    static final long LEVEL_SEED = 0x5EEDL;", "    static final long LEVEL_SEED = 0x5EEDL;\n    static final float ALPHA = 1.2f;")
                .replace("if (dcs < dc) {", "if (ALPHA * dcs < dc) {");
    }

    static Exemplar exemplar(String id, String source, Double reward) {
        return new Exemplar(id, null, source, reward == null ? "COMPILE_ERROR" : "OK", reward, reward, List.of(), null, null, null, null);
    }

    /** A request whose parent is the seed of {@code kind}, the only exemplar. */
    static PromptRequest seedRequest(ModuleKind kind, long seed) {
        Exemplar e = exemplar("seed", seed(kind), 1.0);
        return new PromptRequest(kind, "(prompt)", e, List.of(e), seed);
    }

    static PromptRequest request(ModuleKind kind, Exemplar parent, List<Exemplar> exemplars, long seed) {
        return new PromptRequest(kind, "(prompt)", parent, exemplars, seed);
    }

    /** The source inside a reply's ```java block. */
    static String source(Reply r) {
        String t = r.text();
        if (t == null || !t.startsWith("```java\n") || !t.endsWith("\n```")) {
            throw new AssertionError("not a single java block: " + t);
        }
        return t.substring("```java\n".length(), t.length() - "\n```".length());
    }

    static Subject subject(ModuleKind kind, String source, List<Subject.Donor> donors) {
        return MutateProposer.subject(kind, source, donors).orElseThrow(() -> new AssertionError("does not parse"));
    }

    static Subject.Donor donor(String id, double reward, String source) {
        return new Subject.Donor(id, reward, ParsedSource.parse(source).orElseThrow());
    }
}
