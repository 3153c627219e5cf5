package io.crinn4j.contract.vector;

import java.util.Locale;

/**
 * Chooses the {@link VectorKernels} for this JVM once, at class initialization.
 *
 * <p>The Vector API lives in the incubator module {@code jdk.incubator.vector}; when the JVM was
 * started without {@code --add-modules jdk.incubator.vector} the Panama class cannot even be
 * loaded, so it is reached only by reflection after checking the module is in the boot layer.
 * The system property {@code crinn.kernels} ({@code scalar} or {@code panama}) overrides the
 * choice, which is how tests compare the two and how a user works around a JDK whose Vector API
 * misbehaves. Keeping the instance in a {@code static final} field lets C2 inline through the
 * interface call.
 */
public final class Kernels {

    /**
     * System property that makes {@link #get()} count the rows it scores ({@link #countedDistances()}):
     * {@code true} for sandbox workers, {@value #COUNT_DISTINCT} for profiling workers.
     */
    public static final String COUNT_PROPERTY = "crinn.kernels.count";
    /** {@value #COUNT_PROPERTY} value that also lets the harness count distinct rows ({@link #startDistinctRows()}). */
    public static final String COUNT_DISTINCT = "distinct";

    private static final String COUNT_MODE = System.getProperty(COUNT_PROPERTY, "false");
    private static final boolean DISTINCT = COUNT_MODE.equals(COUNT_DISTINCT);
    private static final boolean COUNTING = DISTINCT || Boolean.parseBoolean(COUNT_MODE);
    private static final VectorKernels INSTANCE = DISTINCT ? DistinctRowKernels.INSTANCE
            : COUNTING ? CountingKernels.INSTANCE : selectUncounted();

    private Kernels() {
    }

    /** The kernels chosen for this JVM. */
    public static VectorKernels get() {
        return INSTANCE;
    }

    /** The scalar kernels, whatever {@link #get()} chose; for tests and cross-checks. */
    public static VectorKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * Rows scored by {@link #get()}'s kernels since the JVM started — one per {@code squaredL2},
     * {@code dot} or {@code dotBytes} call, one per distinct row of a {@code dotBytes4} — or -1 when
     * this JVM does not count ({@value #COUNT_PROPERTY} unset). Read by the sandbox harness around
     * each timed pass to check the distance counts modules report; candidate code may not call it.
     */
    public static long countedDistances() {
        return COUNTING ? CountingKernels.rows : -1;
    }

    /** True when this JVM can count distinct rows ({@value #COUNT_PROPERTY}={@value #COUNT_DISTINCT}). */
    public static boolean countsDistinctRows() {
        return DISTINCT;
    }

    /**
     * Starts recording which rows {@link #get()}'s kernels score (forgetting any earlier record):
     * the harness brackets one query's search, or its refinement, to learn how many distinct
     * vectors it read. Candidate code may not call it.
     *
     * @throws IllegalStateException when this JVM does not count distinct rows
     */
    public static void startDistinctRows() {
        requireDistinct();
        DistinctRowKernels.start();
    }

    /** Stops the record {@link #startDistinctRows()} began: the distinct rows scored since. */
    public static long stopDistinctRows() {
        requireDistinct();
        return DistinctRowKernels.stop();
    }

    private static void requireDistinct() {
        if (!DISTINCT) {
            throw new IllegalStateException("distinct rows are counted only with -D" + COUNT_PROPERTY + "=" + COUNT_DISTINCT);
        }
    }

    /** True when the Vector API module is loaded in this JVM. */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The kernels for this JVM without counting; also the delegate of the counting ones. */
    static VectorKernels selectUncounted() {
        String forced = System.getProperty("crinn.kernels", "auto").toLowerCase(Locale.ROOT);
        if (forced.equals("scalar") || !vectorApiAvailable()) {
            return ScalarKernels.INSTANCE;
        }
        try {
            Class<?> c = Class.forName("io.crinn4j.contract.vector.PanamaKernels");
            VectorKernels k = (VectorKernels) c.getDeclaredMethod("create").invoke(null);
            if (k != null) {
                return k;
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            if (forced.equals("panama")) {
                throw new IllegalStateException("crinn.kernels=panama but the Vector API kernels failed to load: " + e, e);
            }
        }
        return ScalarKernels.INSTANCE;
    }
}
