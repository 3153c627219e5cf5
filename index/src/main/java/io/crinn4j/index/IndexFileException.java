package io.crinn4j.index;

import java.io.IOException;

/**
 * An index file that cannot be used: not an index file at all, a format version this library
 * does not read, truncated, corrupt (its checksum does not match), inconsistent, or built with
 * other modules than the ones it is being loaded with. The message is one line naming the file
 * and what is wrong with it.
 */
public final class IndexFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public IndexFileException(String message) {
        super(message);
    }

    public IndexFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
