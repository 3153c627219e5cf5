package io.crinn4j.sandbox.harness;

import io.crinn4j.contract.ConstructionModule;
import io.crinn4j.contract.DistanceCounter;
import io.crinn4j.contract.Graph;
import io.crinn4j.contract.RefinementModule;
import io.crinn4j.contract.SearchModule;
import io.crinn4j.contract.Vectors;

/** An exact module set (full scan, no graph use): its recall must be 1 at every ef. */
final class BruteForce {
    private BruteForce() {
    }

    static ModuleSet modules() {
        ConstructionModule c = (base, counter) -> {
            int[] links = new int[base.n];
            for (int i = 0; i < base.n; i++) {
                links[i] = (i + 1) % base.n;
            }
            return Graph.flat(base.n, 1, links, 0);
        };
        SearchModule s = new SearchModule() {
            Vectors base;

            @Override
            public void prepare(Vectors b, Graph g) {
                base = b;
            }

            @Override
            public Searcher newSearcher(DistanceCounter counter) {
                int[] ids = new int[64];
                float[] ds = new float[64];
                return (query, k, ef, count, out) -> {
                    int m = 0;
                    for (int i = 0; i < base.n; i++) {
                        float d = base.distance(query, i);
                        if (m < count || d < ds[m - 1]) {
                            int p = Math.min(m, count - 1);
                            while (p > 0 && ds[p - 1] > d) {
                                ids[p] = ids[p - 1];
                                ds[p] = ds[p - 1];
                                p--;
                            }
                            ids[p] = i;
                            ds[p] = d;
                            m = Math.min(m + 1, count);
                        }
                    }
                    counter.add(base.n);
                    out.clear();
                    for (int i = 0; i < m; i++) {
                        out.add(ids[i], ds[i]);
                    }
                };
            }

            @Override
            public long memoryBytes() {
                return 0;
            }
        };
        RefinementModule r = new RefinementModule() {
            @Override
            public void prepare(Vectors base, Graph graph) {
            }

            @Override
            public int candidates(int k) {
                return k;
            }

            @Override
            public Refiner newRefiner(DistanceCounter counter) {
                return (query, k, in, result) -> {
                    int m = Math.min(k, in.size);
                    System.arraycopy(in.ids, 0, result, 0, m);
                    return m;
                };
            }

            @Override
            public long memoryBytes() {
                return 0;
            }
        };
        // Stateless apart from the base prepare() sets, so one instance of each can stand for every fresh one.
        return new ModuleSet(() -> c, () -> s, () -> r);
    }

}
