package io.crinn4j.agent.propose.mutate;

import java.util.Optional;

/**
 * One operator of the catalogue (see the package documentation). Implementations are stateless
 * and deterministic: the same subject and generator state give the same mutation.
 */
interface MutationOperator {

    /** The operator's kind, also the first word of its descriptions. */
    OperatorKind kind();

    /**
     * Applies the operator once to {@code subject}, or returns empty when it has nothing to work
     * on in this source (for instance no {@code static final} numeric constant for the tunable
     * operator). The result is not checked: the caller re-parses it and runs the source policy.
     */
    Optional<Mutation> apply(Subject subject, Rng rnd);
}
