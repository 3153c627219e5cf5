package io.crinn4j.sandbox.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

/**
 * Layer 2: checks the compiled classes of one candidate with ASM. It sees exactly what the JVM
 * will link, so it catches everything the source layer cannot resolve ({@code var}, inferred
 * types, same-package classes, inherited members, unusual spellings).
 *
 * <p>Every class the bytecode references must be one of the candidate's own classes or pass
 * {@link ClassPolicy#classBan}: super class, interfaces, field and method owners and
 * descriptors, generic signatures, {@code NEW}/{@code ANEWARRAY}/{@code CHECKCAST}/{@code
 * INSTANCEOF}, {@code MULTIANEWARRAY}, {@code LDC} class/method-type/handle constants, exception
 * handler types, annotations, record components, and the arguments of every
 * {@code invokedynamic}. Members are checked with {@link ClassPolicy#memberBan}; a member
 * reached through one of the candidate's own classes that the candidate did not declare itself
 * (so it is inherited from a JDK class) is checked with {@link ClassPolicy#receiverIndependentBan}.
 * {@code invokedynamic} may only use the bootstraps of lambdas, string concatenation, records
 * and switches ({@link ClassPolicy#isAllowedBootstrap}), whose signature types are therefore not
 * checked; constant-dynamic is refused. Further rules: no native or synchronized methods, no
 * {@code monitorenter}, no {@code finalize()}, static fields only {@code final} and of an
 * immutable type ({@link ClassPolicy#isAllowedStaticFinalType}) except compiler-generated
 * synthetic fields ({@code $VALUES}, {@code $SwitchMap$...}, {@code $assertionsDisabled}) and
 * enum constants, own classes outside reserved packages.
 *
 * <p>Line numbers come from the {@code LineNumberTable} (0 for class- and field-level findings
 * or when the class was compiled without line numbers).
 */
public final class BytecodePolicy {


    private BytecodePolicy() {
    }

    /**
     * Checks the classes of one candidate.
     *
     * @param classFiles class file bytes keyed by <b>binary name</b> ({@code pkg.Outer$Inner});
     *                   internal names ({@code pkg/Outer$Inner}) and a trailing {@code .class}
     *                   are accepted too. The keys define the candidate's own classes.
     * @return the violations, in key order of the classes and then in class-file order; empty when the classes may be loaded
     */
    public static List<Violation> check(Map<String, byte[]> classFiles) {
        List<Finding> out = new ArrayList<>();
        Map<String, ClassReader> readers = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(classFiles).entrySet()) {
            String binary = ClassPolicy.elementName(e.getKey());
            if (binary == null || e.getKey().startsWith("[") || e.getValue() == null) {
                out.add(Finding.of(new Violation(Rules.UNREADABLE_CLASS, 0, String.valueOf(e.getKey()), "not a class name or no bytes")));
                continue;
            }
            try {
                ClassReader cr = new ClassReader(e.getValue());
                String internal = cr.getClassName();
                if (!internal.replace('/', '.').equals(binary)) {
                    out.add(Finding.of(new Violation(Rules.UNREADABLE_CLASS, 0, binary, "the class file declares class "
                            + internal.replace('/', '.') + ", not " + binary)));
                    continue;
                }
                readers.put(internal, cr);
            } catch (RuntimeException ex) {
                out.add(Finding.of(new Violation(Rules.UNREADABLE_CLASS, 0, binary, "ASM cannot read this class file ("
                        + ex.getMessage() + "); compile for Java 17")));
            }
        }
        Map<String, OwnClass> own = new HashMap<>();
        for (Map.Entry<String, ClassReader> e : readers.entrySet()) {
            OwnClass oc = new OwnClass();
            try {
                e.getValue().accept(oc, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            } catch (RuntimeException ex) {
                // reported by the full pass below
            }
            own.put(e.getKey(), oc);
        }
        for (Map.Entry<String, ClassReader> e : readers.entrySet()) {
            Scan scan = new Scan(own, out);
            try {
                e.getValue().accept(scan.classChecker(), ClassReader.SKIP_FRAMES);
            } catch (RuntimeException ex) {
                out.add(Finding.of(new Violation(Rules.UNREADABLE_CLASS, 0, e.getKey().replace('/', '.'),
                        "ASM failed on this class file (" + ex + "); compile for Java 17")));
            }
        }
        return finish(out);
    }

