package io.crinn4j.sandbox.check;

/**
 * The one vocabulary of the sandbox's policy: every rule id a {@link Violation} can carry, whichever
 * layer found it (the source check {@link SourcePolicy}, the class-file check {@link BytecodePolicy},
 * or the allow-list both consult, {@link ClassPolicy}), and the reason given for each category.
 * Ids appear verbatim in the feedback a prompt shows ({@code [no-threads] ...}), so one refusal
 * reads the same from either layer.
 */
public final class Rules {

    // ---- categories: classes and members either layer refuses (ClassPolicy decides which) -----
    /** Files, streams, channels, buffers: java.io, java.nio, zip/jar/logging/prefs, Scanner, Formatter. */
    public static final String NO_IO = "no-io";
    /** Sockets, URLs, HTTP. */
    public static final String NO_NETWORK = "no-network";
    /** Reflection, method handles, class loading, service loading, Class/Object introspection. */
    public static final String NO_REFLECTION = "no-reflection";
    /** Threads, executors, java.util.concurrent, parallel streams, wait/notify, timers. */
    public static final String NO_THREADS = "no-threads";
    /** Runtime, Process, ProcessBuilder, ProcessHandle. */
    public static final String NO_PROCESS = "no-process";
    /** System.exit. */
    public static final String NO_EXIT = "no-exit";
    /** Environment variables and system properties. */
    public static final String NO_ENVIRONMENT = "no-environment";
    /** Clocks: System.nanoTime/currentTimeMillis, java.time, Date/Calendar. */
    public static final String NO_TIMING = "no-timing";
    /** System.out/err/in, console, printStackTrace, java.lang.IO. */
    public static final String NO_CONSOLE = "no-console";
    /** Native methods, System.load/loadLibrary, java.lang.foreign. */
    public static final String NO_NATIVE = "no-native";
    /** sun.*, com.sun.*, jdk.internal.* and other JDK-internal APIs (Unsafe). */
    public static final String NO_INTERNAL_API = "no-internal-api";
    /** finalize(): declaring or calling it. */
    public static final String NO_FINALIZER = "no-finalizer";
    /** Any other class that is not on the allow-list. */
    public static final String BANNED_CLASS = "banned-class";
    /** Any other member of an allowed class that is refused. */
    public static final String BANNED_MEMBER = "banned-member";

    // ---- the source layer's own rules (SourcePolicy) ------------------------------------------
    /** Zero or several top-level types. Structural: maps to PARSE_ERROR. */
    public static final String SINGLE_TOP_LEVEL_TYPE = "single-top-level-type";
    /** The top-level type is not a public, non-abstract class. Structural. */
    public static final String MODULE_CLASS = "module-class";
    /** The class does not implement the kind's interface. Structural. */
    public static final String MISSING_INTERFACE = "missing-interface";
    /** The class implements another kind's interface instead. Structural. */
    public static final String WRONG_INTERFACE = "wrong-interface";
    /** Constructors are declared but none is public without parameters. Structural. */
    public static final String NO_ARG_CONSTRUCTOR = "no-arg-constructor";
    /** A package reserved for the JDK or the harness (java.*, io.crinn4j.contract, ...). */
    public static final String PACKAGE_NOT_ALLOWED = "package-not-allowed";
    /** An import of a forbidden class, package or member. */
    public static final String IMPORT_NOT_ALLOWED = "import-not-allowed";
    /** A static field that is not a final immutable constant (also: fields of enums). */
    public static final String STATIC_MUTABLE_STATE = "static-mutable-state";
    /** A synchronized method or block. */
    public static final String NO_SYNCHRONIZED = "no-synchronized";
    /** More than {@link SourcePolicy#MAX_SOURCE_CHARS} characters. */
    public static final String SOURCE_TOO_LARGE = "source-too-large";
    // ---- the bytecode layer's own rules (BytecodePolicy) --------------------------------------
    /** An invokedynamic or constant-dynamic with a bootstrap other than the allowed ones. */
    public static final String BOOTSTRAP_NOT_ALLOWED = "bootstrap-not-allowed";
    /** A class file ASM cannot read, or whose name does not match its key. */
    public static final String UNREADABLE_CLASS = "unreadable-class";
    // ---- either layer ------------------------------------------------------------------------
    /** The last entry of a capped list: how many more were found. */
    public static final String TOO_MANY_VIOLATIONS = "too-many-violations";
    /** The checker itself failed on this input (refused rather than crash the caller). */
    public static final String CHECK_FAILED = "check-failed";

    private Rules() {
    }

    /** The explanation given for every class or member refused under category {@code rule} (a plain class ban otherwise). */
    public static String reason(String rule) {
        switch (rule) {
            case NO_IO:
                return "file and stream I/O is not allowed; a module only reads the Vectors/Graph it is given and keeps data in arrays";
            case NO_NETWORK:
                return "network access is not allowed";
            case NO_REFLECTION:
                return "reflection, method handles, class loading and service loading are not allowed; call the "
                        + "contract types (io.crinn4j.contract.*) directly";
            case NO_THREADS:
                return "threads, executors, java.util.concurrent, timers and parallel streams are not allowed; a module "
                        + "is single-threaded (the harness owns the threads): use plain loops and java.util collections";
            case NO_PROCESS:
                return "Runtime and processes are not allowed";
            case NO_EXIT:
                return "System.exit is not allowed; throw an IllegalStateException instead";
            case NO_ENVIRONMENT:
                return "environment variables and system properties are not allowed; tunables are constants in the source";
            case NO_TIMING:
                return "clocks (System.nanoTime, currentTimeMillis, java.time, Date) are not allowed; the harness does "
                        + "all timing and results must not depend on time";
            case NO_CONSOLE:
                return "console output is not allowed (System.out/err, printStackTrace); report problems by throwing";
            case NO_NATIVE:
                return "native code and off-heap memory are not allowed; use Java arrays and jdk.incubator.vector";
            case NO_INTERNAL_API:
                return "JDK-internal APIs (sun.*, com.sun.*, jdk.internal.*, Unsafe) are not allowed; use arrays, "
                        + "java.util and jdk.incubator.vector";
            case NO_FINALIZER:
                return "finalizers are not allowed";
            default:
                return "it is not on the allow-list. " + ClassPolicy.allowedShort();
        }
    }

}
