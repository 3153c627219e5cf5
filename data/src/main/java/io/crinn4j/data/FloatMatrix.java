package io.crinn4j.data;

/**
 * A dense matrix of {@code float} vectors stored row-major in one flat array: row {@code i} is
 * {@code data[i * dim] .. data[i * dim + dim - 1]}.
 *
 * <p>Invariants: {@code rows >= 0}, {@code dim > 0} and {@code data.length == rows * dim}. The
 * array is shared, not copied; whoever holds a {@code FloatMatrix} must treat it as read-only
 * unless it created it. {@code equals} is by array identity (the record default), so compare
 * contents with {@link java.util.Arrays#equals(float[], float[])}.
 *
 * @param rows number of vectors
 * @param dim  number of components per vector
 * @param data {@code rows * dim} values, row-major
 */
public record FloatMatrix(int rows, int dim, float[] data) {

    /** Checks the shape invariants. */
    public FloatMatrix {
        if (rows < 0 || dim <= 0) {
            throw new IllegalArgumentException("bad shape " + rows + " x " + dim);
        }
        if (data == null || (long) rows * dim != data.length) {
            throw new IllegalArgumentException("data length " + (data == null ? "null" : data.length)
                    + " != " + rows + " x " + dim);
        }
    }
}
