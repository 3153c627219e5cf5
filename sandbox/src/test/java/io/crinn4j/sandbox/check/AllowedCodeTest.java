package io.crinn4j.sandbox.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.CandidateBuffer;
import io.crinn4j.contract.ConstructionModule;
import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.Graph;
import io.crinn4j.contract.Metric;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.Vectors;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The other direction: legitimate code must pass every layer. A feature-rich module (lambdas,
 * method references, records, enums, switch expressions on enums and strings, text blocks,
 * {@code var}, pattern instanceof, generics, streams, collections, assert, string concatenation,
 * class literals, anonymous classes, the Vector API with static final species) passes the source
 * and bytecode layers and, like the three seeds, links and runs in a class loader that only
 * hands out what {@link ClassPolicy#isAllowedClass} allows. Also the cases only the bytecode
 * layer can see.
 */
class AllowedCodeTest {

    static final String FEATURES = "io.crinn4j.seed.glass.Features";

    static String features() throws IOException {
        try (InputStream in = AllowedCodeTest.class.getResourceAsStream("/check/Features.java.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void featureRichModulePassesSourceLayer() throws IOException {
        SourceCheck c = SourcePolicy.check(features(), ModuleKind.SEARCH);
        assertTrue(c.ok(), c::feedback);
        assertEquals(FEATURES, c.binaryName());
    }

    @Test
    void featureRichModulePassesBytecodeLayer() throws IOException {
        Map<String, byte[]> classes = InMemoryJavac.compile(FEATURES, features()).require();
        // The compiler-generated parts are really there: enum switch map, enum, record, anonymous class.
        assertTrue(classes.keySet().containsAll(List.of(FEATURES + "$1", FEATURES + "$Mode", FEATURES + "$Scored",
                FEATURES + "$Scorer")), classes.keySet()::toString);
        List<Violation> v = BytecodePolicy.check(classes);
        assertTrue(v.isEmpty(), v::toString);
    }

    @Test
    void seedsAndFeaturesLinkAndRunUnderThePolicyLoader() throws Exception {
        Vectors base = randomVectors(400, 16, 7);
        PolicyClassLoader cl = loader(ModuleKind.CONSTRUCTION);
        ConstructionModule construction = cl.instantiate(GlassBaseline.moduleClass(ModuleKind.CONSTRUCTION).getName(),
                ConstructionModule.class);
        assertNotSame(GlassBaseline.moduleClass(ModuleKind.CONSTRUCTION), construction.getClass());
        Graph g = construction.build(base, new DistanceCounter());
        Graph expected = GlassBaseline.construction().build(base, new DistanceCounter());
        assertArrayEquals(expected.level0, g.level0, "sandboxed seed builds the same graph");

        PolicyClassLoader sl = loader(ModuleKind.SEARCH);
        SearchModule search = sl.instantiate(GlassBaseline.moduleClass(ModuleKind.SEARCH).getName(), SearchModule.class);
        search.prepare(base, g);
        SearchModule directSearch = GlassBaseline.search();
        directSearch.prepare(base, g);
        PolicyClassLoader rl = loader(ModuleKind.REFINEMENT);
        RefinementModule refine = rl.instantiate(GlassBaseline.moduleClass(ModuleKind.REFINEMENT).getName(),
                RefinementModule.class);
        refine.prepare(base, g);

        PolicyClassLoader fl = new PolicyClassLoader(InMemoryJavac.compile(FEATURES, features()).require());
        SearchModule features = fl.instantiate(FEATURES, SearchModule.class);
        features.prepare(base, g);
        assertTrue(features.toString().startsWith("features[EXACT, "), features::toString);

        SearchModule.Searcher s = search.newSearcher(new DistanceCounter());
        SearchModule.Searcher ds = directSearch.newSearcher(new DistanceCounter());
        SearchModule.Searcher fs = features.newSearcher(new DistanceCounter());
        RefinementModule.Refiner r = refine.newRefiner(new DistanceCounter());
        SplittableRandom rnd = new SplittableRandom(3);
        for (int q = 0; q < 20; q++) {
            float[] query = new float[base.d];
            for (int i = 0; i < query.length; i++) {
                query[i] = (float) rnd.nextGaussian();
            }
            CandidateBuffer a = new CandidateBuffer(20);
            CandidateBuffer b = new CandidateBuffer(20);
            CandidateBuffer exact = new CandidateBuffer(20);
            s.search(query, 10, 64, 15, a);
            ds.search(query, 10, 64, 15, b);
            fs.search(query, 10, 64, 15, exact);
            assertArrayEquals(b.idsCopy(), a.idsCopy());
            assertEquals(15, exact.size);
            int[] result = new int[10];
            assertEquals(10, r.refine(query, 10, a, result));
            assertEquals(exact.ids[0], result[0], "the seed pipeline finds the true nearest neighbour");
        }
        for (PolicyClassLoader l : List.of(cl, sl, rl, fl)) {
            assertTrue(l.refused().isEmpty(), () -> "refused at link time: " + l.refused());
        }
        // Lambdas, records and string concatenation really went through the bootstrap linkage classes.
        assertTrue(fl.delegated().contains("java.lang.invoke.LambdaMetafactory"), fl.delegated()::toString);
        assertTrue(fl.delegated().contains("java.lang.invoke.StringConcatFactory"), fl.delegated()::toString);
        assertTrue(fl.delegated().contains("java.lang.runtime.ObjectMethods"), fl.delegated()::toString);
    }

    // ---- what only the bytecode layer (and the loader) can see --------------------------------

    @Test
    void samePackageClassIsInvisibleToSourceButCaughtByBytecodeAndLoader() throws Exception {
        String src = Hostile.search("", "    public String evil() {\n"
                + "        return GlassBaseline.source(io.crinn4j.contract.ModuleKind.SEARCH);\n    }\n");
        assertTrue(SourcePolicy.check(src, ModuleKind.SEARCH).ok(), "an unresolvable simple name passes the source layer");
        Map<String, byte[]> classes = InMemoryJavac.compile(Hostile.BINARY, src).require();
        List<Violation> v = BytecodePolicy.check(classes);
        assertEquals(1, v.size(), v::toString);
        assertEquals(Rules.BANNED_CLASS, v.get(0).rule());
        assertEquals(Hostile.lineOf(src, "GlassBaseline.source"), v.get(0).line());
        assertTrue(v.get(0).code().contains("io.crinn4j.seed.glass.GlassBaseline.source"), v.get(0).code());

        assertFalse(ClassPolicy.isAllowedClass("io.crinn4j.seed.glass.GlassBaseline"));
        PolicyClassLoader l = new PolicyClassLoader(classes);
        SearchModule m = l.instantiate(Hostile.BINARY, SearchModule.class);
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> m.getClass().getMethod("evil").invoke(m));
        assertTrue(e.getCause() instanceof NoClassDefFoundError, () -> "layer 3 refuses the link: " + e.getCause());
        assertTrue(l.refused().contains("io.crinn4j.seed.glass.GlassBaseline"), l.refused()::toString);
    }

    @Test
    void typeInferredThroughVarIsInvisibleToSourceButCaughtByBytecode() {
        String src = Hostile.search("", "    int evil() {\n"
                + "        var trace = new IllegalStateException().getStackTrace();\n"
                + "        return trace.length == 0 ? 0 : trace[0].getLineNumber();\n    }\n");
        assertTrue(SourcePolicy.check(src, ModuleKind.SEARCH).ok(), "var hides StackTraceElement from the source layer");
        List<Violation> v = BytecodePolicy.check(InMemoryJavac.compile(Hostile.BINARY, src).require());
        assertFalse(v.isEmpty());
        for (Violation x : v) {
            assertEquals(Rules.NO_REFLECTION, x.rule(), v::toString);
            assertTrue(x.code().contains("java.lang.StackTraceElement"), x::code);
        }
        assertTrue(v.stream().anyMatch(x -> x.line() == Hostile.lineOf(src, "getStackTrace()")), v::toString);
        assertTrue(v.stream().anyMatch(x -> x.line() == Hostile.lineOf(src, "getLineNumber()")), v::toString);
    }

    @Test
    void inheritedBannedMemberThroughOwnSubclassIsCaughtByBytecode() {
        String src = Hostile.search("", "    static final class Bag extends java.util.ArrayList<Integer> {\n"
                + "        long n() {\n            return parallelStream().count();\n        }\n    }\n");
        List<Violation> v = BytecodePolicy.check(InMemoryJavac.compile(Hostile.BINARY, src).require());
        assertEquals(1, v.size(), v::toString);
        assertEquals(Rules.NO_THREADS, v.get(0).rule());
        assertEquals(Hostile.lineOf(src, "parallelStream()"), v.get(0).line());
        assertTrue(v.get(0).code().startsWith("Evil.Bag.n: "), v.get(0).code());
    }

    @Test
    void foreignOrMismatchedClassFilesAreRefused() {
        Map<String, byte[]> classes = InMemoryJavac.compile(Hostile.BINARY, Hostile.search("", "")).require();
        byte[] main = classes.get(Hostile.BINARY);
        List<Violation> v = BytecodePolicy.check(Map.of("io.crinn4j.seed.glass.Other", main));
        assertEquals(Rules.UNREADABLE_CLASS, v.get(0).rule(), v::toString);
        v = BytecodePolicy.check(Map.of(Hostile.BINARY, new byte[] {1, 2, 3}));
        assertEquals(List.of(Rules.UNREADABLE_CLASS), v.stream().map(Violation::rule).toList());
        // Keys may be internal names or file names too.
        String fileName = Hostile.BINARY.replace('.', '/') + ".class";
        assertTrue(BytecodePolicy.check(Map.of(fileName, main)).stream()
                .noneMatch(x -> x.rule().equals(Rules.UNREADABLE_CLASS)));
    }

    private static PolicyClassLoader loader(ModuleKind kind) {
        String name = GlassBaseline.moduleClass(kind).getName();
        return new PolicyClassLoader(InMemoryJavac.compile(name, GlassBaseline.source(kind)).require());
    }

    static Vectors randomVectors(int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] data = new float[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        return new Vectors(data, n, d, Metric.L2);
    }
}
