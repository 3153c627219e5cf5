package io.crinn4j.sandbox.check;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The allow-list every policy layer shares: which JDK and project classes candidate code may
 * name, and which members of allowed classes it still may not touch.
 *
 * <p>Names are <em>binary names</em> ({@code java.util.Map$Entry}); internal names
 * ({@code java/util/Map$Entry}) and array names ({@code [Ljava.lang.String;}, {@code [I}) are
 * accepted too. A nested class is allowed when its top-level class is, unless it is listed as
 * banned itself ({@code java.lang.System$Logger}).
 *
 * <p>Two views of the same list:
 * <ul>
 *   <li>{@link #classBan} / {@link #isAllowedInCode}: what candidate <em>code</em> may name
 *       (source and bytecode layers);</li>
 *   <li>{@link #isAllowedClass}: what the runtime class loader may hand to candidate classes. It
 *       is the code list plus the few {@code java.lang.invoke} / {@code java.lang.runtime}
 *       classes the JVM itself resolves through the candidate's loader when it links an
 *       {@code invokedynamic} (lambdas, string concatenation, records, switches). The bytecode
 *       layer makes sure candidate code reaches those only as bootstrap methods.</li>
 * </ul>
 *
 * <p>Every ban carries a rule id (for example {@link Rules#NO_IO}) and a reason that says what to do
 * instead; the reasons end up verbatim in the feedback of the next prompt.
 */
public final class ClassPolicy {

    /** A refusal: the rule id and a sentence saying why and what is allowed instead. */
    public record Ban(String rule, String reason) {
    }

    private static final String CONTRACT = "io.crinn4j.contract";
    private static final String VECTOR = "jdk.incubator.vector";

    /** java.lang classes candidate code may name. */
    private static final Set<String> LANG_ALLOWED = Set.of(
            "Object", "String", "StringBuilder", "CharSequence", "Math", "StrictMath",
            "Integer", "Long", "Float", "Double", "Short", "Byte", "Character", "Boolean", "Number", "Void",
            "Comparable", "Iterable", "AutoCloseable", "Cloneable", "Runnable", "Enum", "Record",
            "Override", "SuppressWarnings", "FunctionalInterface", "Deprecated", "SafeVarargs",
            // Both have restricted members, see memberBan.
            "System", "Class",
            "Throwable", "Exception", "RuntimeException", "Error",
            "IllegalArgumentException", "IllegalStateException", "ArithmeticException",
            "IndexOutOfBoundsException", "ArrayIndexOutOfBoundsException", "StringIndexOutOfBoundsException",
            "NullPointerException", "UnsupportedOperationException", "ClassCastException",
            "NegativeArraySizeException", "ArrayStoreException", "NumberFormatException",
            "AssertionError", "CloneNotSupportedException",
            // Emitted by javac itself: enum switch maps catch NoSuchFieldError; exhaustive switch
            // expressions throw IncompatibleClassChangeError (source 17) or MatchException (21+).
            "NoSuchFieldError", "IncompatibleClassChangeError", "MatchException");

    /** java.lang classes with a specific reason (everything else in java.lang gets the generic one). */
    private static final Map<String, String> LANG_BANNED = Map.ofEntries(
            Map.entry("Thread", Rules.NO_THREADS), Map.entry("ThreadGroup", Rules.NO_THREADS),
            Map.entry("ThreadLocal", Rules.NO_THREADS), Map.entry("InheritableThreadLocal", Rules.NO_THREADS),
            Map.entry("ThreadDeath", Rules.NO_THREADS), Map.entry("ScopedValue", Rules.NO_THREADS),
            Map.entry("VirtualThread", Rules.NO_THREADS), Map.entry("InterruptedException", Rules.NO_THREADS),
            Map.entry("Runtime", Rules.NO_PROCESS), Map.entry("Process", Rules.NO_PROCESS),
            Map.entry("ProcessBuilder", Rules.NO_PROCESS), Map.entry("ProcessHandle", Rules.NO_PROCESS),
            Map.entry("ClassLoader", Rules.NO_REFLECTION), Map.entry("Module", Rules.NO_REFLECTION),
            Map.entry("ModuleLayer", Rules.NO_REFLECTION), Map.entry("ClassValue", Rules.NO_REFLECTION),
            Map.entry("StackWalker", Rules.NO_REFLECTION), Map.entry("Package", Rules.NO_REFLECTION),
            Map.entry("StackTraceElement", Rules.NO_REFLECTION), Map.entry("SecurityManager", Rules.NO_REFLECTION),
            Map.entry("Compiler", Rules.NO_REFLECTION), Map.entry("ReflectiveOperationException", Rules.NO_REFLECTION),
            Map.entry("ClassNotFoundException", Rules.NO_REFLECTION),
            Map.entry("IO", Rules.NO_CONSOLE));

    /** Top-level java.util classes that are refused although java.util is allowed. */
    private static final Map<String, String> UTIL_BANNED = Map.ofEntries(
            Map.entry("ServiceLoader", Rules.NO_REFLECTION), Map.entry("ResourceBundle", Rules.NO_REFLECTION),
            Map.entry("ListResourceBundle", Rules.NO_REFLECTION), Map.entry("PropertyResourceBundle", Rules.NO_REFLECTION),
            Map.entry("Timer", Rules.NO_THREADS), Map.entry("TimerTask", Rules.NO_THREADS),
            // Scanner reads files and streams; Formatter can open and write a file by name.
            Map.entry("Scanner", Rules.NO_IO), Map.entry("Formatter", Rules.NO_IO),
            Map.entry("PropertyPermission", Rules.NO_REFLECTION),
            // Wall clock in disguise.
            Map.entry("Date", Rules.NO_TIMING), Map.entry("Calendar", Rules.NO_TIMING), Map.entry("GregorianCalendar", Rules.NO_TIMING),
            Map.entry("TimeZone", Rules.NO_TIMING), Map.entry("SimpleTimeZone", Rules.NO_TIMING));

    /** java.util sub-packages that are allowed in full. */
    private static final Set<String> UTIL_SUBPACKAGES = Set.of("java.util.function", "java.util.stream", "java.util.random");

    /** Nested classes of allowed classes that are refused anyway. */
    private static final Map<String, String> NESTED_BANNED = Map.of(
            "java.lang.System$Logger", Rules.NO_CONSOLE,
            "java.lang.System$LoggerFinder", Rules.NO_CONSOLE,
            "java.lang.System$Logger$Level", Rules.NO_CONSOLE);

    /** Whole classes in otherwise allowed packages that are refused. */
    private static final Map<String, String> CLASS_BANNED = Map.of(
            // stream(spliterator, true) makes a parallel stream on the common ForkJoinPool.
            "java.util.stream.StreamSupport", Rules.NO_THREADS);

    /** Bootstrap methods candidate bytecode may use in invokedynamic: owner binary name -> method names. */
    private static final Map<String, Set<String>> BOOTSTRAPS = Map.of(
            "java.lang.invoke.LambdaMetafactory", Set.of("metafactory", "altMetafactory"),
            "java.lang.invoke.StringConcatFactory", Set.of("makeConcatWithConstants", "makeConcat"),
            "java.lang.runtime.ObjectMethods", Set.of("bootstrap"),
            "java.lang.runtime.SwitchBootstraps", Set.of("typeSwitch", "enumSwitch"));

    /**
     * Classes the JVM resolves through the candidate's loader while linking an allowed bootstrap
     * (its owner and the types of its signature). Not nameable in candidate code.
     */
    private static final Set<String> BOOTSTRAP_LINKAGE = Set.of(
            "java.lang.invoke.LambdaMetafactory", "java.lang.invoke.StringConcatFactory",
            "java.lang.runtime.ObjectMethods", "java.lang.runtime.SwitchBootstraps",
            "java.lang.invoke.MethodHandles$Lookup", "java.lang.invoke.MethodHandle",
            "java.lang.invoke.MethodType", "java.lang.invoke.CallSite",
            "java.lang.invoke.TypeDescriptor", "java.lang.invoke.TypeDescriptor$OfField",
            "java.lang.invoke.TypeDescriptor$OfMethod");

    /** Types a {@code static final} field may have besides primitives: immutable values only. */
    private static final Set<String> STATIC_FINAL_TYPES = Set.of(
            "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.lang.Short", "java.lang.Byte", "java.lang.Character", "java.lang.Boolean",
            // Vector API shapes must be static final constants or C2 cannot intrinsify the kernels.
            "jdk.incubator.vector.VectorSpecies", "jdk.incubator.vector.VectorShape",
            "io.crinn4j.contract.Metric");

    /** Members of java.lang.Class that are harmless (javac emits desiredAssertionStatus for assert). */
    private static final Set<String> CLASS_MEMBERS_ALLOWED = Set.of(
            "desiredAssertionStatus", "getName", "getSimpleName", "getTypeName", "isInstance", "cast",
            "hashCode", "equals", "toString", "isArray", "isPrimitive", "isEnum", "isRecord", "isInterface",
            "getComponentType", "componentType", "arrayType", "descriptorString");

    /** System members candidate code may use. */
    private static final Set<String> SYSTEM_MEMBERS_ALLOWED = Set.of("arraycopy", "identityHashCode");

    /** Member names refused whatever the receiver: reflection entry points. */
    private static final Set<String> REFLECTIVE_NAMES = Set.of(
            "getClass", "forName", "getClassLoader", "getSystemClassLoader", "getPlatformClassLoader",
            "getDeclaredField", "getDeclaredFields", "getDeclaredMethod", "getDeclaredMethods",
            "getDeclaredConstructor", "getDeclaredConstructors", "getDeclaredClasses",
            "getField", "getFields", "getMethod", "getMethods", "getConstructor", "getConstructors",
            "setAccessible", "trySetAccessible", "newInstance", "getResource", "getResourceAsStream",
            "getResources", "getModule", "getProtectionDomain", "getRecordComponents", "getEnumConstants",
            "getSuperclass", "getInterfaces", "getPackage", "getNestHost", "getNestMembers",
            "getEnclosingMethod", "getEnclosingClass", "getDeclaringClass", "getPermittedSubclasses");

    private ClassPolicy() {
    }

    // ---- classes ----------------------------------------------------------------------------

    /**
     * True when the runtime class loader may resolve {@code binaryName} for candidate code: the
     * code allow-list plus the bootstrap linkage classes of lambdas, string concatenation,
     * records and switches.
     */
    public static boolean isAllowedClass(String binaryName) {
        String n = elementName(binaryName);
        if (n == null) {
            return false;
        }
        return n.isEmpty() || BOOTSTRAP_LINKAGE.contains(n) || classBan(n) == null;
    }

    /** True when candidate source or bytecode may name {@code binaryName}. */
    public static boolean isAllowedInCode(String binaryName) {
        return classBan(binaryName) == null;
    }

    /** The ban on naming {@code binaryName} in candidate code, or null when it is allowed. */
    public static Ban classBan(String binaryName) {
        String n = elementName(binaryName);
        if (n == null) {
            return ban(Rules.BANNED_CLASS, "?", "it is not a valid class name");
        }
        if (n.isEmpty()) {
            return null; // primitive array
        }
        String nested = NESTED_BANNED.get(n);
        if (nested != null) {
            return ban(nested, n, Rules.reason(nested));
        }
        String whole = CLASS_BANNED.get(n);
        if (whole != null) {
            return ban(whole, n, Rules.reason(whole));
        }
        int dollar = n.indexOf('$');
        String top = dollar < 0 ? n : n.substring(0, dollar);
        int dot = top.lastIndexOf('.');
        String pkg = dot < 0 ? "" : top.substring(0, dot);
        String simple = top.substring(dot + 1);
        if (BOOTSTRAP_LINKAGE.contains(n) || BOOTSTRAP_LINKAGE.contains(top)) {
            return ban(Rules.NO_REFLECTION, n, "java.lang.invoke and java.lang.runtime are used only implicitly, by lambdas, "
                    + "method references, string concatenation, records and switches; do not name them");
        }
        if (pkg.equals(CONTRACT) || pkg.startsWith(CONTRACT + ".")) {
            return null;
        }
        if (pkg.equals(VECTOR)) {
            return null;
        }
        if (pkg.equals("java.util")) {
            String rule = UTIL_BANNED.get(simple);
            return rule == null ? null : ban(rule, n, Rules.reason(rule));
        }
        if (UTIL_SUBPACKAGES.contains(pkg)) {
            return null;
        }
        if (pkg.equals("java.lang")) {
            if (LANG_ALLOWED.contains(simple)) {
                return null;
            }
            String rule = LANG_BANNED.get(simple);
            if (rule != null) {
                return ban(rule, n, Rules.reason(rule));
            }
            return ban(Rules.BANNED_CLASS, n, "it is not on the allow-list. " + allowedShort());
        }
        if (n.equals("java.io.Serializable")) {
            return null; // a marker interface; javac infers it in intersection types
        }
        String rule = packageRule(pkg);
        return ban(rule, n, rule.equals(Rules.BANNED_CLASS) ? "it is not on the allow-list. " + allowedShort() : Rules.reason(rule));
    }

    /** True for packages a type-import-on-demand ({@code import p.*;}) may name. */
    public static boolean isAllowedWildcardPackage(String packageName) {
        return packageName.equals(CONTRACT) || packageName.startsWith(CONTRACT + ".") || packageName.equals(VECTOR)
                || packageName.equals("java.util") || UTIL_SUBPACKAGES.contains(packageName)
                || packageName.equals("java.lang");
    }

    /** The rule a whole package falls under ({@link Rules#BANNED_CLASS} when nothing more specific applies). */
    public static String packageRule(String pkg) {
        String p = pkg + ".";
        if (p.startsWith("java.io.") || p.startsWith("java.nio.") || p.startsWith("java.util.zip.")
                || p.startsWith("java.util.jar.") || p.startsWith("java.util.logging.") || p.startsWith("java.util.prefs.")) {
            return Rules.NO_IO;
        }
        if (p.startsWith("java.net.") || p.startsWith("javax.net.") || p.startsWith("jdk.net.")
                || p.startsWith("java.rmi.") || p.startsWith("javax.rmi.")) {
            return Rules.NO_NETWORK;
        }
        if (p.startsWith("java.util.concurrent.")) {
            return Rules.NO_THREADS;
        }
        if (p.startsWith("java.lang.reflect.") || p.startsWith("java.lang.invoke.") || p.startsWith("java.lang.runtime.")
                || p.startsWith("java.lang.constant.") || p.startsWith("java.lang.instrument.")
                || p.startsWith("java.lang.module.") || p.startsWith("java.lang.annotation.")
                || p.startsWith("java.lang.ref.") || p.startsWith("java.lang.management.")
                || p.startsWith("java.util.spi.") || p.startsWith("java.security.") || p.startsWith("javax.script.")
                || p.startsWith("javax.tools.") || p.startsWith("javax.lang.") || p.startsWith("javax.management.")
                || p.startsWith("javax.security.") || p.startsWith("jdk.jfr.")) {
            return Rules.NO_REFLECTION;
        }
        if (p.startsWith("java.lang.foreign.")) {
            return Rules.NO_NATIVE;
        }
        if (p.startsWith("java.time.")) {
            return Rules.NO_TIMING;
        }
        if (p.startsWith("sun.") || p.startsWith("com.sun.") || p.startsWith("jdk.") || p.startsWith("org.graalvm.")) {
            return Rules.NO_INTERNAL_API;
        }
        return Rules.BANNED_CLASS;
    }

    // ---- members ----------------------------------------------------------------------------

    /**
     * Why candidate code may not use member {@code memberName} (method or field) of the allowed
     * class {@code ownerBinaryName}, or null when it may. Does not repeat the class check.
     */
    public static String bannedMemberReason(String ownerBinaryName, String memberName) {
        Ban b = memberBan(ownerBinaryName, memberName);
        return b == null ? null : b.reason();
    }

    /** The ban on member {@code memberName} of {@code ownerBinaryName}, or null. */
    public static Ban memberBan(String ownerBinaryName, String memberName) {
        String owner = elementName(ownerBinaryName);
        if (owner == null || memberName == null) {
            return null;
        }
        String what = simpleOf(owner) + "." + memberName;
        switch (owner) {
            case "java.lang.System":
                return systemMember(memberName, what);
            case "java.lang.Class":
                if (CLASS_MEMBERS_ALLOWED.contains(memberName)) {
                    return null;
                }
                return ban(Rules.NO_REFLECTION, what, "reflection is not allowed; a module never needs Class objects");
            case "java.lang.Integer":
                if (memberName.equals("getInteger")) {
                    return ban(Rules.NO_ENVIRONMENT, what, Rules.reason(Rules.NO_ENVIRONMENT));
                }
                break;
            case "java.lang.Long":
                if (memberName.equals("getLong")) {
                    return ban(Rules.NO_ENVIRONMENT, what, Rules.reason(Rules.NO_ENVIRONMENT));
                }
                break;
            case "java.lang.Boolean":
                if (memberName.equals("getBoolean")) {
                    return ban(Rules.NO_ENVIRONMENT, what, Rules.reason(Rules.NO_ENVIRONMENT));
                }
                break;
            case "java.util.Locale":
                if (memberName.equals("setDefault")) {
                    return ban(Rules.BANNED_MEMBER, what, "it changes JVM-wide state; pass a Locale explicitly instead");
                }
                break;
            case "java.lang.String":
                // The JVM-wide string pool outlives every module instance: "is this string interned already?"
                // is a lookup table keyed by query content that survives from one timed pass to the next.
                if (memberName.equals("intern")) {
                    return ban(Rules.BANNED_MEMBER, what, "the JVM-wide string pool outlives module instances and could carry "
                            + "answers from one timed pass to the next; compare strings with equals()");
                }
                break;
            case "io.crinn4j.contract.vector.Kernels":
                if (memberName.equals("countedDistances")) {
                    return ban(Rules.BANNED_MEMBER, what, "it is the harness's own count of the distances you compute, "
                            + "used to check the counts you report; report yours with DistanceCounter.add");
                }
                // The profile's visited-node count: a module that could read or switch it could tell a
                // profiled pass from a timed one, or blank what the next prompt shows of it.
                if (memberName.equals("countsDistinctRows") || memberName.equals("startDistinctRows")
                        || memberName.equals("stopDistinctRows")) {
                    return ban(Rules.BANNED_MEMBER, what, "it is the harness's own count of the vectors a profiled query reads");
                }
                break;
            default:
                break;
        }
        Ban any = receiverIndependentBan(memberName);
        if (any != null) {
            return new Ban(any.rule(), what + " is not allowed: " + reasonTail(any));
        }
        return null;
    }

    /**
     * A ban that applies to a member name whatever class it is called on: the final methods of
     * Object ({@code wait}, {@code notify}, {@code notifyAll}, {@code getClass}), {@code finalize},
     * {@code printStackTrace}, the {@code parallel*} methods of collections, arrays and streams,
     * and reflection entry points ({@code forName}, {@code getDeclaredField}, {@code setAccessible}, ...).
     * Used when the receiver's class is unknown (source) or inherited (bytecode).
     */
    public static Ban receiverIndependentBan(String memberName) {
        switch (memberName) {
            case "getClass":
                return ban(Rules.NO_REFLECTION, "getClass()", "reflection is not allowed; compare types with instanceof");
            case "wait":
            case "notify":
            case "notifyAll":
                return ban(Rules.NO_THREADS, memberName + "()", "wait/notify can block forever and there is only one thread; "
                        + "modules are single-threaded and must not synchronize");
            case "finalize":
                return ban(Rules.NO_FINALIZER, "finalize()", "finalizers run on a GC thread at unpredictable times; "
                        + "release nothing, just drop references");
            case "printStackTrace":
                return ban(Rules.NO_CONSOLE, "printStackTrace()", Rules.reason(Rules.NO_CONSOLE));
            default:
                break;
        }
        if (memberName.startsWith("parallel")) {
            return ban(Rules.NO_THREADS, memberName + "()", "parallel streams and parallel array operations use the "
                    + "common ForkJoinPool; modules are single-threaded: use sequential streams, Arrays.sort/setAll or loops");
        }
        if (REFLECTIVE_NAMES.contains(memberName)) {
            return ban(Rules.NO_REFLECTION, memberName + "()", Rules.reason(Rules.NO_REFLECTION));
        }
        return null;
    }

    /** True when a static wildcard import of this class would hide a banned member behind a plain name. */
    public static boolean hasRestrictedMembers(String binaryName) {
        String n = elementName(binaryName);
        return "java.lang.System".equals(n) || "java.lang.Class".equals(n) || "java.lang.Integer".equals(n)
                || "java.lang.Long".equals(n) || "java.lang.Boolean".equals(n) || "java.lang.Object".equals(n);
    }

    // ---- bytecode-only facts ----------------------------------------------------------------

    /** True when {@code owner.name} may be the bootstrap method of an invokedynamic or condy. */
    public static boolean isAllowedBootstrap(String ownerBinaryName, String methodName) {
        String owner = elementName(ownerBinaryName);
        Set<String> names = owner == null ? null : BOOTSTRAPS.get(owner);
        return names != null && names.contains(methodName);
    }

    /** True for the bootstrap owners and signature types that only the JVM's indy linkage may resolve. */
    public static boolean isBootstrapLinkageClass(String binaryName) {
        return BOOTSTRAP_LINKAGE.contains(elementName(binaryName));
    }

    /**
     * True when a {@code static final} field may have this (non-primitive) type: immutable
     * values only (String, boxes, Vector API species/shapes/operators, {@code Metric}).
     */
    public static boolean isAllowedStaticFinalType(String binaryName) {
        String n = elementName(binaryName);
        if (n == null || binaryName.startsWith("[")) {
            return false;
        }
        return STATIC_FINAL_TYPES.contains(n) || n.startsWith("jdk.incubator.vector.VectorOperators$")
                || n.equals("jdk.incubator.vector.VectorOperators");
    }

    // ---- explanations -----------------------------------------------------------------------

    /** A one-paragraph summary of what candidate code may use; meant for prompts and docs. */
    public static String allowListSummary() {
        return "Allowed: io.crinn4j.contract and its sub-packages; jdk.incubator.vector; java.util "
                + "(not ServiceLoader, ResourceBundle, Timer, TimerTask, Scanner, Formatter, Date, Calendar, TimeZone), "
                + "java.util.function, java.util.stream (sequential only, no StreamSupport), java.util.random; from java.lang: "
                + "Object, String, StringBuilder, CharSequence, Math, StrictMath, the boxes and Number, Void, Comparable, "
                + "Iterable, AutoCloseable, Cloneable, Runnable, Enum, Record, the standard annotations, the common "
                + "unchecked exceptions and errors, System.arraycopy and System.identityHashCode; lambdas, method "
                + "references, string concatenation, records, enums and switches. Static fields must be "
                + "'static final' constants of primitive, boxed or String type (or Vector API species/shapes/operators). "
                + "Everything else is refused: files and I/O, network, reflection and method handles, class loading, "
                + "threads and java.util.concurrent, processes, System.exit, environment and system properties, "
                + "clocks, console output, native code, JDK-internal APIs.";
    }

    static String allowedShort() {
        return "Use io.crinn4j.contract.*, java.util (collections, Arrays, SplittableRandom), java.util.function, "
                + "sequential java.util.stream, jdk.incubator.vector, Math and the boxes.";
    }

    private static Ban systemMember(String m, String what) {
        if (SYSTEM_MEMBERS_ALLOWED.contains(m)) {
            return null;
        }
        switch (m) {
            case "exit":
                return ban(Rules.NO_EXIT, what, Rules.reason(Rules.NO_EXIT));
            case "getenv":
            case "getProperty":
            case "getProperties":
            case "setProperty":
            case "setProperties":
            case "clearProperty":
            case "lineSeparator":
                return ban(Rules.NO_ENVIRONMENT, what, Rules.reason(Rules.NO_ENVIRONMENT));
            case "nanoTime":
            case "currentTimeMillis":
                return ban(Rules.NO_TIMING, what, Rules.reason(Rules.NO_TIMING));
            case "out":
            case "err":
            case "in":
            case "console":
            case "setIn":
            case "setOut":
            case "setErr":
            case "getLogger":
                return ban(Rules.NO_CONSOLE, what, Rules.reason(Rules.NO_CONSOLE));
            case "load":
            case "loadLibrary":
            case "mapLibraryName":
                return ban(Rules.NO_NATIVE, what, Rules.reason(Rules.NO_NATIVE));
            case "inheritedChannel":
                return ban(Rules.NO_IO, what, Rules.reason(Rules.NO_IO));
            default:
                return ban(Rules.BANNED_MEMBER, what, "only System.arraycopy and System.identityHashCode are allowed");
        }
    }

    private static Ban ban(String rule, String subject, String reason) {
        return new Ban(rule, subject + " is not allowed: " + reason);
    }

    private static String reasonTail(Ban b) {
        String r = b.reason();
        int i = r.indexOf(" is not allowed: ");
        return i < 0 ? r : r.substring(i + " is not allowed: ".length());
    }

    private static String simpleOf(String binary) {
        return binary.substring(binary.lastIndexOf('.') + 1).replace('$', '.');
    }

    /**
     * Binary name of the element class: strips array brackets and descriptor syntax, turns '/'
     * into '.'. Returns "" for primitive (arrays) and null for garbage.
     */
    static String elementName(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String n = name;
        if (n.startsWith("[")) {
            int i = 0;
            while (i < n.length() && n.charAt(i) == '[') {
                i++;
            }
            if (i >= n.length()) {
                return null;
            }
            char c = n.charAt(i);
            if (c == 'L') {
                if (!n.endsWith(";") || n.length() < i + 3) {
                    return null;
                }
                n = n.substring(i + 1, n.length() - 1);
            } else {
                return "ZBCSIJFD".indexOf(c) >= 0 && n.length() == i + 1 ? "" : null;
            }
        }
        if (n.endsWith(".class")) {
            n = n.substring(0, n.length() - ".class".length());
        }
        n = n.replace('/', '.');
        if (n.isEmpty() || n.startsWith(".") || n.endsWith(".") || n.contains("..")) {
            return null;
        }
        return n;
    }

    /** Lower-case check helper used by the source layer: the package part of a binary name. */
    static String packageOf(String binaryName) {
        int dollar = binaryName.indexOf('$');
        String top = dollar < 0 ? binaryName : binaryName.substring(0, dollar);
        int dot = top.lastIndexOf('.');
        return dot < 0 ? "" : top.substring(0, dot);
    }

    /** Packages candidate classes may not be declared in (they would sit next to trusted code). */
    static String reservedPackageReason(String pkg) {
        String p = pkg.toLowerCase(Locale.ROOT) + ".";
        for (String r : new String[] {"java.", "javax.", "jdk.", "sun.", "com.sun.", "io.crinn4j.contract.",
                "io.crinn4j.sandbox.", "io.crinn4j.reward.", "io.crinn4j.data.", "io.crinn4j.agent.", "io.crinn4j.index."}) {
            if (p.startsWith(r)) {
                return "package " + pkg + " is reserved for the JDK or the harness; keep the seed's package "
                        + "(e.g. io.crinn4j.seed.glass) or use the default package";
            }
        }
        return null;
    }
}
