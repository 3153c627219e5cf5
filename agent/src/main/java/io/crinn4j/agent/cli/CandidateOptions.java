package io.crinn4j.agent.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The candidate and the queries it is measured on: shared by {@code crinn eval} and {@code crinn confirm}. */
public final class CandidateOptions {
    @Parameters(index = "0", paramLabel = "FILE.java", description = "The candidate module's source file.")
    Path file;

    @Option(names = "--module", required = true, paramLabel = "NAME", description = "construction, search or refinement.")
    String module;

    @Option(names = "--held-out", description = "Use the held-out queries (the second half) instead of the campaign queries (the first half).")
    boolean heldOut;

    @Option(names = "--queries", paramLabel = "N", description = "Use only the first N queries of the chosen half.")
    Integer queries;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder root: DIR/<command>/<time>-<module>/. Default: runs/ of the checkout.")
    Path out;
}
