package io.crinn4j.agent.campaign;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.Sandbox;
import io.crinn4j.sandbox.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A shared worker with several instances of the seed: where the instances go among the other
 * module sets, how the worker's results map back to logical slots, and which instance is the
 * reference. Used by every measurement that compares programs in one worker JVM: a campaign's
 * group measurement, confirmation rounds and held-out rounds, and {@code crinn eval --one-worker}.
 *
 * <p>Slots: {@code 0..k-1} are the seed's instances, {@code k..} the other sets in their order;
 * a null slot is left out of the worker and comes back null.
 */
public final class SharedWorker {

    private SharedWorker() {
    }

    /**
     * The order of a shared worker's sets: for each position, its logical slot, where slots
     * 0..k-1 are the seed's instances and k.. the other sets in their order. The first instance
     * goes first (set 0 of a worker is the trusted seed, whose failure no candidate is blamed
     * for); the others are spread evenly, e.g. {@code [seed, a, b, seed, c, d]}. Why spread:
     * instances next to each other take their turns back to back, so one slow phase of the
     * machine can slow all of them (seen in a confirmation round of {@code bigann-construction-7}:
     * both instances, adjacent, came out a third slower than in the other rounds, and every
     * finalist "gained" 11–15% in that round).
     */
    public static int[] spreadSeeds(int k, int others) {
        int n = k + others;
        int[] order = new int[n];
        int nextSeed = 0;
        int nextOther = k;
        for (int p = 0; p < n; p++) {
            boolean seedHere = nextSeed < k && p == (int) ((long) nextSeed * n / k);
            order[p] = seedHere ? nextSeed++ : nextOther++;
        }
        return order;
    }

    /**
     * Measures the non-null logical slots (0..k-1 the seed's instances, then the others) in one
     * shared worker, in {@link #spreadSeeds} order ({@link Sandbox#evaluateTogether}, sets after
     * the first labelled as {@code candidate} when it is not null), and returns the evaluations by
     * logical slot, null where a slot was null; empty when the sets could not be measured together.
     */
    public static Optional<List<Evaluation>> measure(Sandbox sandbox, List<ModuleSources> slots, int k, ModuleKind candidate,
                                                     int repetition, int rotation) {
        List<Integer> present = new ArrayList<>();
        for (int slot : spreadSeeds(k, slots.size() - k)) {
            if (slots.get(slot) != null) {
                present.add(slot);
            }
        }
        List<ModuleSources> sets = present.stream().map(slots::get).toList();
        return sandbox.evaluateTogether(sets, candidate, repetition, rotation).map(inWorkerOrder -> {
            Evaluation[] out = new Evaluation[slots.size()];
            for (int j = 0; j < present.size(); j++) {
                out[present.get(j)] = inWorkerOrder.get(j);
            }
            return Arrays.asList(out);
        });
    }

    /**
     * The index, among the first {@code k} evaluations (the seed's instances), of the fastest one
     * that finished: the reference of that worker. -1 when none finished.
     *
     * <p>Why the fastest: interference on a shared machine only ever slows a measurement down,
     * and an instance can be slowed for the whole worker by where its index landed in memory
     * (measured here: five identical seeds in one worker came within 1–3% of each other, except
     * one 8% apart). With one instance, such a slow seed inflates every ratio of its worker;
     * taking the best of the instances is the same rule as taking the best of the runs per ef.
     */
    public static int fastestSeed(List<Evaluation> evals, int k) {
        int best = -1;
        for (int i = 0; i < Math.min(k, evals.size()); i++) {
            Evaluation e = evals.get(i);
            if (e.status() == Status.OK && e.auc() > 0 && (best < 0 || e.auc() > evals.get(best).auc())) {
                best = i;
            }
        }
        return best;
    }

    /** AUCs of the seed's instances (the first {@code k} evaluations); 0 for one that failed. */
    public static List<Double> seedAucs(List<Evaluation> evals, int k) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, evals.size()); i++) {
            Evaluation e = evals.get(i);
            out.add(e.status() == Status.OK ? e.auc() : 0.0);
        }
        return out;
    }
}
