package io.crinn4j.contract;

/**
 * Module 2 of 3: walks the graph for one query and proposes candidates.
 *
 * <p>Life cycle: the harness calls {@link #prepare} once per index (timed as build, so this is
 * where per-index state such as quantized codes is computed), then {@link #newSearcher} once per
 * thread. After {@code prepare} the module's own state must be read-only, because searchers on
 * several threads share it; the sandbox checks it after every timed pass (a change is
 * {@code INVALID_RESULT}) and gives every pass new searchers. A {@link Searcher} owns per-thread
 * scratch (visited marks, pools) and must not allocate per query, nor carry anything from one
 * query to the next that changes results: answers must not depend on query order. The
 * {@link Vectors}, the {@link Graph} and the query arrays are read-only too.
 */
public interface SearchModule {

    /** Builds per-index state from the vectors and the graph. */
    void prepare(Vectors base, Graph graph);

    /** A new single-threaded searcher over the prepared index. */
    Searcher newSearcher(DistanceCounter counter);

    /** Bytes of per-index state this module holds after {@link #prepare} (not per-searcher scratch). */
    long memoryBytes();

    /** Per-thread search state. */
    interface Searcher {
        /**
         * Searches for {@code query}.
         *
         * @param query  the query vector, length d; already normalized for angular data
         * @param k      how many final answers the caller wants
         * @param ef     the breadth knob swept by the benchmark (beam width in HNSW); larger ef
         *               must not make results worse on average
         * @param count  how many candidates refinement asked for ({@code >= k})
         * @param out    receives up to {@code count} distinct candidates sorted by ascending
         *               estimated distance (cleared by the searcher); capacity ≥ count
         */
        void search(float[] query, int k, int ef, int count, CandidateBuffer out);
    }
}
