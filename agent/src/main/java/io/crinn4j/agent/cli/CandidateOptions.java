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

    @Option(names = "--held-out", description = "Use the held-out queries (the dataset's second half, plus as many further base vectors as the campaign queries got unless --no-held-out-extra) instead of the campaign queries.")
    boolean heldOut;

    @Option(names = "--extra-queries", paramLabel = "N", description = "Base vectors moved out of the index into the campaign queries, as a campaign does. "
            + "Default: a campaign's automatic rule (bigann10k: 450, giving 500 campaign queries; the base keeps 9,000 with the held-out extras); 0 = the dataset's own first half only.")
    Integer extraQueries;

    @Option(names = "--held-out-extra", negatable = true, description = "Also move as many further base vectors into the held-out queries, as a campaign does by default"
            + " (--no-held-out-extra: the split of campaigns saved before that default). Default: on.")
    Boolean heldOutExtra;

    @Option(names = "--seed", paramLabel = "S", description = "Which base vectors --extra-queries moves: a campaign's --seed gives that campaign's query set. Default: 42, a campaign's default.")
    long seed = 42L;

    @Option(names = "--queries", paramLabel = "N", description = "Use only the first N queries of the chosen half.")
    Integer queries;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder root: DIR/<command>/<time>-<module>/. Default: runs/ of the checkout.")
    Path out;
}
