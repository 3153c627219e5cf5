package io.crinn4j.agent.propose.mutate;

/**
 * One applied mutation.
 *
 * @param source      the complete mutated source
 * @param description what changed, one line, e.g. {@code tunable EF_CONSTRUCTION 200->260}
 */
record Mutation(String source, String description) {
}
