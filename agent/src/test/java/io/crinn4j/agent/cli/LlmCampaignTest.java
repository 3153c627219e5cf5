package io.crinn4j.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign against an OpenAI-compatible endpoint, end to end through the real LangChain4j
 * client: a local server on 127.0.0.1 answers the chat-completions protocol with realistic
 * replies (an improved module, prose without code, broken Java, an edit that does not apply) and
 * reports token usage; prompts, replies, token counts and rewards must all be recorded.
 */
class LlmCampaignTest {
    @TempDir
    Path tmp;
    HttpServer server;
    final List<String> prompts = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        String seed = GlassBaseline.source(ModuleKind.REFINEMENT);
        String[] answers = {
            "Comparing the variants, a wider re-rank window recovers boundary errors of the quantized search.\n\n```java\n"
                    + seed.replace("FACTOR = 1.5f", "FACTOR = 2.0f") + "\n```\n",
            "I think the best variant is already optimal; no changes are needed.",
            "```java\npublic final class Broken implements RefinementModule { this is not java }\n```",
            "<<<<<<< SEARCH\nthis line does not exist in the parent\n=======\nint x = 1;\n>>>>>>> REPLACE\n",
        };
        ObjectMapper m = new ObjectMapper();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                JsonNode req = m.readTree(ex.getRequestBody());
                synchronized (prompts) {
                    prompts.add(req.at("/messages").toString());
                }
                int i = calls.getAndIncrement();
                ObjectNode resp = m.createObjectNode();
                resp.put("id", "chatcmpl-" + i).put("object", "chat.completion").put("created", 1_700_000_000L).put("model", "test-model");
                ObjectNode choice = resp.putArray("choices").addObject();
                choice.put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", answers[i % answers.length]);
                resp.putObject("usage").put("prompt_tokens", 1000 + i).put("completion_tokens", 200).put("total_tokens", 1200 + i);
                byte[] body = m.writeValueAsBytes(resp);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anLlmCampaignRecordsPromptsRepliesTokensAndRewards() throws IOException {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        CliRunner r = CliRunner.run("evolve", "--module", "refinement", "--proposer", "openai", "--base-url", url, "--model", "test-model",
                "--dataset", "synthetic:n=3000,d=16,clusters=8,queries=100,seed=3", "--evaluations", "4", "--group", "4",
                // The seed-instance bound relaxed: these tiny measurements spread 10-40% (CampaignUnstableTest tests the rule).
                "--ef", "1,4,16,64", "--runs", "1", "--heap", "256m", "--no-held-out", "--seed-instances", "3", "--max-seed-spread", "10",
                "--name", "llm",
                "--out", tmp.toString(), "--cache-dir", tmp.resolve("gt").toString(), "-q");
        assertEquals(0, r.exit, r.out + r.err);
        assertEquals(4, calls.get(), "one chat completion per group member");
        assertTrue(prompts.get(0).contains("RefinementModule") && prompts.get(0).contains("```java"), "the prompt shows the contract and code");
        Path c = tmp.resolve("llm");
        ObjectMapper m = new ObjectMapper();
        Map<String, String> status = new HashMap<>();
        long tokens = 0;
        try (Stream<Path> s = Files.list(c.resolve("variants"))) {
            for (Path v : s.collect(Collectors.toList())) {
                JsonNode j = m.readTree(v.resolve("variant.json").toFile());
                status.put(j.get("id").asText(), j.get("status").asText());
                tokens += j.get("inputTokens").asLong() + j.get("outputTokens").asLong();
                if (j.get("group").asInt() >= 0) {
                    assertTrue(j.get("proposer").asText().contains("test-model"), j.toString());
                    assertTrue(Files.exists(v.resolve("reply.md")), "reply saved for " + v);
                }
            }
        }
        assertEquals((1000 + 1001 + 1002 + 1003) + 4 * 200, tokens, "token counts as the server reported them");
        assertEquals("OK", status.get("refinement-s0-g000-0"), status.toString());
        assertEquals("NO_CODE", status.get("refinement-s0-g000-1"), status.toString());
        assertTrue(Stream.of("PARSE_ERROR", "COMPILE_ERROR").anyMatch(x -> x.equals(status.get("refinement-s0-g000-2"))), status.toString());
        assertEquals("EDIT_NOT_APPLIED", status.get("refinement-s0-g000-3"), status.toString());
        JsonNode ok = m.readTree(c.resolve("variants").resolve("refinement-s0-g000-0").resolve("variant.json").toFile());
        assertTrue(ok.get("reward").asDouble() > 0.3, "the good module has a real reward: " + ok.get("reward"));
        assertTrue(Files.readString(c.resolve("groups").resolve("refinement-s0-g000").resolve("prompt.md")).contains("SEARCH"));
        String events = Files.readString(c.resolve("events.jsonl"));
        assertTrue(events.contains("\"type\":\"reply\"") && events.contains("\"inputTokens\":1000"), events);
        // 50 own campaign queries get 300 base vectors (a tenth of the base); the held-out set gets 300 more.
        assertTrue(events.contains("\"heldOutExtraFromBase\":300") && events.contains("\"heldOut\":350") && events.contains("\"base\":2400"), events);
        assertTrue(Files.readString(c.resolve("campaign.yaml")).contains("heldOutExtra: true"), "the resolved setting is saved for resume");
        assertTrue(r.out.contains("LLM usage") && r.out.contains("leaderboard"), r.out);
        // An LLM overlaps proposals by default, so each variant is measured beside the seed's instances in a worker of its own.
        assertTrue(r.out.contains("method     single-threaded search, best of 1 interleaved runs per ef (4 ef values); each variant measured with"
                + " 3 instances of the seed (the fastest is the reference) in a worker JVM of its own, taking turns ef by ef, 1 at a time;"
                + " a worker counted when its seed instances are within 1000% of each other"), r.out);
        assertTrue(r.out.contains("confirmation 3-10 rounds in one worker with 3 seed instances, paired t-test at 95% per stage; held-out 4 rounds"
                + " of 3 seed instances and the final set in one worker; JDK "), r.out);
        assertTrue(Files.readString(c.resolve("campaign.yaml")).contains("seedInstances: 3"), "the flag is saved for resume");

        // The leaderboard reads the folder back: one OK candidate ranks first, the three failures are counted.
        CliRunner lb = CliRunner.run("leaderboard", c.toString());
        assertEquals(0, lb.exit, lb.out + lb.err);
        assertTrue(lb.out.contains("refinement (4 variants, 3 failed)"), lb.out);
        assertTrue(lb.out.contains("refinement-s0-g000-0") && lb.out.contains("completed after 4 evaluations"), lb.out);
        CliRunner lbj = CliRunner.run("leaderboard", c.toString(), "--json", "--top", "1");
        assertEquals(0, lbj.exit, lbj.err);
        JsonNode board = m.readTree(lbj.out).get("modules").get("refinement");
        assertEquals(4, board.get("variants").asInt());
        assertEquals(3, board.get("failed").asInt());
        assertEquals(0, board.get("duplicates").asInt());
        // Counted work relative to the stage's start: the refinement reply re-ranks a window of its own, so any positive ratio.
        assertTrue(board.get("rows").get(0).get("work").asDouble() > 0, board.toString());
        assertTrue(lb.out.contains(" work ") && lb.out.contains("work = queries per distance computed"), lb.out);
        JsonNode first = board.get("rows").get(0);
        assertEquals(1, first.get("rank").asInt());
        String top = first.get("id").asText();
        assertTrue(top.equals("refinement-s0-g000-0") || top.equals("refinement-s0-start"), top);
        assertEquals(top.equals("refinement-s0-g000-0") ? ok.get("reward").asDouble() : 1.0, first.get("reward").asDouble(), 1e-12);
        CliRunner notCampaign = CliRunner.run("leaderboard", tmp.resolve("gt").toString());
        assertEquals(1, notCampaign.exit);
        assertTrue(notCampaign.err.contains("not a campaign folder") && notCampaign.err.strip().lines().count() == 1, notCampaign.err);
    }
}
