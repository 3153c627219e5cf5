package io.crinn4j.sandbox.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClassPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"io.crinn4j.contract.Graph", "io.crinn4j.contract.SearchModule$Searcher",
            "io.crinn4j.contract.vector.Kernels", "io.crinn4j.contract.quant.Sq8", "jdk.incubator.vector.FloatVector",
            "java.util.ArrayList", "java.util.Map$Entry", "java/util/HashMap", "java.util.SplittableRandom",
            "java.util.function.IntFunction", "java.util.stream.IntStream", "java.util.random.RandomGenerator",
            "java.lang.Object", "java.lang.String", "java.lang.StringBuilder", "java.lang.Math", "java.lang.Integer",
            "java.lang.Character$UnicodeBlock", "java.lang.Record", "java.lang.Enum", "java.lang.Override",
            "java.lang.IllegalStateException", "java.lang.AssertionError", "java.lang.NoSuchFieldError",
            "java.lang.System", "java.lang.Class", "java.io.Serializable",
            "[I", "[[F", "[Ljava.lang.String;", "[Ljava/util/List;"})
    void allowedInCode(String name) {
        assertNull(ClassPolicy.classBan(name), name);
        assertTrue(ClassPolicy.isAllowedInCode(name));
        assertTrue(ClassPolicy.isAllowedClass(name));
    }

    @ParameterizedTest
    @CsvSource({
        "java.io.File, no-io", "java.nio.file.Files, no-io", "java.nio.ByteBuffer, no-io", "java.util.Scanner, no-io",
        "java.util.Formatter, no-io", "java.util.zip.ZipFile, no-io", "java.util.logging.Logger, no-io",
        "java.net.Socket, no-network", "java.net.URL, no-network", "java.net.http.HttpClient, no-network",
        "java.lang.reflect.Method, no-reflection", "java.lang.invoke.MethodHandles, no-reflection",
        "java.lang.invoke.MethodHandles$Lookup, no-reflection", "java.lang.invoke.LambdaMetafactory, no-reflection",
        "java.lang.ClassLoader, no-reflection", "java.util.ServiceLoader, no-reflection", "java.lang.StackWalker, no-reflection",
        "java.lang.ref.WeakReference, no-reflection", "java.security.AccessController, no-reflection",
        "java.lang.Thread, no-threads", "java.lang.Thread$State, no-threads", "java.lang.ThreadLocal, no-threads",
        "java.util.concurrent.Executors, no-threads", "java.util.concurrent.atomic.AtomicInteger, no-threads",
        "java.util.Timer, no-threads", "java.util.stream.StreamSupport, no-threads",
        "java.lang.Runtime, no-process", "java.lang.ProcessBuilder, no-process", "java.lang.ProcessHandle, no-process",
        "java.time.Instant, no-timing", "java.util.Date, no-timing",
        "java.lang.System$Logger, no-console", "java.lang.foreign.MemorySegment, no-native",
        "sun.misc.Unsafe, no-internal-api", "jdk.internal.misc.Unsafe, no-internal-api", "com.sun.tools.javac.Main, no-internal-api",
        "java.lang.StringBuffer, banned-class", "java.util.regex.Pattern, banned-class", "java.math.BigInteger, banned-class",
        "io.crinn4j.seed.glass.GlassBaseline, banned-class", "io.crinn4j.sandbox.Status, banned-class",
        "io.crinn4j.contractx.Graph, banned-class", "[Ljava.io.File;, no-io"})
    void bannedInCode(String name, String rule) {
        ClassPolicy.Ban b = ClassPolicy.classBan(name);
        assertNotNull(b, name);
        assertEquals(rule, b.rule(), name);
        assertTrue(b.reason().contains(" is not allowed: "), b.reason());
        assertFalse(ClassPolicy.isAllowedInCode(name));
    }

    @Test
    void bootstrapLinkageClassesAreLoadableButNotNameable() {
        for (String n : new String[] {"java.lang.invoke.LambdaMetafactory", "java.lang.invoke.StringConcatFactory",
                "java.lang.runtime.ObjectMethods", "java.lang.runtime.SwitchBootstraps", "java.lang.invoke.MethodHandles$Lookup",
                "java.lang.invoke.MethodType", "java.lang.invoke.MethodHandle", "java.lang.invoke.CallSite"}) {
            assertTrue(ClassPolicy.isAllowedClass(n), n);
            assertFalse(ClassPolicy.isAllowedInCode(n), n);
            assertTrue(ClassPolicy.isBootstrapLinkageClass(n), n);
        }
        assertFalse(ClassPolicy.isAllowedClass("java.lang.invoke.MethodHandles"));
        assertFalse(ClassPolicy.isAllowedClass("java.lang.invoke.VarHandle"));
        assertTrue(ClassPolicy.isAllowedBootstrap("java/lang/invoke/LambdaMetafactory", "metafactory"));
        assertTrue(ClassPolicy.isAllowedBootstrap("java.lang.runtime.ObjectMethods", "bootstrap"));
        assertFalse(ClassPolicy.isAllowedBootstrap("java.lang.invoke.LambdaMetafactory", "lookup"));
        assertFalse(ClassPolicy.isAllowedBootstrap("java.lang.invoke.ConstantBootstraps", "invoke"));
    }

    @Test
    void garbageNamesAreRefused() {
        for (String n : new String[] {null, "", "[", "[X", "[Ljava.lang.String", "java..lang.Object", ".Foo"}) {
            assertFalse(ClassPolicy.isAllowedClass(n), String.valueOf(n));
            assertNotNull(ClassPolicy.classBan(n), String.valueOf(n));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "java.lang.System, exit, no-exit", "java.lang.System, getenv, no-environment",
        "java.lang.System, getProperty, no-environment", "java.lang.System, nanoTime, no-timing",
        "java.lang.System, currentTimeMillis, no-timing", "java.lang.System, out, no-console",
        "java.lang.System, setOut, no-console", "java.lang.System, loadLibrary, no-native",
        "java.lang.System, gc, banned-member", "java.lang.System, getSecurityManager, banned-member",
        "java.lang.Class, forName, no-reflection", "java.lang.Class, getDeclaredFields, no-reflection",
        "java.lang.Class, getClassLoader, no-reflection", "java.lang.Class, getResourceAsStream, no-reflection",
        "java.lang.Object, getClass, no-reflection", "java.lang.Object, wait, no-threads",
        "java.lang.Object, notifyAll, no-threads", "java.lang.Object, finalize, no-finalizer",
        "java.lang.Integer, getInteger, no-environment", "java.lang.Boolean, getBoolean, no-environment",
        "java.lang.RuntimeException, printStackTrace, no-console", "java.util.ArrayList, parallelStream, no-threads",
        "java.util.Arrays, parallelSort, no-threads", "java.util.stream.IntStream, parallel, no-threads",
        "java.util.Locale, setDefault, banned-member", "java.lang.Enum, getDeclaringClass, no-reflection",
        "io.crinn4j.contract.vector.Kernels, countedDistances, banned-member",
        "io.crinn4j.contract.vector.Kernels, startDistinctRows, banned-member",
        "io.crinn4j.contract.vector.Kernels, stopDistinctRows, banned-member",
        "io.crinn4j.contract.vector.Kernels, countsDistinctRows, banned-member"})
    void bannedMembers(String owner, String member, String rule) {
        ClassPolicy.Ban b = ClassPolicy.memberBan(owner, member);
        assertNotNull(b, owner + "." + member);
        assertEquals(rule, b.rule());
        assertNotNull(ClassPolicy.bannedMemberReason(owner, member));
    }

    @ParameterizedTest
    @CsvSource({"java.lang.System, arraycopy", "java.lang.System, identityHashCode", "java.lang.Class, desiredAssertionStatus",
        "java.lang.Class, getSimpleName", "java.lang.Object, hashCode", "java.lang.Math, sqrt", "java.lang.Integer, MAX_VALUE",
        "java.util.Arrays, sort", "java.util.stream.IntStream, sequential", "java.util.stream.IntStream, isParallel",
        "java.lang.Throwable, addSuppressed", "java.lang.Enum, valueOf", "io.crinn4j.contract.vector.Kernels, get"})
    void allowedMembers(String owner, String member) {
        assertNull(ClassPolicy.memberBan(owner, member), owner + "." + member);
    }

    @Test
    void staticFinalTypes() {
        for (String n : new String[] {"java.lang.String", "java.lang.Integer", "jdk.incubator.vector.VectorSpecies",
                "jdk.incubator.vector.VectorOperators$Binary", "io.crinn4j.contract.Metric"}) {
            assertTrue(ClassPolicy.isAllowedStaticFinalType(n), n);
        }
        for (String n : new String[] {"java.util.HashMap", "java.util.List", "[I", "java.lang.StringBuilder",
                "java.lang.Object", "io.crinn4j.contract.Graph"}) {
            assertFalse(ClassPolicy.isAllowedStaticFinalType(n), n);
        }
    }

    @Test
    void wildcardPackagesAndSummary() {
        assertTrue(ClassPolicy.isAllowedWildcardPackage("java.util"));
        assertTrue(ClassPolicy.isAllowedWildcardPackage("io.crinn4j.contract.vector"));
        assertTrue(ClassPolicy.isAllowedWildcardPackage("jdk.incubator.vector"));
        assertFalse(ClassPolicy.isAllowedWildcardPackage("java.util.concurrent"));
        assertFalse(ClassPolicy.isAllowedWildcardPackage("java.io"));
        assertTrue(ClassPolicy.allowListSummary().contains("jdk.incubator.vector"));
        assertTrue(ClassPolicy.hasRestrictedMembers("java.lang.System"));
        assertFalse(ClassPolicy.hasRestrictedMembers("java.lang.Math"));
    }
}
