package io.crinn4j.data;

/**
 * Bad input: a missing, truncated, malformed or inconsistent data file, an unknown dataset name,
 * or a malformed dataset specification.
 *
 * <p>The message is always one line that starts with the file (shown as {@code folder/file}) or
 * the dataset name, followed by the problem, e.g. {@code bigann10k/base.fvecs: truncated record 37
 * (expected 516 bytes, found 12)}. Command-line front ends print {@link #getMessage()} alone, so
 * the message must be enough to act on without a stack trace. The cause, when there is one, is the
 * underlying I/O or library exception and is only for debugging.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a one-line message naming the file or dataset and the problem. */
    public DataException(String message) {
        super(message);
    }

    /** As {@link #DataException(String)}, keeping the low-level cause for debugging. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
