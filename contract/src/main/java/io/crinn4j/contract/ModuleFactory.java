package io.crinn4j.contract;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * Makes instances of a loaded module class: the sandbox's worker (for candidate classes) and the
 * exported index (for a winner on the user's class path) both need a fresh module per build or per
 * searcher, of one class, so the JIT's work carries over from one to the next.
 */
public final class ModuleFactory {
    private ModuleFactory() {
    }

    /**
     * A supplier of new instances of {@code c}, checked once here: it implements {@code type} and
     * has a public no-argument constructor.
     *
     * @throws IllegalStateException naming the class, when either check fails
     */
    public static <T> Supplier<T> of(Class<?> c, Class<T> type) {
        if (!type.isAssignableFrom(c)) {
            throw new IllegalStateException(c.getName() + " does not implement " + type.getName());
        }
        Constructor<?> ctor;
        try {
            ctor = c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(c.getName() + " has no public no-argument constructor", e);
        }
        return () -> {
            try {
                return type.cast(ctor.newInstance());
            } catch (InvocationTargetException e) {
                // The module's constructor threw: rethrow what it threw, so a failure report shows its frames.
                Throwable t = e.getCause();
                if (t instanceof RuntimeException re) {
                    throw re;
                }
                if (t instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(c.getName() + "() threw " + t, t);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot instantiate " + c.getName() + ": " + e, e);
            }
        };
    }
}
