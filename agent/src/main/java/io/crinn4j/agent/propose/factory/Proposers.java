package io.crinn4j.agent.propose.factory;

import io.crinn4j.agent.config.CommandConfig;
import io.crinn4j.agent.config.EnsembleConfig;
import io.crinn4j.agent.config.LlmConfig;
import io.crinn4j.agent.config.ManualConfig;
import io.crinn4j.agent.config.MutateConfig;
import io.crinn4j.agent.config.ProposerConfig;
import io.crinn4j.agent.config.ReplayConfig;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.ProposerException;
import io.crinn4j.agent.propose.command.CommandProposer;
import io.crinn4j.agent.propose.llm.EnsembleProposer;
import io.crinn4j.agent.propose.llm.LlmProposer;
import io.crinn4j.agent.propose.manual.ManualProposer;
import io.crinn4j.agent.propose.replay.ReplayProposer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the {@link Proposer} a {@link ProposerConfig} describes. It lives apart from the proposers
 * it builds (and from {@code agent.propose}, which they all use) so that no package depends back on
 * the one that depends on all of them.
 */
public final class Proposers {

    private Proposers() {
    }

    /**
     * The proposer for {@code cfg}, with API keys from the process environment.
     *
     * @param runDir        the campaign's run folder (manual mode defaults to {@code <runDir>/manual})
     * @param mutateFactory makes the offline mutator for kind {@code mutate}
     * @throws ProposerException when a needed API key is missing or the proposer cannot be made
     */
    public static Proposer create(ProposerConfig cfg, Path runDir, Supplier<Proposer> mutateFactory) {
        return create(cfg, runDir, mutateFactory, System::getenv, System.err);
    }

    /** As {@link #create(ProposerConfig, Path, Supplier)}, with API keys looked up through {@code env}. */
    public static Proposer create(ProposerConfig cfg, Path runDir, Supplier<Proposer> mutateFactory, Function<String, String> env) {
        return create(cfg, runDir, mutateFactory, env, System.err);
    }

    /** As above; notices (unknown model prices) go to {@code log}. */
    public static Proposer create(ProposerConfig cfg, Path runDir, Supplier<Proposer> mutateFactory, Function<String, String> env,
            PrintStream log) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(env, "env");
        if (cfg instanceof MutateConfig) {
            Proposer p = mutateFactory == null ? null : mutateFactory.get();
            if (p == null) {
                throw new ProposerException("mutate: the offline mutator is not available");
            }
            return p;
        }
        if (cfg instanceof LlmConfig llm) {
            if (log != null && llm.priceUnknown()) {
                log.println(llm.label() + ": no built-in price for this model, cost is reported as 0"
                        + " (set priceInputPerMTok and priceOutputPerMTok)");
            }
            return LlmProposer.create(llm, env);
        }
        if (cfg instanceof ManualConfig manual) {
            Path dir;
            if (manual.manualDir() != null) {
                dir = Path.of(manual.manualDir()).toAbsolutePath();
            } else if (runDir != null) {
                dir = runDir.resolve("manual");
            } else {
                throw new ProposerException("manual: no manualDir given and no run folder to put it in");
            }
            return new ManualProposer(dir, seconds(manual.manualTimeoutSeconds()));
        }
        if (cfg instanceof ReplayConfig replay) {
            if (runDir == null) {
                throw new ProposerException("replay: no run folder to count the groups in");
            }
            try {
                return new ReplayProposer(Path.of(replay.repliesDir()), runDir);
            } catch (IllegalArgumentException e) {
                throw new ProposerException(e.getMessage(), e);
            }
        }
        if (cfg instanceof CommandConfig command) {
            return new CommandProposer(command.command(), seconds(command.timeoutSeconds()));
        }
        EnsembleConfig ensemble = (EnsembleConfig) cfg;
        List<EnsembleProposer.Member> members = new ArrayList<>();
        for (EnsembleConfig.Member m : ensemble.members()) {
            members.add(new EnsembleProposer.Member(create(m.proposer(), runDir, mutateFactory, env, log), m.weight()));
        }
        return new EnsembleProposer(members);
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
    }
}
