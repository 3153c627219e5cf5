package io.crinn4j.agent.campaign;

import io.crinn4j.agent.measure.SharedWorker;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.MeasurementKey;
import io.crinn4j.sandbox.ModuleSources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluate step of a group: a candidate is always measured beside the seed's instances in one
 * worker and judged against the fastest of them ({@link SharedWorker}) — alone with them, or with
 * the rest of its group when the campaign measures groups together. Why never apart: a candidate
 * measured in a worker of its own against a seed measured minutes before got the machine's drift
 * as its reward (the seed's AUC read 6,514, 7,676 and 9,190 within 15 minutes of one campaign).
 * Every pair of seed instances measured feeds this machine's noise estimate.
 */
final class CandidateMeasurement {
    private final StageContext stage;
    private final CampaignContext c;
    private final int group;

    CandidateMeasurement(StageContext stage, int group) {
        this.stage = stage;
        this.c = stage.campaign();
        this.group = group;
    }

    /**
     * One candidate in a worker of its own beside the seed's instances, measured again while they
     * disagree beyond the campaign's bound ({@code UNSTABLE} when they still do); safe on several
     * evaluator threads at once.
     */
    Evaluation alone(int index, String source) {
        SharedWorker.Candidate got = c.paired().candidate(c.seed(), stage.current(), stage.module(), source,
                MeasurementKey.candidate(stage.stage(), group, index));
        if (got.paired() != null) {
            c.noise().record(got.paired().seedAucs());
        }
        return got.verdict();
    }

    /**
     * The candidates ({@code sources}, in index order) and the seed's instances in one worker, their
     * timed runs taking turns ef by ef, so in-group rewards compare programs that saw the same
     * machine. A candidate that threw or ran out of time there comes back with that verdict (the
     * others are measured again without it). Empty when the failure could not be pinned on a
     * candidate (the shared heap exhausted, a JVM crash): the caller then measures each
     * {@link #alone}.
     */
    Optional<List<Evaluation>> together(List<String> sources) {
        String gid = stage.groupId(group);
        int k = c.paired().seedInstances();
        List<ModuleSources> candidates = sources.stream().map(stage::with).toList();
        c.listener().message(String.format(Locale.ROOT, "%s: measuring %d candidate%s with %s in one worker", gid, sources.size(),
                sources.size() == 1 ? "" : "s", k == 1 ? "the seed" : k + " instances of the seed"));
        Optional<SharedWorker.Paired> got = c.paired().measure(c.paired().slots(c.seed(), candidates), stage.module(),
                MeasurementKey.group(stage.stage(), group));
        if (got.isEmpty()) {
            c.log().append("group-apart", Map.of("group", gid, "candidates", sources.size()));
            c.listener().message(gid + ": the shared worker did not finish; measuring each candidate beside the seed in a worker of its own");
            return Optional.empty();
        }
        SharedWorker.Paired p = got.get();
        c.noise().record(p.seedAucs());
        Evaluation seedEval = p.seed();
        c.log().append("seed-remeasured", Map.of("group", gid, "auc", seedEval.auc(), "buildSeconds", seedEval.buildSeconds(),
                "cached", seedEval.cached(), "together", true, "instanceAucs", p.seedAucs(), "spread", p.spread(),
                "attempts", p.attempts(), "stable", p.stable()));
        if (!p.stable()) {
            c.listener().message(gid + ": not scored, " + p.describe());
        }
        List<Evaluation> out = new ArrayList<>();
        for (int j = 0; j < sources.size(); j++) {
            out.add(c.paired().verdict(p, k + j));
        }
        return Optional.of(out);
    }
}
