package io.crinn4j.agent.propose.llm;

import io.crinn4j.agent.propose.Exemplar;
import io.crinn4j.agent.propose.PromptRequest;
import io.crinn4j.contract.ModuleKind;
import java.util.List;

/** Realistic prompt and reply texts. */
final class Samples {

    private Samples() {
    }

    static final String PARENT = """
            package io.crinn4j.seed.glass;

            public final class HnswSearch implements SearchModule {
                @Override
                public int search(SearchContext ctx, float[] query, int k, int efSearch, int[] out) {
                    int ef = Math.max(k, efSearch);
                    return ctx.greedySearch(query, ef, k, out);
                }
            }
            """;

    static final String PROMPT = "You are improving the SEARCH module of an HNSW index.\n\n"
            + "## Earlier versions and their scores\n\n### v12 (reward 1.07, AUC 5123.4)\n```java\n" + PARENT + "```\n\n"
            + "Write a faster version. Answer with the complete module in one ```java block.";

    static final String GOOD_MODULE = """
            Here is a version that prefetches neighbour vectors and stops early once the candidate
            heap cannot improve:

            ```java
            package io.crinn4j.seed.glass;

            public final class HnswSearch implements SearchModule {
                @Override
                public int search(SearchContext ctx, float[] query, int k, int efSearch, int[] out) {
                    int ef = Math.max(k, efSearch);
                    ctx.prefetch(ctx.entryPoint());
                    int found = ctx.greedySearch(query, ef, k, out);
                    return Math.min(found, k);
                }
            }
            ```
            """;

    static final String NO_CODE = "I would raise M to 32 and efConstruction to 400; the search loop itself already looks optimal.";

    static final String BROKEN_JAVA = """
            ```java
            public final class HnswSearch implements SearchModule {
                public int search(SearchContext ctx, float[] query, int k, int efSearch, int[] out {
                    return ctx.greedySearch(query, Math.max(k, efSearch), k out);
            }
            ```
            """;

    static final String SEARCH_REPLACE = """
            <<<<<<< SEARCH
                    int ef = Math.max(k, efSearch);
            =======
                    int ef = Math.max(k, efSearch) + (efSearch >> 3);
            >>>>>>> REPLACE
            """;

    static PromptRequest request(long seed) {
        Exemplar parent = new Exemplar("v12", null, PARENT, "OK", 1.07, 5123.4, List.of(new Exemplar.Point(40, 0.9, 12000, 300)), null, null, null, null);
        return new PromptRequest(ModuleKind.SEARCH, PROMPT, parent, List.of(parent), seed);
    }
}
