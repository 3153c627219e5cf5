package io.crinn4j.data;

import io.crinn4j.contract.Metric;
import io.crinn4j.contract.vector.Kernels;
import io.crinn4j.contract.vector.VectorKernels;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Exact k-nearest-neighbour ground truth by brute force.
 *
 * <p>Every query is compared with every base vector using the shared {@link Kernels#get()}
 * kernels on the internal "smaller is closer" distance (squared L2, or negative dot product for
 * angular and IP), then converted with {@link Metric#reportedDistance}. Ranking is by (internal
 * distance, id), so ties go to the smaller id and the result is deterministic for given kernels.
 *
 * <p>Work is split into blocks of {@value #QUERY_BLOCK} queries pulled by a fixed number of
 * threads. Within a block each base vector is compared with all the block's queries before
 * moving on, so the base set streams from memory once per block instead of once per query: for
 * Fashion-MNIST (188 MB of base vectors) that is the difference between being memory-bound and
 * compute-bound. Each thread keeps one {@link TopK} per block query, reused across blocks.
 */
public final class GroundTruthBuilder {

    /** Queries processed together against each base vector; their rows stay in L1/L2 cache. */
    static final int QUERY_BLOCK = 16;

    private GroundTruthBuilder() {
    }

    /** As {@link #compute(Dataset, int, int, IntConsumer)} without progress reports. */
    public static GroundTruth compute(Dataset ds, int k, int threads) {
        return compute(ds, k, threads, null);
    }

    /**
     * Computes the exact {@code k} nearest neighbours of every query of {@code ds}.
     *
     * @param k        neighbours per query, {@code 1 <= k <= n}
     * @param threads  worker threads; {@code <= 0} means all available processors
     * @param progress optional; receives the total number of finished queries after each block.
     *                 Calls are serialized and the value never decreases; the last call reports
     *                 {@code nq}
     * @throws DataException         if {@code k} is out of range
     * @throws CancellationException if the calling thread is interrupted (its flag is restored)
     */
    public static GroundTruth compute(Dataset ds, int k, int threads, IntConsumer progress) {
        if (k <= 0 || k > ds.n()) {
            throw new DataException(ds.name() + ": ground-truth k=" + k + " outside 1.." + ds.n()
                    + " (the base size)");
        }
        int nq = ds.nq();
        int blocks = (nq + QUERY_BLOCK - 1) / QUERY_BLOCK;
        int workers = Math.max(1, Math.min(blocks,
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors()));
        int[] ids = new int[nq * k];
        float[] dist = new float[nq * k];
        AtomicInteger nextBlock = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Progress done = new Progress(progress);

        Runnable task = () -> {
            try {
                VectorKernels kern = Kernels.get();
                TopK[] heaps = new TopK[QUERY_BLOCK];
                for (int i = 0; i < QUERY_BLOCK; i++) {
                    heaps[i] = new TopK(k);
                }
                int b;
                while ((b = nextBlock.getAndIncrement()) < blocks && failure.get() == null) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    int q0 = b * QUERY_BLOCK;
                    int q1 = Math.min(nq, q0 + QUERY_BLOCK);
                    searchBlock(ds, kern, heaps, q0, q1);
                    for (int q = q0; q < q1; q++) {
                        heaps[q - q0].drainSorted(ids, dist, q * k);
                    }
                    done.add(q1 - q0);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };

        if (workers == 1) {
            task.run();
        } else {
            runThreads(task, workers, failure);
        }
        Throwable t = failure.get();
        if (t != null) {
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException("ground-truth worker failed: " + t, t);
        }
        if (done.total != nq) {
            throw new CancellationException(ds.name() + ": ground-truth computation interrupted");
        }
        Metric metric = ds.metric();
        for (int i = 0; i < dist.length; i++) {
            dist[i] = metric.reportedDistance(dist[i]);
        }
        return new GroundTruth(nq, k, ids, dist);
    }

    private static void searchBlock(Dataset ds, VectorKernels kern, TopK[] heaps, int q0, int q1) {
        float[] base = ds.base();
        float[] queries = ds.queries();
        int d = ds.d();
        int n = ds.n();
        int m = q1 - q0;
        for (int j = 0; j < m; j++) {
            heaps[j].clear();
        }
        if (ds.metric() == Metric.L2) {
            for (int i = 0, off = 0; i < n; i++, off += d) {
                for (int j = 0; j < m; j++) {
                    heaps[j].offer(kern.squaredL2(queries, (q0 + j) * d, base, off, d), i);
                }
            }
        } else {
            for (int i = 0, off = 0; i < n; i++, off += d) {
                for (int j = 0; j < m; j++) {
                    heaps[j].offer(-kern.dot(queries, (q0 + j) * d, base, off, d), i);
                }
            }
        }
    }

    private static void runThreads(Runnable task, int workers, AtomicReference<Throwable> failure) {
        Thread[] pool = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            pool[i] = new Thread(task, "crinn-groundtruth-" + i);
            pool[i].setDaemon(true);
            pool[i].start();
        }
        boolean interrupted = false;
        for (Thread th : pool) {
            while (true) {
                try {
                    th.join();
                    break;
                } catch (InterruptedException e) {
                    // Stop the workers but still wait for them, so no thread outlives the call.
                    interrupted = true;
                    for (Thread w : pool) {
                        w.interrupt();
                    }
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ground-truth distances (ann-benchmarks units) for given neighbour ids, for ground truth that
     * came without distances. {@code ids} has {@code ds.nq() * k} entries in {@code [0, n)}.
     */
    static float[] distancesFor(Dataset ds, int[] ids, int k) {
        VectorKernels kern = Kernels.get();
        float[] out = new float[ids.length];
        int d = ds.d();
        boolean l2 = ds.metric() == Metric.L2;
        for (int q = 0; q < ds.nq(); q++) {
            for (int j = 0; j < k; j++) {
                int id = ids[q * k + j];
                float internal = l2 ? kern.squaredL2(ds.queries(), q * d, ds.base(), id * d, d)
                        : -kern.dot(ds.queries(), q * d, ds.base(), id * d, d);
                out[q * k + j] = ds.metric().reportedDistance(internal);
            }
        }
        return out;
    }

    /** Serializes progress calls so a console display sees a monotone count. */
    private static final class Progress {
        private final IntConsumer sink;
        private int total;

        Progress(IntConsumer sink) {
            this.sink = sink;
        }

        synchronized void add(int count) {
            total += count;
            if (sink != null) {
                sink.accept(total);
            }
        }
    }
}
