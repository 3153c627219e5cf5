package io.crinn4j.agent.export;

import io.crinn4j.agent.campaign.Campaign;
import io.crinn4j.agent.campaign.CampaignDir;
import io.crinn4j.agent.campaign.ProgramDatabase;
import io.crinn4j.agent.campaign.Variant;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.SourceRules;
import io.crinn4j.sandbox.Status;
import io.crinn4j.seed.glass.GlassBaseline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The module set an export packages, read from a campaign folder: the campaign's winners
 * ({@code result.json}), or the variants named on the command line, the seed's module for any
 * module the campaign did not evolve — and the campaign's own measurement of exactly that set,
 * when it made one, to verify the export against.
 *
 * <p>Which measurement: a variant of stage s was measured as the stage's current set (the seed
 * with the winners of the stages before s) with that variant in its module's place. The recorded
 * evaluation of a set is that of a variant whose measured set has, module by module, the same
 * normalized source; the stage winner's own evaluation when the set is the campaign's final one.
 *
 * @param members  per module: where it comes from and its source
 * @param recorded the campaign's measurement of this very set, or null when it never measured it
 * @param recordedVariant the variant that measurement belongs to, or null
 */
public record ExportSet(Path folder, CampaignConfig config, Map<ModuleKind, Member> members, Evaluation recorded, String recordedVariant) {

    /**
     * One module of the set.
     *
     * @param variant the campaign's variant id, or null for the seed's module (the campaign did not evolve it, or no variant beat the seed)
     */
    public record Member(ModuleKind kind, String variant, String source) {
        /** How reports name where it comes from: the variant, said to be the seed's code when it is (a stage that accepted nothing). */
        public String origin() {
            if (variant == null) {
                return "seed " + GlassBaseline.NAME;
            }
            return SourceRules.hash(source).equals(SourceRules.hash(GlassBaseline.source(kind))) ? variant + " (seed " + GlassBaseline.NAME + ")"
                    : variant;
        }
    }

    public ModuleSources sources() {
        Map<ModuleKind, String> m = new EnumMap<>(ModuleKind.class);
        members.forEach((k, v) -> m.put(k, v.source()));
        return new ModuleSources(m);
    }

    /**
     * Reads the set from {@code folder}: the campaign's winners, with {@code named} (module → variant
     * id) taking their place.
     *
     * @throws IllegalArgumentException with one line when the folder is not a campaign, has no winners
     *                                  and none are named, or a named variant does not exist, is of another
     *                                  module, or was not measured OK
     */
    public static ExportSet read(Path folder, Map<ModuleKind, String> named) {
        CampaignConfig cfg = CampaignDir.savedConfig(folder);
        ProgramDatabase db = new ProgramDatabase(folder);
        db.load();
        Path resultFile = folder.resolve("result.json");
        Map<String, String> winners = Files.exists(resultFile) ? db.readJson(resultFile, Campaign.Result.class).winners() : null;
        if (named.isEmpty()) {
            if (winners == null) {
                throw new IllegalArgumentException(folder + " has no result.json: the campaign has not finished (continue it with 'crinn resume "
                        + folder + "'), or name the variants to export with --construction, --search, --refinement");
            }
            if (winners.isEmpty()) {
                throw new IllegalArgumentException(folder + "'s result.json names no winners (the campaign stopped before its first stage "
                        + "ended); name the variants to export with --construction, --search, --refinement");
            }
        }
        Map<ModuleKind, Member> members = new EnumMap<>(ModuleKind.class);
        for (ModuleKind k : ModuleKind.values()) {
            String id = named.containsKey(k) ? named.get(k) : winners == null ? null : winners.get(k.cliName());
            if (id == null) {
                members.put(k, new Member(k, null, GlassBaseline.source(k)));
                continue;
            }
            Variant v = db.get(id).orElseThrow(() -> new IllegalArgumentException("no variant '" + id + "' in " + folder
                    + " (its variants are listed by 'crinn leaderboard " + folder + "')"));
            if (v.module() != k) {
                throw new IllegalArgumentException("variant " + id + " is a " + v.module().cliName() + " module, not a " + k.cliName() + " module");
            }
            if (!v.ok()) {
                throw new IllegalArgumentException("variant " + id + " was not measured OK (" + v.status() + "): there is nothing to export");
            }
            members.put(k, new Member(k, id, db.source(id)));
        }
        Map.Entry<String, Evaluation> rec = recorded(cfg, db, winners, members);
        return new ExportSet(folder, cfg, members, rec == null ? null : rec.getValue(), rec == null ? null : rec.getKey());
    }

    /** A variant whose measured set is {@code members}' set, preferring a stage winner; null when none. */
    private static Map.Entry<String, Evaluation> recorded(CampaignConfig cfg, ProgramDatabase db, Map<String, String> winners,
                                                          Map<ModuleKind, Member> members) {
        Map<ModuleKind, String> want = new EnumMap<>(ModuleKind.class);
        members.forEach((k, m) -> want.put(k, SourceRules.hash(m.source())));
        Map<ModuleKind, String> current = new EnumMap<>(ModuleKind.class);
        for (ModuleKind k : ModuleKind.values()) {
            current.put(k, SourceRules.hash(GlassBaseline.source(k)));
        }
        Map<String, Evaluation> found = new LinkedHashMap<>();
        List<ModuleKind> stages = cfg.moduleKinds();
        for (int s = 0; s < stages.size(); s++) {
            ModuleKind m = stages.get(s);
            for (Variant v : db.of(m)) {
                if (v.stage() != s || !v.ok() || v.evaluation() == null || v.evaluation().status() != Status.OK
                        || v.evaluation().points() == null || v.evaluation().points().isEmpty()) {
                    continue;
                }
                Map<ModuleKind, String> measured = new EnumMap<>(current);
                measured.put(m, SourceRules.hash(db.source(v.id())));
                if (measured.equals(want)) {
                    found.put(v.id(), v.evaluation());
                }
            }
            // The next stage starts from this stage's winner; without result.json the later stages' sets are unknown.
            String w = winners == null ? null : winners.get(m.cliName());
            if (w == null) {
                break;
            }
            Optional<Variant> wv = db.get(w);
            if (wv.isEmpty()) {
                break;
            }
            current.put(m, SourceRules.hash(db.source(w)));
        }
        if (found.isEmpty()) {
            return null;
        }
        if (winners != null) {
            for (String w : winners.values()) {
                if (found.containsKey(w)) {
                    return Map.entry(w, found.get(w));
                }
            }
        }
        return found.entrySet().iterator().next();
    }
}
