package io.crinn4j.agent.campaign;

import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.propose.TestProposer;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.seed.glass.GlassBaseline;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whole campaign folders for tests outside this package (the report's), made in milliseconds on a
 * {@link FakeEvaluator}: all three modules, two groups of three per stage, with what a report must
 * show — an accepted winner in construction and in search (refinement keeps its start), a finalist
 * that is rejected, LLM tokens and cost, a reply without code, a build over budget, a duplicate,
 * a proposer error, code the sandbox rejects ({@code PARSE_ERROR}: the fake's test for a class is {@code "class "},
 * the reply parser's {@code class\s+}), a crossover named by its description, and the held-out check.
 */
public final class SampleCampaigns {
    /** The winners the script makes: construction and search are accepted, refinement keeps its start. */
    public static final String CONSTRUCTION_WINNER = "construction-s0-g000-0";
    public static final String SEARCH_WINNER = "search-s1-g000-0";
    /** A search variant whose description names a crossover donor. */
    public static final String CROSSOVER = "search-s1-g001-2";
    public static final String CROSSOVER_DONOR = "search-s1-g000-2";

    private SampleCampaigns() {
    }

    /** The campaign's settings: three modules, 18 evaluations in groups of 3, two seed instances, confirmation and held-out on. */
    public static CampaignConfig config(String name) {
        return TestConfig.tiny(name).set("modules", List.of("construction", "search", "refinement")).set("budget.evaluations", 18)
                .set("sampling.group", 3).set("evaluator.seedInstances", 2).set("evaluator.maxSeedSpread", 0.05)
                .set("confirmation.heldOut", true).build();
    }

    /** Runs the whole sample campaign into {@code parent/name} and returns its folder. */
    public static Path finished(Path parent, String name) {
        return run(parent, name, null, null);
    }

    /**
     * Runs the sample campaign in a thread of its own and returns once it is under way: its
     * proposer blocks when asked for the search stage's second group, so the folder is that of a
     * campaign still running (lock held, event log open, no result.json). {@link Running#finish}
     * lets it go on to its end.
     */
    public static Running running(Path parent, String name) throws InterruptedException {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Running r = new Running(parent.resolve(name), release);
        r.thread = new Thread(() -> {
            try {
                run(parent, name, blocked, release);
            } catch (Throwable t) {
                r.failure = t;
                blocked.countDown();
            }
        }, "sample-campaign");
        r.thread.start();
        if (!blocked.await(60, TimeUnit.SECONDS) || r.failure != null) {
            throw new IllegalStateException("the sample campaign did not reach its pause", r.failure);
        }
        return r;
    }

    /** A sample campaign paused in its search stage. */
    public static final class Running {
        public final Path path;
        private final CountDownLatch release;
        private Thread thread;
        private volatile Throwable failure;

        private Running(Path path, CountDownLatch release) {
            this.path = path;
            this.release = release;
        }

        /** Lets the campaign run to its end and waits for it. */
        public void finish() throws InterruptedException {
            release.countDown();
            thread.join(60_000);
            if (failure != null) {
                throw new IllegalStateException("the sample campaign failed", failure);
            }
        }
    }

    private static Path run(Path parent, String name, CountDownLatch blocked, CountDownLatch release) {
        Map<ModuleKind, Deque<List<Reply>>> script = script();
        TestProposer proposer = new TestProposer("scripted", (request, count) -> {
            Deque<List<Reply>> left = script.get(request.module());
            if (blocked != null && request.module() == ModuleKind.SEARCH && left.size() == 1) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return left.removeFirst();
        });
        CampaignConfig cfg = config(name);
        try (CampaignDir dir = CampaignDir.create(parent.resolve(name), cfg)) {
            new Campaign(dir, proposer, spec -> Datasets.resolve(spec, parent), new GroundTruthCache(parent.resolve("gt")),
                    new Campaign.Listener() {
                    }, FakeEvaluator.factory(0.003, new ArrayList<>())).run();
        }
        return parent.resolve(name);
    }

    private static Map<ModuleKind, Deque<List<Reply>>> script() {
        String c = GlassBaseline.source(ModuleKind.CONSTRUCTION);
        String s = GlassBaseline.source(ModuleKind.SEARCH);
        String r = GlassBaseline.source(ModuleKind.REFINEMENT);
        Map<ModuleKind, Deque<List<Reply>>> m = new EnumMap<>(ModuleKind.class);
        m.put(ModuleKind.CONSTRUCTION, new ArrayDeque<>(List.of(
                List.of(llm(FakeEvaluator.withSpeed(c, 1.10)), llm(FakeEvaluator.withSpeed(c, 0.95)),
                        Reply.ok("I would rather not change anything.", "openai:gpt-4o-mini", 900, 12, 0.0002, 5)),
                List.of(llm(FakeEvaluator.withSpeed(c, 1.10)), llm(FakeEvaluator.withBuild(c, 5)), llm(FakeEvaluator.withSpeed(c, 1.015))))));
        m.put(ModuleKind.SEARCH, new ArrayDeque<>(List.of(
                List.of(code(FakeEvaluator.withSpeed(s, 1.06), "mutate:tunable POOL 16->24"),
                        Reply.failed("openai:gpt-4o-mini", "HTTP 429 Too Many Requests: rate limited", 3),
                        code(FakeEvaluator.withSpeed(s, 0.97), "mutate:swap dist < best -> dist <= best in LinearPoolSearcher.search")),
                List.of(code(FakeEvaluator.withSpeed(s, 0.90), "mutate:tunable POOL 16->12"),
                        code(FakeEvaluator.withSpeed(s, 1.001), "mutate:literal 1.0->2.0 in LinearPoolSearcher.search"),
                        code(FakeEvaluator.withSpeed(s, 0.99), "mutate:crossover method LinearPoolSearcher#search(float[],int,int,int,CandidateBuffer) from "
                                + CROSSOVER_DONOR)))));
        m.put(ModuleKind.REFINEMENT, new ArrayDeque<>(List.of(
                List.of(code(FakeEvaluator.withSpeed(r, 0.98), "mutate:tunable FACTOR 1.5f->1.3f"),
                        code(FakeEvaluator.withSpeed(r, 0.995), "mutate:tunable FACTOR 1.5f->1.7f"),
                        code("final class\tBroken {\n}", "mutate:statement deleted")),
                List.of(code(FakeEvaluator.withSpeed(r, 0.97), "mutate:tunable FACTOR 1.5f->1.2f"),
                        code(FakeEvaluator.withSpeed(r, 0.96), "mutate:tunable FACTOR 1.5f->2.0f"),
                        code(FakeEvaluator.withSpeed(r, 0.999), "mutate:tunable FACTOR 1.5f->1.6f")))));
        return m;
    }

    /** A reply as an LLM gives it: prose and one java block, with tokens and cost. */
    private static Reply llm(String source) {
        return Reply.ok("Compared with the best exemplar, this builds the graph differently.\n```java\n" + source + "\n```\n", "openai:gpt-4o-mini",
                2400, 800, 0.00084, 1200);
    }

    private static Reply code(String source, String how) {
        return Reply.ok("```java\n" + source + "\n```\n", how, 0, 0, 0, 1);
    }
}
