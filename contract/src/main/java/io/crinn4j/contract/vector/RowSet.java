package io.crinn4j.contract.vector;

import java.util.Arrays;

/**
 * The distinct vectors read since {@link #clear()}, each named by the array it lives in and the
 * offset it starts at: a row is always handed to a kernel by its start, so distinct offsets of one
 * array are distinct vectors, whatever the array's layout or padding. Arrays are told apart by
 * identity, not content (two copies of the same vectors are two places a module reads from).
 *
 * <p>Open addressing on a {@code long[]} keyed by {@code (array slot << 32) | offset}, so adding a
 * row allocates nothing once the table has grown to a query's size. Not thread-safe: the profiling
 * worker searches on one thread.
 */
final class RowSet {
    private static final long EMPTY = -1;
    private static final int MIN_CAPACITY = 1 << 10;

    /** The arrays seen since the last clear, by slot; a query reads from a handful. */
    private Object[] arrays = new Object[4];
    private int arrayCount;
    private int last = -1;
    private long[] table = newTable(MIN_CAPACITY);
    private int size;

    /** Adds the row of {@code array} starting at {@code offset}; true when it was not there yet (a bad offset is the kernel's to refuse). */
    boolean add(Object array, int offset) {
        if (size * 2 >= table.length) {
            grow();
        }
        long key = ((long) slot(array) << 32) | (offset & 0xffffffffL);
        int mask = table.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            long k = table[i];
            if (k == key) {
                return false;
            }
            if (k == EMPTY) {
                table[i] = key;
                size++;
                return true;
            }
        }
    }

    /** Distinct rows added since the last {@link #clear()}. */
    int size() {
        return size;
    }

    /** Forgets every row and array (the arrays are not kept reachable past a query). */
    void clear() {
        if (size > 0) {
            Arrays.fill(table, EMPTY);
        }
        size = 0;
        Arrays.fill(arrays, 0, arrayCount, null);
        arrayCount = 0;
        last = -1;
    }

    /** The array's slot, added when new; the most recent one is checked first (consecutive calls read the same array). */
    private int slot(Object array) {
        if (last >= 0 && arrays[last] == array) {
            return last;
        }
        for (int i = 0; i < arrayCount; i++) {
            if (arrays[i] == array) {
                last = i;
                return i;
            }
        }
        if (arrayCount == arrays.length) {
            arrays = Arrays.copyOf(arrays, arrays.length * 2);
        }
        arrays[arrayCount] = array;
        last = arrayCount;
        return arrayCount++;
    }

    private void grow() {
        long[] old = table;
        table = newTable(old.length * 2);
        int mask = table.length - 1;
        for (long key : old) {
            if (key != EMPTY) {
                int i = mix(key) & mask;
                while (table[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                table[i] = key;
            }
        }
    }

    private static long[] newTable(int capacity) {
        long[] t = new long[capacity];
        Arrays.fill(t, EMPTY);
        return t;
    }

    /** Offsets of one array are multiples of the row stride: spread them over the table (Murmur3's finalizer). */
    private static int mix(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }
}
