package io.crinn4j.agent.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.agent.campaign.Campaign;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static Campaign.Result result(Double campaign, Double heldOut) {
        return new Campaign.Result("c", "completed", 30, 0, 0, 0, 0, 0, Map.of(), Map.of(), campaign, heldOut, null, null, null, 0);
    }

    @Test
    void aGainMustClearTheMarginOnCampaignAndHeldOutQueries() {
        assertTrue(CampaignRunner.verdict(result(1.10, 1.06), 0.03).startsWith("found a module set faster"));
        assertTrue(CampaignRunner.verdict(result(1.10, 1.005), 0.03).startsWith("no variant beat the seed convincingly"),
                "a held-out 1.005 is the seed's speed within noise");
        assertTrue(CampaignRunner.verdict(result(1.10, 0.95), 0.03).contains("-5.0% on held-out queries, slower than the seed there"));
        assertTrue(CampaignRunner.verdict(result(1.10, 1.005), 0.03).contains("+0.5% on held-out queries, short of the +3% needed"));
        assertTrue(CampaignRunner.verdict(result(1.02, 1.10), 0.03).startsWith("no variant"), "the campaign's own gain is under the margin");
        assertTrue(CampaignRunner.verdict(result(1.10, null), 0.03).contains("not checked on held-out"));
        assertTrue(CampaignRunner.verdict(result(1.0, null), 0.03).startsWith("no variant"));
    }

    @Test
    void theWorkLineSaysWhetherTheGainIsFewerDistances() {
        assertTrue(CampaignRunner.work(1.062, "held-out queries").startsWith("1.062 ") && CampaignRunner.work(1.062, "held-out queries").contains("fewer distance computations"));
        assertTrue(CampaignRunner.work(0.95, "held-out queries").contains("more distance computations"));
        assertTrue(CampaignRunner.work(1.005, "held-out queries").contains("cheaper work per distance, or noise"));
    }
}
