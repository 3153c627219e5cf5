package io.crinn4j.sandbox.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.sandbox.check.BytecodePolicy;
import io.crinn4j.sandbox.check.ClassPolicy;
import io.crinn4j.sandbox.compile.CandidateCompiler;
import io.crinn4j.sandbox.compile.CompileResult;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profiling worker starts a JDK Flight Recorder recording itself; module code must never reach
 * the recorder (to stop, read or fake the profile, or to dump what the JVM holds) in any of the
 * three policy layers, whatever the worker's harness uses.
 */
class JfrRefusedTest {
    private static final String SOURCE = """
            package io.crinn4j.seed.glass;

            public final class JfrProbe {
                public void go() throws Exception {
                    jdk.jfr.Recording r = new jdk.jfr.Recording();
                    r.start();
                    jdk.jfr.consumer.RecordingFile.readAllEvents(java.nio.file.Path.of("profile.jfr"));
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void theAllowListRefusesTheRecorder() {
        for (String c : new String[] {"jdk.jfr.Recording", "jdk.jfr.FlightRecorder", "jdk.jfr.Configuration", "jdk.jfr.Event",
            "jdk.jfr.consumer.RecordingFile", "jdk.jfr.consumer.RecordingStream", "jdk.management.jfr.FlightRecorderMXBean"}) {
            assertFalse(ClassPolicy.isAllowedClass(c), c);
        }
    }

    @Test
    void compiledAnywayItCannotLinkAgainstTheRecorderInTheWorker() throws Exception {
        CompileResult cr = new CandidateCompiler().compile(SOURCE, "io.crinn4j.seed.glass.JfrProbe");
        assertTrue(cr.ok(), cr.feedback());
        assertFalse(BytecodePolicy.check(cr.classes()).isEmpty(), "the bytecode policy sees jdk.jfr");
        for (Map.Entry<String, byte[]> c : cr.classes().entrySet()) {
            Path f = tmp.resolve(c.getKey().replace('.', '/') + ".class");
            Files.createDirectories(f.getParent());
            Files.write(f, c.getValue());
        }
        // The run-time layer alone, as if both static checks had missed it.
        CandidateClassLoader loader = new CandidateClassLoader(tmp, JfrRefusedTest.class.getClassLoader());
        Throwable failure = null;
        try {
            Class<?> k = loader.loadClass("io.crinn4j.seed.glass.JfrProbe");
            k.getMethod("go").invoke(k.getDeclaredConstructor().newInstance());
        } catch (InvocationTargetException e) {
            failure = e.getCause();
        } catch (LinkageError | ClassNotFoundException e) {
            failure = e;
        }
        assertNotNull(failure, "module code started a recording");
        assertTrue(failure instanceof NoClassDefFoundError || failure instanceof ClassNotFoundException, String.valueOf(failure));
        assertTrue(String.valueOf(failure).contains("jdk/jfr") || String.valueOf(failure).contains("jdk.jfr"), String.valueOf(failure));
    }
}
