package io.crinn4j.agent.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies of campaign folders for tests that damage or extend one without touching the shared sample. */
public final class TestTrees {
    private TestTrees() {
    }

    /**
     * Copies the tree at {@code from} to {@code to}, leaving out a campaign's {@code .lock} file
     * (held by the campaign that wrote it, it means nothing in the copy).
     */
    public static Path copy(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }
}
