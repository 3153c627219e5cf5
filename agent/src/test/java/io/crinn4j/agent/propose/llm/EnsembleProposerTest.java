package io.crinn4j.agent.propose.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.config.ProposerConfig;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.TestProposer;
import io.crinn4j.agent.propose.ProposerException;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.propose.factory.Proposers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class EnsembleProposerTest {

    /** Answers "<name>#<n>" and remembers how many completions each call asked for. */
    static final class Stub implements Proposer {
        final String name;
        final List<Integer> calls = new ArrayList<>();
        int served;

        Stub(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Reply> propose(PromptRequest request, int count) {
            calls.add(count);
            List<Reply> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(Reply.ok(name + "#" + served++, name, 0, 0, 0, 0));
            }
            return out;
        }
    }

    private static EnsembleProposer ensemble(Stub a, Stub b, Stub c) {
        return new EnsembleProposer(List.of(new EnsembleProposer.Member(a, 3), new EnsembleProposer.Member(b, 1),
                new EnsembleProposer.Member(c, 1)));
    }

    @Test
    void sameSeedSameAssignment() {
        Stub a1 = new Stub("a");
        Stub b1 = new Stub("b");
        Stub c1 = new Stub("c");
        List<Reply> first = ensemble(a1, b1, c1).propose(Samples.request(42), 16);
        Stub a2 = new Stub("a");
        Stub b2 = new Stub("b");
        Stub c2 = new Stub("c");
        List<Reply> second = ensemble(a2, b2, c2).propose(Samples.request(42), 16);

        assertEquals(16, first.size());
        assertEquals(sources(first), sources(second));
        assertEquals(texts(first), texts(second));
        // each member is asked once per group, for all the completions it drew
        assertTrue(a1.calls.size() <= 1 && b1.calls.size() <= 1 && c1.calls.size() <= 1);
        assertEquals(16, a1.calls.stream().mapToInt(i -> i).sum() + b1.calls.stream().mapToInt(i -> i).sum()
                + c1.calls.stream().mapToInt(i -> i).sum());

        EnsembleProposer e = ensemble(a1, b1, c1);
        assertArrayEquals(e.picks(42, 16), e.picks(42, 16));
        // the first completions do not depend on the group size
        assertArrayEquals(Arrays.copyOf(e.picks(42, 16), 4), e.picks(42, 4));
        assertFalse(Arrays.equals(e.picks(42, 32), e.picks(43, 32)), "another seed, another draw");
    }

    @Test
    void repliesComeBackInCompletionOrderWithTheirMembersSource() {
        Stub a = new Stub("a");
        Stub b = new Stub("b");
        Stub c = new Stub("c");
        EnsembleProposer e = ensemble(a, b, c);
        int[] picks = e.picks(7, 10);
        List<Reply> replies = e.propose(Samples.request(7), 10);
        String[] names = {"a", "b", "c"};
        for (int i = 0; i < 10; i++) {
            assertEquals(names[picks[i]], replies.get(i).source());
        }
        assertEquals("ensemble(a=0.60,b=0.20,c=0.20)", e.name());
    }

    @Test
    void weightsAreRespected() {
        EnsembleProposer e = ensemble(new Stub("a"), new Stub("b"), new Stub("c"));
        int[] hist = new int[3];
        for (long seed = 0; seed < 400; seed++) {
            for (int p : e.picks(seed, 10)) {
                hist[p]++;
            }
        }
        // expected 2400 / 800 / 800 of 4000
        assertTrue(Math.abs(hist[0] - 2400) < 150, Arrays.toString(hist));
        assertTrue(Math.abs(hist[1] - 800) < 120, Arrays.toString(hist));
        assertTrue(Math.abs(hist[2] - 800) < 120, Arrays.toString(hist));
    }

    @Test
    void builtFromConfigWithMutateAndCommandMembers(@TempDir Path runDir) {
        ProposerConfig cfg = ProposerConfig.parse("""
                ensemble:
                  - {kind: mutate, weight: 1}
                  - {kind: command, command: [sh, -c, 'printf "cmd:%s" "$CRINN_INDEX"'], weight: 1}
                """);
        Stub mutate = new Stub("mutate");
        Proposer p = Proposers.create(cfg, runDir, () -> mutate, Map.<String, String>of()::get);
        assertInstanceOf(EnsembleProposer.class, p);
        List<Reply> replies = p.propose(Samples.request(11), 6);
        assertEquals(6, replies.size());
        int[] picks = ((EnsembleProposer) p).picks(11, 6);
        for (int i = 0; i < 6; i++) {
            Reply r = replies.get(i);
            assertFalse(r.failed(), r.error());
            assertEquals(picks[i] == 0 ? "mutate" : "command:sh", r.source());
        }
    }

    @Test
    void memberFailureToStartStopsTheGroup() {
        Proposer broken = new TestProposer("broken", (request, count) -> {
            throw new ProposerException("broken: no key");
        });
        EnsembleProposer e = new EnsembleProposer(List.of(new EnsembleProposer.Member(broken, 1)));
        assertEquals("broken: no key", assertThrows(ProposerException.class, () -> e.propose(Samples.request(1), 2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EnsembleProposer.Member(broken, 0));
        assertThrows(IllegalArgumentException.class, () -> new EnsembleProposer(List.of()));
    }

    private static List<String> sources(List<Reply> replies) {
        return replies.stream().map(Reply::source).toList();
    }

    private static List<String> texts(List<Reply> replies) {
        return replies.stream().map(Reply::text).toList();
    }
}
