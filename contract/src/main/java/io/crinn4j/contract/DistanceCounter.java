package io.crinn4j.contract;

/**
 * The distance-count hook: modules add the number of distance computations they make, so
 * reports can show work per query next to time per query.
 *
 * <p>The count never enters the reward, which is measured time; it fills the counted-work
 * figures and picks a campaign's work finalist. In the sandbox it is checked: the shared kernels
 * ({@link io.crinn4j.contract.vector.Kernels}) count the rows they score, and the larger of the two
 * counts is believed. To keep the hot path free of memory traffic, a module should count in a
 * local variable and call {@link #add} once per query or per build step. One counter belongs to
 * one thread; the harness gives every timed pass new ones.
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
