package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.ConstructionModule;
import io.crinn4j.contract.ModuleFactory;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.sandbox.harness.ModuleSet;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Loads the three module classes of a {@link WorkerRequest} from their compiled class folders,
 * each through its own {@link CandidateClassLoader}, and makes instances of them on demand. Only
 * for use inside a worker JVM (the sandbox worker or a JMH fork): this is where candidate code
 * starts to run.
 */
public final class ModuleLoader {
    /**
     * Flags for every JVM that makes module instances through this class. On JDK 17 the 16th
     * reflective call of a constructor is "inflated" into a generated accessor class whose loader
     * delegates to the candidate's, which refuses {@code jdk.internal.reflect} (the policy), so a
     * module made afresh for every pass failed with {@code NoClassDefFoundError} from its 16th pass
     * on. Keeping the native accessor avoids the generated class; JDK 18 and later ignore the flag.
     */
    public static final List<String> JVM_FLAGS = List.of("-Dsun.reflect.inflationThreshold=2147483647");

    private ModuleLoader() {
    }

    /** Loads the modules of the request's first set; {@code dir} is the folder the request's paths are relative to. */
    public static ModuleSet load(Path dir, WorkerRequest req) throws ReflectiveOperationException {
        return load(dir, req.set(0));
    }

    /**
     * Loads one module set. Every module gets a class loader of its own, so two sets whose
     * classes share a binary name (a candidate and the seed it was derived from) never meet. The
     * classes are loaded and their constructors looked up here; instances are made by the set's
     * suppliers, a new one per call, all of the same class (so the JIT's work carries over).
     */
    public static ModuleSet load(Path dir, WorkerRequest.ModuleRefs set) throws ReflectiveOperationException {
        return new ModuleSet(
                factory(dir, set, ModuleKind.CONSTRUCTION, ConstructionModule.class),
                factory(dir, set, ModuleKind.SEARCH, SearchModule.class),
                factory(dir, set, ModuleKind.REFINEMENT, RefinementModule.class));
    }

    private static <T> Supplier<T> factory(Path dir, WorkerRequest.ModuleRefs set, ModuleKind kind, Class<T> type) throws ReflectiveOperationException {
        CandidateClassLoader loader = new CandidateClassLoader(dir.resolve(set.dirs().get(kind)), ModuleLoader.class.getClassLoader());
        Class<?> c = loader.loadClass(set.classes().get(kind));
        return ModuleFactory.of(c, type);
    }
}
