package io.crinn4j.index;

import io.crinn4j.contract.ConstructionModule;
import io.crinn4j.contract.ModuleFactory;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The three modules an {@link Index} is built and searched with: a way to make a new instance of
 * each, and an identity per module that index files record, so a file is only ever loaded with
 * the modules that built it.
 *
 * <p>An exported jar names its modules in the resource {@value #DESCRIPTOR} ({@link #bundled()}):
 * class names, the normalized-source hash each module was measured under, and where it came from
 * (campaign and variant). The identity of such a module is {@code <class>@<source hash>}. Modules
 * given as suppliers ({@link #of}) are identified by their class names.
 */
public final class IndexModules {

    /** Where an exported jar describes its modules. */
    public static final String DESCRIPTOR = "META-INF/crinn4j/index.properties";

    private static volatile IndexModules bundled;

    private final Supplier<? extends ConstructionModule> construction;
    private final Supplier<? extends SearchModule> search;
    private final Supplier<? extends RefinementModule> refinement;
    private final Map<ModuleKind, String> ids;
    private final Properties descriptor;

    private IndexModules(Supplier<? extends ConstructionModule> construction, Supplier<? extends SearchModule> search,
                         Supplier<? extends RefinementModule> refinement, Map<ModuleKind, String> ids, Properties descriptor) {
        this.construction = construction;
        this.search = search;
        this.refinement = refinement;
        this.ids = Map.copyOf(ids);
        this.descriptor = descriptor;
    }

    /**
     * Modules made by the given suppliers, each of which must return a new instance on every call.
     * Their identity is the class of the instance each returns.
     */
    public static IndexModules of(Supplier<? extends ConstructionModule> construction, Supplier<? extends SearchModule> search,
                                  Supplier<? extends RefinementModule> refinement) {
        Objects.requireNonNull(construction, "construction");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(refinement, "refinement");
        Map<ModuleKind, String> ids = new EnumMap<>(ModuleKind.class);
        ids.put(ModuleKind.CONSTRUCTION, construction.get().getClass().getName());
        ids.put(ModuleKind.SEARCH, search.get().getClass().getName());
        ids.put(ModuleKind.REFINEMENT, refinement.get().getClass().getName());
        return new IndexModules(construction, search, refinement, ids, null);
    }

    /**
     * The modules this library was exported with, named by {@value #DESCRIPTOR} on the class path
     * of this class.
     *
     * @throws IllegalStateException when there is no descriptor (this is the bare {@code crinn4j-index}
     *                               library, not an exported jar: use {@link #of}) or it names classes that are missing
     */
    public static IndexModules bundled() {
        IndexModules b = bundled;
        if (b == null) {
            b = fromDescriptor(IndexModules.class.getClassLoader());
            bundled = b;
        }
        return b;
    }

    /**
     * What an exported jar's {@value #DESCRIPTOR} says, read without loading any of its classes:
     * the modules' identities and their fingerprint (the one its index files carry), and every property.
     */
    public record Descriptor(Map<ModuleKind, String> ids, String fingerprint, Properties properties) {
        /** Reads the descriptor of {@code jar}. */
        public static Descriptor of(java.nio.file.Path jar) throws IOException {
            try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
                java.util.jar.JarEntry e = j.getJarEntry(DESCRIPTOR);
                if (e == null) {
                    throw new IOException(jar + " is not an exported crinn4j index library (no " + DESCRIPTOR + ")");
                }
                try (InputStream in = j.getInputStream(e)) {
                    return parse(in, jar.toString());
                }
            }
        }

        static Descriptor parse(InputStream in, String where) throws IOException {
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            Map<ModuleKind, String> ids = new EnumMap<>(ModuleKind.class);
            for (ModuleKind k : ModuleKind.values()) {
                String cls = p.getProperty(k.cliName() + ".class");
                String hash = p.getProperty(k.cliName() + ".hash");
                if (cls == null || hash == null) {
                    throw new IOException(where + ": " + DESCRIPTOR + " names no " + k.cliName() + " module (" + k.cliName() + ".class, "
                            + k.cliName() + ".hash)");
                }
                ids.put(k, cls + "@" + hash);
            }
            return new Descriptor(Map.copyOf(ids), IndexModules.fingerprint(ids.get(ModuleKind.CONSTRUCTION), ids.get(ModuleKind.SEARCH),
                    ids.get(ModuleKind.REFINEMENT)), p);
        }
    }

    /** The modules named by {@value #DESCRIPTOR} as {@code loader} finds it. */
    public static IndexModules fromDescriptor(ClassLoader loader) {
        Descriptor d;
        try (InputStream in = loader.getResourceAsStream(DESCRIPTOR)) {
            if (in == null) {
                throw new IllegalStateException("no " + DESCRIPTOR + " on the class path: this is not an exported crinn4j index library"
                        + " (make one with 'crinn export RUN'), so name the modules with IndexModules.of(...)");
            }
            d = Descriptor.parse(in, "the class path");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DESCRIPTOR + ": " + e.getMessage(), e);
        }
        Properties p = d.properties();
        Map<ModuleKind, String> ids = d.ids();
        return new IndexModules(
                factory(loader, p.getProperty("construction.class"), ConstructionModule.class),
                factory(loader, p.getProperty("search.class"), SearchModule.class),
                factory(loader, p.getProperty("refinement.class"), RefinementModule.class), ids, p);
    }

    private static <T> Supplier<T> factory(ClassLoader loader, String className, Class<T> type) {
        Class<?> c;
        try {
            c = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(DESCRIPTOR + " names " + className + ", which is not on the class path", e);
        }
        return ModuleFactory.of(c, type);
    }

    public ConstructionModule newConstruction() {
        return Objects.requireNonNull(construction.get(), "the construction supplier returned null");
    }

    public SearchModule newSearch() {
        return Objects.requireNonNull(search.get(), "the search supplier returned null");
    }

    public RefinementModule newRefinement() {
        return Objects.requireNonNull(refinement.get(), "the refinement supplier returned null");
    }

    /** The identity of one module as index files record it: {@code <class>@<source hash>}, or the class name. */
    public String id(ModuleKind kind) {
        return ids.get(kind);
    }

    /** A short hash of the three identities: two module sets with the same fingerprint are the same code. */
    public String fingerprint() {
        return fingerprint(ids.get(ModuleKind.CONSTRUCTION), ids.get(ModuleKind.SEARCH), ids.get(ModuleKind.REFINEMENT));
    }

    static String fingerprint(String construction, String search, String refinement) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] h = md.digest((construction + "\n" + search + "\n" + refinement).getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                sb.append(String.format("%02x", h[i] & 0xFF));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** A property of the export's descriptor ({@code campaign}, {@code construction.variant}, {@code exported}, ...), when there is one. */
    public Optional<String> property(String key) {
        return descriptor == null ? Optional.empty() : Optional.ofNullable(descriptor.getProperty(key));
    }

    /** One line: the three identities. */
    public String describe() {
        return "construction " + ids.get(ModuleKind.CONSTRUCTION) + ", search " + ids.get(ModuleKind.SEARCH) + ", refinement "
                + ids.get(ModuleKind.REFINEMENT);
    }

    @Override
    public String toString() {
        return "IndexModules[" + describe() + "]";
    }
}
