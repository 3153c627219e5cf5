package io.crinn4j.agent.propose;

import java.util.List;

/**
 * An earlier variant as shown to a proposer: its code and everything measured about it.
 *
 * @param id           the variant id in the program database
 * @param parent       the variant it was derived from (the best exemplar of its prompt), null for a stage's start
 * @param source       its complete source, null when it has none (no code block, proposer error)
 * @param status       its status name ("OK", "COMPILE_ERROR", "DUPLICATE", ...)
 * @param reward       AUC relative to the seed, null when it failed
 * @param auc          QPS–recall AUC over the band, null when it failed
 * @param curve        every ef it was measured at (the prompt shows the frontier over the band from these)
 * @param buildSeconds construction plus both prepares, null when it did not build
 * @param indexBytes   heap its index took, null when it did not build
 * @param change       what it changed, in one line: the reply's own summary, the mutation, or a diff summary; null if unknown
 * @param feedback     the sandbox's feedback when it failed, else null
 */
public record Exemplar(String id, String parent, String source, String status, Double reward, Double auc, List<Point> curve,
                       Double buildSeconds, Long indexBytes, String change, String feedback) {

    /** One ef of a measured curve: recall@k, best-run QPS and distance computations per query. */
    public record Point(int ef, double recall, double qps, double distancesPerQuery) {
    }

    public Exemplar {
        curve = curve == null ? List.of() : List.copyOf(curve);
    }
}
