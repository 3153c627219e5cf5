package io.crinn4j.sandbox.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.sandbox.compile.CandidateCompiler.Strategy;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.codehaus.commons.compiler.util.resource.MapResourceCreator;
import org.codehaus.commons.compiler.util.resource.Resource;
import org.codehaus.commons.compiler.util.resource.StringResource;
import org.junit.jupiter.api.Test;

/**
 * Prints compile times per seed and back end; measures, asserts nothing about time.
 *
 * <p>Rows: {@code janino} (Janino, shared class cache), {@code jdk} (javac via javax.tools with
 * the reused file manager, what {@link CandidateCompiler} does), {@code cc-jdk} (commons-compiler-
 * jdk's {@code Compiler}, fresh per compile as its API suggests: the alternative this package did
 * not take), {@code janino-fail} (Janino giving up on the seed with one lambda field added) and
 * {@code auto+lambda} (that source under the default strategy: the failed Janino attempt plus
 * javac, what the fallback costs in total).
 *
 * <p>Run the full measurement with {@code main} (warm-up and repetitions as arguments); the
 * JUnit test runs a short version so the numbers appear in every build log.
 */
public class CompileTimings {

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.out.println(run(warmup, reps));
    }

    @Test
    void printTimings() throws Exception {
        String table = run(2, 3);
        System.out.println(table);
        assertTrue(table.contains("HnswSearch"));
    }

    static String run(int warmup, int reps) throws Exception {
        Map<String, Map<String, double[]>> rows = new LinkedHashMap<>();
        double[] first = new double[2];
        try (CandidateCompiler janino = new CandidateCompiler(Strategy.JANINO_ONLY);
                CandidateCompiler jdk = new CandidateCompiler(Strategy.JDK_ONLY);
                CandidateCompiler auto = new CandidateCompiler(Strategy.JANINO_THEN_JDK)) {
            // First compile in a fresh instance: what the first candidate of a run pays.
            String seed0 = Sources.seed("HnswSearch");
            String name0 = Sources.SEED_PACKAGE + ".HnswSearch";
            first[0] = janino.compile(seed0, name0).nanos() / 1e6;
            first[1] = jdk.compile(seed0, name0).nanos() / 1e6;
            for (String seed : Sources.SEEDS) {
                String src = Sources.seed(seed);
                String name = Sources.SEED_PACKAGE + "." + seed;
                String withLambda = addLambda(src, seed);
                Map<String, double[]> row = new LinkedHashMap<>();
                row.put("janino", time(warmup, reps, () -> expect(janino.compile(src, name), CompileResult.JANINO)));
                row.put("jdk", time(warmup, reps, () -> expect(jdk.compile(src, name), CompileResult.JDK)));
                row.put("cc-jdk", time(warmup, reps, () -> commonsCompilerJdk(src, name)));
                row.put("janino-fail", time(warmup, reps, () -> {
                    CompileResult r = janino.compile(withLambda, name);
                    assertTrue(!r.ok() && r.janinoFailure().contains("lambda"), r::toString);
                    return r.nanos();
                }));
                row.put("auto+lambda", time(warmup, reps, () -> {
                    CompileResult r = auto.compile(withLambda, name);
                    expect(r, CompileResult.JDK);
                    return r.totalNanos();
                }));
                rows.put(seed, row);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("compile times, JDK %s, median of %d after %d warm-up (ms; min-max)%n",
                Runtime.version(), reps, warmup));
        sb.append(String.format("first compile in a fresh JVM/instance (HnswSearch): janino %.0f ms, jdk %.0f ms%n",
                first[0], first[1]));
        for (Map.Entry<String, Map<String, double[]>> row : rows.entrySet()) {
            sb.append(String.format("%-17s", row.getKey()));
            for (Map.Entry<String, double[]> cell : row.getValue().entrySet()) {
                double[] v = cell.getValue();
                sb.append(String.format("  %s %.1f (%.1f-%.1f)", cell.getKey(), v[0], v[1], v[2]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The seed with one lambda field added: Janino parses it all, then gives up on the lambda. */
    private static String addLambda(String src, String seed) {
        String marker = "public final class " + seed + " implements ";
        int at = src.indexOf('{', src.indexOf(marker));
        return src.substring(0, at + 1) + "\n    private final java.util.function.IntUnaryOperator id = x -> x;"
                + src.substring(at + 1);
    }

    private static long expect(CompileResult r, String compiler) {
        assertTrue(r.ok(), r::feedback);
        assertEquals(compiler, r.compiler());
        return r.nanos();
    }

    private interface Timed {
        long run() throws Exception;
    }

    /** Median, min, max in ms of the nanos each call reports. */
    private static double[] time(int warmup, int reps, Timed t) throws Exception {
        for (int i = 0; i < warmup; i++) {
            t.run();
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            ms[i] = t.run() / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[reps / 2], ms[0], ms[reps - 1]};
    }

    /** commons-compiler-jdk, configured as closely as it allows to what JdkBackend does. */
    private static long commonsCompilerJdk(String src, String name) throws Exception {
        long t0 = System.nanoTime();
        org.codehaus.commons.compiler.jdk.Compiler c = new org.codehaus.commons.compiler.jdk.Compiler();
        List<String> options = new ArrayList<>(List.of("-proc:none", "-implicit:none", "-nowarn"));
        for (String m : CandidateCompiler.addedModules()) {
            options.add("--add-modules");
            options.add(m);
        }
        options.add("-classpath");
        options.add(CandidateCompiler.callerClassPath().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
        c.setCompilerOptions(options.toArray(new String[0]));
        c.setDebugLines(true);
        c.setDebugVars(true);
        c.setDebugSource(true);
        MapResourceCreator out = new MapResourceCreator();
        c.setClassFileCreator(out);
        c.compile(new Resource[] {new StringResource(name.replace('.', '/') + ".java", src)});
        long dt = System.nanoTime() - t0;
        Supplier<String> keys = () -> out.getMap().keySet().toString();
        assertTrue(out.getMap().keySet().stream().anyMatch(k -> k.startsWith(name.replace('.', '/'))), keys);
        return dt;
    }
}
