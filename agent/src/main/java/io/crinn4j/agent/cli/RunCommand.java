package io.crinn4j.agent.cli;

import io.crinn4j.agent.campaign.CampaignDir;
import io.crinn4j.agent.config.CampaignConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs an optimization campaign over all three modules in CRINN's order (construction, search,",
            "refinement), each stage starting from the previous stage's winner. With no API key or LLM configured it uses",
            "the offline mutate proposer on the embedded synthetic dataset. Everything lands in runs/<campaign>/."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the campaign ran (see the verdict line)", "1:failure (bad data, proposer misconfigured, I/O)", "2:bad command line"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CampaignOptions options;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        return start(spec, options, null, quiet);
    }

    static int start(CommandSpec spec, CampaignOptions options, java.util.List<String> modules, boolean quiet) {
        CampaignConfig cfg;
        try {
            cfg = options.resolve(modules);
        } catch (IllegalArgumentException e) {
            if (options.config != null) {
                // With a config file, the value may come from the file: report it as a failed run naming the file (exit 1).
                String m = String.valueOf(e.getMessage());
                throw m.startsWith(options.config.toString()) ? e : new IllegalArgumentException(options.config + ": " + m, e);
            }
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (CampaignDir dir = CampaignDir.create(options.parent().resolve(cfg.name()), cfg)) {
            return CampaignRunner.run(dir, spec.commandLine().getOut(), quiet);
        }
    }
}
