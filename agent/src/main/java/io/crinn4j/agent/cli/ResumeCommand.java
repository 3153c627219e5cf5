package io.crinn4j.agent.cli;

import io.crinn4j.agent.campaign.CampaignDir;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continues a campaign exactly where it stopped (killed, interrupted or out of budget): finished",
            "evaluations are read back, saved replies are reused, nothing is evaluated twice."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the campaign ran", "1:failure (not a campaign folder, in use by another process, ...)", "2:bad command line"})
public final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The campaign folder, e.g. runs/20261121-120000-synthetic.")
    Path dir;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        try (CampaignDir d = CampaignDir.open(dir)) {
            return CampaignRunner.run(d, spec.commandLine().getOut(), quiet);
        }
    }
}
