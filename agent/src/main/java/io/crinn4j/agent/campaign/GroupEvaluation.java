package io.crinn4j.agent.campaign;

import io.crinn4j.agent.prompt.ParsedReply;
import io.crinn4j.agent.prompt.ReplyParser;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.util.Text;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.SourceRules;
import io.crinn4j.sandbox.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Steps 3–6 of a group: gets its G replies and turns each into a stored variant — (3) the reply,
 * from an earlier session's saved file or from the proposer, streamed; (4) parsed into code;
 * (5) checked for a twin among the stage's code, then evaluated ({@link CandidateMeasurement}) and
 * judged; (6) recorded ({@link VariantRecorder}).
 *
 * <p>With {@code overlapProposals} the first reply is evaluated while the proposer still writes the
 * next (an LLM call and an evaluation both take seconds); otherwise the group is collected first.
 * At most {@code parallelism} evaluations run at once; with {@code groupTogether} the replies that
 * pass their checks wait until the rest of the group is in and are measured in one worker. All
 * bookkeeping — saving replies, recording variants, the event log, progress — stays on the
 * campaign thread, which waits for events, so files are written in one order whatever the threads
 * do; members are named by their index in the group, so which one finishes first changes nothing.
 */
final class GroupEvaluation {

    /** What the campaign thread waits for while the group is in flight. */
    private sealed interface Event permits ReplyReady, Evaluated, Failed {
    }

    /** A reply to handle; {@code fresh} when it came from the proposer in this session (not yet saved). */
    private record ReplyReady(int index, Reply reply, boolean fresh) implements Event {
    }

    /** A reply's verdict; a null evaluation when the evaluator thread failed (a {@link Failed} event carries why). */
    private record Evaluated(int index, Reply reply, ParsedReply parsed, Evaluation evaluation) implements Event {
    }

    private record Failed(RuntimeException error) implements Event {
    }

    private final StageContext stage;
    private final CampaignContext c;
    private final int group;
    private final String gid;
    private final int size;
    private final List<String> parents;
    private final String parentSource;
    /** Normalized hash → variant id of the stage's code; each reply's code is added, so a later twin in the group is a duplicate. */
    private final Map<String, String> known;
    private final CandidateMeasurement measure;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final boolean[] done;
    private int remaining;
    private int inFlight;
    /** groupTogether: replies that passed their checks, waiting for the rest of the group. */
    private final List<Evaluated> waiting = new ArrayList<>();
    private RuntimeException failure;

    /**
     * @param parents      the exemplars shown, the parent first
     * @param parentSource the code SEARCH/REPLACE edits apply to
     * @param known        the stage's code by normalized hash (see {@link KnownCode})
     */
    GroupEvaluation(StageContext stage, int group, List<String> parents, String parentSource, Map<String, String> known) {
        this.stage = stage;
        this.c = stage.campaign();
        this.group = group;
        this.gid = stage.groupId(group);
        this.size = c.cfg().sampling().group();
        this.parents = parents;
        this.parentSource = parentSource;
        this.known = known;
        this.measure = new CandidateMeasurement(stage, group);
        this.done = new boolean[size];
    }

