package io.crinn4j.agent.cli;

import io.crinn4j.agent.bench.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "crinn",
        mixinStandardHelpOptions = true,
        versionProvider = CrinnCommand.VersionInfo.class,
        description = {
            "crinn4j: makes approximate-nearest-neighbour search code faster by itself, the way CRINN does.",
            "An agent loop shows an LLM earlier versions of an HNSW module with their measured scores, asks for a",
            "better one, compiles and benchmarks it in a sandbox, and rewards the QPS-recall AUC over recall 0.85-0.95."
        },
        subcommands = {RunCommand.class, EvolveCommand.class, ResumeCommand.class, LeaderboardCommand.class, ReportCommand.class, ExportCommand.class, BenchCommand.class, EvalCommand.class, ConfirmCommand.class, picocli.CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the command failed (bad or missing data, unknown dataset, I/O or module error); one line on stderr says why",
            "2:the command line is wrong (unknown option, missing or malformed value)"
        },
        footer = {"", "Set CRINN_DEBUG=1 to see stack traces. Extra JVM flags: CRINN_JAVA_OPTS (for example -Xmx16g)."})
public final class CrinnCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version and the runtime it is running on. */
    public static final class VersionInfo implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"crinn4j " + Version.get(),
                "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                "kernels " + io.crinn4j.contract.vector.Kernels.get().name()};
        }
    }
}
