package io.crinn4j.seed.glass;

import io.crinn4j.contract.ConstructionModule;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The seed the optimizer starts from: one class per module, each also shipped as plain source
 * text inside the jar (resource {@code crinn4j/seeds/glass-baseline/<Class>.java}) because the
 * optimizer reads and rewrites the source, not the bytecode. This class is the catalogue, not a
 * module: candidates never see it.
 */
public final class GlassBaseline {

    /** Name of the seed as it appears in reports and run folders. */
    public static final String NAME = "glass-baseline";

    private GlassBaseline() {
    }

    public static ConstructionModule construction() {
        return new HnswConstruction();
    }

    public static SearchModule search() {
        return new HnswSearch();
    }

    public static RefinementModule refinement() {
        return new ExactRerank();
    }

    /** The seed class implementing {@code kind}. */
    public static Class<?> moduleClass(ModuleKind kind) {
        switch (kind) {
            case CONSTRUCTION:
                return HnswConstruction.class;
            case SEARCH:
                return HnswSearch.class;
            default:
                return ExactRerank.class;
        }
    }

    /** The complete source of all three seed modules, by kind. */
    public static java.util.Map<ModuleKind, String> sources() {
        java.util.Map<ModuleKind, String> m = new java.util.EnumMap<>(ModuleKind.class);
        for (ModuleKind k : ModuleKind.values()) {
            m.put(k, source(k));
        }
        return m;
    }

    /** The seed module's complete source file, exactly as in the repository. */
    public static String source(ModuleKind kind) {
        String name = "/crinn4j/seeds/" + NAME + "/" + moduleClass(kind).getSimpleName() + ".java";
        try (InputStream in = GlassBaseline.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("seed source " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
