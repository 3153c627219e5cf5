package io.crinn4j.agent.propose;

import io.crinn4j.contract.ModuleKind;
import java.util.List;

/**
 * One prompt and the material it was built from.
 *
 * @param module     the module being evolved
 * @param prompt     the full prompt text (what an LLM sees)
 * @param parent     the variant edits apply to: the best exemplar
 * @param exemplars  the sampled earlier variants, best first (the offline mutator works on these directly)
 * @param seed       per-request random seed, derived from the campaign seed, so replies are reproducible
 */
public record PromptRequest(ModuleKind module, String prompt, Exemplar parent, List<Exemplar> exemplars, long seed) {
    public PromptRequest {
        exemplars = List.copyOf(exemplars);
    }
}
