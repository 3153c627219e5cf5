package io.crinn4j.agent.campaign;

import io.crinn4j.agent.measure.SharedWorker;
import io.crinn4j.reward.CurvePoint;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.reward.Stats;
import io.crinn4j.sandbox.DistanceWork;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.Evaluator;
import io.crinn4j.sandbox.MeasurementKey;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The final module set against the seed on queries the campaign never saw, in
 * {@link #ROUNDS} rounds; the median ratio is the campaign's held-out reward. Why the median of
 * several: one disturbed measurement must not decide the verdict.
 *
 * <p>Each round is one worker: the seed's instances and the final set, their runs taking turns ef
 * by ef, the first turn rotating, the fastest instance the reference. A round whose instances
 * disagreed on every attempt, or whose worker failed, is lost rather than replaced by a pair
 * measured apart. Campaigns saved with one seed instance per worker keep their old protocol: a
 * pair of separate workers per round, the order alternating, since whichever program ran first in
 * a pair of separate workers was measured up to 10% slower here.
 */
final class HeldOutCheck {
    /** Rounds; even, so in the old protocol each side runs first in half of them. */
    static final int ROUNDS = 4;

    /**
     * The outcome: median ratio, median AUCs of the reference seed and of the final set, counted work ratio; nulls when no round
     * finished. For the report ({@code crinn report}): the ratio of every round that counted, and the curves (ef, recall, QPS per
     * swept ef) of the reference seed and of the final set in the round whose ratio is nearest the median ({@code curveRound}).
     */
    record Outcome(Double reward, Double seedAuc, Double finalAuc, Double work, List<Double> ratios, Integer curveRound,
                   List<CurvePoint> seedCurve, List<CurvePoint> finalCurve) {
        /** Nothing measured. */
        static Outcome none() {
            return new Outcome(null, null, null, null, List.of(), null, List.of(), List.of());
        }
    }

    private final EventLog log;
    private final SharedWorker paired;
    private final NoiseMonitor noise;
    private final RecallBand band;

    /** @param paired measures on the held-out queries */
    HeldOutCheck(EventLog log, SharedWorker paired, NoiseMonitor noise, RecallBand band) {
        this.log = log;
        this.paired = paired;
        this.noise = noise;
        this.band = band;
    }

    /** Whether round {@code i} of the old protocol measures the seed before the final set: rounds alternate, starting with the seed. */
    static boolean seedFirst(int i) {
        return i % 2 == 0;
    }

    Outcome measure(ModuleSources seed, ModuleSources current) {
        double[] ratios = new double[ROUNDS];
        double[] seedAucs = new double[ROUNDS];
        double[] finalAucs = new double[ROUNDS];
        Double work = null;
        int good = 0;
        int[] roundOf = new int[ROUNDS];
        Evaluation[][] pairs = new Evaluation[ROUNDS][];
        for (int i = 0; i < ROUNDS; i++) {
            Evaluation[] pair = paired.seedInstances() > 1 ? together(seed, current, i) : apart(seed, current, i);
            if (pair == null) {
                continue;
            }
            Evaluation hseed = pair[0];
            Evaluation hfinal = pair[1];
            if (hseed.status() == Status.OK && hfinal.status() == Status.OK && hseed.auc() > 0) {
                seedAucs[good] = hseed.auc();
                finalAucs[good] = hfinal.auc();
                ratios[good] = hfinal.auc() / hseed.auc();
                roundOf[good] = i;
                pairs[good] = pair;
                good++;
                if (work == null) {
                    // Counted, not timed: every round gives the same value, so the first is enough.
                    work = DistanceWork.ratio(hfinal, hseed, band);
                }
            }
        }
        if (good == 0) {
            return Outcome.none(); // work is only known once a round counts
        }
        double median = Stats.median(Arrays.copyOf(ratios, good));
        int shown = 0;
        for (int j = 1; j < good; j++) {
            if (Math.abs(ratios[j] - median) < Math.abs(ratios[shown] - median)) {
                shown = j;
            }
        }
        List<Double> counted = Arrays.stream(Arrays.copyOf(ratios, good)).boxed().toList();
        return new Outcome(median, Stats.median(Arrays.copyOf(seedAucs, good)), Stats.median(Arrays.copyOf(finalAucs, good)), work,
                counted, roundOf[shown], curve(pairs[shown][0]), curve(pairs[shown][1]));
    }

    /** The swept points of an evaluation as (ef, recall, QPS), in sweep order. */
    static List<CurvePoint> curve(Evaluation e) {
        return e.points() == null ? List.of() : e.points().stream().map(p -> new CurvePoint(p.ef(), p.recall(), p.qps())).toList();
    }

    /** One worker: the seed's instances and the final set; null when the round is lost. */
    private Evaluation[] together(ModuleSources seed, ModuleSources current, int round) {
        var got = paired.measure(paired.slots(seed, List.of(current)), null, MeasurementKey.heldOut(round));
        if (got.isPresent() && got.get().stable()) {
            noise.record(got.get().seedAucs());
            return new Evaluation[] {got.get().seed(), got.get().evaluations().get(paired.seedInstances())};
        }
        log.append("held-out-round-lost", Map.of("round", round, "reason", got.map(SharedWorker.Paired::describe)
                .orElse("the shared worker did not finish")));
        return null;
    }

    /** The old protocol: seed and final set in workers of their own, the order alternating. */
    private Evaluation[] apart(ModuleSources seed, ModuleSources current, int round) {
        Evaluator ev = paired.evaluator();
        MeasurementKey key = MeasurementKey.heldOut(round);
        Evaluation s;
        Evaluation f;
        if (seedFirst(round)) {
            s = ev.measureAlone(seed, null, key);
            f = ev.measureAlone(current, null, key);
        } else {
            f = ev.measureAlone(current, null, key);
            s = ev.measureAlone(seed, null, key);
        }
        return new Evaluation[] {s, f};
    }
}
