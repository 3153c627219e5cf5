package io.crinn4j.agent.cli;

import io.crinn4j.agent.report.CampaignFolder;
import io.crinn4j.agent.report.CurvesPng;
import io.crinn4j.agent.report.HtmlReport;
import io.crinn4j.data.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained HTML page (no network needed to view it) for one campaign or several",
            "side by side: leaderboards with confirmation, held-out, counted work, build and memory; QPS-recall",
            "curves on campaign and held-out queries; reward over evaluations; lineage; failures; LLM tokens and",
            "cost per group; the method line. Reads the folders only: works while a campaign runs. --png writes",
            "the curves alone as a PNG."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:not a campaign folder, unreadable or corrupt file (one line on stderr names it)", "2:bad command line"})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Campaign folders, e.g. runs/20261121-120000-synthetic.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE.html",
            description = "The HTML page. Default: RUN/report.html for one campaign, crinn-report.html in the current folder for several;"
                    + " none when only --png is given.")
    Path out;

    @Option(names = "--png", paramLabel = "FILE.png", description = "Also (or, without --out, only) the QPS-recall curves as a PNG.")
    Path png;

    @Option(names = "--top", paramLabel = "N", description = "Variants per module in the leaderboards (winners and finalists always shown). Default: 10.")
    int top = 10;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be >= 1, got " + top);
        }
        if (out != null && png != null && out.toAbsolutePath().normalize().equals(png.toAbsolutePath().normalize())) {
            throw new ParameterException(spec.commandLine(), "--out and --png name the same file: " + out);
        }
        List<CampaignFolder> folders = new ArrayList<>();
        for (Path r : runs) {
            folders.add(CampaignFolder.read(r));
        }
        PrintWriter w = spec.commandLine().getOut();
        if (png != null) {
            CurvesPng.write(folders, png);
            w.println("curves written to " + png);
        }
        if (out != null || png == null) {
            Path html = out != null ? out : runs.size() == 1 ? runs.get(0).resolve("report.html") : Path.of("crinn-report.html");
            String page = HtmlReport.render(folders, html, top);
            try {
                AtomicFile.writeString(html, page);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + html + ": " + e.getMessage(), e);
            }
            w.println("report written to " + html + " (" + (page.length() + 1023) / 1024 + " KiB" + (folders.stream()
                    .anyMatch(f -> !f.finished()) ? "; a campaign without result.json is shown as far as it got" : "") + ")");
        }
        w.flush();
        return Main.EXIT_OK;
    }
}
