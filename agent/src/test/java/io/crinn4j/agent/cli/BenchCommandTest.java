package io.crinn4j.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private static final String TINY = "synthetic:n=3000,d=16,clusters=8,queries=60,seed=3";

    @TempDir
    Path tmp;

    private String[] bench(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("bench", "--dataset", TINY, "--runs", "2",
                "--warmup-ms", "100", "--min-pass-ms", "2", "--out", tmp.resolve("runs").toString(),
                "--cache-dir", tmp.resolve("cache").toString(), "-q"));
        args.addAll(List.of(extra));
        if (!args.contains("--ef")) { // repeated --ef options accumulate, so add the default only when none is given
            args.addAll(List.of("--ef", "1,4,10,40"));
        }
        return args.toArray(new String[0]);
    }

    @Test
    void printsTheCurveAndWritesTheSameAsJson() throws IOException {
        CliRunner r = CliRunner.run(bench());
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("AUC of QPS over recall [0.85, 0.95]"), r.out);
        assertTrue(r.out.contains("QPS at recall 0.90"), r.out);
        assertTrue(r.out.contains("single thread"), r.out);
        List<Path> reports;
        try (Stream<Path> s = Files.walk(tmp.resolve("runs"))) {
            reports = s.filter(p -> p.getFileName().toString().equals("bench.json")).collect(Collectors.toList());
        }
        assertEquals(1, reports.size());
        JsonNode json = new ObjectMapper().readTree(reports.get(0).toFile());
        assertEquals(4, json.get("points").size());
        double prev = -1;
        for (JsonNode p : json.get("points")) {
            double recall = p.get("recall").asDouble();
            assertTrue(recall >= 0 && recall <= 1);
            assertTrue(p.get("qps").asDouble() > 0);
            assertTrue(recall >= prev - 0.02, "recall should not fall as ef grows");
            prev = recall;
        }
        assertTrue(prev > 0.9, "recall at ef=40: " + prev);
        assertEquals(System.getProperty("java.version"), json.at("/measurement/method/jdk").asText());
        assertEquals(1, json.at("/measurement/threads").asInt());
        assertTrue(json.at("/build/seconds").asDouble() > 0);
        assertTrue(json.at("/build/indexBytes").asLong() > 0);
        assertTrue(json.at("/reward/auc").asDouble() > 0);
        assertEquals(60, json.at("/dataset/queries").asInt());
        // every row of the table appears in stdout
        for (String ef : new String[] {"1", "4", "10", "40"}) {
            assertTrue(r.out.lines().anyMatch(l -> l.trim().startsWith(ef + " ")), "no row for ef=" + ef);
        }
    }

    @Test
    void groundTruthIsCachedAndNotRecomputed() throws IOException {
        assertEquals(0, CliRunner.run(bench("--ef", "10")).exit);
        List<Path> cached;
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            cached = s.collect(Collectors.toList());
        }
        assertEquals(1, cached.size(), cached.toString());
        FileTime before = Files.getLastModifiedTime(cached.get(0));
        Files.setLastModifiedTime(cached.get(0), FileTime.fromMillis(before.toMillis() - 60_000));
        FileTime marked = Files.getLastModifiedTime(cached.get(0));
        assertEquals(0, CliRunner.run(bench("--ef", "10")).exit);
        assertEquals(marked, Files.getLastModifiedTime(cached.get(0)), "cache file was rewritten");
    }

    @Test
    void jsonFlagPrintsParsableJson() throws IOException {
        CliRunner r = CliRunner.run(bench("--json", "--ef", "5,20"));
        assertEquals(0, r.exit, r.err);
        JsonNode json = new ObjectMapper().readTree(r.out);
        assertEquals(2, json.get("points").size());
        assertEquals("glass-baseline", json.at("/modules/seed").asText());
    }

    @Test
    void unknownDatasetIsOneErrorLineAndExitOne() {
        CliRunner r = CliRunner.run("bench", "--dataset", "no-such-set", "-q", "--cache-dir", tmp.toString());
        assertEquals(1, r.exit);
        String[] lines = r.errLines();
        assertEquals(1, lines.length, r.err);
        assertTrue(lines[0].startsWith("crinn: error: ") && lines[0].contains("no-such-set"), lines[0]);
    }

    @Test
    void truncatedVectorFileIsOneErrorLine() throws IOException {
        Path dir = tmp.resolve("broken");
        Files.createDirectories(dir);
        writeFvecs(dir.resolve("base.fvecs"), 4, new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
        byte[] all = Files.readAllBytes(dir.resolve("base.fvecs"));
        Files.write(dir.resolve("base.fvecs"), java.util.Arrays.copyOf(all, all.length - 6));
        writeFvecs(dir.resolve("query.fvecs"), 4, new float[][] {{1, 2, 3, 4}});
        CliRunner r = CliRunner.run("bench", "--dataset", "texmex:" + dir, "-q", "--cache-dir", tmp.toString());
        assertEquals(1, r.exit);
        assertEquals(1, r.errLines().length, r.err);
        assertTrue(r.err.contains("base.fvecs") && r.err.toLowerCase().contains("truncated"), r.err);
    }

    @Test
    void nanVectorsAndDimensionMismatchAreRejected() throws IOException {
        Path dir = tmp.resolve("nan");
        Files.createDirectories(dir);
        writeFvecs(dir.resolve("base.fvecs"), 2, new float[][] {{1, 2}, {Float.NaN, 0}});
        writeFvecs(dir.resolve("query.fvecs"), 2, new float[][] {{1, 2}});
        CliRunner r = CliRunner.run("bench", "--dataset", "texmex:" + dir, "-q", "--cache-dir", tmp.toString());
        assertEquals(1, r.exit);
        assertTrue(r.err.contains("NaN"), r.err);
        assertEquals(1, r.errLines().length, r.err);

        Path mis = tmp.resolve("mismatch");
        Files.createDirectories(mis);
        writeFvecs(mis.resolve("base.fvecs"), 2, new float[][] {{1, 2}, {3, 4}});
        writeFvecs(mis.resolve("query.fvecs"), 3, new float[][] {{1, 2, 3}});
        r = CliRunner.run("bench", "--dataset", "texmex:" + mis, "-q", "--cache-dir", tmp.toString());
        assertEquals(1, r.exit);
        assertEquals(1, r.errLines().length, r.err);
        assertTrue(r.err.contains("2") && r.err.contains("3") && r.err.toLowerCase().contains("dimension"), r.err);
    }

    @Test
    void badCommandLinesExitTwo() {
        assertEquals(2, CliRunner.run("bench", "--no-such-option").exit);
        assertEquals(2, CliRunner.run("bench", "--k", "ten").exit);
        CliRunner r = CliRunner.run("bench", "--band", "0.95:0.85", "-q");
        assertEquals(2, r.exit);
        assertTrue(r.err.contains("0.95"), r.err);
        assertEquals(2, CliRunner.run("bench", "--ef", "0,10", "-q").exit);
        assertEquals(2, CliRunner.run("bench", "--runs", "0", "-q").exit);
        assertEquals(2, CliRunner.run("frobnicate").exit);
    }

    @Test
    void helpListsExitCodes() {
        CliRunner r = CliRunner.run("--help");
        assertEquals(0, r.exit);
        assertTrue(r.out.contains("bench") && r.out.contains("Exit codes"), r.out);
        CliRunner b = CliRunner.run("bench", "--help");
        assertEquals(0, b.exit);
        assertTrue(b.out.contains("--ef") && b.out.contains("--runs") && b.out.contains("--threads"), b.out);
    }

    static void writeFvecs(Path file, int d, float[][] rows) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(rows.length * (4 + 4 * d)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            b.putInt(row.length);
            for (float v : row) {
                b.putFloat(v);
            }
        }
        Files.write(file, b.array());
    }
}
