/**
 * Compiles untrusted candidate sources (LLM rewrites of the HNSW modules) to class files in
 * memory. Entry point: {@link io.crinn4j.sandbox.compile.CandidateCompiler#compile(String, String)}
 * returning a {@link io.crinn4j.sandbox.compile.CompileResult}.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>No candidate code runs here: nothing is defined, linked or initialised in this JVM (the
 *       class files are byte arrays in the result), javac runs with {@code -proc:none} and an
 *       empty processor path, and Janino reads referenced classes as class-file bytes rather
 *       than loading them. Tested with a candidate whose initialisers call {@code System.exit}.</li>
 *   <li>Nothing is written outside memory: javac's file manager refuses every output except
 *       class files, which it keeps in byte arrays; Janino writes to a map.</li>
 *   <li>Compiles do not see each other: per-compile state (javac context, Janino's per-compile
 *       class loader) is discarded; the caches kept between compiles hold only JDK and class-path
 *       classes. A candidate's own names win over a same-named class on the class path (tested
 *       with a seed whose constant was changed while the original seed jar is on the class path).</li>
 *   <li>Error lines and columns are 1-based positions in the candidate's own text (columns count
 *       characters; javac's own column would expand tabs).</li>
 *   <li>Debug info is always on ({@code -g}; Janino: lines, vars, source) for stack traces and the
 *       bytecode policy.</li>
 * </ul>
 *
 * <h2>Strategy: Janino first, javac when Janino fails (measured, kept)</h2>
 * Janino 3.1.12 compiles all three GLASS seeds (nested classes, arrays, the contract and kernel
 * calls) and Vector API code, 2–8× faster than warm javac. It cannot compile, measured in
 * {@code LanguageFeatureTest}: lambdas and method references ("NYI"), {@code var}, switch
 * expressions, records, pattern-matching {@code instanceof}, generics whose erased type matters
 * ({@code map.get(k).length}, {@code Collections.max(list) + 1}), anonymous classes implementing
 * a generic interface ({@code new Comparator<int[]>() {...}}: no bridge method) and anonymous
 * classes capturing effectively-final (not declared {@code final}) locals. For those it fails
 * fast (0.5–6 ms, usually at parse time or at the first such construct) and javac takes over, so
 * the default strategy costs about what javac alone costs; the result records both times
 * ({@code nanos}, {@code janinoNanos}) and Janino's first error ({@code janinoFailure}).
 * The saving is ~10 ms per candidate, small next to a benchmark run; {@code Strategy.JDK_ONLY}
 * is the choice if Janino's deviations (below) ever matter more than that.
 *
 * <h2>Measurements</h2>
 * {@code CompileTimings.main} (test sources), 2-core VM, ms per compile, median of 30–40 after
 * 40–60 warm-up compiles, best median of three runs (the machine is shared; single runs vary up
 * to 2×). jdk = this package's javac path (reused file manager); cc-jdk = commons-compiler-jdk's
 * {@code Compiler}; janino-fail = Janino rejecting the seed with one lambda field added;
 * auto+lambda = that source under the default strategy (Janino's failure + javac).
 * <pre>
 *                     janino   jdk   cc-jdk  janino-fail  auto+lambda
 * JDK 17.0.15
 *   HnswConstruction    7.9   18.8    29.7       4.5         19.6
 *   HnswSearch          2.6   11.8    21.8       0.9         16.4
 *   ExactRerank         1.0    8.5    17.9       0.5          9.2
 * JDK 25.0.3
 *   HnswConstruction    6.8   17.3    24.3       1.4         16.0
 *   HnswSearch          2.4   10.5    19.5       0.8         11.8
 *   ExactRerank         0.9    7.0    16.0       0.5          9.0
 * </pre>
 * First compile in a fresh JVM and instance (HnswSearch): Janino 270–360 ms, javac 470–560 ms
 * (class loading and JIT of the compilers themselves).
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>javac through {@code javax.tools}, not commons-compiler-jdk.</b> commons-compiler-jdk
 *       can pass {@code --add-modules} and {@code -classpath} (via {@code setCompilerOptions}), but
 *       it closes its file manager after every compile and binds the class-file creator into it,
 *       so the JDK-image and jar listings are rebuilt each time (cc-jdk column: +6–12 ms); its
 *       error handler gets {@code Diagnostic.toString()} with a {@code short} line and no usable
 *       column, and without a handler it stops at the first error. Using javax.tools directly
 *       keeps one {@code StandardJavaFileManager} per instance and every diagnostic with its
 *       position.</li>
 *   <li><b>Janino through {@code org.codehaus.janino.Compiler}</b> (the {@code ICompiler}
 *       implementation) with a {@code MapResourceCreator}, not {@code SimpleCompiler}, which
 *       resolves referenced classes by loading them through a {@code ClassLoader}. The parent
 *       {@code IClassLoader} is a {@code ResourceFinderIClassLoader} shared across compiles of an
 *       instance (parsing {@code java.lang} and friends is most of a cold Janino compile), over
 *       an index of the boot layer's packages (Janino's default scans every system module by
 *       {@code jrt:} URL per lookup) and the class path.</li>
 *   <li><b>Class-file version: the running JDK's</b> for both (javac's default; Janino is set to
 *       {@code Runtime.version().feature()}, because its default, 6, rejects calls of static
 *       interface methods such as {@code List.of}). The worker that loads the classes runs on the
 *       same JDK. Janino's seed output was checked to load and verify on JDK 17 and 25.</li>
 *   <li><b>No {@code --release}</b>: release mode hides incubator modules. {@code --add-modules
 *       jdk.incubator.vector} is passed exactly when this JVM's boot layer has the module, and
 *       Janino sees exactly the boot layer's modules, so both compilers agree on what exists.</li>
 *   <li><b>Class path</b>: the caller's {@code java.class.path}, following jar-manifest
 *       {@code Class-Path} entries (javac does, Janino does not), or an explicit list.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>Janino's class files differ from javac's: private fields used by nested classes become
 *       package-private and private instance methods of nested classes become static
 *       {@code name$(self, ...)} methods (no nestmates); stack traces show those names. It checks
 *       generics only loosely (erasure), so it may accept code javac would reject; the JVM's
 *       verifier still checks the bytecode when the worker loads it.</li>
 *   <li>What a candidate may reference is not restricted here (it sees the whole class path);
 *       that is {@code io.crinn4j.sandbox.check}'s job.</li>
 *   <li>A compile cannot be interrupted or time-limited (javac is not interruptible). Absurdly
 *       nested sources exhaust the calling thread's stack; both compilers then fail cleanly with
 *       "nested too deeply" and the instance recovers, but the exact depth limit depends on the
 *       caller's stack size.</li>
 *   <li>Needs a JDK (module {@code jdk.compiler}) for the javac path; on a JRE every Janino
 *       failure becomes a "no system Java compiler" error.</li>
 * </ul>
 */
package io.crinn4j.sandbox.compile;
