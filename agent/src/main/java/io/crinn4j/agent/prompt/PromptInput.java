package io.crinn4j.agent.prompt;

import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.contract.ModuleKind;
import java.util.List;
import java.util.Objects;

/**
 * Everything one prompt is rendered from.
 *
 * @param module     the module being evolved
 * @param workload   the data and the machine; null leaves that section out (a prompt built outside a campaign)
 * @param exemplars  earlier variants, at least one; shown best first, the first is the parent of SEARCH/REPLACE edits
 * @param bestParent the variant the best was derived from, for the diff; null when it has none
 * @param partner    for a crossover prompt, the second parent to combine with the best; null otherwise
 * @param failures   recent failures with feedback, newest first; may be empty
 * @param lessons    every variant of the stage so far, in order; may be empty
 * @param profile    where the best variant spends its time, as a rendered section; null when not measured
 */
public record PromptInput(ModuleKind module, Workload workload, List<Exemplar> exemplars, Exemplar bestParent, Exemplar partner,
                          List<Exemplar> failures, List<Lesson> lessons, String profile) {
    public PromptInput {
        Objects.requireNonNull(module, "module kind is required");
        if (exemplars == null || exemplars.isEmpty()) {
            throw new IllegalArgumentException("at least one exemplar (the best variant) is required");
        }
        exemplars = List.copyOf(exemplars);
        failures = failures == null ? List.of() : List.copyOf(failures);
        lessons = lessons == null ? List.of() : List.copyOf(lessons);
    }

    /** A prompt from exemplars alone: no workload, no lessons, no profile, no crossover. */
    public static PromptInput of(ModuleKind module, List<Exemplar> exemplars, Exemplar bestParent, List<Exemplar> failures) {
        return new PromptInput(module, null, exemplars, bestParent, null, failures, List.of(), null);
    }

    public boolean crossover() {
        return partner != null;
    }
}
