package io.crinn4j.agent.campaign;

import io.crinn4j.agent.measure.Referee;
import io.crinn4j.agent.prompt.ChangeSummary;
import io.crinn4j.agent.prompt.ParsedReply;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.ModuleSources;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what became of one reply into a stored {@link Variant} — measured, rejected before
 * measuring, a duplicate, or no code at all — with its reward from the {@link Referee}, and
 * reports progress. Only the campaign thread records, so the files are written in one order.
 */
final class VariantRecorder {
    /** How the offline mutator names its replies' source: {@code mutate:<what it did>}. */
    private static final String MUTATION_PREFIX = "mutate:";
    private final ProgramDatabase db;
    private final EventLog log;
    private final Campaign.Listener listener;
    private final Referee referee;
    private final int evaluationBudget;

    VariantRecorder(ProgramDatabase db, EventLog log, Campaign.Listener listener, Referee referee, int evaluationBudget) {
        this.db = db;
        this.log = log;
        this.listener = listener;
        this.referee = referee;
        this.evaluationBudget = evaluationBudget;
    }

    /** What the group knows of one reply when it is recorded. */
    record Outcome(VariantId id, List<String> parents, Reply reply, ParsedReply parsed, Evaluation evaluation, String twin) {
        /** The proposer failed: no text. */
        static Outcome proposerFailed(VariantId id, List<String> parents, Reply reply) {
            return new Outcome(id, parents, reply, null, null, null);
        }

        /** The reply was parsed but held no code to run. */
        static Outcome noCode(VariantId id, List<String> parents, Reply reply, ParsedReply parsed) {
            return new Outcome(id, parents, reply, parsed, null, null);
        }

        /** The reply's code is, after normalization, that of {@code twin}. */
        static Outcome duplicate(VariantId id, List<String> parents, Reply reply, ParsedReply parsed, String twin) {
            return new Outcome(id, parents, reply, parsed, null, twin);
        }

        /** The sandbox's verdict (measured, or rejected before running), already judged by the referee. */
        static Outcome judged(VariantId id, List<String> parents, Reply reply, ParsedReply parsed, Evaluation e) {
            return new Outcome(id, parents, reply, parsed, e, null);
        }
    }

    /** Stores one finished variant and reports progress. */
    Variant record(Outcome o) {
        Variant v = o.twin() != null ? duplicate(o) : o.reply().failed() ? proposerFailed(o) : o.evaluation() == null ? noCode(o) : measured(o);
        log.append("evaluation", Map.of("variant", v.id(), "status", v.status(), "reward", v.reward(), "auc", String.valueOf(v.auc())));
        Tally t = Tally.of(db.all());
        listener.evaluated(v, t.made(), evaluationBudget, t.failed(), t.duplicates(), t.bestReward());
        return v;
    }

    /**
     * The stage's starting variant (the current module set's code of this module, with the reward
     * it was accepted at); stored once, read back on resume.
     */
    Variant start(ModuleKind m, int stage, ModuleSources current, Evaluation currentEval, double reward) {
        VariantId id = VariantId.start(m, stage);
        Optional<Variant> have = db.get(id.toString());
        if (have.isPresent()) {
            return have.get();
        }
        String change = stage == 0 ? "the seed's code" : "the module set the previous stages accepted";
        Variant v = new Variant(id.toString(), m, stage, -1, 0, List.of(), "start", VariantStatus.OK, null, reward, 0, currentEval.auc(),
                currentEval.buildSeconds(), currentEval.indexBytes(), 0, 0, 0, currentEval.sourceHash(), currentEval, change, null);
        db.add(v, current.get(m), null);
        return v;
    }

    /**
     * Not measured, status {@code DUPLICATE}, feedback naming the twin (a model is told it repeated
     * itself), and the twin's reward — for a twin that was measured — so GRPO advantages treat it
     * like that program; a duplicate of a failed or unmeasured variant gets the failure penalty.
     */
    private Variant duplicate(Outcome o) {
        Optional<Variant> t = db.get(o.twin());
        double reward = t.filter(Variant::ok).map(Variant::reward).orElse(referee.failurePenalty());
        Variant v = variant(o, VariantStatus.DUPLICATE, "the same code (after normalizing formatting and comments) as " + o.twin()
                + ", which was already " + (t.isPresent() ? "evaluated" : "proposed in this group") + "; propose a different change", reward,
                null);
        db.add(v, o.parsed().source(), o.reply().text());
        return v;
    }

    private Variant proposerFailed(Outcome o) {
        Variant v = variant(o, VariantStatus.PROPOSER_ERROR, o.reply().error(), referee.failurePenalty(), null);
        db.add(v, null, null);
        return v;
    }

    private Variant noCode(Outcome o) {
        Variant v = variant(o, VariantStatus.of(o.parsed().kind()), o.parsed().reason(), referee.failurePenalty(), null);
        db.add(v, null, o.reply().text());
        return v;
    }

    private Variant measured(Outcome o) {
        Variant v = variant(o, VariantStatus.of(o.evaluation().status()), o.evaluation().feedback(), referee.reward(o.evaluation()),
                o.evaluation());
        db.add(v, o.parsed().source(), o.reply().text());
        return v;
    }

    private Variant variant(Outcome o, VariantStatus status, String feedback, double reward, Evaluation e) {
        VariantId id = o.id();
        Reply r = o.reply();
        boolean ok = status == VariantStatus.OK;
        return new Variant(id.toString(), id.module(), id.stage(), id.group(), id.index(), o.parents(), r.source(), status, feedback, reward, 0,
                ok ? e.auc() : null, e == null ? null : e.buildSeconds(), e == null ? null : e.indexBytes(), r.inputTokens(),
                r.outputTokens(), r.costUsd(), e == null ? null : e.sourceHash(), e, change(o), null);
    }

    /**
     * What the reply changed, in one line: a mutation's own description, else the reply's summary of
     * itself ({@link ChangeSummary#ofReply}), else the diff from its parent; null when it has no code.
     */
    private String change(Outcome o) {
        if (o.twin() != null) {
            return "the same code as " + o.twin();
        }
        Reply r = o.reply();
        if (r.failed() || o.parsed() == null || !o.parsed().hasSource()) {
            return null;
        }
        if (r.source() != null && r.source().startsWith(MUTATION_PREFIX)) {
            return r.source().substring(MUTATION_PREFIX.length());
        }
        String own = ChangeSummary.ofReply(r.text());
        if (own != null) {
            return own;
        }
        String parent = o.parents().isEmpty() ? null : db.sourceOrNull(o.parents().get(0));
        return ChangeSummary.ofDiff(parent, o.parsed().source());
    }
}
