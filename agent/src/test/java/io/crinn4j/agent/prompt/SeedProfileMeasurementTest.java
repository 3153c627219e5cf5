package io.crinn4j.agent.prompt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.config.EvaluatorConfig;
import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.data.GroundTruthCache;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.MeasurementKey;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.Profile;
import io.crinn4j.sandbox.QuerySplit;
import io.crinn4j.sandbox.Sandbox;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.sandbox.harness.SweepConfig;
import io.crinn4j.seed.glass.GlassBaseline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a check: the seed's search profile on a real dataset, rendered as a prompt
 * shows it, on a campaign's query set (default seed 42, the campaign's ef list). Off unless asked:
 *
 * <pre>
 * mvn -B -o test -pl agent -am -Dtest=SeedProfileMeasurementTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcrinn.profile.dataset=fashion-mnist-784-euclidean [-Dcrinn.profile.queries=2000] [-Dcrinn.profile.seconds=2]
 * </pre>
 *
 * The table is printed and written to {@code agent/target/profile-<dataset>.md}; the run folder is {@code agent/target/profile-run/}.
 */
@EnabledIfSystemProperty(named = "crinn.profile.dataset", matches = ".+")
class SeedProfileMeasurementTest {

    @Test
    void seedProfileOnADataset() throws Exception {
        String name = System.getProperty("crinn.profile.dataset");
        Path dataDir = Path.of(System.getProperty("crinn.profile.data-dir", System.getenv().getOrDefault("CRINN_DATA_DIR", "../../shared/datasets")));
        Dataset all = Datasets.resolve(name, dataDir);
        Dataset data = QuerySplit.forCampaign(all, null, true, 42).campaign();
        int queries = Integer.getInteger("crinn.profile.queries", 2000);
        data = data.firstQueries(Math.min(queries, data.nq()));
        GroundTruth gt = new GroundTruthCache(GroundTruthCache.defaultDirectory()).getOrCompute(data, 10, Runtime.getRuntime().availableProcessors());
        int[] efs = EvaluatorConfig.CAMPAIGN_EFS.stream().mapToInt(Integer::intValue).toArray();
        SandboxConfig cfg = new SandboxConfig(new SweepConfig(10, efs, 3, 1, 1000, 20, 42), RecallBand.DEFAULT, 0.85, "4g",
                Duration.ofMinutes(5), Duration.ofMinutes(10), 64 * 1024);
        Sandbox sandbox = new Sandbox(Path.of("target/profile-run"), data, gt, cfg);
        Duration search = Duration.ofMillis((long) (1000 * Double.parseDouble(System.getProperty("crinn.profile.seconds", "2"))));
        Profile p = sandbox.profile(new ModuleSources(GlassBaseline.sources()), ModuleKind.SEARCH, MeasurementKey.profile(), search,
                Profile.DEFAULT_PERIOD).orElseThrow();
        String md = ProfileTable.render(p);
        System.out.println(data.name() + ", " + data.nq() + " campaign queries, base " + data.n() + (p.cached() ? " (read back)" : "") + ":\n\n" + md);
        Files.writeString(Path.of("target/profile-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".md"), md);
        assertTrue(p.samples() > 0);
    }
}
