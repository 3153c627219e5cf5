package io.crinn4j.agent.cli;

import io.crinn4j.agent.util.Progress;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.QuerySplit;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What {@code crinn eval} and {@code crinn confirm} both need before measuring: the candidate's
 * source, the chosen query set (a campaign's, extra queries included, or the held-out one,
 * optionally cut to the first N),
 * its ground truth, the seed's sources and a fresh run folder under {@code <out>/<folder>/}.
 */
record CandidateSetup(String source, Dataset data, int extraQueries, int heldOutExtraQueries, long splitSeed, GroundTruth gt, ModuleSources seed,
                      Path runDir) {

    /** How the dataset line of a report names the query set, e.g. {@code campaign queries (500, 450 moved from the base)}. */
    String querySetLabel(boolean heldOut) {
        String what = (heldOut ? "held-out" : "campaign") + " queries (" + data.nq();
        int mine = heldOut ? heldOutExtraQueries : extraQueries;
        int theirs = heldOut ? extraQueries : heldOutExtraQueries;
        if (mine > 0) {
            what += ", " + mine + " of them moved from the base";
        }
        if (theirs > 0) {
            what += ", base also without the " + theirs + " moved to the " + (heldOut ? "campaign" : "held-out") + " queries";
        }
        if (mine > 0 || theirs > 0) {
            // Which base vectors move depends on the seed, and a campaign's winner can measure several percent
            // better on its own campaign's split than on another: say which split this is.
            what += "; split of a campaign with --seed " + splitSeed;
        }
        return what + ")";
    }

    static CandidateSetup load(CandidateOptions c, ModuleKind kind, DataOptions dataOptions, String folder, Progress progress) {
        Path file = c.file;
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Dataset ds;
        try (Progress.Task t = progress.start("loading " + dataOptions.dataset, -1)) {
            ds = dataOptions.load();
        }
        if (c.extraQueries != null && c.extraQueries < 0) {
            throw new IllegalArgumentException("--extra-queries must be >= 0, got " + c.extraQueries);
        }
        // The same split a campaign with this seed makes, so eval and confirm numbers are comparable with its rewards.
        QuerySplit.Split split = QuerySplit.forCampaign(ds, c.extraQueries, c.heldOutExtra == null || c.heldOutExtra, c.seed);
        ds = c.heldOut ? split.heldOut() : split.campaign();
        if (c.queries != null) {
            ds = ds.firstQueries(Math.max(1, Math.min(c.queries, ds.nq())));
        }
        GroundTruth gt;
        try (Progress.Task t = progress.start("ground truth (" + ds.nq() + " queries)", ds.nq())) {
            gt = dataOptions.cache().getOrCompute(ds, 10, Runtime.getRuntime().availableProcessors(), t::stepTo);
        }
        Path root = c.out != null ? c.out : BenchCommand.defaultRunsDir();
        Path runDir = root.resolve(folder).resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + kind.cliName());
        return new CandidateSetup(source, ds, split.extraQueries(), split.heldOutExtraQueries(), c.seed, gt, new ModuleSources(GlassBaseline.sources()), runDir);
    }
}
