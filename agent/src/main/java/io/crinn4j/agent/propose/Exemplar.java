package io.crinn4j.agent.propose;

import java.util.List;

/**
 * An earlier variant as shown to a proposer.
 *
 * @param id       the variant id in the program database
 * @param source   its complete source
 * @param status   sandbox status name ("OK", "COMPILE_ERROR", ...)
 * @param reward   AUC relative to the seed, null when it failed
 * @param auc      QPS–recall AUC over the band, null when it failed
 * @param points   a few (recall, QPS) points of its curve
 * @param feedback sandbox feedback when it failed, else null
 */
public record Exemplar(String id, String source, String status, Double reward, Double auc, List<double[]> points, String feedback) {
    public Exemplar {
        points = points == null ? List.of() : List.copyOf(points);
    }
}
