package io.crinn4j.sandbox.check;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.AnnotationDeclaration;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.TypePatternExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.TypeParameter;
import io.crinn4j.contract.ModuleKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Layer 1: checks one candidate source file against the module contract and {@link ClassPolicy},
 * syntactically, with JavaParser at language level Java 17. Unicode escapes are processed first,
 * exactly as javac does, so an escaped letter in {@code System} or an escaped line feed that ends
 * a {@code //} comment cannot hide code.
 *
 * <p>Names are resolved without a symbol solver, in javac's order: type parameters and types
 * declared in the file, single-type imports, {@code java.lang} and the on-demand imports (probed
 * with {@code Class.forName(name, false, platformLoader)}, which loads nothing and runs no code),
 * then fully qualified names ({@code java.nio.file.Files.readAllBytes(..)}, recognised by the
 * lower-case package prefix). A simple name that resolves to none of these (a class of the same
 * package, a member type inherited from an interface) is let through: the bytecode layer sees the
 * exact class. Known limits, all backed by {@link BytecodePolicy}:
 * <ul>
 *   <li>the type of an expression is never inferred, so {@code var x = helper();} or a chained call
 *       on an allowed type that returns a forbidden one is invisible; member bans on such
 *       receivers are applied by name only ({@code getClass}, {@code wait}, {@code parallelStream},
 *       {@code getDeclaredField}, ...; see {@link ClassPolicy#receiverIndependentBan}), and not when
 *       the file declares a method of the same name;</li>
 *   <li>variable scoping is approximate (a local declared anywhere in an enclosing block, a field
 *       of an enclosing class or of its superclass in the same file): a local named like a
 *       class can mask a qualified call to that class;</li>
 *   <li>nested classes are recognised by the Java naming convention (upper-case first letter
 *       followed by a lower-case letter somewhere: {@code Map.Entry}, not {@code Integer.MAX_VALUE}).</li>
 * </ul>
 *
 * <p>Rule ids: the {@link ClassPolicy} categories ({@code no-io}, {@code no-network},
 * {@code no-reflection}, {@code no-threads}, {@code no-process}, {@code no-exit},
 * {@code no-environment}, {@code no-timing}, {@code no-console}, {@code no-native},
 * {@code no-internal-api}, {@code no-finalizer}, {@code banned-class}, {@code banned-member})
 * plus the constants below. Findings are deduplicated per rule and line, sorted by line and
 * capped at {@link Violations#MAX}.
 *
 * <p>The check is pure, thread-safe and takes about 10 ms for a seed file once warm.
 */
public final class SourcePolicy {

    /** Longer sources are refused before parsing. */
    public static final int MAX_SOURCE_CHARS = 200_000;
    /** Longest code excerpt in a violation. */
    public static final int MAX_CODE_CHARS = 120;


    private static final Map<String, Boolean> PROBES = new ConcurrentHashMap<>();

    private SourcePolicy() {
    }

    /** The parser configuration every layer uses: Java 17, unicode escapes processed as javac does. */
    static ParserConfiguration parserConfiguration(boolean comments) {
        return new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                .setPreprocessUnicodeEscapes(true)
                .setStoreTokens(true)
                .setAttributeComments(comments);
    }

    /** Parses; returns the unit or a parse error (never throws on bad input). */
    static ParseOutcome parse(String source) {
        return parse(source, true);
    }

    /** Parses, keeping comments in the tree or not; returns the unit or a parse error (never throws on bad input). */
    static ParseOutcome parse(String source, boolean comments) {
        if (source == null || source.isBlank()) {
            return new ParseOutcome(null, new SourceCheck.ParseError("the source is empty", 0, 0));
        }
        try {
            ParseResult<CompilationUnit> r = new JavaParser(parserConfiguration(comments)).parse(source);
            if (r.isSuccessful() && r.getResult().isPresent()) {
                return new ParseOutcome(r.getResult().get(), null);
            }
            if (r.getProblems().isEmpty()) {
                return new ParseOutcome(null, new SourceCheck.ParseError("the source does not parse", 0, 0));
            }
            Problem p = r.getProblem(0);
            int line = 0;
            int col = 0;
            Optional<com.github.javaparser.Position> pos = p.getLocation().flatMap(l -> l.toRange()).map(rg -> rg.begin);
            if (pos.isPresent()) {
                line = pos.get().line;
                col = pos.get().column;
            }
            return new ParseOutcome(null, new SourceCheck.ParseError(shortMessage(p.getMessage()), line, col));
        } catch (StackOverflowError e) {
            return new ParseOutcome(null, new SourceCheck.ParseError("the source is nested too deeply to analyse", 0, 0));
        } catch (RuntimeException e) {
            return new ParseOutcome(null, new SourceCheck.ParseError("the parser failed: " + e, 0, 0));
        }
    }

    record ParseOutcome(CompilationUnit unit, SourceCheck.ParseError error) {
    }

    /**
     * Checks {@code source} as a candidate for module {@code kind}. Never throws on bad input:
     * unparsable text gives a {@link SourceCheck.ParseError}, everything else a list of
     * violations (empty when the candidate may be compiled).
     */
    public static SourceCheck check(String source, ModuleKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (source != null && source.length() > MAX_SOURCE_CHARS) {
            return new SourceCheck(null, List.of(new Violation(Rules.SOURCE_TOO_LARGE, 0, "",
                    "the source has " + source.length() + " characters; at most " + MAX_SOURCE_CHARS + " are accepted")),
                    null, null, null);
        }
        ParseOutcome p = parse(source);
        if (p.error() != null) {
            return SourceCheck.parseFailure(p.error());
        }
        try {
            return new Checker(source, p.unit(), kind).run();
        } catch (StackOverflowError e) {
            return SourceCheck.parseFailure(new SourceCheck.ParseError("the source is nested too deeply to analyse", 0, 0));
        } catch (RuntimeException e) {
            // A bug of this checker on odd input must refuse the candidate, not crash the caller.
            return new SourceCheck(null, List.of(new Violation(Rules.CHECK_FAILED, 0, "", "the source policy check failed on "
                    + "this source (" + e + "); simplify the code")), null, null, null);
        }
    }

    private static String shortMessage(String m) {
        if (m == null) {
            return "parse error";
        }
        String s = m;
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl);
        }
        int exp = s.indexOf(", expected one of");
        if (exp >= 0) {
            String[] alts = s.substring(exp + ", expected one of".length()).trim().split("\\s+");
            s = s.substring(0, exp) + ", expected one of " + String.join(" ", Arrays.copyOf(alts, Math.min(8, alts.length)))
                    + (alts.length > 8 ? " ..." : "");
        }
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }

    /** One check of one file. */
    private static final class Checker {
        private final String[] lines;
        private final CompilationUnit cu;
        private final ModuleKind kind;
        private final List<Violation> out = new ArrayList<>();

        private String pkg = "";
        private final Map<String, String> singleImports = new HashMap<>();
        private final List<String> wildcardPackages = new ArrayList<>();
        private final Set<String> ownTypes = new HashSet<>();
        private final Map<String, TypeDeclaration<?>> ownTypeDecls = new HashMap<>();
        private final Set<String> typeParams = new HashSet<>();
        private final Set<String> declaredMethods = new HashSet<>();
        /** Every variable, parameter, field, pattern and enum-constant name declared anywhere in the file. */
        private final Set<String> variableNames = new HashSet<>();
        private String ownTopBinary;

        Checker(String source, CompilationUnit cu, ModuleKind kind) {
            this.lines = source.split("\r\n|\r|\n", -1);
            this.cu = cu;
            this.kind = kind;
        }

        SourceCheck run() {
            pkg = cu.getPackageDeclaration().map(d -> d.getNameAsString()).orElse("");
            for (TypeDeclaration<?> t : cu.findAll(TypeDeclaration.class)) {
                ownTypes.add(t.getNameAsString());
                ownTypeDecls.putIfAbsent(t.getNameAsString(), t);
            }
            for (TypeParameter tp : cu.findAll(TypeParameter.class)) {
                typeParams.add(tp.getNameAsString());
            }
            for (MethodDeclaration m : cu.findAll(MethodDeclaration.class)) {
                declaredMethods.add(m.getNameAsString());
            }
            cu.findAll(VariableDeclarator.class).forEach(v -> variableNames.add(v.getNameAsString()));
            cu.findAll(Parameter.class).forEach(v -> variableNames.add(v.getNameAsString()));
            cu.findAll(TypePatternExpr.class).forEach(v -> variableNames.add(v.getNameAsString()));
            cu.findAll(EnumConstantDeclaration.class).forEach(v -> variableNames.add(v.getNameAsString()));

            checkPackage();
            TypeDeclaration<?> primary = checkTopLevel();
            if (primary != null) {
                ownTopBinary = (pkg.isEmpty() ? "" : pkg + ".") + primary.getNameAsString();
            }
            checkImports();
            if (primary != null) {
                checkModuleClass(primary);
            }
            checkTypes();
            checkAnnotations();
            checkNameChains();
            checkMethodCalls();
            checkMethodReferences();
            checkDeclarations();

            String simple = primary == null ? null : primary.getNameAsString();
            return new SourceCheck(null, finish(), pkg, simple, ownTopBinary);
        }

        // ---- structure ------------------------------------------------------------------

        private void checkPackage() {
            cu.getPackageDeclaration().ifPresent(d -> {
                String reason = ClassPolicy.reservedPackageReason(d.getNameAsString());
                if (reason != null) {
                    add(Rules.PACKAGE_NOT_ALLOWED, d, reason);
                }
            });
        }

        private TypeDeclaration<?> checkTopLevel() {
            NodeList<TypeDeclaration<?>> types = cu.getTypes();
            String contract = kind.contract().getSimpleName();
            if (types.isEmpty()) {
                add(Rules.SINGLE_TOP_LEVEL_TYPE, null, "the file declares no type; it must declare exactly one public class "
                        + "implementing " + contract);
                return null;
            }
            TypeDeclaration<?> primary = null;
            for (TypeDeclaration<?> t : types) {
                if (primary == null && t.isPublic() && t instanceof ClassOrInterfaceDeclaration
                        && !((ClassOrInterfaceDeclaration) t).isInterface()) {
                    primary = t;
                }
            }
            if (primary == null) {
                primary = types.get(0);
            }
            if (types.size() > 1) {
                for (TypeDeclaration<?> t : types) {
                    if (t != primary) {
                        add(Rules.SINGLE_TOP_LEVEL_TYPE, t, "the file must declare exactly one top-level type, the public module "
                                + "class; make '" + t.getNameAsString() + "' a (static) nested class of "
                                + primary.getNameAsString());
                    }
                }
            }
            return primary;
        }

        private void checkModuleClass(TypeDeclaration<?> t) {
            String contract = kind.contract().getName();
            String name = t.getNameAsString();
            if (!(t instanceof ClassOrInterfaceDeclaration) || ((ClassOrInterfaceDeclaration) t).isInterface()) {
                String what = t instanceof EnumDeclaration ? "an enum" : t instanceof RecordDeclaration ? "a record"
                        : t instanceof AnnotationDeclaration ? "an annotation" : "an interface";
                add(Rules.MODULE_CLASS, t, "'" + name + "' is " + what + "; the module must be a public class implementing "
                        + contract);
                return;
            }
            ClassOrInterfaceDeclaration c = (ClassOrInterfaceDeclaration) t;
            if (!c.isPublic() || c.isAbstract()) {
                add(Rules.MODULE_CLASS, c, "class " + name + " must be public and not abstract (the harness instantiates it "
                        + "by name): declare it 'public final class " + name + " implements "
                        + kind.contract().getSimpleName() + "'");
            }
            boolean found = false;
            List<String> others = new ArrayList<>();
            for (ClassOrInterfaceType it : c.getImplementedTypes()) {
                String named = typeName(it);
                if (namesContract(named, kind.contract())) {
                    found = true;
                } else {
                    for (ModuleKind k : ModuleKind.values()) {
                        if (k != kind && namesContract(named, k.contract())) {
                            others.add(k.contract().getSimpleName() + " (the " + k + " contract)");
                        }
                    }
                }
            }
            if (!found) {
                if (!others.isEmpty()) {
                    add(Rules.WRONG_INTERFACE, c, "this candidate is evaluated as the " + kind + " module and must implement "
                            + contract + ", but " + name + " implements " + String.join(", ", others));
                } else {
                    add(Rules.MISSING_INTERFACE, c, "class " + name + " must implement " + contract + " (import it, "
                            + "and declare 'implements " + kind.contract().getSimpleName() + "' directly on this class)");
                }
            }
            List<ConstructorDeclaration> ctors = c.getConstructors();
            if (!ctors.isEmpty()) {
                boolean ok = false;
                for (ConstructorDeclaration k : ctors) {
                    if (k.getParameters().isEmpty() && k.isPublic()) {
                        ok = true;
                    }
                }
                if (!ok) {
                    add(Rules.NO_ARG_CONSTRUCTOR, ctors.get(0), "the harness creates the module with a public no-argument "
                            + "constructor; add 'public " + name + "() {}' (tunables belong in constants, not constructor arguments)");
                }
            }
        }

        private boolean namesContract(String named, Class<?> contract) {
            if (named.equals(contract.getName())) {
                return true;
            }
            if (!named.equals(contract.getSimpleName())) {
                return false;
            }
            if (ownTypes.contains(named)) {
                return false;
            }
            String imported = singleImports.get(named);
            if (imported != null) {
                return imported.equals(contract.getName());
            }
            String cpkg = contract.getPackageName();
            return wildcardPackages.contains(cpkg) || pkg.equals(cpkg);
        }

        // ---- imports --------------------------------------------------------------------

        private void checkImports() {
            for (ImportDeclaration imp : cu.getImports()) {
                String name = imp.getNameAsString();
                if (!imp.isStatic() && !imp.isAsterisk()) {
                    String binary = toBinary(name);
                    singleImports.put(name.substring(name.lastIndexOf('.') + 1), binary);
                    ClassPolicy.Ban b = ClassPolicy.classBan(binary);
                    if (b != null) {
                        add(Rules.IMPORT_NOT_ALLOWED, imp, b.reason());
                    }
                } else if (!imp.isStatic()) {
                    String last = name.substring(name.lastIndexOf('.') + 1);
                    if (startsUpper(last)) {
                        // import p.Outer.*; brings Outer's member types.
                        ClassPolicy.Ban b = ClassPolicy.classBan(toBinary(name));
                        if (b != null) {
                            add(Rules.IMPORT_NOT_ALLOWED, imp, "import " + name + ".*: " + b.reason());
                        }
                    } else {
                        wildcardPackages.add(name);
                        if (!ClassPolicy.isAllowedWildcardPackage(name)) {
                            String rule = ClassPolicy.packageRule(name);
                            add(Rules.IMPORT_NOT_ALLOWED, imp, "import " + name + ".*: package " + name + " is not allowed: "
                                    + Rules.reason(rule));
                        }
                    }
                } else {
                    String owner = imp.isAsterisk() ? name : name.substring(0, Math.max(0, name.lastIndexOf('.')));
                    String ownerBinary = toBinary(owner);
                    ClassPolicy.Ban b = ClassPolicy.classBan(ownerBinary);
                    if (b != null) {
                        add(Rules.IMPORT_NOT_ALLOWED, imp, "import static " + name + (imp.isAsterisk() ? ".*" : "") + ": " + b.reason());
                    } else if (imp.isAsterisk()) {
                        if (ClassPolicy.hasRestrictedMembers(ownerBinary)) {
                            add(Rules.IMPORT_NOT_ALLOWED, imp, "import static " + name + ".*: " + simpleOf(ownerBinary)
                                    + " has forbidden members; import the allowed ones one by one");
                        }
                    } else {
                        String member = name.substring(name.lastIndexOf('.') + 1);
                        ClassPolicy.Ban mb = ClassPolicy.memberBan(ownerBinary, member);
                        if (mb != null) {
                            add(Rules.IMPORT_NOT_ALLOWED, imp, "import static " + name + ": " + mb.reason());
                        }
                    }
                }
            }
        }

        // ---- every type named ------------------------------------------------------------

        private void checkTypes() {
            for (ClassOrInterfaceType t : cu.findAll(ClassOrInterfaceType.class)) {
                Node parent = t.getParentNode().orElse(null);
                if (parent instanceof ClassOrInterfaceType && ((ClassOrInterfaceType) parent).getScope().orElse(null) == t) {
                    continue; // the outer part of a qualified type; checked with the whole name
                }
                if (parent instanceof ImportDeclaration) {
                    continue;
                }
                checkTypeName(segments(t), t);
            }
        }

        private void checkAnnotations() {
            for (AnnotationExpr a : cu.findAll(AnnotationExpr.class)) {
                checkTypeName(Arrays.asList(a.getNameAsString().split("\\.")), a);
            }
        }

        private void checkTypeName(List<String> segs, Node at) {
            Resolved r = resolve(segs, at, true);
            if (r == null || r.own) {
                return;
            }
            ClassPolicy.Ban b = ClassPolicy.classBan(r.binary);
            if (b != null) {
                add(b.rule(), at, b.reason());
            }
        }

        // ---- qualified names in expressions: System.exit, java.nio.file.Files.x, System.out ----

        private void checkNameChains() {
            for (NameExpr n : cu.findAll(NameExpr.class)) {
                Node top = n;
                List<String> segs = new ArrayList<>();
                segs.add(n.getNameAsString());
                while (top.getParentNode().orElse(null) instanceof FieldAccessExpr
                        && ((FieldAccessExpr) top.getParentNode().get()).getScope() == top) {
                    top = top.getParentNode().get();
                    segs.add(((FieldAccessExpr) top).getNameAsString());
                }
                Node parent = top.getParentNode().orElse(null);
                Node report = top;
                if (parent instanceof MethodCallExpr && ((MethodCallExpr) parent).getScope().orElse(null) == top) {
                    segs.add(((MethodCallExpr) parent).getNameAsString());
                    report = parent;
                } else if (parent instanceof MethodReferenceExpr && ((MethodReferenceExpr) parent).getScope() == top) {
                    segs.add(((MethodReferenceExpr) parent).getIdentifier());
                    report = parent;
                }
                if (segs.size() < 2) {
                    continue;
                }
                Resolved r = resolve(segs, n, false);
                if (r == null || r.own) {
                    continue;
                }
                ClassPolicy.Ban b = ClassPolicy.classBan(r.binary);
                if (b == null && r.consumed < segs.size()) {
                    b = ClassPolicy.memberBan(r.binary, segs.get(r.consumed));
                }
                if (b != null) {
                    add(b.rule(), report, b.reason());
                }
            }
        }

        /** Member names that are refused whatever the receiver (unless the file declares a method of that name). */
        private void checkMethodCalls() {
            for (MethodCallExpr m : cu.findAll(MethodCallExpr.class)) {
                String name = m.getNameAsString();
                if (declaredMethods.contains(name)) {
                    continue;
                }
                ClassPolicy.Ban b = ClassPolicy.receiverIndependentBan(name);
                if (b != null) {
                    add(b.rule(), m, b.reason());
                }
            }
        }

        private void checkMethodReferences() {
            for (MethodReferenceExpr m : cu.findAll(MethodReferenceExpr.class)) {
                String id = m.getIdentifier();
                if (m.getScope() instanceof TypeExpr && ((TypeExpr) m.getScope()).getType() instanceof ClassOrInterfaceType) {
                    List<String> segs = segments((ClassOrInterfaceType) ((TypeExpr) m.getScope()).getType());
                    Resolved r = resolve(segs, m, true);
                    if (r != null && !r.own && ClassPolicy.classBan(r.binary) == null && !id.equals("new")) {
                        ClassPolicy.Ban b = ClassPolicy.memberBan(r.binary, id);
                        if (b != null) {
                            add(b.rule(), m, b.reason());
                        }
                    }
                }
                if (!id.equals("new") && !declaredMethods.contains(id)) {
                    ClassPolicy.Ban b = ClassPolicy.receiverIndependentBan(id);
                    if (b != null) {
                        add(b.rule(), m, b.reason());
                    }
                }
            }
        }

        // ---- declarations: static state, native, synchronized, finalize -------------------

        private void checkDeclarations() {
            for (FieldDeclaration f : cu.findAll(FieldDeclaration.class)) {
                Node owner = f.getParentNode().orElse(null);
                boolean implicit = (owner instanceof ClassOrInterfaceDeclaration && ((ClassOrInterfaceDeclaration) owner).isInterface())
                        || owner instanceof AnnotationDeclaration;
                boolean isStatic = f.isStatic() || implicit;
                boolean isFinal = f.isFinal() || implicit;
                if (isStatic) {
                    for (VariableDeclarator v : f.getVariables()) {
                        if (!isFinal) {
                            add(Rules.STATIC_MUTABLE_STATE, f, "static field '" + v.getNameAsString() + "' is not final. "
                                    + staticStateAdvice());
                        } else if (!allowedStaticFinalType(v.getType(), f)) {
                            add(Rules.STATIC_MUTABLE_STATE, f, "static final field '" + v.getNameAsString() + "' has type "
                                    + v.getType().asString() + ", whose contents can change. " + staticStateAdvice());
                        }
                    }
                } else if (owner instanceof EnumDeclaration || owner instanceof EnumConstantDeclaration) {
                    // Enum constants are global singletons: their fields are static state in disguise.
                    for (VariableDeclarator v : f.getVariables()) {
                        if (!isFinal || !allowedStaticFinalType(v.getType(), f)) {
                            add(Rules.STATIC_MUTABLE_STATE, f, "enum field '" + v.getNameAsString() + "' must be a final "
                                    + "primitive, boxed or String value: enum constants are global singletons. "
                                    + staticStateAdvice());
                        }
                    }
                }
            }
            for (MethodDeclaration m : cu.findAll(MethodDeclaration.class)) {
                if (m.isNative()) {
                    add(Rules.NO_NATIVE, m, "native method " + m.getNameAsString() + ": "
                            + Rules.reason(Rules.NO_NATIVE));
                }
                if (m.isSynchronized()) {
                    add(Rules.NO_SYNCHRONIZED, m, synchronizedAdvice());
                }
                if (m.getNameAsString().equals("finalize") && m.getParameters().isEmpty()) {
                    add(Rules.NO_FINALIZER, m, "finalize() is not allowed: finalizers run on a GC thread at "
                            + "unpredictable times; release nothing, just drop references");
                }
            }
            for (SynchronizedStmt s : cu.findAll(SynchronizedStmt.class)) {
                add(Rules.NO_SYNCHRONIZED, s, synchronizedAdvice());
            }
        }

        private static String staticStateAdvice() {
            return "State that survives between queries or index builds is forbidden (results must not depend on "
                    + "query order or earlier runs). Allowed: 'static final' constants of primitive, boxed or String type "
                    + "(e.g. static final int M = 16;); keep arrays, collections and caches in instance fields of the "
                    + "module or of its per-thread Searcher/Refiner.";
        }

        private static String synchronizedAdvice() {
            return "'synchronized' is not allowed: each searcher/refiner is used by one thread and the module is "
                    + "read-only after prepare, so locking is pointless and can only stall the benchmark";
        }

        private boolean allowedStaticFinalType(Type t, Node at) {
            if (t.isPrimitiveType()) {
                return true;
            }
            if (!(t instanceof ClassOrInterfaceType)) {
                return false; // arrays, var, ...
            }
            List<String> segs = segments((ClassOrInterfaceType) t);
            Resolved r = resolve(segs, at, true);
            if (r != null && !r.own) {
                return ClassPolicy.isAllowedStaticFinalType(r.binary);
            }
            if (r == null && wildcardPackages.contains("jdk.incubator.vector")) {
                return ClassPolicy.isAllowedStaticFinalType("jdk.incubator.vector." + String.join("$", segs));
            }
            return false;
        }

        // ---- name resolution ------------------------------------------------------------

        /** A resolved class and how many leading segments named it (the rest are members). */
        private record Resolved(String binary, int consumed, boolean own) {
        }

        /**
         * Resolves the leading segments of a dotted name to a class. For an expression chain
         * ({@code allTypes == false}) the chain must not start with a variable in scope, and
         * nested classes are recognised by naming convention.
         */
        private Resolved resolve(List<String> segs, Node at, boolean allTypes) {
            String s0 = segs.get(0);
            if (typeParams.contains(s0) || ownTypes.contains(s0)) {
                if (!allTypes && isVariableInScope(s0, at)) {
                    return null;
                }
                return new Resolved(null, 1, true);
            }
            String base = resolveSimple(s0);
            int consumed;
            if (base != null) {
                consumed = 1;
            } else if (!startsUpper(s0) && Character.isJavaIdentifierStart(s0.charAt(0))
                    && (allTypes || !variableNames.contains(s0))) {
                // A fully qualified name; in an expression only when s0 is no variable of this file,
                // so an imperfect scope analysis cannot turn 'config.Threshold' into a package.
                int i = 1;
                while (i < segs.size() && !startsUpper(segs.get(i))) {
                    i++;
                }
                if (i >= segs.size() || (!allTypes && i == segs.size() - 1 && !isTypeLike(segs.get(i)))) {
                    return null;
                }
                base = String.join(".", segs.subList(0, i)) + "." + segs.get(i);
                consumed = i + 1;
            } else {
                return null;
            }
            while (consumed < segs.size() && (allTypes || isTypeLike(segs.get(consumed)))) {
                base = base + "$" + segs.get(consumed);
                consumed++;
            }
            if (!allTypes && isVariableInScope(s0, at)) {
                return null;
            }
            if (ownTopBinary != null && (base.equals(ownTopBinary) || base.startsWith(ownTopBinary + "$"))) {
                return new Resolved(base, consumed, true);
            }
            return new Resolved(base, consumed, false);
        }

        /** A simple type name: single import, java.lang, or an on-demand import; null when unknown. */
        private String resolveSimple(String s) {
            String imported = singleImports.get(s);
            if (imported != null) {
                return imported;
            }
            if (!startsUpper(s)) {
                return null;
            }
            if (probe("java.lang", s)) {
                return "java.lang." + s;
            }
            for (String p : wildcardPackages) {
                if (p.equals("jdk.incubator.vector") && (s.startsWith("Vector") || s.endsWith("Vector"))) {
                    return p + "." + s;
                }
                if (probe(p, s)) {
                    return p + "." + s;
                }
            }
            return null;
        }

        private boolean isVariableInScope(String name, Node at) {
            for (Node cur = at; cur != null; cur = cur.getParentNode().orElse(null)) {
                if (cur instanceof BlockStmt) {
                    if (declaresLocal(((BlockStmt) cur).getStatements(), name)) {
                        return true;
                    }
                } else if (cur instanceof SwitchEntry) {
                    if (declaresLocal(((SwitchEntry) cur).getStatements(), name)) {
                        return true;
                    }
                } else if (cur instanceof ForStmt) {
                    for (Expression e : ((ForStmt) cur).getInitialization()) {
                        if (declares(e, name)) {
                            return true;
                        }
                    }
                } else if (cur instanceof ForEachStmt) {
                    if (declares(((ForEachStmt) cur).getVariable(), name)) {
                        return true;
                    }
                } else if (cur instanceof TryStmt) {
                    for (Expression e : ((TryStmt) cur).getResources()) {
                        if (declares(e, name)) {
                            return true;
                        }
                    }
                } else if (cur instanceof CatchClause) {
                    if (((CatchClause) cur).getParameter().getNameAsString().equals(name)) {
                        return true;
                    }
                } else if (cur instanceof LambdaExpr) {
                    if (hasParameter(((LambdaExpr) cur).getParameters(), name)) {
                        return true;
                    }
                } else if (cur instanceof ObjectCreationExpr) {
                    Optional<NodeList<BodyDeclaration<?>>> body = ((ObjectCreationExpr) cur).getAnonymousClassBody();
                    if (body.isPresent() && hasField(body.get(), name)) {
                        return true;
                    }
                } else if (cur instanceof TypeDeclaration) {
                    if (typeDeclaresVariable((TypeDeclaration<?>) cur, name, 0)) {
                        return true;
                    }
                }
                if (cur instanceof CallableDeclaration && hasParameter(((CallableDeclaration<?>) cur).getParameters(), name)) {
                    return true;
                }
                if (cur instanceof BodyDeclaration && !(cur instanceof TypeDeclaration)) {
                    for (TypePatternExpr p : cur.findAll(TypePatternExpr.class)) {
                        if (p.getNameAsString().equals(name)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private boolean typeDeclaresVariable(TypeDeclaration<?> t, String name, int depth) {
            if (hasField(t.getMembers(), name)) {
                return true;
            }
            if (t instanceof EnumDeclaration) {
                for (EnumConstantDeclaration c : ((EnumDeclaration) t).getEntries()) {
                    if (c.getNameAsString().equals(name)) {
                        return true;
                    }
                }
            }
            if (t instanceof RecordDeclaration && hasParameter(((RecordDeclaration) t).getParameters(), name)) {
                return true;
            }
            if (depth < 8 && t instanceof ClassOrInterfaceDeclaration) {
                for (ClassOrInterfaceType sup : ((ClassOrInterfaceDeclaration) t).getExtendedTypes()) {
                    TypeDeclaration<?> s = ownTypeDecls.get(sup.getNameAsString());
                    if (s != null && s != t && typeDeclaresVariable(s, name, depth + 1)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean hasField(List<? extends BodyDeclaration<?>> members, String name) {
            for (BodyDeclaration<?> b : members) {
                if (b instanceof FieldDeclaration) {
                    for (VariableDeclarator v : ((FieldDeclaration) b).getVariables()) {
                        if (v.getNameAsString().equals(name)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private static boolean hasParameter(List<Parameter> params, String name) {
            for (Parameter p : params) {
                if (p.getNameAsString().equals(name)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean declaresLocal(List<Statement> stmts, String name) {
            for (Statement s : stmts) {
                if (s instanceof ExpressionStmt && declares(((ExpressionStmt) s).getExpression(), name)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean declares(Expression e, String name) {
            if (e instanceof VariableDeclarationExpr) {
                for (VariableDeclarator v : ((VariableDeclarationExpr) e).getVariables()) {
                    if (v.getNameAsString().equals(name)) {
                        return true;
                    }
                }
            }
            return false;
        }

        // ---- reporting ------------------------------------------------------------------

        private void add(String rule, Node at, String message) {
            int line = at == null ? 0 : anchor(at).getBegin().map(p -> p.line).orElse(0);
            out.add(new Violation(rule, line, codeAt(line, at), message));
        }

        /** Declarations are reported on their name, not on the annotations above it. */
        private static Node anchor(Node at) {
            if (at instanceof FieldDeclaration && !((FieldDeclaration) at).getVariables().isEmpty()) {
                return ((FieldDeclaration) at).getVariable(0);
            }
            if (at instanceof CallableDeclaration) {
                return ((CallableDeclaration<?>) at).getName();
            }
            if (at instanceof TypeDeclaration) {
                return ((TypeDeclaration<?>) at).getName();
            }
            return at;
        }

        private String codeAt(int line, Node at) {
            String text;
            if (line >= 1 && line <= lines.length) {
                text = lines[line - 1];
            } else if (at != null) {
                text = at.toString();
            } else {
                text = "";
            }
            text = text.replaceAll("\\s+", " ").trim();
            return text.length() > MAX_CODE_CHARS ? text.substring(0, MAX_CODE_CHARS - 3) + "..." : text;
        }

        private List<Violation> finish() {
            Violations found = new Violations();
            for (Violation v : out) {
                found.add(v.rule() + "\u0000" + v.line() + "\u0000" + v.code(), v);
            }
            return found.list(Comparator.comparingInt(Violation::line)); // stable: keeps discovery order per line
        }
    }

    // ---- helpers ------------------------------------------------------------------------

    private static List<String> segments(ClassOrInterfaceType t) {
        List<String> segs = new ArrayList<>();
        for (ClassOrInterfaceType c = t; c != null; c = c.getScope().orElse(null)) {
            segs.add(0, c.getNameAsString());
        }
        return segs;
    }

    private static String typeName(ClassOrInterfaceType t) {
        return String.join(".", segments(t));
    }

    /** {@code java.util.Map.Entry} to {@code java.util.Map$Entry}: lower-case segments are the package. */
    static String toBinary(String dotted) {
        String[] segs = dotted.split("\\.");
        int i = 0;
        while (i < segs.length - 1 && !startsUpper(segs[i])) {
            i++;
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < segs.length; k++) {
            if (k > 0) {
                sb.append(k <= i ? '.' : '$');
            }
            sb.append(segs[k]);
        }
        return sb.toString();
    }

    private static boolean startsUpper(String s) {
        return !s.isEmpty() && Character.isUpperCase(s.charAt(0));
    }

    /** {@code Entry} yes, {@code MAX_VALUE} / {@code L2} / {@code M} no. */
    private static boolean isTypeLike(String s) {
        if (!startsUpper(s)) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (Character.isLowerCase(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String simpleOf(String binary) {
        return binary.substring(binary.lastIndexOf('.') + 1).replace('$', '.');
    }

    /**
     * True when class {@code pkg.simple} exists. Only JDK packages (platform loader) and the
     * contract (this class's loader) are probed; loading is without initialization.
     */
    private static boolean probe(String pkg, String simple) {
        if (!isIdentifier(simple)) {
            return false;
        }
        String name = pkg + "." + simple;
        if (PROBES.size() > 50_000) {
            PROBES.clear(); // names come from untrusted text: keep the cache bounded
        }
        return PROBES.computeIfAbsent(name, n -> {
            ClassLoader loader;
            if (n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                    || n.startsWith("com.sun.")) {
                loader = ClassLoader.getPlatformClassLoader();
            } else if (n.startsWith("io.crinn4j.contract.")) {
                loader = SourcePolicy.class.getClassLoader();
            } else {
                return false;
            }
            try {
                Class.forName(n, false, loader);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        });
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!Character.isJavaIdentifierPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
