package io.crinn4j.sandbox.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.seed.glass.GlassBaseline;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.codehaus.janino.SimpleCompiler;
import org.codehaus.janino.util.ClassFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sandbox compiles with Janino first, whose bytecode differs from javac's (synthetic
 * accessors, other null checks, its own class-file version): the bytecode layer must accept
 * Janino's output for the seeds and still see forbidden calls in it.
 */
class JaninoBytecodeTest {

    static Map<String, byte[]> janino(String source) throws Exception {
        SimpleCompiler c = new SimpleCompiler();
        c.setParentClassLoader(JaninoBytecodeTest.class.getClassLoader());
        c.setTargetVersion(Runtime.version().feature());
        c.setDebuggingInformation(true, true, true);
        c.cook(source);
        Map<String, byte[]> classes = new TreeMap<>();
        for (ClassFile cf : c.getClassFiles()) {
            classes.put(cf.getThisClassName(), cf.toByteArray());
        }
        return classes;
    }

    @ParameterizedTest
    @EnumSource(ModuleKind.class)
    void janinoCompiledSeedsPass(ModuleKind kind) throws Exception {
        Map<String, byte[]> classes = janino(GlassBaseline.source(kind));
        assertTrue(classes.containsKey(GlassBaseline.moduleClass(kind).getName()), classes.keySet()::toString);
        List<Violation> v = BytecodePolicy.check(classes);
        assertTrue(v.isEmpty(), () -> kind + " (janino): " + v);
    }

    /** Constructs for which Janino emits its own helpers: enum and string switches, assert, class literals, accessors. */
    @Test
    void janinoCompiledLanguageFeaturesPass() throws Exception {
        String src = "package io.crinn4j.seed.glass;\n"
                + "import io.crinn4j.contract.*;\n"
                + "import java.util.*;\n"
                + "public final class JaninoFeatures implements SearchModule {\n"
                + "    static final int K = 4;\n"
                + "    static final String TAG = \"j\";\n"
                + "    interface Limits { int MAX = 1 << 10; }\n"
                + "    private Vectors base;\n"
                + "    private final Map<String, Integer> stats = new HashMap<String, Integer>();\n"
                + "    public void prepare(Vectors base, Graph graph) {\n"
                + "        this.base = base;\n"
                + "        int code;\n"
                + "        switch (base.metric) { case L2: code = 1; break; case ANGULAR: code = 2; break; default: code = 3; }\n"
                + "        String name = TAG + code + \":\" + base.n;\n"
                + "        switch (name.length()) { case 1: code++; break; default: break; }\n"
                + "        assert base.n > 0 : \"empty\";\n"
                + "        stats.put(Graph.class.getSimpleName(), code + Limits.MAX);\n"
                + "        try { Objects.requireNonNull(graph); } catch (NullPointerException e) { throw new IllegalStateException(e); }\n"
                + "        List<Integer> l = new ArrayList<Integer>();\n"
                + "        for (int i = 0; i < K; i++) { l.add(i); }\n"
                + "        Collections.sort(l, new Comparator() {\n"
                + "            public int compare(Object a, Object b) { return ((Integer) b).compareTo((Integer) a) + stats.size() * 0; }\n"
                + "        });\n"
                + "        stats.put(\"first\", l.get(0));\n"
                + "    }\n"
                + "    public Searcher newSearcher(DistanceCounter counter) { return new Inner(); }\n"
                + "    public long memoryBytes() { return stats.size(); }\n"
                + "    private final class Inner implements Searcher {\n"
                + "        private final int[] seen = new int[base.n];\n"
                + "        public void search(float[] q, int k, int ef, int count, CandidateBuffer out) {\n"
                + "            out.clear();\n"
                + "            for (int i = 0; i < Math.min(count, base.n); i++) { out.add(i, base.distance(q, i)); seen[i]++; }\n"
                + "        }\n"
                + "    }\n"
                + "}\n";
        assertTrue(SourcePolicy.check(src, ModuleKind.SEARCH).ok(), () -> SourcePolicy.check(src, ModuleKind.SEARCH).feedback());
        Map<String, byte[]> classes = janino(src);
        List<Violation> v = BytecodePolicy.check(classes);
        assertTrue(v.isEmpty(), () -> classes.keySet() + ": " + v);
    }

    @Test
    void janinoCompiledExitIsFlagged() throws Exception {
        // Janino does not compile lambdas, so the template's searcher lambda is replaced.
        String src = Hostile.search("", "    void evil() {\n        System.exit(3);\n    }\n")
                .replace("return (query, k, ef, count, out) -> out.clear();", "return null;");
        List<Violation> v = BytecodePolicy.check(janino(src));
        assertEquals(1, v.size(), v::toString);
        assertEquals(Rules.NO_EXIT, v.get(0).rule());
        assertEquals(Hostile.lineOf(src, "System.exit"), v.get(0).line());
    }
}
