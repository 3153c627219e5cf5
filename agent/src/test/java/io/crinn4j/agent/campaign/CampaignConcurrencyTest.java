package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.agent.propose.Proposer;
import io.crinn4j.agent.propose.Reply;
import io.crinn4j.agent.propose.mutate.MutateProposer;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proposals overlapping evaluations, and the parallelism setting, in a real (tiny) campaign. */
class CampaignConcurrencyTest {
    @TempDir
    Path tmp;

    private static CampaignConfig config(String name, int parallelism, boolean overlap) {
        return TestConfig.tiny(name).set("budget.evaluations", 2).set("sampling.group", 2).set("evaluator.parallelism", parallelism)
                .set("evaluator.overlapProposals", overlap).set("confirmation.top", 0).set("confirmation.rounds", 1).build();
    }

    private Campaign campaign(CampaignDir dir, Proposer p, Campaign.Listener l) {
        return new Campaign(dir, p, spec -> Datasets.resolve(spec, tmp), new GroundTruthCache(tmp.resolve("gt")), l);
    }

    /**
     * A slow proposer, like an LLM: it hands over reply 0, then holds reply 1 until the campaign
     * has finished evaluating reply 0 (or {@code patience} runs out).
     */
    private static final class SlowSecondReply implements Proposer.Streaming {
        final MutateProposer inner = new MutateProposer();
        final CountDownLatch firstEvaluated = new CountDownLatch(1);
        final long patienceMillis;
        volatile boolean firstWasEvaluatedWhileHoldingTheSecond;

        SlowSecondReply(long patienceMillis) {
            this.patienceMillis = patienceMillis;
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public void propose(PromptRequest request, int count, ReplySink sink) {
            List<Reply> replies = inner.propose(request, count);
            sink.accept(0, replies.get(0));
            try {
                firstWasEvaluatedWhileHoldingTheSecond = firstEvaluated.await(patienceMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 1; i < count; i++) {
                sink.accept(i, replies.get(i));
            }
        }
    }

    private static Campaign.Listener signalling(SlowSecondReply p) {
        return new Campaign.Listener() {
            @Override
            public void evaluated(Variant v, int used, int budget, int failures, int duplicates, double best) {
                if (v.index() == 0) {
                    p.firstEvaluated.countDown();
                }
            }
        };
    }

    @Test
    void withOverlapTheFirstReplyIsEvaluatedWhileTheProposerIsStillWorking() {
        SlowSecondReply p = new SlowSecondReply(120_000);
        Campaign.Result r;
        try (CampaignDir dir = CampaignDir.create(tmp.resolve("overlap"), config("overlap", 1, true))) {
            r = campaign(dir, p, signalling(p)).run();
        }
        assertTrue(p.firstWasEvaluatedWhileHoldingTheSecond, "reply 0 should have been measured before reply 1 existed");
        assertEquals("completed", r.stopReason());
        assertEquals(2, r.evaluations());
    }

    @Test
    void withoutOverlapNothingIsEvaluatedUntilTheGroupIsComplete() {
        SlowSecondReply p = new SlowSecondReply(1_500);
        Campaign.Result r;
        try (CampaignDir dir = CampaignDir.create(tmp.resolve("batch"), config("batch", 1, false))) {
            r = campaign(dir, p, signalling(p)).run();
        }
        assertFalse(p.firstWasEvaluatedWhileHoldingTheSecond, "without overlap the group is collected before any evaluation");
        assertEquals("completed", r.stopReason());
        assertEquals(2, r.evaluations());
    }

    /** [start, end] of each candidate's worker, from the files the sandbox writes into its evaluation folder. */
    private static List<long[]> candidateIntervals(Path campaign) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<long[]> out = new ArrayList<>();
        for (String id : CampaignTest.variantIds(campaign)) {
            if (id.contains("start")) {
                continue;
            }
            JsonNode v = m.readTree(campaign.resolve("variants").resolve(id).resolve("variant.json").toFile());
            // Each candidate is measured beside the seed's instances: its verdict is set i of a shared worker's folder.
            String evalId = v.get("evaluation").get("id").asText();
            int cut = evalId.lastIndexOf("-s");
            Path eval = campaign.resolve("sandbox").resolve("evals").resolve(evalId.substring(0, cut));
            FileTime start = Files.getLastModifiedTime(eval.resolve("request.properties"));
            FileTime end = Files.getLastModifiedTime(eval.resolve("evaluation-" + evalId.substring(cut + 2) + ".json"));
            out.add(new long[] {start.to(TimeUnit.MICROSECONDS), end.to(TimeUnit.MICROSECONDS)});
        }
        return out;
    }

    private static boolean overlap(long[] a, long[] b) {
        return a[0] < b[1] && b[0] < a[1];
    }

    @Test
    void parallelismRunsThatManyTimedEvaluationsAtOnceAndOneMeansNeverTwo() throws IOException {
        Path one = tmp.resolve("p1");
        Path two = tmp.resolve("p2");
        try (CampaignDir dir = CampaignDir.create(one, config("p1", 1, true))) {
            campaign(dir, new MutateProposer(), new Campaign.Listener() { }).run();
        }
        try (CampaignDir dir = CampaignDir.create(two, config("p2", 2, true))) {
            campaign(dir, new MutateProposer(), new Campaign.Listener() { }).run();
        }
        List<long[]> serial = candidateIntervals(one);
        List<long[]> parallel = candidateIntervals(two);
        assertEquals(2, serial.size());
        assertEquals(2, parallel.size());
        assertFalse(overlap(serial.get(0), serial.get(1)), "parallelism 1 must never time two candidates at once");
        assertTrue(overlap(parallel.get(0), parallel.get(1)), "parallelism 2 should measure both candidates of the group at once");
    }
}
