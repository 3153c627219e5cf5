package io.crinn4j.data;

/**
 * A dense matrix of {@code int} values (typically neighbour ids) stored row-major in one flat
 * array: row {@code i} is {@code data[i * dim] .. data[i * dim + dim - 1]}.
 *
 * <p>Invariants: {@code rows >= 0}, {@code dim > 0} and {@code data.length == rows * dim}. The
 * array is shared, not copied; treat it as read-only unless you created it.
 *
 * @param rows number of rows
 * @param dim  number of values per row
 * @param data {@code rows * dim} values, row-major
 */
public record IntMatrix(int rows, int dim, int[] data) {

    /** Checks the shape invariants. */
    public IntMatrix {
        if (rows < 0 || dim <= 0) {
            throw new IllegalArgumentException("bad shape " + rows + " x " + dim);
        }
        if (data == null || (long) rows * dim != data.length) {
            throw new IllegalArgumentException("data length " + (data == null ? "null" : data.length)
                    + " != " + rows + " x " + dim);
        }
    }
}
