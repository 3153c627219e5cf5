package io.crinn4j.agent.campaign;

import io.crinn4j.agent.measure.Referee;
import io.crinn4j.agent.prompt.ExemplarSampler;
import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.sandbox.Evaluation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        // 1. Sample: K exemplars by softmax over rewards (best always, one weak for contrast), and the latest failures.
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
        Exemplar bestParent = c.db().get(best.id()).flatMap(v -> v.parents().isEmpty() ? Optional.empty() : c.db().get(v.parents().get(0)))
                .map(this::exemplar).orElse(null);

        // 2. Prompt.
        String prompt = c.prompts().build(stage.module(), shown, bestParent, ExemplarSampler.failures(failed, 3));
        c.db().savePrompt(gid, prompt);
        List<String> parents = shown.stream().map(Exemplar::id).toList();
        c.log().append("prompt", Map.of("group", gid, "module", stage.module().cliName(), "exemplars", parents, "chars", prompt.length()));

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
        PromptRequest request = new PromptRequest(stage.module(), prompt, best, shown, seed ^ 0x9E3779B97F4A7C15L, earlier);
        new GroupEvaluation(stage, group, parents, c.db().source(best.id()), known).run(request);

        // 7. GRPO: each member's advantage within the group.
        closeGroup(parents);
    }

    private void closeGroup(List<String> parents) {
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
        summary.put("variants", members.stream().map(Variant::id).toList());
        summary.put("rewards", rewards);
        summary.put("mean", a.mean());
        summary.put("std", a.std());
        summary.put("advantages", adv);
        c.db().completeGroup(gid, summary);
        c.log().append("group", summary);
    }

    /** A variant as the proposer sees it: code, status, scores and a few points of its curve. */
    private Exemplar exemplar(Variant v) {
        String src = null;
        try {
            src = c.db().source(v.id());
        } catch (RuntimeException e) {
            // variants that never produced code (no code block, proposer error) have no source
        }
        List<double[]> pts = new ArrayList<>();
        if (v.evaluation() != null && v.evaluation().points() != null) {
            for (Evaluation.Point p : v.evaluation().points()) {
                if (p.recall() >= 0.8 && p.recall() <= 0.99 && pts.size() < 6) {
                    pts.add(new double[] {p.recall(), p.qps()});
                }
            }
        }
        return new Exemplar(v.id(), src, v.status().name(), v.ok() ? v.reward() : null, v.auc(), pts, v.feedback());
    }

    /** SplitMix64-style mixing: independent, reproducible streams per (seed, stage, group). */
    static long mix(long seed, int stage, int group) {
        long z = seed + 0x9E3779B97F4A7C15L * (1 + stage * 1_000_003L + group);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
