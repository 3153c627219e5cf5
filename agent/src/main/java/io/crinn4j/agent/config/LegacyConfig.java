package io.crinn4j.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a configuration tree in the flat format of earlier versions (top-level {@code evaluations},
 * {@code group}, ..., a {@code sandbox} section) into the current nested one, so that campaign
 * folders saved before keep resuming with the settings they were saved with, and users' own
 * {@code --config} files keep working. Only trees are read this way; nothing is ever written in the
 * old format.
 */
public final class LegacyConfig {

    /** Where each field of the old format lives now; fields not listed ({@code name}, {@code proposer}, ...) kept their place. */
    private static final Map<String, String> MOVED = new LinkedHashMap<>();

    static {
        MOVED.put("evaluations", "budget.evaluations");
        MOVED.put("wallClockMinutes", "budget.wallClockMinutes");
        MOVED.put("maxTokens", "budget.maxTokens");
        MOVED.put("maxDollars", "budget.maxDollars");
        MOVED.put("group", "sampling.group");
        MOVED.put("exemplars", "sampling.exemplars");
        MOVED.put("temperature", "sampling.temperature");
        MOVED.put("failurePenalty", "reward.failurePenalty");
        MOVED.put("parallelism", "evaluator.parallelism");
        MOVED.put("overlapProposals", "evaluator.overlapProposals");
        MOVED.put("groupTogether", "evaluator.groupTogether");
        MOVED.put("heldOut", "confirmation.heldOut");
        MOVED.put("confirmTop", "confirmation.top");
        MOVED.put("confirmRounds", "confirmation.rounds");
        MOVED.put("confirmMaxRounds", "confirmation.maxRounds");
        MOVED.put("minGain", "confirmation.minGain");
        for (String f : new String[] {"efs", "runs", "queries", "heap", "buildTimeoutSeconds", "sweepTimeoutSeconds", "extraQueries",
            "heldOutExtra", "seedInstances", "maxSeedSpread", "remeasureUnstable"}) {
            MOVED.put("sandbox." + f, "evaluator." + f);
        }
        MOVED.put("sandbox.buildBudget", "reward.buildBudget");
        MOVED.put("sandbox.memoryBudget", "reward.memoryBudget");
    }

    private LegacyConfig() {
    }

    /** Whether a tree is in the old flat format: it has a field that only that format had. */
    public static boolean isFlat(JsonNode tree) {
        return tree.has("sandbox") || MOVED.keySet().stream().anyMatch(tree::has);
    }

    /**
     * The tree in the current format; a tree already in it is returned unchanged.
     *
     * @param saved the tree is a campaign folder's {@code campaign.yaml}, which always held every
     *              setting of its version: a setting missing there did not exist yet, and reads as
     *              what the campaign was measured with (below), not as today's default
     * @throws IllegalArgumentException when a field is given in both formats
     */
    public static ObjectNode upgrade(ObjectNode tree, boolean saved) {
        if (!isFlat(tree)) {
            return tree;
        }
        ObjectNode old = tree.deepCopy();
        JsonNode sandbox = old.remove("sandbox");
        if (sandbox != null && sandbox.isObject() && saved) {
            ObjectNode s = (ObjectNode) sandbox;
            // Saved before heldOutExtra existed: its held-out queries were the dataset's own only, and its
            // campaign queries were measured on a base that had lost only the campaign's extra queries.
            if (!s.has("heldOutExtra")) {
                s.put("heldOutExtra", false);
            }
            // Saved before seedInstances existed: one seed per shared worker, held-out pairs apart, as it was measured.
            if (!s.has("seedInstances")) {
                s.put("seedInstances", 1);
            }
        }
        ObjectNode out = ConfigYaml.emptyTree();
        for (Map.Entry<String, JsonNode> e : old.properties()) {
            if (!MOVED.containsKey(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        }
        MOVED.forEach((from, to) -> {
            JsonNode v = from.startsWith("sandbox.") ? (sandbox == null ? null : sandbox.get(from.substring("sandbox.".length()))) : old.get(from);
            if (v != null) {
                if (out.at("/" + to.replace('.', '/')).isMissingNode()) {
                    ConfigYaml.set(out, to, v);
                } else {
                    throw new IllegalArgumentException(from + " (the old flat format) and " + to + " are both given; keep " + to);
                }
            }
        });
        if (sandbox != null && sandbox.isObject()) {
            for (Map.Entry<String, JsonNode> e : sandbox.properties()) {
                String f = e.getKey();
                if (!MOVED.containsKey("sandbox." + f)) {
                    throw new IllegalArgumentException("sandbox." + f + ": unknown field of the old flat format");
                }
            }
        }
        if (out.get("proposer") instanceof ObjectNode p) {
            dropIgnoredProposerSettings(p, false);
        }
        if (saved && out.at("/sampling/crossoverEvery").isMissingNode()) {
            // Saved before crossover prompts existed: its remaining groups are prompted as its earlier ones were.
            ConfigYaml.set(out, "sampling.crossoverEvery", 0);
        }
        return out;
    }

    /**
     * The old reader took every proposer setting on every kind and ignored those the kind does not
     * use (a temperature on kind mutate, a timeoutSeconds on kind manual); the records of the current
     * format reject them. Dropped here, an old file means what it meant.
     */
    private static void dropIgnoredProposerSettings(ObjectNode p, boolean member) {
        String kind = ProposerConfig.kindOf(p);
        for (String setting : ProposerReader.SHARED) {
            if (!ProposerReader.uses(kind, setting)) {
                p.remove(setting);
            }
        }
        if (!member) {
            p.remove("weight"); // only an ensemble's members have one
        }
        if (p.get("ensemble") instanceof ArrayNode members) {
            for (JsonNode m : members) {
                if (m instanceof ObjectNode mo) {
                    dropIgnoredProposerSettings(mo, true);
                }
            }
        }
    }
}
