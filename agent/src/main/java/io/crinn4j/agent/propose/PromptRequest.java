package io.crinn4j.agent.propose;

import io.crinn4j.contract.ModuleKind;
import java.util.List;
import java.util.Set;

/**
 * One prompt and the material it was built from.
 *
 * @param module     the module being evolved
 * @param prompt     the full prompt text (what an LLM sees)
 * @param parent     the variant edits apply to: the best exemplar
 * @param exemplars  the sampled earlier variants, best first (the offline mutator works on these directly)
 * @param seed       per-request random seed, derived from the campaign seed, so replies are reproducible
 * @param knownCode  normalized source hashes ({@code SourceNormalizer.hash}) of every variant of
 *                   this module and stage measured so far: a proposer that can choose (the offline
 *                   mutator) proposes none of them again, since the campaign would only record a
 *                   duplicate and spend an evaluation of its budget on it
 * @param partner    in a crossover prompt, the variant to combine with the parent; null otherwise
 */
public record PromptRequest(ModuleKind module, String prompt, Exemplar parent, List<Exemplar> exemplars, long seed, Set<String> knownCode,
                            Exemplar partner) {
    public PromptRequest {
        exemplars = List.copyOf(exemplars);
        knownCode = Set.copyOf(knownCode);
    }

    /** A plain (not crossover) request. */
    public PromptRequest(ModuleKind module, String prompt, Exemplar parent, List<Exemplar> exemplars, long seed, Set<String> knownCode) {
        this(module, prompt, parent, exemplars, seed, knownCode, null);
    }

    /** A request with no earlier code to avoid. */
    public PromptRequest(ModuleKind module, String prompt, Exemplar parent, List<Exemplar> exemplars, long seed) {
        this(module, prompt, parent, exemplars, seed, Set.of());
    }
}
