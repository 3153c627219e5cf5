package io.crinn4j.agent.campaign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crinn4j.agent.config.CampaignConfig;
import io.crinn4j.agent.config.ConfigYaml;

/**
 * Campaign configurations for tests: {@link CampaignTest#TINY} data, quick measurements, no held-out
 * check, seed 7, and any other setting changed by its path of the configuration tree, as the
 * command line's flags are: {@code TestConfig.tiny("x").set("sampling.group", 2).build()}.
 */
final class TestConfig {
    private final ObjectNode tree = ConfigYaml.parse("""
            modules: [refinement]
            seed: 7
            sampling: {exemplars: 3, temperature: 0.1}
            evaluator: {efs: [1, 4, 16, 64], runs: 1, heap: 256m, buildTimeoutSeconds: 60, sweepTimeoutSeconds: 60, extraQueries: 0,
                        remeasureUnstable: 0}
            confirmation: {heldOut: false}
            """, "test configuration");

    private TestConfig(String name) {
        set("name", name).set("dataset", CampaignTest.TINY).set("evaluator.maxSeedSpread", TestSpread.OFF);
    }

    static TestConfig tiny(String name) {
        return new TestConfig(name);
    }

    /** Sets the field at {@code path} (null: leave it unset, so it takes its default). */
    TestConfig set(String path, Object value) {
        ConfigYaml.set(tree, path, value);
        return this;
    }

    CampaignConfig build() {
        return CampaignConfig.fromTree(tree);
    }
}