    /**
     * One finding with its context: the method it is in ("" at class level) and whether it only
     * repeats a type seen in the descriptor of something already refused.
     */
    private record Finding(Violation v, String scope, boolean secondary) {
        static Finding of(Violation v) {
            return new Finding(v, "", false);
        }
    }

    /**
     * One entry per rule, line and method (javac references a class several times per statement:
     * NEW, the constructor, descriptors), descriptor-only findings dropped where the same line
     * already has a direct one, capped at {@link Violations#MAX}.
     */
    private static List<Violation> finish(List<Finding> out) {
        Set<String> direct = new HashSet<>();
        for (Finding f : out) {
            if (!f.secondary() && f.v().line() > 0) {
                direct.add(f.scope() + "\u0000" + f.v().line());
            }
        }
        Violations found = new Violations();
        for (Finding f : out) {
            Violation v = f.v();
            if (f.secondary() && v.line() > 0 && direct.contains(f.scope() + "\u0000" + v.line())) {
                continue;
            }
            found.add(v.line() > 0 ? v.rule() + "\u0000" + v.line() + "\u0000" + f.scope() : v.rule() + "\u0000" + v.code(), v);
        }
        return found.list(null);
    }

    /** Declarations of one own class, for telling declared members from inherited ones. */
    private static final class OwnClass extends ClassVisitor {
        String superName;
        final List<String> interfaces = new ArrayList<>();
        final Set<String> methods = new HashSet<>();
        final Set<String> fields = new HashSet<>();

        OwnClass() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.superName = superName;
            if (interfaces != null) {
                this.interfaces.addAll(List.of(interfaces));
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            fields.add(name);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            methods.add(name + descriptor);
            return null;
        }
    }

    /** The full check of one class. */
    private static final class Scan {
        private final Map<String, OwnClass> own;
        private final List<Finding> out;
        /** The method being visited ("" outside methods) and whether descriptor types are being checked. */
        private String scope = "";
        private int secondary;
        private String cls = "?";
        private String display = "?";
        private boolean isEnum;

        Scan(Map<String, OwnClass> own, List<Finding> out) {
            this.own = own;
            this.out = out;
        }

        ClassVisitor classChecker() {
            return new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                    cls = name;
                    display = displayName(name);
                    isEnum = (access & Opcodes.ACC_ENUM) != 0; // enums and their constants' bodies
                    String where = "class " + display;
                    String reason = ClassPolicy.reservedPackageReason(ClassPolicy.packageOf(name.replace('/', '.')));
                    if (reason != null) {
                        add(Rules.PACKAGE_NOT_ALLOWED, 0, where, reason);
                    }
                    if ((access & Opcodes.ACC_MODULE) != 0) {
                        add(Rules.BANNED_CLASS, 0, where, "module descriptors are not allowed");
                    }
                    if (superName != null) {
                        checkClass(superName, 0, where + " extends");
                    }
                    if (interfaces != null) {
                        for (String i : interfaces) {
                            checkClass(i, 0, where + " implements");
                        }
                    }
                    checkSignature(signature, false, 0, where);
                }

                @Override
                public ModuleVisitor visitModule(String name, int access, String version) {
                    add(Rules.BANNED_CLASS, 0, "module " + name, "module descriptors are not allowed");
                    return null;
                }

                @Override
                public void visitNestHost(String nestHost) {
                    requireOwn(nestHost, "nest host");
                }

                @Override
                public void visitNestMember(String nestMember) {
                    requireOwn(nestMember, "nest member");
                }

                @Override
                public void visitPermittedSubclass(String permittedSubclass) {
                    checkClass(permittedSubclass, 0, "class " + display + " permits");
                }

                @Override
                public void visitOuterClass(String owner, String name, String descriptor) {
                    requireOwn(owner, "enclosing class");
                }

                @Override
                public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                    return annotation(descriptor, 0, "class " + display);
                }

