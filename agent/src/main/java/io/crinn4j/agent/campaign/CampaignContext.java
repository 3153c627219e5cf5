package io.crinn4j.agent.campaign;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.measure.Referee;
import io.crinn4j.agent.measure.SharedWorker;
import io.crinn4j.agent.prompt.ExemplarSampler;
import io.crinn4j.agent.prompt.PromptBuilder;
import io.crinn4j.agent.prompt.Workload;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.Evaluator;
import io.crinn4j.sandbox.ModuleSources;
import java.nio.file.Path;

/**
 * What every part of one campaign session shares, built once by {@link Campaign#run} after
 * {@link CampaignSetup}: the configuration, the stores, the proposer, and the paired measurement
 * every reward goes through. Passed whole instead of the same nine arguments to every method.
 *
 * @param folder   the campaign folder (named in messages that say how to resume)
 * @param paired   candidates measured beside {@code sandbox.seedInstances} instances of the seed
 * @param seed     the seed's three modules, the reference of every ratio
 * @param band     the recall band of the AUC (for counted work)
 * @param prompts  the prompt builder, stating the band and budgets the referee enforces (both from {@code reward})
 * @param workload the data and the machine, as prompts state them
 */
record CampaignContext(CampaignConfig cfg, Path folder, ProgramDatabase db, EventLog log, Campaign.Listener listener, Proposer proposer,
                       SharedWorker paired, NoiseMonitor noise, ModuleSources seed, RecallBand band, PromptBuilder prompts,
                       ExemplarSampler sampler, KnownCode knownCode, VariantRecorder recorder, Workload workload) {

    /**
     * The context of a campaign whose candidates {@code evaluator} measures: the referee, the
     * paired measurement, the prompt builder (stating the band and the budgets the referee
     * enforces) and the stores, each built from its settings.
     */
    static CampaignContext open(CampaignConfig cfg, Path folder, ProgramDatabase db, EventLog log, Campaign.Listener listener,
                                Proposer proposer, Evaluator evaluator, Referee referee, NoiseMonitor noise, Workload workload) {
        SharedWorker paired = SharedWorker.of(evaluator, referee, cfg.evaluator());
        VariantRecorder recorder = new VariantRecorder(db, log, listener, referee, cfg.budget().evaluations());
        return new CampaignContext(cfg, folder, db, log, listener, proposer, paired, noise, CampaignSetup.seedSources(), cfg.reward().band(),
                cfg.promptBuilder(),
                new ExemplarSampler(cfg.sampling().temperature()), new KnownCode(db), recorder, workload);
    }
}
