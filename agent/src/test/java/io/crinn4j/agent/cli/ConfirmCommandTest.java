package io.crinn4j.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.seed.glass.GlassBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfirmCommandTest {
    private static final String TINY = "synthetic:n=2000,d=16,clusters=8,queries=80,seed=5";

    @TempDir
    Path tmp;

    private Path candidate(String from, String to) throws IOException {
        String src = GlassBaseline.source(ModuleKind.REFINEMENT);
        assertTrue(src.contains(from), from);
        Path f = tmp.resolve("WiderRerank.java");
        Files.writeString(f, src.replace(from, to).replace("ExactRerank", "WiderRerank"));
        return f;
    }

    private String[] confirm(Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("confirm", file.toString(), "--module", "refinement", "--dataset", TINY,
                "--forks", "1", "--warmup-iterations", "1", "--iterations", "3", "--iteration-time-ms", "100", "--heap", "256m",
                "--out", tmp.resolve("runs").toString(), "--cache-dir", tmp.resolve("cache").toString(), "-q"));
        args.addAll(List.of(extra));
        if (!args.contains("--ef")) {
            args.addAll(List.of("--ef", "10,40"));
        }
        return args.toArray(new String[0]);
    }

    private List<Path> reports() throws IOException {
        if (!Files.exists(tmp.resolve("runs"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(tmp.resolve("runs"))) {
            return s.filter(p -> p.getFileName().toString().equals("confirm.json")).collect(Collectors.toList());
        }
    }

    @Test
    void printsTheTableAndWritesConfirmJson() throws IOException {
        CliRunner r = CliRunner.run(confirm(candidate("FACTOR = 1.5f", "FACTOR = 2.0f")));
        assertEquals(0, r.exit, r.err + r.out);
        for (String ef : new String[] {"10", "40"}) {
            assertTrue(r.out.lines().anyMatch(l -> l.trim().startsWith(ef + " ") && l.contains("+-")), "no row for ef=" + ef + ":\n" + r.out);
        }
        assertTrue(r.out.contains("verdict") && r.out.contains("method     JMH 1."), r.out);
        assertTrue(r.out.contains("1 fork x (1 warm-up + 3 measurement iterations of 100 ms)"), r.out);
        List<Path> reports = reports();
        assertEquals(1, reports.size());
        JsonNode json = new ObjectMapper().readTree(reports.get(0).toFile());
        assertEquals("OK", json.get("status").asText());
        assertEquals(2, json.get("points").size());
        for (JsonNode p : json.get("points")) {
            for (String v : new String[] {"seed", "candidate"}) {
                assertTrue(p.at("/" + v + "/mean").asDouble() > 0, p.toString());
                assertTrue(p.at("/" + v + "/error").isNumber(), p.toString());
                assertEquals(3, p.at("/" + v + "/samples").asInt());
            }
            double rec = p.get("candidateRecall").asDouble();
            assertTrue(rec > 0 && rec <= 1, p.toString());
            assertTrue(p.get("ratio").asDouble() > 0);
        }
        assertEquals(4, json.get("forkJvms").asInt());
    }

    @Test
    void candidateThatDoesNotCompileExitsFour() throws IOException {
        Path bad = candidate("return (int) Math.ceil(k * FACTOR);", "return (int) Math.ceil(k * NO_SUCH_CONSTANT);");
        CliRunner r = CliRunner.run(confirm(bad));
        assertEquals(4, r.exit, r.err + r.out);
        assertTrue(r.out.contains("COMPILE_ERROR") && r.out.contains("NO_SUCH_CONSTANT"), r.out);
        assertEquals(1, reports().size());
        // without the recall step the JMH path rejects it itself, before starting a JVM
        CliRunner n = CliRunner.run(confirm(bad, "--no-recall"));
        assertEquals(4, n.exit, n.err + n.out);
        assertTrue(n.out.contains("COMPILE_ERROR"), n.out);
        assertFalse(n.out.contains("verdict"), n.out);
    }

    @Test
    void badOptionValuesExitTwo() throws IOException {
        Path f = candidate("FACTOR = 1.5f", "FACTOR = 2.0f");
        CliRunner r = CliRunner.run(confirm(f, "--ef", "0"));
        assertEquals(2, r.exit, r.err);
        assertTrue(r.err.contains("ef"), r.err);
        assertEquals(2, CliRunner.run(confirm(f, "--forks", "0")).exit);
        assertEquals(2, CliRunner.run(confirm(f, "--iterations", "2")).exit); // 1 fork x 2 samples: JMH gives no error
        assertEquals(2, CliRunner.run(confirm(f, "--heap", "lots")).exit);
        assertEquals(2, CliRunner.run("confirm", f.toString(), "--module", "indexing", "-q").exit);
        assertEquals(2, CliRunner.run("confirm", f.toString()).exit);
        assertTrue(reports().isEmpty());
    }
}
