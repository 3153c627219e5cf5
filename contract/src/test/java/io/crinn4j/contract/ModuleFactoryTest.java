package io.crinn4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ModuleFactoryTest {
    public static final class Fine implements Runnable {
        public Fine() {
        }

        @Override
        public void run() {
        }
    }

    public static final class NeedsArgs implements Runnable {
        public NeedsArgs(int x) {
        }

        @Override
        public void run() {
        }
    }

    public static final class Throws implements Runnable {
        static final IllegalArgumentException THROWN = new IllegalArgumentException("bad parameters");

        public Throws() {
            throw THROWN;
        }

        @Override
        public void run() {
        }
    }

    @Test
    void makesAFreshInstanceOnEveryCall() {
        Supplier<Runnable> s = ModuleFactory.of(Fine.class, Runnable.class);
        Runnable a = s.get();
        assertSame(Fine.class, a.getClass());
        assertNotSame(a, s.get());
    }

    @Test
    void refusesAClassThatIsNotTheModuleTypeOrHasNoNoArgumentConstructor() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModuleFactory.of(String.class, Runnable.class));
        assertEquals("java.lang.String does not implement java.lang.Runnable", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> ModuleFactory.of(NeedsArgs.class, Runnable.class));
        assertEquals(NeedsArgs.class.getName() + " has no public no-argument constructor", e.getMessage());
    }

    @Test
    void rethrowsWhatTheModulesConstructorThrew() {
        Supplier<Runnable> s = ModuleFactory.of(Throws.class, Runnable.class);
        assertSame(Throws.THROWN, assertThrows(IllegalArgumentException.class, s::get));
    }
}
