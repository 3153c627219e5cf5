package io.crinn4j.contract;

/**
 * The distance-count hook: modules add the number of distance computations they make, so
 * reports can show work per query next to time per query.
 *
 * <p>The count is self-reported and only informs diagnostics; it never enters the reward,
 * which is measured time. To keep the hot path free of memory traffic, a module should count in
 * a local variable and call {@link #add} once per query or per build step. One counter belongs
 * to one thread.
 */
public final class DistanceCounter {
    private long count;

    /** Records {@code computations} more distance evaluations. */
    public void add(long computations) {
        count += computations;
    }

    /** Total recorded since creation or the last {@link #reset()}. */
    public long get() {
        return count;
    }

    /** Returns the total and starts again from zero. */
    public long reset() {
        long c = count;
        count = 0;
        return c;
    }
}
