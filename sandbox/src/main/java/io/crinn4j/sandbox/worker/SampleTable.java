package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.harness.ProfilePasses;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedClassLoader;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Execution samples of a JFR recording, counted by where in the modules' code they were taken.
 *
 * <p>Only samples taken while the profiled queries were answered count: those with a frame of
 * {@link ProfilePasses#PASS_METHOD} on their stack (the harness's work between passes — fresh
 * searchers, the state checks — is left out), or with a stack JFR truncated that holds module
 * code. Each counted sample goes to its topmost frame of module code — a class one of the set's
 * {@link CandidateClassLoader}s defined — as that frame's method and line; the frame right above
 * it, if any, is what that line was executing: a shared kernel ({@code VectorKernels.dotBytes4}),
 * a contract helper ({@code Sq8.prepareQuery}) or a JDK method ({@code Arrays.fill}). A sample
 * with no module frame (the harness's own per-query work: copying the query, reading counters)
 * is "other". Runs in the worker after the recording stopped, when no module code runs any more.
 */
final class SampleTable {
    /** Package of the contract's shared kernels: their frames are named by the interface, {@code VectorKernels}. */
    static final String KERNELS_PACKAGE = "io.crinn4j.contract.vector.";
    private static final int MAX_NAME = 200;
    private static final String PASS_CLASS = ProfilePasses.class.getName();

    /** All samples counted, those outside module code, and the rows, most samples first. */
    record Table(long samples, long other, List<ProfileResult.Row> rows) {
    }

    private record Key(ModuleKind module, String method, int line, String callee, boolean kernel) {
    }

    private SampleTable() {
    }

    /**
     * @param moduleOf the module a class of this set belongs to (by binary name), or null for none
     */
    static Table read(Path jfr, java.util.function.Function<String, ModuleKind> moduleOf) throws IOException {
        Map<Key, long[]> counts = new HashMap<>();
        long samples = 0;
        long other = 0;
        try (RecordingFile f = new RecordingFile(jfr)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null) {
                    continue;
                }
                List<RecordedFrame> frames = st.getFrames();
                int top = -1;
                boolean inPass = false;
                for (int i = 0; i < frames.size(); i++) {
                    RecordedMethod m = frames.get(i).getMethod();
                    if (m == null || m.getType() == null) {
                        continue;
                    }
                    if (top < 0 && moduleClass(m.getType(), moduleOf) != null) {
                        top = i;
                    }
                    if (m.getType().getName().equals(PASS_CLASS) && m.getName().equals(ProfilePasses.PASS_METHOD)) {
                        inPass = true;
                        break;
                    }
                }
                if (!inPass && !(st.isTruncated() && top >= 0)) {
                    continue;
                }
                samples++;
                if (top < 0) {
                    other++;
                    continue;
                }
                RecordedFrame frame = frames.get(top);
                RecordedMethod m = frame.getMethod();
                String callee = "";
                boolean kernel = false;
                if (top > 0) {
                    RecordedMethod above = frames.get(top - 1).getMethod();
                    if (above != null && above.getType() != null) {
                        String type = above.getType().getName();
                        kernel = type.startsWith(KERNELS_PACKAGE) && type.endsWith("Kernels");
                        callee = kernel ? "VectorKernels." + above.getName() : simpleName(type) + "." + above.getName();
                    }
                }
                Key key = new Key(moduleClass(m.getType(), moduleOf), cut(simpleName(m.getType().getName()) + "." + sourceName(m.getName())),
                        Math.max(-1, frame.getLineNumber()), cut(callee), kernel);
                counts.computeIfAbsent(key, x -> new long[1])[0]++;
            }
        }
        List<ProfileResult.Row> rows = new ArrayList<>(counts.size());
        counts.forEach((k, c) -> rows.add(new ProfileResult.Row(k.module(), k.method(), k.line(), k.callee(), k.kernel(), c[0])));
        rows.sort((a, b) -> a.samples() != b.samples() ? Long.compare(b.samples(), a.samples())
                : a.method().equals(b.method()) ? Integer.compare(a.line(), b.line()) : a.method().compareTo(b.method()));
        return new Table(samples, other, rows);
    }

    /** The module whose class loader defined {@code type}, or null for harness, contract and JDK classes. */
    private static ModuleKind moduleClass(RecordedClass type, java.util.function.Function<String, ModuleKind> moduleOf) {
        RecordedClassLoader loader = type.getClassLoader();
        if (loader == null || !Objects.equals(loader.getName(), CandidateClassLoader.NAME)) {
            return null;
        }
        String name = type.getName();
        ModuleKind k = moduleOf.apply(name);
        // Classes the compiler or the JVM made on the module's behalf (lambdas, hidden classes): the module of their outer class.
        for (int cut = name.indexOf('$'); k == null && cut > 0; cut = name.indexOf('$', cut + 1)) {
            k = moduleOf.apply(name.substring(0, cut));
        }
        return k;
    }

    /** {@code io.crinn4j.seed.glass.HnswSearch$LinearPoolSearcher} → {@code HnswSearch.LinearPoolSearcher}. */
    static String simpleName(String binaryName) {
        String s = binaryName.substring(binaryName.lastIndexOf('.') + 1);
        int hidden = s.indexOf('/');
        return (hidden >= 0 ? s.substring(0, hidden) : s).replace('$', '.');
    }

    /**
     * The method's name as the source spells it: Janino compiles a private method of a nested class
     * as {@code name$} (an accessor the source never shows), so trailing {@code $} are dropped.
     */
    static String sourceName(String method) {
        int end = method.length();
        while (end > 1 && method.charAt(end - 1) == '$') {
            end--;
        }
        return method.substring(0, end);
    }

    private static String cut(String s) {
        return s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
    }
}
