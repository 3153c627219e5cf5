package io.crinn4j.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    private static final String TINY = "synthetic:n=2000,d=16,clusters=8,queries=80,seed=4";

    @TempDir
    Path tmp;

    /** The seed's own search module as a candidate file. */
    private Path seedSearchFile() throws IOException {
        Path file = tmp.resolve("Seed.java");
        Files.writeString(file, GlassBaseline.source(ModuleKind.SEARCH));
        return file;
    }

    /**
     * {@code crinn eval} on the tiny dataset. The seed-instance bound is relaxed (1000%) unless the
     * caller passes its own: on 2,000 vectors with one run its instances spread 10-40%.
     */
    private CliRunner eval(Path file, String module, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("eval", file.toString(), "--module", module, "--dataset", TINY,
                "--ef", "1,4,16,64", "--runs", "1", "--heap", "256m", "--out", tmp.resolve("runs").toString(),
                "--cache-dir", tmp.resolve("cache").toString(), "-q"));
        if (!List.of(extra).contains("--max-seed-spread")) {
            args.addAll(List.of("--max-seed-spread", "10"));
        }
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(new String[0]));
    }

    private JsonNode evalJson() throws IOException {
        try (Stream<Path> s = Files.walk(tmp.resolve("runs"))) {
            List<Path> files = s.filter(p -> p.getFileName().toString().equals("eval.json")).collect(Collectors.toList());
            assertEquals(1, files.size());
            return new ObjectMapper().readTree(files.get(0).toFile());
        }
    }

    @Test
    void anHonestCandidateIsMeasuredAgainstTheSeed() throws IOException {
        // The seed's refinement with a wider re-rank window: honest, and different code.
        Path file = tmp.resolve("WiderRerank.java");
        Files.writeString(file, GlassBaseline.source(ModuleKind.REFINEMENT).replace("FACTOR = 1.5f", "FACTOR = 2.0f"));
        CliRunner r = eval(file, "refinement", "--repeat", "2");
        assertEquals(0, r.exit, r.out + r.err);
        assertTrue(r.out.contains("status     OK"), r.out);
        assertTrue(r.out.contains("reward     "), r.out);
        assertTrue(r.out.contains("AUC CV"), r.out);
        // A wider re-rank window never computes fewer distances per query at the same recall (here the pool, not the
        // window, limits the candidates over most of the band, so it is about 1): counted, so never above 1.
        assertTrue(r.out.contains("work       ") && r.out.contains("campaign queries; counted, not timed"), r.out);
        // A campaign's query set: the 40 of the dataset's first half plus 200 base vectors (a tenth of the base);
        // 200 more went to the held-out queries, so the index keeps 1,600.
        assertTrue(r.out.contains("campaign queries (240, 200 of them moved from the base, base also without the 200 moved to the held-out queries; split of a campaign with --seed 42), n=1600"), r.out);
        JsonNode json = evalJson();
        assertEquals(2, json.get("rewards").size());
        for (JsonNode reward : json.get("rewards")) {
            assertTrue(reward.asDouble() > 0.5 && reward.asDouble() < 2, "reward " + reward);
        }
        assertEquals("OK", json.at("/repetitions/0/candidate/status").asText());
        assertTrue(json.get("distanceWork").asDouble() <= 1 + 1e-9, "distanceWork " + json.get("distanceWork"));
    }

    @Test
    void heldOutQueriesAreTheOtherHalf() throws IOException {
        Path file = seedSearchFile();
        CliRunner r = eval(file, "search", "--held-out");
        assertEquals(0, r.exit, r.out + r.err);
        assertTrue(r.out.contains("held-out queries (240, 200 of them moved from the base, base also without the 200 moved to the campaign queries; split of a campaign with --seed 42), n=1600"), r.out);
        // The split of campaigns saved before held-out extras: the dataset's own 40 on a base that lost only the campaign's extras.
        r = eval(file, "search", "--held-out", "--no-held-out-extra");
        assertEquals(0, r.exit, r.out + r.err);
        assertTrue(r.out.contains("held-out queries (40, base also without the 200 moved to the campaign queries; split of a campaign with --seed 42), n=1800"), r.out);
    }

    @Test
    void everyRepetitionIsOneWorkerWithTheSeedsInstancesAndAFailureIsTheCandidatesOwn() throws IOException {
        Path file = tmp.resolve("WiderRerank.java");
        Files.writeString(file, GlassBaseline.source(ModuleKind.REFINEMENT).replace("FACTOR = 1.5f", "FACTOR = 2.0f"));
        CliRunner r = eval(file, "refinement", "--repeat", "2");
        assertEquals(0, r.exit, r.out + r.err);
        assertTrue(r.out.contains("AUC of the fastest of 2 seed instances in the same worker JVM, taking turns ef by ef"), r.out);
        assertTrue(r.out.contains("method     2 seed instances and the candidate in one worker JVM per repetition"), r.out);
        assertTrue(r.out.contains("seed       the seed's instances in its worker were "), r.out);
        JsonNode json = evalJson();
        assertEquals(2, json.get("rewards").size());
        assertEquals(2, json.get("seedInstances").asInt());
        for (int i = 0; i < 2; i++) {
            JsonNode rep = json.get("repetitions").get(i);
            JsonNode aucs = rep.get("seedInstanceAucs");
            assertEquals(2, aucs.size());
            double fastest = Math.max(aucs.get(0).asDouble(), aucs.get(1).asDouble());
            assertTrue(aucs.get(0).asDouble() > 0 && aucs.get(1).asDouble() > 0, aucs.toString());
            assertEquals(fastest, rep.get("seed").get("summary").get("auc").asDouble(), 1e-9 * fastest, "the reference is the fastest instance");
            assertEquals(rep.get("candidate").get("summary").get("auc").asDouble() / fastest, rep.get("reward").asDouble(), 1e-9);
            assertTrue(rep.get("stable").asBoolean());
        }
        // A candidate that crashes in the shared worker gets its own verdict there.
        Path crash = tmp.resolve("Crash.java");
        Files.writeString(crash, GlassBaseline.source(ModuleKind.SEARCH).replace("computed = 0;",
                "computed = 0;\n            if (ef > 3) { throw new IllegalStateException(\"pool exploded\"); }"));
        CliRunner c = eval(crash, "search");
        assertEquals(4, c.exit, c.out + c.err);
        assertTrue(c.out.contains("status     CRASH") && c.out.contains("pool exploded"), c.out);
        // --one-worker is what every measurement does now: accepted for older scripts, with a note.
        CliRunner old = eval(seedSearchFile(), "search", "--one-worker");
        assertEquals(0, old.exit, old.out + old.err);
        assertTrue(old.err.contains("--one-worker is the default now"), old.err);
    }

    @Test
    void aMeasurementWhoseSeedInstancesDisagreeIsMadeAgainAndThenMarkedUnstableWithoutAReward() throws IOException {
        // A bound no two measurements meet (0.0001%): every attempt is unstable, so the one allowed re-measurement is made
        // and the candidate gets no reward, exit 5, with the spreads of both attempts.
        CliRunner r = eval(seedSearchFile(), "search", "--max-seed-spread", "0.000001", "--remeasure-unstable", "1");
        assertEquals(EvalCommand.EXIT_UNSTABLE, r.exit, r.out + r.err);
        assertTrue(r.out.contains("status     UNSTABLE"), r.out);
        assertTrue(r.out.contains("reward     none"), r.out);
        assertTrue(r.out.contains("UNSTABLE the seed's instances in its worker were") && r.out.contains("2 measurements: "), r.out);
        JsonNode rep = evalJson().get("repetitions").get(0);
        assertEquals(2, rep.get("attemptSpreads").size());
        assertTrue(!rep.get("stable").asBoolean() && rep.get("reward").isNull(), rep.toString());
        assertEquals(0, evalJson().get("rewards").size());
    }

    @Test
    void seedInstancesAndTheSpreadBoundAreChecked() throws IOException {
        assertUsageError("--seed-instances must be between 1 and 4, got 9", "--seed-instances", "9");
        assertUsageError("maxSeedSpread must be > 0, got 0.0", "--max-seed-spread", "0");
        assertUsageError("remeasureUnstable must be between 0 and 10, got 11", "--remeasure-unstable", "11");
    }

    /** Evaluating the seed's search module with {@code args} is refused as a bad command line (exit 2) with {@code message}. */
    private void assertUsageError(String message, String... args) throws IOException {
        CliRunner r = eval(seedSearchFile(), "search", args);
        assertEquals(2, r.exit, r.out + r.err);
        assertTrue(r.err.contains(message), r.err);
    }

    @Test
    void noExtraQueriesMeasuresTheDatasetsOwnFirstHalf() throws IOException {
        Path file = seedSearchFile();
        CliRunner r = eval(file, "search", "--extra-queries", "0");
        assertEquals(0, r.exit, r.out + r.err);
        assertTrue(r.out.contains("campaign queries (40), n=2000"), r.out);
    }

    @Test
    void aHostileCandidateIsRejectedWithExitFour() throws IOException {
        Path file = tmp.resolve("Exit.java");
        Files.writeString(file, GlassBaseline.source(ModuleKind.CONSTRUCTION)
                .replace("public Graph build(Vectors base, DistanceCounter counter) {", "public Graph build(Vectors base, DistanceCounter counter) {\n        System.exit(1);"));
        CliRunner r = eval(file, "construction");
        assertEquals(4, r.exit, r.out + r.err);
        assertTrue(r.out.contains("POLICY_VIOLATION") && r.out.contains("System.exit"), r.out);
    }

    @Test
    void badInputsAreOneLineErrors() {
        CliRunner missing = eval(tmp.resolve("Nope.java"), "search");
        assertEquals(1, missing.exit);
        assertEquals(1, missing.errLines().length, missing.err);
        assertTrue(missing.err.contains("Nope.java"), missing.err);
        assertEquals(2, eval(tmp.resolve("Nope.java"), "indexing").exit);
        assertEquals(2, eval(tmp.resolve("Nope.java"), "search", "--repeat", "0").exit);
        Path file = tmp.resolve("Seed.java");
        try {
            Files.writeString(file, GlassBaseline.source(ModuleKind.SEARCH));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRunner negative = eval(file, "search", "--extra-queries", "-3");
        assertEquals(1, negative.exit, negative.out + negative.err);
        assertEquals(1, negative.errLines().length, negative.err);
        assertTrue(negative.err.contains("--extra-queries must be >= 0, got -3"), negative.err);
        CliRunner tooMany = eval(file, "search", "--extra-queries", "1500");
        assertEquals(1, tooMany.exit, tooMany.out + tooMany.err);
        assertTrue(tooMany.err.contains("at most half of them (1000)"), tooMany.err);
    }
}
