package io.crinn4j.agent.cli;

import io.crinn4j.contract.ModuleKind;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "evolve", mixinStandardHelpOptions = true,
        description = "Runs a campaign on one module only, the other two staying the seed's. Same options as crinn run.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the campaign ran", "1:failure", "2:bad command line"})
public final class EvolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CampaignOptions options;

    @Option(names = "--module", required = true, paramLabel = "NAME", description = "construction, search or refinement.")
    String module;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        ModuleKind kind;
        try {
            kind = ModuleKind.parse(module);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return RunCommand.start(spec, options, List.of(kind.cliName()), quiet);
    }
}
