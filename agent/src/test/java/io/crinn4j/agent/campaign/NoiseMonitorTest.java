package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoiseMonitorTest {
    @TempDir
    Path tmp;

    @Test
    void theNoiseIsTheRmsLogRatioOfEveryPairOfSeedInstances() {
        NoiseMonitor n = new NoiseMonitor(0.02);
        assertTrue(Double.isNaN(n.noise()));
        n.record(List.of(100.0, 103.0, 0.0)); // one pair: the failed instance (AUC 0) is left out
        n.record(List.of(200.0, 196.0, 204.0)); // three pairs
        assertEquals(4, n.pairs());
        double[] d = {Math.log(100 / 103.0), Math.log(200 / 196.0), Math.log(200 / 204.0), Math.log(196 / 204.0)};
        double ss = 0;
        for (double x : d) {
            ss += x * x;
        }
        assertEquals(Math.sqrt(ss / 4), n.noise(), 1e-12);
    }

    @Test
    void itWarnsOnceWhenTheNoiseExceedsTheGainSoughtAndOnceWhenTheIndexFitsInCache() throws Exception {
        NoiseMonitor n = new NoiseMonitor(0.02);
        List<String> said = new ArrayList<>();
        Campaign.Listener l = new Campaign.Listener() {
            @Override
            public void message(String text) {
                said.add(text);
            }
        };
        try (EventLog log = new EventLog(tmp.resolve("events.jsonl"))) {
            n.record(List.of(100.0, 99.0));
            n.warnIfNoisy(l, log, "quiet", 100L << 20);
            assertTrue(said.isEmpty(), "1% noise is below the 2% sought, and a 100 MiB index does not fit in cache: " + said);
            n.record(List.of(100.0, 94.0));
            n.record(List.of(100.0, 95.0));
            n.warnIfNoisy(l, log, "noisy", 2L << 20);
            n.warnIfNoisy(l, log, "noisy", 2L << 20);
            assertEquals(2, said.size(), said.toString());
            assertTrue(said.get(0).contains("paired noise on noisy is 4.") && said.get(0).contains("above the 2.0% gain"), said.get(0));
            assertTrue(said.get(1).contains("2.0 MiB, which fits in a last-level cache"), said.get(1));
        }
        assertEquals(2, Files.readAllLines(tmp.resolve("events.jsonl")).stream().filter(s -> s.contains("noise-warning")).count());
    }
}
