package io.crinn4j.agent.propose.mutate;

import io.crinn4j.contract.ModuleKind;
import java.util.List;

/**
 * What an operator mutates: the parsed parent and the donors crossover may borrow from.
 *
 * @param module the module kind being evolved
 * @param source the parsed parent (or the result of an earlier mutation of the same reply)
 * @param donors other exemplars with a reward, best first, already parsed; never the parent's code
 */
record Subject(ModuleKind module, ParsedSource source, List<Donor> donors) {
    Subject {
        donors = List.copyOf(donors);
    }

    /** The same donors and module around another source. */
    Subject with(ParsedSource other) {
        return new Subject(module, other, donors);
    }

    /**
     * An exemplar crossover may take code from.
     *
     * @param id     its variant id (for descriptions)
     * @param reward its reward
     * @param source its parsed source
     */
    record Donor(String id, double reward, ParsedSource source) {
    }
}
