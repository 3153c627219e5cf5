package io.crinn4j.agent.config;

/** The offline AST mutator ({@code kind: mutate}, the default): it needs no settings. */
public record MutateConfig() implements ProposerConfig {

    @Override
    public String kind() {
        return "mutate";
    }

    /** The mutator is CPU-bound in the campaign's JVM: by default it finishes a group before any timed evaluation starts. */
    @Override
    public boolean overlapsByDefault() {
        return false;
    }
}
