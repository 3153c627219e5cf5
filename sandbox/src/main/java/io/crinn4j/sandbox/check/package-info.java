/**
 * Static policy for untrusted candidate modules: every LLM answer is one Java source file for
 * one {@link io.crinn4j.contract.ModuleKind}, and nothing in it is trusted.
 *
 * <h2>Threat model</h2>
 * A candidate is optimised for speed by a model that sees only its reward, so it may (by accident
 * or by reward hacking) try to: read or write files (the ground truth, other candidates, the
 * run database), talk to the network, run processes, read the environment, use threads or the
 * common ForkJoinPool (the benchmark is single-threaded per searcher), look at clocks (to game
 * timing), keep answers in static state across queries or runs, reach harness internals through
 * reflection, method handles, class loading or {@code sun.misc.Unsafe}, print to the console
 * (a side channel), stop the JVM, or block forever in {@code wait}. The checks here refuse all
 * of that before a candidate is loaded; they never execute candidate code.
 *
 * <h2>Layers</h2>
 * <ol>
 *   <li>{@link io.crinn4j.sandbox.check.SourcePolicy} (JavaParser, Java 17, unicode escapes
 *       processed): the shape of a module (one public concrete class implementing the kind's
 *       interface, public no-arg constructor, allowed package), imports, every type name,
 *       qualified and fully qualified expressions ({@code System.exit},
 *       {@code java.nio.file.Files.readAllBytes}), member names that are forbidden whatever the
 *       receiver ({@code getClass}, {@code wait}, {@code parallelStream}, {@code setAccessible},
 *       ...), static state, {@code native}, {@code synchronized}, {@code finalize}. Its findings
 *       carry the source line and text, so they make good feedback. It is syntactic: it cannot
 *       see types that are only inferred ({@code var}, chained calls), classes of the same
 *       package, members inherited from JDK classes, or names masked by oddly named locals.</li>
 *   <li>{@link io.crinn4j.sandbox.check.BytecodePolicy} (ASM, after compilation): every class,
 *       member and bootstrap the class files reference, exactly as the JVM will link them; the
 *       same static-state, native, synchronized and finalizer rules. It closes every gap of the
 *       source layer that concerns <em>which code can be reached</em>.</li>
 *   <li>The worker's candidate class loader (not in this package) resolves candidate
 *       references only through {@link io.crinn4j.sandbox.check.ClassPolicy#isAllowedClass}, so
 *       a reference both static layers missed still fails to link.</li>
 * </ol>
 * {@link io.crinn4j.sandbox.check.ClassPolicy} is the single allow-list all three use;
 * {@link io.crinn4j.sandbox.check.Rules} is the one vocabulary of rule ids and reasons both static
 * layers report in, and {@code Violations} the one collector (one entry per finding, capped, a
 * last entry naming the rules of the rest) they report through; and
 * {@link io.crinn4j.sandbox.check.SourceNormalizer} gives the canonical text and hash used to
 * never compile or benchmark the same code twice.
 *
 * <h2>Allow-list</h2>
 * {@code io.crinn4j.contract} and sub-packages; {@code jdk.incubator.vector}; {@code java.util}
 * except ServiceLoader, ResourceBundle (and subclasses), Timer, TimerTask, Scanner, Formatter,
 * Date, Calendar, GregorianCalendar, TimeZone, SimpleTimeZone, PropertyPermission;
 * {@code java.util.function}; {@code java.util.stream} except StreamSupport;
 * {@code java.util.random}; from {@code java.lang}: Object, String, StringBuilder, CharSequence,
 * Math, StrictMath, Number and the boxes, Void, Comparable, Iterable, AutoCloseable, Cloneable,
 * Runnable, Enum, Record, the standard annotations, the common unchecked exceptions and errors
 * (plus NoSuchFieldError, IncompatibleClassChangeError, MatchException, which javac emits for
 * switches), System (only {@code arraycopy}, {@code identityHashCode}), Class (as a type and for
 * a few harmless members such as {@code getSimpleName} and {@code desiredAssertionStatus});
 * {@code java.io.Serializable} as a marker. Members refused on allowed classes:
 * {@code wait/notify/notifyAll}, {@code getClass}, {@code finalize}, {@code printStackTrace},
 * {@code parallel*}, reflective names, {@code Integer.getInteger}, {@code Long.getLong},
 * {@code Boolean.getBoolean}, {@code Locale.setDefault}. Bootstraps: LambdaMetafactory,
 * StringConcatFactory, ObjectMethods, SwitchBootstraps, reachable only through
 * {@code invokedynamic}. Static fields: {@code static final} primitives, boxes, String, Vector
 * API species/shapes/operators and {@code Metric}; the same applies to fields of enums.
 *
 * <h2>What these layers cannot catch</h2>
 * Anything that is legal code doing too much: infinite loops and deep recursion, huge
 * allocations, answers cached in instance fields of the module or searcher (state that depends
 * on query order), nondeterminism ({@code new Random()}, {@code Math.random()},
 * {@code identityHashCode} or hash-order dependence), wrong or duplicate result ids, and
 * self-reported numbers ({@code memoryBytes}, the distance counter) that lie. Those are the
 * worker JVM's job (wall-clock limits, heap limit, a fresh JVM per evaluation, measured rather
 * than reported memory) and the result validation's (ids, counts, stability across runs and
 * shuffled query orders). JDK bugs reachable through allowed APIs (for example in the Vector API)
 * are out of scope; the worker's process isolation is the backstop.
 */
package io.crinn4j.sandbox.check;
