package io.crinn4j.agent.campaign;

import io.crinn4j.agent.measure.Referee;
import io.crinn4j.agent.prompt.ExemplarSampler;
import io.crinn4j.agent.prompt.Lesson;
import io.crinn4j.agent.prompt.ProfileTable;
import io.crinn4j.agent.prompt.PromptInput;
import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.MeasurementKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One group of the CRINN loop, straight through (OpenEvolve's iteration): (1) sample exemplars
 * from the stage's variants, (2) build the contrastive prompt, (3–6) ask the proposer for G
 * completions, parse, evaluate and store each as it arrives ({@link GroupEvaluation}), (7) give
 * every member its GRPO advantage and close the group.
 *
 * <p>Every random choice derives from the campaign seed, the stage and the group, and replies
 * saved before a kill are reused, so a resumed group asks for the same things it asked before.
 */
final class GroupRun {
    private final StageContext stage;
    private final CampaignContext c;
    private final int group;
    private final String gid;

    GroupRun(StageContext stage, int group) {
        this.stage = stage;
        this.c = stage.campaign();
        this.group = group;
        this.gid = stage.groupId(group);
    }

    void run() {
        // 1. Sample: K exemplars by softmax over rewards (best always, one weak for contrast), the latest failures, and in a
        //    crossover group the strongest other variant to combine with the best.
        List<Variant> pool = stage.variants();
        List<Exemplar> scored = new ArrayList<>();
        List<Exemplar> failed = new ArrayList<>();
        for (Variant v : pool) {
            Exemplar e = exemplar(v);
            if (v.ok()) {
                scored.add(e);
            } else if (e.source() != null) {
                failed.add(e);
            }
        }
        long seed = mix(c.cfg().seed(), stage.stage(), group);
        List<Exemplar> shown = c.sampler().sample(scored, c.cfg().sampling().exemplars(), new SplittableRandom(seed));
        Exemplar best = shown.get(0);
        Exemplar bestParent = best.parent() == null ? null : c.db().get(best.parent()).map(this::exemplar).orElse(null);
        Exemplar partner = c.cfg().sampling().crossoverGroup(group) ? partner(best, scored) : null;

        // 2. Prompt: the workload, the lessons of every variant so far, the exemplars' curves and code, the failures.
        PromptInput input = new PromptInput(stage.module(), c.workload(), shown, bestParent, partner, ExemplarSampler.failures(failed, 3),
                lessons(pool), profile(best));
        String prompt = c.prompts().build(input);
        c.db().savePrompt(gid, prompt);
        List<String> parents = new ArrayList<>(shown.stream().map(Exemplar::id).toList());
        if (partner != null) {
            parents.remove(partner.id());
            parents.add(1, partner.id()); // a crossover's two parents come first
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("group", gid);
        event.put("module", stage.module().cliName());
        event.put("exemplars", parents);
        event.put("chars", prompt.length());
        if (partner != null) {
            event.put("crossoverWith", partner.id());
        }
        c.log().append("prompt", event);

        // 3-6. Replies, parsed, evaluated and stored as they arrive. The request names the code measured in earlier groups of the
        // stage, for a proposer that can avoid repeating it; this group's own variants are left out, so a group resumed halfway gets
        // the request it had before the kill.
        Map<String, String> known = c.knownCode().of(pool);
        Set<String> earlier = new HashSet<>();
        known.forEach((hash, id) -> {
            VariantId vid = VariantId.parse(id);
            if (vid.isStart() || vid.group() != group) {
                earlier.add(hash);
            }
        });
        PromptRequest request = new PromptRequest(stage.module(), prompt, best, shown, seed ^ 0x9E3779B97F4A7C15L, earlier, partner);
        new GroupEvaluation(stage, group, parents, c.db().source(best.id()), known).run(request);

        // 7. GRPO: each member's advantage within the group.
        closeGroup(parents, partner);
    }

    /**
     * The variant to combine with the best in a crossover prompt: the highest-rewarded other OK
     * variant whose code differs and that is no worse than the stage's start; null when there is none.
     */
    private Exemplar partner(Exemplar best, List<Exemplar> scored) {
        String bestHash = best.source() == null ? null : c.knownCode().hashOf(best.id());
        return scored.stream()
                .filter(e -> !e.id().equals(best.id()) && e.source() != null && e.reward() != null && e.reward() >= stage.start().reward())
                .filter(e -> bestHash == null || !c.knownCode().hashOf(e.id()).equals(bestHash))
                .max(java.util.Comparator.comparingDouble(Exemplar::reward).thenComparing(Exemplar::id, java.util.Comparator.reverseOrder()))
                .orElse(null);
    }

    /**
     * Where variant 1 spends its time, as the prompt's profile block: its set profiled in a worker of
     * its own (untimed, JFR samples), read back when the same code was profiled before. Null when the
     * proposer does not read prompts (the offline mutator: a profile would cost a worker for nothing)
     * or the set could not be profiled.
     */
    private String profile(Exemplar best) {
        if (!c.proposer().readsPrompt() || best.source() == null) {
            return null;
        }
        return c.paired().evaluator().profile(stage.with(best.source()), stage.module(), MeasurementKey.profile())
                .map(p -> ProfileTable.render(p)).orElse(null);
    }

    /**
     * Every variant of the stage so far, in the order it was made, as a row of the lessons table —
     * but the unstable ones: their measurement says nothing about their code, so they are no lesson.
     */
    private static List<Lesson> lessons(List<Variant> pool) {
        List<Lesson> out = new ArrayList<>();
        for (Variant v : pool) {
            if (v.unstable()) {
                continue;
            }
            Double confirmed = v.confirmed() != null ? v.confirmed().reward() : v.isStart() && v.stage() > 0 ? Double.valueOf(v.reward()) : null;
            out.add(new Lesson(v.id(), v.parents().isEmpty() ? null : v.parents().get(0), v.status().name(), v.ok() ? v.reward() : null, confirmed,
                    v.change()));
        }
        return out;
    }

    private void closeGroup(List<String> parents, Exemplar partner) {
        int size = c.cfg().sampling().group();
        List<Variant> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add(c.db().get(VariantId.member(stage.module(), stage.stage(), group, i).toString()).orElseThrow());
        }
        double[] rewards = members.stream().mapToDouble(Variant::reward).toArray();
        boolean[] counts = new boolean[size];
        for (int i = 0; i < size; i++) {
            counts[i] = !members.get(i).unstable(); // an unstable measurement is no score: it must not move the group's statistics
        }
        Referee.Advantages a = Referee.advantages(rewards, counts);
        List<Double> adv = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            adv.add(a.advantages()[i]);
            c.db().update(members.get(i).withAdvantage(a.advantages()[i]));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("group", gid);
        summary.put("module", stage.module().cliName());
        summary.put("exemplars", parents);
        if (partner != null) {
            summary.put("crossoverWith", partner.id());
        }
        summary.put("variants", members.stream().map(Variant::id).toList());
        summary.put("rewards", rewards);
        summary.put("mean", a.mean());
        summary.put("std", a.std());
        summary.put("advantages", adv);
        c.db().completeGroup(gid, summary);
        c.log().append("group", summary);
    }

    /** A variant as the proposer sees it: code, status, scores, its whole measured curve, build and memory, parent and change. */
    private Exemplar exemplar(Variant v) {
        List<Exemplar.Point> curve = new ArrayList<>();
        if (v.evaluation() != null && v.evaluation().points() != null) {
            for (Evaluation.Point p : v.evaluation().points()) {
                curve.add(new Exemplar.Point(p.ef(), p.recall(), p.qps(), p.distancesPerQuery()));
            }
        }
        return new Exemplar(v.id(), v.parents().isEmpty() ? null : v.parents().get(0), c.db().sourceOrNull(v.id()), v.status().name(),
                v.ok() ? v.reward() : null, v.auc(), curve, v.buildSeconds(), v.indexBytes(), v.change(), v.feedback());
    }

    /** SplitMix64-style mixing: independent, reproducible streams per (seed, stage, group). */
    static long mix(long seed, int stage, int group) {
        long z = seed + 0x9E3779B97F4A7C15L * (1 + stage * 1_000_003L + group);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
