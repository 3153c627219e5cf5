package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.ConstructionModule;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.sandbox.harness.ModuleSet;
import java.nio.file.Path;

/**
 * Instantiates the three modules of a {@link WorkerRequest} from their compiled class folders,
 * each through its own {@link CandidateClassLoader}. Only for use inside a worker JVM (the
 * sandbox worker or a JMH fork): this is where candidate code starts to run.
 */
public final class ModuleLoader {
    private ModuleLoader() {
    }

    /** Loads and constructs the modules; {@code dir} is the folder the request's paths are relative to. */
    public static ModuleSet load(Path dir, WorkerRequest req) throws ReflectiveOperationException {
        return load(dir, req.set(0));
    }

    /**
     * Loads one module set. Every module gets a class loader of its own, so two sets whose
     * classes share a binary name (a candidate and the seed it was derived from) never meet.
     */
    public static ModuleSet load(Path dir, WorkerRequest.ModuleRefs set) throws ReflectiveOperationException {
        return new ModuleSet(
                instantiate(dir, set, ModuleKind.CONSTRUCTION, ConstructionModule.class),
                instantiate(dir, set, ModuleKind.SEARCH, SearchModule.class),
                instantiate(dir, set, ModuleKind.REFINEMENT, RefinementModule.class));
    }

    private static <T> T instantiate(Path dir, WorkerRequest.ModuleRefs set, ModuleKind kind, Class<T> type) throws ReflectiveOperationException {
        CandidateClassLoader loader = new CandidateClassLoader(dir.resolve(set.dirs().get(kind)), ModuleLoader.class.getClassLoader());
        Class<?> c = loader.loadClass(set.classes().get(kind));
        if (!type.isAssignableFrom(c)) {
            throw new IllegalStateException(c.getName() + " does not implement " + type.getName());
        }
        return type.cast(c.getConstructor().newInstance());
    }
}