                @Override
                public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
                    return annotation(descriptor, 0, "class " + display);
                }

                @Override
                public RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
                    String where = "record component " + display + "." + name;
                    checkDescriptor(descriptor, 0, where);
                    checkSignature(signature, true, 0, where);
                    return new RecordComponentVisitor(Opcodes.ASM9) {
                        @Override
                        public AnnotationVisitor visitAnnotation(String d, boolean visible) {
                            return annotation(d, 0, where);
                        }

                        @Override
                        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String d, boolean visible) {
                            return annotation(d, 0, where);
                        }
                    };
                }

                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                    String where = "field " + display + "." + name;
                    scope = "";
                    checkField(access, name, descriptor, where);
                    checkDescriptor(descriptor, 0, where);
                    checkSignature(signature, true, 0, where);
                    return new FieldVisitor(Opcodes.ASM9) {
                        @Override
                        public AnnotationVisitor visitAnnotation(String d, boolean visible) {
                            return annotation(d, 0, where);
                        }

                        @Override
                        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String d, boolean visible) {
                            return annotation(d, 0, where);
                        }
                    };
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    String where = display + "." + name;
                    scope = name + descriptor;
                    if ((access & Opcodes.ACC_NATIVE) != 0) {
                        add(Rules.NO_NATIVE, 0, "native method " + where,
                                Rules.reason(Rules.NO_NATIVE));
                    }
                    if ((access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                        add(Rules.NO_SYNCHRONIZED, 0, "synchronized method " + where,
                                "'synchronized' is not allowed: modules are single-threaded per searcher/refiner");
                    }
                    if (name.equals("finalize") && descriptor.equals("()V") && (access & Opcodes.ACC_STATIC) == 0) {
                        add(Rules.NO_FINALIZER, 0, "method " + where, Rules.reason(Rules.NO_FINALIZER));
                    }
                    checkDescriptor(descriptor, 0, "method " + where);
                    checkSignature(signature, false, 0, "method " + where);
                    if (exceptions != null) {
                        for (String x : exceptions) {
                            checkClass(x, 0, "method " + where + " throws");
                        }
                    }
                    return new CodeChecker(where);
                }
            };
        }

        private final class CodeChecker extends MethodVisitor {
            private final String where;
            private int line;
            private final Map<Label, String> pendingHandlers = new HashMap<>();

            CodeChecker(String where) {
                super(Opcodes.ASM9);
                this.where = where;
            }

            @Override
            public void visitLineNumber(int line, Label start) {
                this.line = line;
                String type = pendingHandlers.remove(start);
                if (type != null) {
                    checkClass(type, line, where + ": catch");
                }
            }

            @Override
            public void visitInsn(int opcode) {
                if (opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT) {
                    add(Rules.NO_SYNCHRONIZED, line, where + ": synchronized block",
                            "'synchronized' is not allowed: modules are single-threaded per searcher/refiner");
                }
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                String verb = opcode == Opcodes.NEW ? "new " : opcode == Opcodes.ANEWARRAY ? "new array of "
                        : opcode == Opcodes.CHECKCAST ? "cast to " : "instanceof ";
                checkClass(type, line, where + ": " + verb.trim());
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                checkMember(owner, name, descriptor, false, line, where);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                checkMember(owner, name, descriptor, true, line, where);
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
                checkBootstrap(bsm, line, where);
                checkDescriptor(descriptor, line, where + ": invokedynamic");
                for (Object a : args) {
                    checkConstant(a, line, where);
                }
            }

            @Override
            public void visitLdcInsn(Object value) {
                checkConstant(value, line, where);
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
                checkDescriptor(descriptor, line, where + ": new array");
            }

            @Override
            public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                if (type != null) {
                    pendingHandlers.put(handler, type);
                }
            }

            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                return annotation(descriptor, 0, "method " + where);
            }

            @Override
            public AnnotationVisitor visitAnnotationDefault() {
                return annotation(null, 0, "method " + where);
            }

            @Override
            public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
                return annotation(descriptor, 0, "method " + where);
            }

            @Override
            public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
                return annotation(descriptor, line, "method " + where);
            }

            @Override
            public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
                return annotation(descriptor, line, where);
            }

            @Override
            public AnnotationVisitor visitTryCatchAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
                return annotation(descriptor, line, where);
            }

            @Override
            public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start, Label[] end,
                                                                  int[] index, String descriptor, boolean visible) {
                return annotation(descriptor, line, where);
            }

            @Override
            public void visitEnd() {
                for (String type : pendingHandlers.values()) {
                    checkClass(type, 0, where + ": catch");
                }
                pendingHandlers.clear();
            }
        }

        // ---- the individual checks --------------------------------------------------------

        private void checkField(int access, String name, String descriptor, String where) {
            boolean compilerGenerated = (access & Opcodes.ACC_SYNTHETIC) != 0 && name.startsWith("$");
            if (compilerGenerated || (access & Opcodes.ACC_ENUM) != 0) {
                return;
            }
            // Fields of an enum's constants are global singletons' state, as good as static.
            boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
            if (!isStatic && !isEnum) {
                return;
            }
            boolean isFinal = (access & Opcodes.ACC_FINAL) != 0;
            String code = (isStatic ? "static " : "enum ") + (isFinal ? "final " : "") + where;
            String what = (isStatic ? "static" : "enum") + " field '" + name + "'";
            if (!isFinal) {
                add(Rules.STATIC_MUTABLE_STATE, 0, code, what + " is not final. " + STATE_ADVICE);
                return;
            }
            Type t;
            try {
                t = Type.getType(descriptor);
            } catch (RuntimeException e) {
                return; // reported by checkDescriptor
            }
            boolean ok = t.getSort() < Type.ARRAY
                    || (t.getSort() == Type.OBJECT && ClassPolicy.isAllowedStaticFinalType(t.getInternalName()));
            if (!ok) {
                add(Rules.STATIC_MUTABLE_STATE, 0, code, what + " has type " + t.getClassName()
                        + ", whose contents can change. " + STATE_ADVICE);
            }
        }

        private void checkBootstrap(Handle bsm, int line, String where) {
            if (bsm.getTag() == Opcodes.H_INVOKESTATIC && ClassPolicy.isAllowedBootstrap(bsm.getOwner(), bsm.getName())) {
                return;
            }
            add(Rules.BOOTSTRAP_NOT_ALLOWED, line, where + ": invokedynamic " + bsm.getOwner().replace('/', '.') + "."
                    + bsm.getName(), "only the bootstraps javac emits for lambdas, method references, string "
                    + "concatenation, records and switches are allowed");
        }

        private void checkConstant(Object v, int line, String where) {
            if (v instanceof Type) {
                Type t = (Type) v;
                if (t.getSort() == Type.METHOD) {
                    checkDescriptor(t.getDescriptor(), line, where);
                } else {
                    checkType(t, line, where + ": class literal");
                }
            } else if (v instanceof Handle) {
                Handle h = (Handle) v;
                checkMember(h.getOwner(), h.getName(), h.getDesc(), h.getTag() > Opcodes.H_PUTSTATIC, line, where);
            } else if (v instanceof ConstantDynamic) {
                ConstantDynamic c = (ConstantDynamic) v;
                add(Rules.BOOTSTRAP_NOT_ALLOWED, line, where + ": constant-dynamic " + c.getBootstrapMethod().getOwner().replace('/', '.')
                        + "." + c.getBootstrapMethod().getName(), "dynamic constants are not allowed");
            }
        }

        private void checkMember(String owner, String name, String descriptor, boolean method, int line, String where) {
            String what = where + ": " + (method ? "" : "field ") + owner.replace('/', '.') + "." + name;
            if (owner.startsWith("[")) {
                checkType(Type.getType(owner), line, what);
                banIfSet(ClassPolicy.receiverIndependentBan(name), line, what);
            } else if (own.containsKey(owner)) {
                if (!declaredInOwnHierarchy(owner, name, descriptor, method)) {
                    banIfSet(ClassPolicy.receiverIndependentBan(name), line, what);
                }
            } else {
                ClassPolicy.Ban b = ClassPolicy.classBan(owner);
                if (b != null) {
                    add(b.rule(), line, what, b.reason());
                } else {
                    banIfSet(ClassPolicy.memberBan(owner, name), line, what);
                }
            }
            checkDescriptor(descriptor, line, what);
        }

        private boolean declaredInOwnHierarchy(String owner, String name, String descriptor, boolean method) {
            Deque<String> todo = new ArrayDeque<>();
            Set<String> seen = new HashSet<>();
            todo.add(owner);
            while (!todo.isEmpty()) {
                String c = todo.poll();
                OwnClass oc = own.get(c);
                if (oc == null || !seen.add(c)) {
                    continue;
                }
                if (method ? oc.methods.contains(name + descriptor) : oc.fields.contains(name)) {
                    return true;
                }
                if (oc.superName != null) {
                    todo.add(oc.superName);
                }
                todo.addAll(oc.interfaces);
            }
            return false;
        }

        private void checkDescriptor(String descriptor, int line, String where) {
            if (descriptor == null) {
                return;
            }
            secondary++;
            try {
                if (descriptor.startsWith("(")) {
                    for (Type a : Type.getArgumentTypes(descriptor)) {
                        checkType(a, line, where);
                    }
                    checkType(Type.getReturnType(descriptor), line, where);
                } else {
                    checkType(Type.getType(descriptor), line, where);
                }
            } catch (RuntimeException e) {
                add(Rules.UNREADABLE_CLASS, line, where, "malformed descriptor " + descriptor);
            } finally {
                secondary--;
            }
        }

        private void checkType(Type t, int line, String where) {
            if (t.getSort() == Type.ARRAY) {
                t = t.getElementType();
            }
            if (t.getSort() == Type.OBJECT) {
                checkClass(t.getInternalName(), line, where);
            }
        }

        private void checkClass(String internalOrArray, int line, String where) {
            if (internalOrArray == null) {
                return;
            }
            if (internalOrArray.startsWith("[")) {
                Type t;
                try {
                    t = Type.getType(internalOrArray);
                } catch (RuntimeException e) {
                    add(Rules.UNREADABLE_CLASS, line, where, "malformed type " + internalOrArray);
                    return;
                }
                checkType(t, line, where);
                return;
            }
            if (own.containsKey(internalOrArray)) {
                return;
            }
            ClassPolicy.Ban b = ClassPolicy.classBan(internalOrArray);
            if (b != null) {
                String code = where.endsWith(internalOrArray.replace('/', '.')) ? where
                        : where + " " + internalOrArray.replace('/', '.');
                add(b.rule(), line, code, b.reason());
            }
        }

        private void requireOwn(String internal, String role) {
            if (internal != null && !own.containsKey(internal)) {
                add(Rules.BANNED_CLASS, 0, "class " + display + " " + role + " " + internal.replace('/', '.'),
                        "a candidate's nest host, nest members and enclosing classes must be its own classes");
            }
        }

        private void checkSignature(String signature, boolean typeSignature, int line, String where) {
            if (signature == null) {
                return;
            }
            SignatureVisitor v = new SignatureVisitor(Opcodes.ASM9) {
                @Override
                public void visitClassType(String name) {
                    checkClass(name, line, where);
                }
            };
            secondary++;
            try {
                SignatureReader r = new SignatureReader(signature);
                if (typeSignature) {
                    r.acceptType(v);
                } else {
                    r.accept(v);
                }
            } catch (RuntimeException e) {
                // Generic signatures are metadata the JVM never links; erased types are checked anyway.
            } finally {
                secondary--;
            }
        }

        private AnnotationVisitor annotation(String descriptor, int line, String where) {
            if (descriptor != null) {
                checkDescriptor(descriptor, line, where + ": annotation");
            }
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String name, Object value) {
                    if (value instanceof Type) {
                        checkType((Type) value, line, where + ": annotation value");
                    }
                }

                @Override
                public void visitEnum(String name, String d, String value) {
                    checkDescriptor(d, line, where + ": annotation value");
                }

                @Override
                public AnnotationVisitor visitAnnotation(String name, String d) {
                    return annotation(d, line, where);
                }

                @Override
                public AnnotationVisitor visitArray(String name) {
                    return annotation(null, line, where);
                }
            };
        }

        private void banIfSet(ClassPolicy.Ban b, int line, String what) {
            if (b != null) {
                add(b.rule(), line, what, b.reason());
            }
        }

        private void add(String rule, int line, String code, String message) {
            String c = code.length() > SourcePolicy.MAX_CODE_CHARS ? code.substring(0, SourcePolicy.MAX_CODE_CHARS - 3) + "..." : code;
            out.add(new Finding(new Violation(rule, line, c, message), scope, secondary > 0));
        }
    }

    private static final String STATE_ADVICE = "State that survives between queries or index builds is forbidden "
            + "(results must not depend on query order or earlier runs). Allowed: 'static final' constants of primitive, "
            + "boxed or String type; keep arrays, collections and caches in instance fields.";

    /** {@code io/crinn4j/seed/glass/HnswSearch$LinearPoolSearcher} to {@code HnswSearch.LinearPoolSearcher}. */
    private static String displayName(String internal) {
        return internal.substring(internal.lastIndexOf('/') + 1).replace('$', '.');
    }
}
