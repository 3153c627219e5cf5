package io.crinn4j.data;

import io.crinn4j.contract.Metric;
import org.junit.jupiter.api.Test;

import static io.crinn4j.data.TestFiles.assertDataError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticGeneratorTest {

    /**
     * Golden content hashes. They pin the exact bits, so running this test on JDK 17 and on a
     * newer JDK proves the data do not depend on the JVM; a change here is a format break that
     * invalidates every ground-truth cache and must be deliberate.
     */
    private static final String DEFAULT_HASH = "c2b54c8d9fe39f4bd692e61741befd1f1b3b57d1eef10a3a3244f0fbc378ff40";
    private static final String SMALL_HASH = "813df1d83beee54d4c13c7d42274edd470a11126380fa48bc7f639b0deb6ce0f";
    private static final String SMALL_SPEC = "n=500,d=10,clusters=4,queries=20,seed=7,spread=0.3";

    @Test
    void embeddedDefaultHasTheDocumentedShape() {
        Dataset ds = Datasets.resolve("synthetic", null);
        assertEquals("synthetic", ds.name());
        assertEquals(Metric.L2, ds.metric());
        assertEquals(20_000, ds.n());
        assertEquals(64, ds.d());
        assertEquals(1_000, ds.nq());
        assertEquals(SyntheticGenerator.Params.DEFAULT, SyntheticGenerator.Params.parse(""));
        assertEquals(SyntheticGenerator.Params.DEFAULT,
                SyntheticGenerator.Params.parse("n=20000,d=64,clusters=32,queries=1000,seed=42,metric=l2"));
    }

    @Test
    void sameParametersGiveBitIdenticalDataOnAnyJvm() {
        assertEquals(DEFAULT_HASH, Datasets.resolve("synthetic", null).contentHash());
        Dataset a = Datasets.resolve("synthetic:" + SMALL_SPEC, null);
        Dataset b = SyntheticGenerator.generate(SyntheticGenerator.Params.parse(SMALL_SPEC));
        assertEquals(SMALL_HASH, a.contentHash());
        assertEquals(a.contentHash(), b.contentHash());
    }

    @Test
    void everyParameterMatters() {
        String base = Datasets.resolve("synthetic:" + SMALL_SPEC, null).contentHash();
        for (String changed : new String[] {"n=501", "d=11", "clusters=5", "queries=21", "seed=8", "spread=0.31",
                                            "metric=ip"}) {
            String spec = SMALL_SPEC.replaceAll(changed.substring(0, changed.indexOf('=') + 1) + "[^,]*", changed);
            if (!spec.contains(changed)) {
                spec = SMALL_SPEC + "," + changed;
            }
            assertNotEquals(base, Datasets.resolve("synthetic:" + spec, null).contentHash(), changed);
        }
    }

    @Test
    void namesAreCanonical() {
        Dataset ds = Datasets.resolve("synthetic:seed=1", null);
        assertEquals("synthetic:n=20000,d=64,clusters=32,queries=1000,seed=1,metric=l2,spread=0.75", ds.name());
        assertEquals(ds.contentHash(), Datasets.resolve(ds.name(), null).contentHash());
    }

    @Test
    void queriesAreDisjointFromBaseAndNeighbourStructureIsClustered() {
        Dataset ds = Datasets.resolve("synthetic:n=3000,d=32,clusters=8,queries=100,seed=5", null);
        GroundTruth gt = GroundTruthBuilder.compute(ds, 10, 2);
        double nearest = 0;
        double tenth = 0;
        for (int q = 0; q < ds.nq(); q++) {
            assertTrue(gt.distance(q, 0) > 0, "query " + q + " duplicates a base vector");
            nearest += gt.distance(q, 0);
            tenth += gt.kthDistance(q, 10);
        }
        // Mean distance from queries to arbitrary base points: clustered data have neighbours much
        // closer than that, but not degenerate ones (tenth neighbour not ~ the first).
        double mean = 0;
        int samples = 0;
        for (int q = 0; q < ds.nq(); q++) {
            for (int i = q; i < ds.n(); i += 97) {
                double s = 0;
                for (int j = 0; j < ds.d(); j++) {
                    double t = ds.queries()[q * ds.d() + j] - ds.base()[i * ds.d() + j];
                    s += t * t;
                }
                mean += Math.sqrt(s);
                samples++;
            }
        }
        mean /= samples;
        double contrast = mean / (tenth / ds.nq());
        assertTrue(contrast > 1.5 && contrast < 4, "relative contrast " + contrast);
        assertTrue(tenth > nearest * 1.02, "10th neighbour should be farther than the first");
    }

    @Test
    void angularSyntheticIsNormalized() {
        Dataset ds = Datasets.resolve("synthetic:n=100,d=8,queries=5,metric=angular", null);
        assertEquals(Metric.ANGULAR, ds.metric());
        for (int i = 0; i < ds.n(); i++) {
            double s = 0;
            for (int j = 0; j < ds.d(); j++) {
                s += ds.base()[i * 8 + j] * ds.base()[i * 8 + j];
            }
            assertEquals(1.0, s, 1e-5);
        }
    }

    @Test
    void malformedParametersAreNamed() {
        assertDataError(() -> Datasets.resolve("synthetic:n=abc", null), "synthetic: parameter n='abc' is not a positive integer");
        assertDataError(() -> Datasets.resolve("synthetic:d=-3", null), "parameter d='-3'");
        assertDataError(() -> Datasets.resolve("synthetic:spread=0", null), "parameter spread='0'");
        assertDataError(() -> Datasets.resolve("synthetic:seed=x", null), "parameter seed='x'");
        assertDataError(() -> Datasets.resolve("synthetic:metric=hamming", null), "parameter metric='hamming'");
        assertDataError(() -> Datasets.resolve("synthetic:size=5", null), "synthetic: unknown parameter 'size'");
        assertDataError(() -> Datasets.resolve("synthetic:n", null), "synthetic: malformed parameter 'n'");
        assertDataError(() -> Datasets.resolve("synthetic:n=5,n=6", null), "parameter 'n' given twice");
    }
}
