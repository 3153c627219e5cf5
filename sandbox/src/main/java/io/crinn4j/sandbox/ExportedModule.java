package io.crinn4j.sandbox;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.check.BytecodePolicy;
import io.crinn4j.sandbox.check.SourceCheck;
import io.crinn4j.sandbox.check.SourcePolicy;
import io.crinn4j.sandbox.check.SourceRelocator;
import io.crinn4j.sandbox.check.Violation;
import io.crinn4j.sandbox.compile.CandidateCompiler;
import io.crinn4j.sandbox.compile.CompileResult;
import java.util.List;
import java.util.Map;

/**
 * One module of a set compiled for an exported library ({@code crinn export}): the sandbox's
 * source policy checked again (the code passed it when it was measured; a campaign folder edited
 * since must not slip past), the source moved to a package of its own ({@link #compile}'s
 * {@code packageName}), compiled as the sandbox compiles candidates — Janino first, javac when
 * Janino cannot, with debug information — but for Java {@value #RELEASE}, and the class files
 * checked against the bytecode policy. The agent reaches the sandbox's checks and compiler through
 * this one face.
 *
 * <p>Why the sandbox's compiler and not always javac: the bytecode a campaign measured is then the
 * bytecode that ships. javac's and Janino's class files for the same source differ, and so can what
 * the JIT makes of them; in paired verifications of one LLM-written search module on bigann10k the
 * javac build measured 0.855-1.004 of the campaign's Janino build (mean 0.94 over five exports),
 * the Janino build 0.947-0.999 — noise on a loaded machine, but nothing to gain by shipping other
 * bytecode than was measured.
 *
 * @param binaryName the module's class in its new package
 * @param sourceHash the normalized hash of the source as measured ({@link SourceRules#hash}), before the move:
 *                   the identity campaigns know the module by
 * @param source     the moved source, as compiled (ships in the jar for review)
 * @param classes    class files by binary name
 * @param compiler   {@code janino} or {@code jdk}: the one the sandbox uses for this source, so the bytecode that
 *                   ships is the bytecode that was measured (only the package and the class-file version differ)
 */
public record ExportedModule(ModuleKind kind, String binaryName, String sourceHash, String source, Map<String, byte[]> classes,
                             String compiler) {

    /** The class-file version an export writes: the oldest JDK crinn4j supports, whatever JDK exports. */
    public static final int RELEASE = 17;

    public ExportedModule {
        classes = Map.copyOf(classes);
    }

    /**
     * Checks, moves to {@code packageName} and compiles {@code source} as the {@code kind} module.
     *
     * @throws IllegalArgumentException naming the module and the rule, compiler error or bytecode violation, when it fails
     */
    public static ExportedModule compile(ModuleKind kind, String source, String packageName) {
        try (CandidateCompiler javac = newCompiler()) {
            return compile(kind, source, packageName, javac);
        }
    }

    /**
     * The three modules of {@code set}, each in package {@code <packagePrefix>.<module>} (e.g.
     * {@code io.crinn4j.exported.search}), so no two can collide; one compiler for the three.
     */
    public static Map<ModuleKind, ExportedModule> compile(ModuleSources set, String packagePrefix) {
        Map<ModuleKind, ExportedModule> out = new java.util.EnumMap<>(ModuleKind.class);
        try (CandidateCompiler javac = newCompiler()) {
            for (ModuleKind k : ModuleKind.values()) {
                out.put(k, compile(k, set.get(k), packagePrefix + "." + k.cliName(), javac));
            }
        }
        return out;
    }

    /** The sandbox's own strategy (Janino, javac when Janino cannot), writing Java 17 class files. */
    private static CandidateCompiler newCompiler() {
        return new CandidateCompiler(CandidateCompiler.Strategy.JANINO_THEN_JDK, CandidateCompiler.callerClassPath(), RELEASE);
    }

    private static ExportedModule compile(ModuleKind kind, String source, String packageName, CandidateCompiler javac) {
        SourceCheck check = SourcePolicy.check(source, kind);
        if (!check.ok()) {
            throw new IllegalArgumentException("the " + kind.cliName() + " module fails the sandbox's checks: " + firstLines(check.feedback()));
        }
        String moved = SourceRelocator.relocate(source, packageName);
        String binary = packageName + "." + check.simpleName();
        CompileResult r = javac.compile(moved, binary);
        if (!r.ok()) {
            throw new IllegalArgumentException("the " + kind.cliName() + " module does not compile in package " + packageName + ": "
                    + firstLines(r.feedback()));
        }
        List<Violation> bad = BytecodePolicy.check(r.classes());
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("the " + kind.cliName() + " module's class files break the sandbox's rules: " + bad.get(0).describe());
        }
        return new ExportedModule(kind, binary, SourceRules.hash(source), moved, r.classes(), r.compiler());
    }

    private static String firstLines(String s) {
        String[] lines = String.valueOf(s).strip().split("\n");
        return lines.length <= 3 ? String.join(" / ", lines) : String.join(" / ", java.util.Arrays.copyOf(lines, 3)) + " / ...";
    }
}
