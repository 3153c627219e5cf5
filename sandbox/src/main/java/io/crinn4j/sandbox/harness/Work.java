package io.crinn4j.sandbox.harness;

/**
 * Which distance count to believe. Modules report their own ({@code DistanceCounter}); in a
 * sandbox worker the shared kernels count the rows they score as well
 * ({@code Kernels.countedDistances}). A module that under-reports would look like less work —
 * a better graph — and be carried into a campaign's confirmation as its work finalist, so the
 * larger of the two counts is the one used. A module computing distances in loops of its own is
 * not seen by the kernels; its report then stands, which is as good as it gets without
 * instrumenting candidate code, and it still has to win on timed measurement.
 */
public final class Work {
    private Work() {
    }

    /** The count to use: {@code max(reported, counted)}, or {@code reported} when the kernels did not count ({@code counted < 0}). */
    public static long trusted(long reported, long counted) {
        return counted < 0 ? reported : Math.max(reported, counted);
    }

    /** As {@link #trusted(long, long)} for per-query means. */
    public static double trusted(double reported, double counted) {
        return counted < 0 ? reported : Math.max(reported, counted);
    }
}