    void run(PromptRequest request) {
        // Members recorded by an earlier session are done; replies it saved are reused, never asked for again.
        Reply[] saved = c.db().savedReplies(gid, size);
        boolean[] wanted = new boolean[size];
        boolean missing = false;
        for (int i = 0; i < size; i++) {
            done[i] = c.db().get(id(i).toString()).isPresent();
            remaining += done[i] ? 0 : 1;
            wanted[i] = saved[i] == null;
            missing |= wanted[i];
            if (saved[i] != null && !done[i]) {
                events.add(new ReplyReady(i, saved[i], false));
            }
        }
        if (remaining == 0) {
            return;
        }
        ExecutorService evaluators = Executors.newFixedThreadPool(c.cfg().evaluator().parallelism(), daemon("crinn-evaluate"));
        Thread proposing = missing ? propose(request, wanted) : null;
        try {
            while (remaining > 0 || inFlight > 0) {
                if (failure == null && !waiting.isEmpty() && waiting.size() == remaining && inFlight == 0) {
                    measureWaiting(evaluators);
                    continue;
                }
                Event ev = take();
                if (ev instanceof Failed f) {
                    // Stop asking for more, but let measurements already running finish and be recorded.
                    failure = failure == null ? f.error() : failure;
                    remaining = 0;
                } else if (ev instanceof ReplyReady rr) {
                    onReply(rr, evaluators);
                } else if (ev instanceof Evaluated ed) {
                    onEvaluated(ed);
                }
            }
        } finally {
            evaluators.shutdownNow();
        }
        if (failure != null) {
            throw failure;
        }
        if (proposing != null) {
            try {
                proposing.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Step 3: asks the proposer for the missing replies on a thread of its own. With overlap every
     * reply goes to the campaign thread at once; without, the group is held back and released in
     * index order when the proposer is done, so no evaluation runs beside it.
     */
    private Thread propose(PromptRequest request, boolean[] wanted) {
        ReplyReady[] held = new ReplyReady[size];
        Consumer<ReplyReady> deliver = c.cfg().evaluator().overlapProposals() ? events::add : rr -> held[rr.index()] = rr;
        String name = c.proposer().name();
        Thread t = daemon("crinn-propose").newThread(() -> {
            try {
                boolean[] seen = new boolean[size];
                // Proposers may call the sink from several threads at once (one per LLM call in flight).
                c.proposer().propose(request, size, (i, r) -> {
                    synchronized (seen) {
                        if (i < 0 || i >= size || seen[i]) {
                            return;
                        }
                        seen[i] = true;
                        if (wanted[i]) {
                            deliver.accept(new ReplyReady(i, r != null ? r : Reply.failed(name, "the proposer returned no reply " + i, 0), true));
                        }
                    }
                });
                synchronized (seen) {
                    for (int i = 0; i < size; i++) {
                        if (wanted[i] && !seen[i]) {
                            deliver.accept(new ReplyReady(i, Reply.failed(name, "the proposer returned no reply for index " + i + " of " + size, 0),
                                    true));
                        }
                    }
                    for (ReplyReady rr : held) {
                        if (rr != null) {
                            events.add(rr);
                        }
                    }
                }
            } catch (RuntimeException e) {
                events.add(new Failed(e));
            }
        });
        t.start();
        return t;
    }

    /** Steps 4–5 for one reply: saved, parsed, checked for a twin, then evaluated (or held for the group's shared worker). */
    private void onReply(ReplyReady rr, ExecutorService evaluators) {
        if (failure != null || done[rr.index()]) {
            return;
        }
        Reply reply = rr.reply();
        if (rr.fresh()) {
            c.db().saveReply(gid, rr.index(), reply);
            c.log().append("reply", Map.of("group", gid, "index", rr.index(), "source", reply.source(), "inputTokens", reply.inputTokens(),
                    "outputTokens", reply.outputTokens(), "costUsd", reply.costUsd(), "error", String.valueOf(reply.error())));
        }
        VariantId id = id(rr.index());
        if (reply.failed()) {
            record(VariantRecorder.Outcome.proposerFailed(id, parents, reply));
            return;
        }
        ParsedReply parsed = ReplyParser.parse(reply.text(), parentSource);
        if (!parsed.hasSource()) {
            record(VariantRecorder.Outcome.noCode(id, parents, reply, parsed));
            return;
        }
        String twin = known.putIfAbsent(SourceRules.hash(parsed.source()), id.toString());
        if (twin != null) {
            record(VariantRecorder.Outcome.duplicate(id, parents, reply, parsed, twin));
            return;
        }
        if (c.cfg().evaluator().groupTogether()) {
            Evaluation rejected = c.paired().evaluator().rejectBeforeRunning(stage.module(), parsed.source(), stage.current());
            if (rejected != null) {
                record(VariantRecorder.Outcome.judged(id, parents, reply, parsed, rejected));
            } else {
                waiting.add(new Evaluated(rr.index(), reply, parsed, null));
            }
            return;
        }
        measureAlone(evaluators, new Evaluated(rr.index(), reply, parsed, null));
    }

    /** Step 6 for a measured reply, unless the harness itself failed: then the campaign stops and nothing is recorded for it. */
    private void onEvaluated(Evaluated ed) {
        inFlight--;
        if (ed.evaluation() == null) {
            return;
        }
        if (ed.evaluation().status() == Status.HARNESS_FAILURE) {
            failure = failure == null ? new IllegalStateException("the sandbox harness failed before any candidate code ran ("
                    + Text.firstLine(ed.evaluation().feedback(), "no detail")
                    + "); nothing was recorded for " + id(ed.index()) + "; fix the cause and continue with crinn resume " + c.folder()) : failure;
            remaining = 0;
            return;
        }
        record(VariantRecorder.Outcome.judged(id(ed.index()), parents, ed.reply(), ed.parsed(), ed.evaluation()));
    }

    /** groupTogether: the waiting replies in one worker; each beside the seed alone if that worker could not finish. */
    private void measureWaiting(ExecutorService evaluators) {
        List<Evaluated> ordered = new ArrayList<>(waiting);
        waiting.clear();
        ordered.sort(Comparator.comparingInt(Evaluated::index));
        Optional<List<Evaluation>> got = measure.together(ordered.stream().map(w -> w.parsed().source()).toList());
        for (int j = 0; j < ordered.size(); j++) {
            Evaluated w = ordered.get(j);
            if (got.isPresent()) {
                record(VariantRecorder.Outcome.judged(id(w.index()), parents, w.reply(), w.parsed(), got.get().get(j)));
            } else {
                measureAlone(evaluators, w);
            }
        }
    }

    /** Measures one reply beside the seed on an evaluator thread; the verdict comes back as an event. */
    private void measureAlone(ExecutorService evaluators, Evaluated w) {
        inFlight++;
        evaluators.execute(() -> {
            try {
                events.add(new Evaluated(w.index(), w.reply(), w.parsed(), measure.alone(w.index(), w.parsed().source())));
            } catch (RuntimeException e) {
                events.add(new Failed(e));
                events.add(new Evaluated(w.index(), w.reply(), w.parsed(), null));
            }
        });
    }

    private void record(VariantRecorder.Outcome o) {
        c.recorder().record(o);
        done[o.id().index()] = true;
        remaining--;
    }

    private VariantId id(int index) {
        return VariantId.member(stage.module(), stage.stage(), group, index);
    }

    private Event take() {
        try {
            return events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("campaign interrupted");
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
