package io.crinn4j.sandbox.compile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Test helpers: the seed sources as shipped in the seed jar, and class-file inspection with ASM. */
final class Sources {

    static final String SEED_PACKAGE = "io.crinn4j.seed.glass";
    /** Simple names of the three seed modules, whose sources the seed jar ships as resources. */
    static final List<String> SEEDS = List.of("HnswConstruction", "HnswSearch", "ExactRerank");

    private Sources() {
    }

    /** The text of a seed module, read from {@code crinn4j/seeds/glass-baseline/<name>.java}. */
    static String seed(String simpleName) {
        String resource = "crinn4j/seeds/glass-baseline/" + simpleName + ".java";
        try (InputStream in = Sources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("seed source not on the test class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isClassFile(byte[] b) {
        return b.length > 4 && (b[0] & 0xFF) == 0xCA && (b[1] & 0xFF) == 0xFE && (b[2] & 0xFF) == 0xBA && (b[3] & 0xFF) == 0xBE;
    }

    static List<String> interfaces(byte[] classFile) {
        return Arrays.asList(new ClassReader(classFile).getInterfaces());
    }

    static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
    }

    /** Every int constant pushed by any method (iconst, bipush, sipush, ldc int). */
    static List<Integer> intConstants(byte[] classFile) {
        List<Integer> out = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInsn(int opcode) {
                        if (opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.ICONST_5) {
                            out.add(opcode - Opcodes.ICONST_0);
                        }
                    }

                    @Override
                    public void visitIntInsn(int opcode, int operand) {
                        if (opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH) {
                            out.add(operand);
                        }
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof Integer) {
                            out.add((Integer) value);
                        }
                    }
                };
            }
        }, 0);
        return out;
    }

    /** True when some method has a LineNumberTable entry (class compiled with -g / debug lines). */
    static boolean hasLineNumbers(byte[] classFile) {
        boolean[] found = {false};
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLineNumber(int line, org.objectweb.asm.Label start) {
                        found[0] = true;
                    }
                };
            }
        }, 0);
        return found[0];
    }
}
