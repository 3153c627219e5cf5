package io.crinn4j.agent.propose.llm;

import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Several proposers mixed with weights, as OpenEvolve's LLM ensemble. Completion {@code i} of a
 * group goes to a member drawn with probability proportional to its weight, from a
 * {@link SplittableRandom} seeded with {@code request.seed()} and {@code i}: the same request
 * always gives the same assignment, independent of group size, timing or earlier calls.
 *
 * <p>Members are asked in the order they are listed, each once per group for the completions it
 * drew; the replies come back in completion-index order, each with its member's source. A member's
 * {@link io.crinn4j.agent.propose.ProposerException} stops the group.
 */
public final class EnsembleProposer implements Proposer.Streaming {

    /** A member and its weight (positive). */
    public record Member(Proposer proposer, double weight) {
        public Member {
            Objects.requireNonNull(proposer, "proposer");
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("ensemble weight must be positive, got " + weight);
            }
        }
    }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final List<Member> members;
    private final double[] cumulative;

    public EnsembleProposer(List<Member> members) {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        this.members = List.copyOf(members);
        this.cumulative = new double[this.members.size()];
        double sum = 0;
        for (int i = 0; i < this.members.size(); i++) {
            sum += this.members.get(i).weight();
            cumulative[i] = sum;
        }
    }

    /** Whether any member reads the prompt: the prompt is written for the members that do. */
    @Override
    public boolean readsPrompt() {
        return members.stream().anyMatch(m -> m.proposer().readsPrompt());
    }

    @Override
    public String name() {
        StringBuilder sb = new StringBuilder("ensemble(");
        double total = cumulative[cumulative.length - 1];
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(members.get(i).proposer().name()).append('=')
                    .append(String.format(Locale.ROOT, "%.2f", members.get(i).weight() / total));
        }
        return sb.append(')').toString();
    }

    /** The member index that answers completion {@code index} of a request with this seed. */
    public int pick(long seed, int index) {
        SplittableRandom rnd = new SplittableRandom(seed ^ (GOLDEN * (index + 1L)));
        double u = rnd.nextDouble() * cumulative[cumulative.length - 1];
        for (int m = 0; m < cumulative.length; m++) {
            if (u < cumulative[m]) {
                return m;
            }
        }
        return cumulative.length - 1;
    }

    /** The member index of each of {@code count} completions. */
    public int[] picks(long seed, int count) {
        int[] p = new int[count];
        for (int i = 0; i < count; i++) {
            p[i] = pick(seed, i);
        }
        return p;
    }

    /** Members answer their slots one member after another; each reply is passed on under its group index as it arrives. */
    @Override
    public void propose(PromptRequest request, int count, ReplySink sink) {
        if (count <= 0) {
            return;
        }
        int[] picks = picks(request.seed(), count);
        for (int m = 0; m < members.size(); m++) {
            List<Integer> slots = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (picks[i] == m) {
                    slots.add(i);
                }
            }
            if (slots.isEmpty()) {
                continue;
            }
            Proposer p = members.get(m).proposer();
            long t0 = System.nanoTime();
            boolean[] got = new boolean[slots.size()];
            p.propose(request, slots.size(), (j, r) -> {
                if (j >= 0 && j < got.length) {
                    got[j] = true;
                    sink.accept(slots.get(j), r != null ? r : Reply.failed(p.name(), "no reply from " + p.name(), Reply.millisSince(t0)));
                }
            });
            for (int j = 0; j < got.length; j++) {
                if (!got[j]) {
                    sink.accept(slots.get(j), Reply.failed(p.name(), "no reply from " + p.name(), Reply.millisSince(t0)));
                }
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
