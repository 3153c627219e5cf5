package io.crinn4j.agent.propose;

import io.crinn4j.agent.propose.command.CommandProposer;
import io.crinn4j.agent.propose.llm.EnsembleProposer;
import io.crinn4j.agent.propose.llm.LlmProposer;
import io.crinn4j.agent.propose.llm.ModelPrices;
import io.crinn4j.agent.propose.manual.ManualProposer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/** Builds the {@link Proposer} a {@link ProposerConfig} describes. */
public final class Proposers {

    private Proposers() {
    }

    /**
     * The proposer for {@code cfg}, with API keys from the process environment.
     *
     * @param runDir        the campaign's run folder (manual mode defaults to {@code <runDir>/manual})
     * @param mutateFactory makes the offline mutator for kind {@code mutate}
     * @throws ProposerException when the config is invalid or a needed API key is missing
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
        ProposerConfig r;
        try {
            r = cfg.resolved();
        } catch (IllegalArgumentException e) {
            throw new ProposerException(e.getMessage(), e);
        }
        return build(r, runDir, mutateFactory, env, log);
    }

    private static Proposer build(ProposerConfig r, Path runDir, Supplier<Proposer> mutateFactory, Function<String, String> env,
            PrintStream log) {
        switch (r.kind()) {
            case ProposerConfig.MUTATE -> {
                Proposer p = mutateFactory == null ? null : mutateFactory.get();
                if (p == null) {
                    throw new ProposerException("mutate: the offline mutator is not available");
                }
                return p;
            }
            case ProposerConfig.OPENAI, ProposerConfig.OLLAMA, ProposerConfig.ANTHROPIC, ProposerConfig.GEMINI -> {
                if (log != null && r.priceInputPerMTok() == 0 && r.priceOutputPerMTok() == 0 && !ProposerConfig.OLLAMA.equals(r.kind())
                        && !ProposerConfig.isLocalUrl(r.baseUrl()) && ModelPrices.lookup(r.model()).isEmpty()) {
                    log.println(r.label() + ": no built-in price for this model, cost is reported as 0"
                            + " (set priceInputPerMTok and priceOutputPerMTok)");
                }
                return LlmProposer.create(r, env);
            }
            case ProposerConfig.MANUAL -> {
                Path dir;
                if (r.manualDir() != null) {
                    dir = Path.of(r.manualDir()).toAbsolutePath();
                } else if (runDir != null) {
                    dir = runDir.resolve("manual");
                } else {
                    throw new ProposerException("manual: no manualDir given and no run folder to put it in");
                }
                return new ManualProposer(dir, seconds(r.manualTimeoutSeconds()));
            }
            case ProposerConfig.COMMAND -> {
                return new CommandProposer(r.command(), seconds(r.timeoutSeconds()));
            }
            case ProposerConfig.ENSEMBLE -> {
                List<EnsembleProposer.Member> members = new ArrayList<>();
                for (ProposerConfig m : r.ensemble()) {
                    members.add(new EnsembleProposer.Member(build(m, runDir, mutateFactory, env, log), m.weight()));
                }
                return new EnsembleProposer(members);
            }
            default -> throw new ProposerException("unknown proposer kind '" + r.kind() + "'");
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
    }
}
