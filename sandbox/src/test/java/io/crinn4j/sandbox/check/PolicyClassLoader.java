package io.crinn4j.sandbox.check;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Test stand-in for the worker's candidate loader: defines the candidate's own classes, hands
 * out a parent class only when {@link ClassPolicy#isAllowedClass} says so, and records every
 * refusal. Shows that the allow-list is sufficient for real candidates at link time.
 */
final class PolicyClassLoader extends ClassLoader {
    private final Map<String, byte[]> own;
    private final Set<String> refused = new TreeSet<>();
    private final Set<String> delegated = new TreeSet<>();

    PolicyClassLoader(Map<String, byte[]> own) {
        super("policy-test", PolicyClassLoader.class.getClassLoader());
        this.own = own;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] b = own.get(name);
                if (b != null) {
                    c = defineClass(name, b, 0, b.length);
                } else if (ClassPolicy.isAllowedClass(name)) {
                    delegated.add(name);
                    c = getParent().loadClass(name);
                } else {
                    refused.add(name);
                    throw new ClassNotFoundException("sandbox policy: " + name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    synchronized Set<String> refused() {
        return new TreeSet<>(refused);
    }

    synchronized Set<String> delegated() {
        return new TreeSet<>(delegated);
    }

    <T> T instantiate(String binaryName, Class<T> type) throws ReflectiveOperationException {
        return type.cast(Class.forName(binaryName, true, this).getDeclaredConstructor().newInstance());
    }
}
