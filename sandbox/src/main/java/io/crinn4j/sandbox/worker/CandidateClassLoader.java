package io.crinn4j.sandbox.worker;

import io.crinn4j.sandbox.check.ClassPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads one candidate module's classes from its folder and lets them link only against the
 * allow-list of {@link ClassPolicy}: the third policy layer, behind the source and bytecode
 * checks. Every class a candidate class names is resolved through its defining loader, so a
 * reference to a forbidden class fails with {@link ClassNotFoundException} at link time even if
 * both static checks missed it. Candidate classes are defined here, never by the parent, so a
 * candidate cannot shadow a harness class.
 */
final class CandidateClassLoader extends ClassLoader {
    /** The name of every candidate loader: how a profile tells module code from the harness's and the JDK's. */
    static final String NAME = "crinn-candidate";
    private final Path dir;

    CandidateClassLoader(Path dir, ClassLoader parent) {
        super(NAME, parent);
        this.dir = dir;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                Path file = dir.resolve(name.replace('.', '/') + ".class");
                if (Files.isRegularFile(file)) {
                    c = findClass(name);
                } else if (ClassPolicy.isAllowedClass(name)) {
                    c = getParent().loadClass(name);
                } else {
                    throw new ClassNotFoundException("sandbox policy: candidate code may not use " + name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        try {
            byte[] bytes = Files.readAllBytes(dir.resolve(name.replace('.', '/') + ".class"));
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
