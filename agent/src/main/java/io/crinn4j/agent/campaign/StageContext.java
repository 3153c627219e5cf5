package io.crinn4j.agent.campaign;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.ModuleSources;
import java.util.List;

/**
 * One stage: the module it evolves and what it starts from. Shared by the stage's groups
 * ({@link GroupRun}) and its confirmation ({@link StageConfirmation}).
 *
 * @param current      the module set the stage improves: the previous stages' winners (the seed at first)
 * @param start        the stage's starting variant, whose code is {@code current}'s module
 * @param startReward  {@code current}'s reward relative to the seed (1 for the seed)
 */
record StageContext(CampaignContext campaign, ModuleKind module, int stage, ModuleSources current, Variant start, double startReward) {

    /** Every variant of this stage recorded so far, the start included. */
    List<Variant> variants() {
        return campaign.db().of(module).stream().filter(v -> v.stage() == stage).toList();
    }

    String groupId(int group) {
        return VariantId.groupId(module, stage, group);
    }

    /** {@code current} with this stage's module replaced by {@code source}. */
    ModuleSources with(String source) {
        return current.with(module, source);
    }
}
