package io.crinn4j.agent.campaign;

import io.crinn4j.sandbox.SourceRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The code a stage already has, by normalized source hash, so a reply that merely reproduces a
 * variant is recorded as its duplicate instead of measured again (a fresh draw of timing noise is
 * how such twins used to "win"), and a proposer that can choose proposes none of them.
 */
final class KnownCode {
    private final ProgramDatabase db;
    /** Variant id → normalized source hash ("" for a variant without code); a variant's code never changes. */
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    KnownCode(ProgramDatabase db) {
        this.db = db;
    }

    /** Normalized source hash → the first variant with that code, among {@code variants} (the start included). */
    Map<String, String> of(List<Variant> variants) {
        Map<String, String> known = new HashMap<>();
        for (Variant v : variants) {
            String h = hashOf(v.id());
            if (!h.isEmpty()) {
                known.putIfAbsent(h, v.id());
            }
        }
        return known;
    }

    /** The normalized source hash of variant {@code id}'s code, "" for a variant without code; computed once per variant. */
    String hashOf(String id) {
        return hashes.computeIfAbsent(id, this::compute);
    }

    private String compute(String id) {
        try {
            String src = db.sourceOrNull(id);
            return src == null ? "" : SourceRules.hash(src);
        } catch (RuntimeException e) {
            return ""; // a variant whose code cannot be read cannot be reproduced either
        }
    }
}
