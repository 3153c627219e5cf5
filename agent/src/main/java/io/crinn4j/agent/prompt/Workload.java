package io.crinn4j.agent.prompt;

import java.util.List;

/**
 * What the candidates are measured on and where: the facts an LLM needs to reason about a
 * module's cost (replies guessed 128-byte rows when the prompt did not say).
 *
 * @param dataset          the dataset's name
 * @param n                base vectors in the index
 * @param d                dimensions
 * @param metric           the metric's ann-benchmarks name (euclidean, angular, ...)
 * @param queries          queries per timed pass
 * @param k                neighbours per query (recall@k)
 * @param efs              the ef values each evaluation sweeps
 * @param runs             timed runs per ef, the fastest counted
 * @param seedBuildSeconds the seed's build (construction plus both prepares) in the campaign's first worker
 * @param seedIndexBytes   the heap the seed's index took there
 * @param machine          the JDK, SIMD kernels and cores ({@code harness.Method.describe()})
 */
public record Workload(String dataset, int n, int d, String metric, int queries, int k, List<Integer> efs, int runs,
                       double seedBuildSeconds, long seedIndexBytes, String machine) {
    public Workload {
        efs = List.copyOf(efs);
    }
}
