package io.crinn4j.agent.campaign;

/**
 * The seed-instance spread bound campaign tests run with. Their measurements are tiny (3,000
 * vectors, one run, 5 ms passes, other workers on the second core) and their seed instances spread
 * 10–40%, so the default bound of 5% would turn most of them into re-measurements and
 * {@code UNSTABLE} verdicts; what these tests check is elsewhere. The stability rule has tests of
 * its own ({@code CampaignUnstableTest}, {@code EvalCommandTest}, {@code NoiseMonitorTest}).
 */
final class TestSpread {
    /** A bound no measurement exceeds: 1000%. */
    static final double OFF = 10.0;

    private TestSpread() {
    }
}
