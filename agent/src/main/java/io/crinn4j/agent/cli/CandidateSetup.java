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
 * source, the chosen half of the queries (campaign or held-out, optionally cut to the first N),
 * its ground truth, the seed's sources and a fresh run folder under {@code <out>/<folder>/}.
 */
record CandidateSetup(String source, Dataset data, GroundTruth gt, ModuleSources seed, Path runDir) {

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
        ds = c.heldOut ? QuerySplit.heldOut(ds) : QuerySplit.campaign(ds);
        if (c.queries != null) {
            ds = ds.firstQueries(Math.max(1, Math.min(c.queries, ds.nq())));
        }
        GroundTruth gt;
        try (Progress.Task t = progress.start("ground truth (" + ds.nq() + " queries)", ds.nq())) {
            gt = dataOptions.cache().getOrCompute(ds, 10, Runtime.getRuntime().availableProcessors(), t::stepTo);
        }
        Path root = c.out != null ? c.out : BenchCommand.defaultRunsDir();
        Path runDir = root.resolve(folder).resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + kind.cliName());
        return new CandidateSetup(source, ds, gt, new ModuleSources(GlassBaseline.sources()), runDir);
    }
}
