package io.crinn4j.contract;

import java.util.Arrays;

/**
 * The hand-over from search to refinement: up to {@link #capacity()} candidate ids with the
 * distance estimate the search module used, in parallel primitive arrays.
 *
 * <p>Invariants after a search: {@code 0 <= size <= capacity}; entries {@code [0, size)} are
 * distinct valid ids sorted by ascending {@code dists}; entries past {@code size} are garbage.
 * One buffer is allocated per thread and reused for every query, so no query allocates.
 */
public final class CandidateBuffer {
    /** Candidate ids; only {@code [0, size)} is meaningful. */
    public final int[] ids;
    /** The search module's distance estimates for {@link #ids}, ascending. */
    public final float[] dists;
    /** Number of valid entries. */
    public int size;

    public CandidateBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("candidate buffer capacity must be >= 1, got " + capacity);
        }
        ids = new int[capacity];
        dists = new float[capacity];
    }

    public int capacity() {
        return ids.length;
    }

    public void clear() {
        size = 0;
    }

    /** Appends without sorting; the caller keeps the ascending order. Returns false when full. */
    public boolean add(int id, float dist) {
        if (size == ids.length) {
            return false;
        }
        ids[size] = id;
        dists[size] = dist;
        size++;
        return true;
    }

    /** A copy of the valid ids, for tests and diagnostics (allocates). */
    public int[] idsCopy() {
        return Arrays.copyOf(ids, size);
    }
}
