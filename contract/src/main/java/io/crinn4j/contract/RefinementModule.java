package io.crinn4j.contract;

/**
 * Module 3 of 3: turns search candidates into the final top-k, usually by re-ranking them with
 * exact distances on the full-precision vectors.
 *
 * <p>Same life cycle as {@link SearchModule}: {@link #prepare} once per index (timed as build),
 * one {@link Refiner} per thread, no per-query allocation, no state carried between queries.
 */
public interface RefinementModule {

    /** Builds per-index state; most refiners only keep the reference to {@code base}. */
    void prepare(Vectors base, Graph graph);

    /** How many candidates search should hand over for a top-{@code k} answer (≥ k). */
    int candidates(int k);

    /** A new single-threaded refiner. */
    Refiner newRefiner(DistanceCounter counter);

    /** Bytes of per-index state held after {@link #prepare}, beyond the shared base vectors. */
    long memoryBytes();

    /** Per-thread refinement state. */
    interface Refiner {
        /**
         * Writes the best {@code min(k, in.size)} distinct ids, nearest first, into
         * {@code result[0..)} and returns how many were written.
         */
        int refine(float[] query, int k, CandidateBuffer in, int[] result);
    }
}
