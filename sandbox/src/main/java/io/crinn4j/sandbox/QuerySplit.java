package io.crinn4j.sandbox;

import io.crinn4j.data.Dataset;

/**
 * Splits a dataset's queries into the set a campaign optimizes against and a disjoint held-out
 * set for final scoring, so a winner's reward is confirmed on queries it was never tuned on.
 * The first {@code ceil(nq / 2)} queries are the campaign set, the rest are held out; with a
 * single query both sets are that query (there is nothing to hold out).
 */
public final class QuerySplit {
    private QuerySplit() {
    }

    public static Dataset campaign(Dataset ds) {
        return ds.nq() < 2 ? ds : ds.withQueryRange(0, (ds.nq() + 1) / 2);
    }

    public static Dataset heldOut(Dataset ds) {
        return ds.nq() < 2 ? ds : ds.withQueryRange((ds.nq() + 1) / 2, ds.nq());
    }
}
