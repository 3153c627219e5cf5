package io.crinn4j.sandbox;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.harness.Method;
import java.time.Duration;
import java.util.List;

/**
 * Where a module set's search spends its time, and how much work each query does: feedback for
 * the next prompt, never a score. Made by {@link Evaluator#profile} in a profiling worker, untimed
 * and apart from every measurement (see {@code docs/sandbox.md}, "Profiles").
 *
 * <p><b>Samples.</b> JDK Flight Recorder's execution samples ({@code jdk.ExecutionSample}, one
 * every {@link #periodMillis()} of the searching thread's time in Java code), taken while the
 * set answered the campaign's queries at the profiled ef values ({@link #points()}), one pass after
 * another with the measurement's rules. Each sample counts for the topmost frame of module code on
 * its stack: that method and line is a {@link Row}; when the sample was taken in something that
 * line called — a shared kernel, a contract helper, a JDK method — the row names it as
 * {@link Row#callee()}. Samples outside the modules' code (the harness copying the query,
 * reading counters) are {@link #otherShare()}. Known limits: a sample is only taken when the
 * thread's stack can be walked; the worker keeps debug information at every compiled instruction
 * ({@code -XX:+DebugNonSafepoints}) and JFR keeps inlined methods as frames, but the JIT's code
 * motion still blurs which line of a method the time belongs to (a row's neighbours often belong
 * to it); and two JVMs can compile the same code differently, so shares move by several points
 * between profiles of the same code. Shares of a method ({@link #methods()}) are steadier than of a line.
 *
 * <p><b>Work per query.</b> Distance computations per query at each profiled ef: the larger of
 * the modules' own report ({@code DistanceCounter}) and the shared kernels' count of the rows
 * they scored, query by query, as measurements believe it. Nodes visited per query: the distinct
 * vectors the shared kernels scored during each query's search, and during its refinement, in one
 * more pass at each profiled ef after the recording ({@code Kernels.startDistinctRows}; a vector is
 * an array and the offset a kernel was handed). The graph itself is a plain array module code reads
 * directly, so a node whose neighbours were read but whose vector was never scored is not seen,
 * and neither is a vector scored in the module's own loops; what is seen cannot be forged. More
 * distances than vectors means vectors scored twice: the seed's greedy descent, which keeps no
 * visited marks, scores some upper-layer nodes again (see {@code docs/prompt.md}).
 *
 * @param module       the module the profile was asked for (the campaign's stage): its rows are the candidate's; null for a whole set
 * @param sourceHash   normalized-source hash of that module (of the whole set when {@code module} is null)
 * @param points       per profiled ef: its recall (one pass, scored by the caller) and the distances per query
 * @param queries      queries per pass
 * @param passes       passes over the queries while the recording ran
 * @param searchSeconds time spent answering queries while the recording ran
 * @param periodMillis the sampling period
 * @param samples      samples taken while queries were answered
 * @param rows         samples by place, most first (at most {@link #MAX_ROWS})
 * @param methods      samples by method, most first (at most {@link #MAX_ROWS}): a row's method, or its kernel when the row was in one
 * @param kernelShare  share of the samples inside the contract's shared kernels ({@code VectorKernels})
 * @param otherShare   share of the samples outside the modules' code
 * @param method       JDK and kernels of the worker
 * @param cached       true when read back from an earlier identical profile
 */
public record Profile(ModuleKind module, String sourceHash, List<Point> points, int queries, int passes, double searchSeconds,
                      double periodMillis, long samples, List<Row> rows, List<MethodShare> methods, double kernelShare,
                      double otherShare, Method method, boolean cached) {

    /** Search time profiled when the caller does not say: about 2,000 samples at the default period. */
    public static final Duration DEFAULT_SEARCH_TIME = Duration.ofSeconds(2);
    /**
     * The sampling period, and the shortest one allowed: JDK 17's sampler takes about 800 samples per
     * second of a busy thread at 1 ms, and fewer, not more, at 0.2 ms (measured here).
     */
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(1);
    /** At most this many ef values inside the band are profiled (evenly spread over them). */
    public static final int MAX_EFS = 3;
    /** Rows and methods kept in a profile. */
    public static final int MAX_ROWS = 40;

    public Profile {
        points = List.copyOf(points);
        rows = List.copyOf(rows);
        methods = List.copyOf(methods);
    }

    /**
     * One profiled ef value.
     *
     * @param recall    recall@k of one pass at this ef (the same answers as every pass: answers must not depend on order)
     * @param distances distance computations per query at this ef
     * @param searchVectors     distinct vectors scored per query by the search (its visited nodes), or
     *                          null when not counted (profiles made before they were)
     * @param refinementVectors distinct vectors scored per query by the refinement, or null
     */
    public record Point(int ef, double recall, Stats distances, Stats searchVectors, Stats refinementVectors) {
    }

    /** Mean, median, 99th percentile and maximum of a per-query count. */
    public record Stats(double mean, double p50, double p99, double max) {
        /** Of {@code values}, sorted here (nearest-rank percentiles, as the sweep's latencies). */
        public static Stats of(long[] values) {
            if (values.length == 0) {
                return new Stats(0, 0, 0, 0);
            }
            long[] s = values.clone();
            java.util.Arrays.sort(s);
            double sum = 0;
            for (long v : s) {
                sum += v;
            }
            int n = s.length;
            return new Stats(sum / n, s[(n - 1) / 2], s[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)], s[n - 1]);
        }
    }

    /**
     * Samples taken at one line of module code.
     *
     * @param module  which module's code (the class's module, not necessarily {@link Profile#module()})
     * @param method  class without package (nested classes joined by dots) and method, e.g. {@code HnswSearch.LinearPoolSearcher.insert}
     * @param line    line in the module's source file, or -1 when unknown
     * @param callee  what that line was executing when sampled, if not its own code: a shared kernel
     *                ({@code VectorKernels.dotBytes4}), a contract helper or a JDK method ({@code Arrays.fill}); "" otherwise
     * @param kernel  true when {@code callee} is a shared kernel
     * @param share   of all samples, 0..1
     */
    public record Row(ModuleKind module, String method, int line, String callee, boolean kernel, long samples, double share) {
    }

    /**
     * Samples in one method, all its lines together.
     *
     * @param module the module whose code it is, or null for a shared kernel
     * @param method as in {@link Row#method()}, or {@code VectorKernels.<name>} for a kernel
     */
    public record MethodShare(ModuleKind module, String method, long samples, double share) {
    }

    /** The same profile, asked for as {@code m}'s (read back for another stage). */
    public Profile withModule(ModuleKind m, String hash) {
        return new Profile(m, hash, points, queries, passes, searchSeconds, periodMillis, samples, rows, methods, kernelShare, otherShare,
                method, cached);
    }

    public Profile withCached(boolean c) {
        return new Profile(module, sourceHash, points, queries, passes, searchSeconds, periodMillis, samples, rows, methods, kernelShare,
                otherShare, method, c);
    }
}
