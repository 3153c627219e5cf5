package io.crinn4j.sandbox.worker;

import io.crinn4j.data.AtomicFile;
import io.crinn4j.sandbox.harness.SweepPoint;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker JVM measured: build costs and, per ef, the answers and timings. No recall here:
 * the worker never holds the ground truth, the caller scores the answers. Binary, written
 * with {@link AtomicFile} by the worker and read back by the caller, which treats it as untrusted input
 * (every count is bounds-checked).
 *
 * @param heapIndexBytes growth of the worker's used heap across build, measured after full GCs:
 *                       what the index really occupies, whatever the modules report
 * @param reportedIndexBytes what the modules' {@code memoryBytes()} claim
 * @param untimedNanos   sweep time spent outside the timed passes making each pass fresh (new module
 *                       instances prepared again, the shared arrays checked)
 * @param passes         passes over the query set, the warm-up's included
 * @param reprepared     why the modules were prepared afresh before every pass, or "" when their state was verified
 */
public record WorkerResult(long constructionNanos, long searchPrepareNanos, long refinementPrepareNanos,
                           long buildDistances, long heapIndexBytes, long reportedIndexBytes, int nq, int k,
                           List<SweepPoint> points, long untimedNanos, int passes, String reprepared) {
    private static final int MAGIC = 0x32524e43; // "CNR2": version 2, with counted distances and the untimed cost

    public long buildNanos() {
        return constructionNanos + searchPrepareNanos + refinementPrepareNanos;
    }

    public void write(Path file) throws IOException {
        AtomicFile.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(MAGIC);
            out.writeLong(constructionNanos);
            out.writeLong(searchPrepareNanos);
            out.writeLong(refinementPrepareNanos);
            out.writeLong(buildDistances);
            out.writeLong(heapIndexBytes);
            out.writeLong(reportedIndexBytes);
            out.writeInt(nq);
            out.writeInt(k);
            out.writeLong(untimedNanos);
            out.writeInt(passes);
            out.writeUTF(reprepared == null ? "" : reprepared.length() > 2000 ? reprepared.substring(0, 2000) : reprepared);
            out.writeInt(points.size());
            for (SweepPoint p : points) {
                out.writeInt(p.ef());
                out.writeDouble(p.qps());
                out.writeInt(p.runQps().length);
                for (double q : p.runQps()) {
                    out.writeDouble(q);
                }
                out.writeInt(p.passesPerRun());
                out.writeDouble(p.distancesPerQuery());
                out.writeDouble(p.countedDistancesPerQuery());
                out.writeLong(p.p50Nanos());
                out.writeLong(p.p99Nanos());
                out.writeInt(p.unstableQueries());
                for (int id : p.ids()) {
                    out.writeInt(id);
                }
            }
        });
    }

    /** Reads a result, checking it against the request's shape. */
    public static WorkerResult read(Path file, int expectNq, int expectK, int maxPoints) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("worker result has a bad magic number");
            }
            long cn = in.readLong(), sn = in.readLong(), rn = in.readLong(), bd = in.readLong(), heap = in.readLong(), rep = in.readLong();
            int nq = in.readInt();
            int k = in.readInt();
            long untimed = in.readLong();
            int passes = in.readInt();
            String reprepared = in.readUTF();
            int count = in.readInt();
            if (nq != expectNq || k != expectK || count < 0 || count > maxPoints) {
                throw new IOException("worker result shape nq=" + nq + " k=" + k + " points=" + count + " does not match the request");
            }
            List<SweepPoint> pts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int ef = in.readInt();
                double qps = in.readDouble();
                int runs = in.readInt();
                if (runs < 0 || runs > 1000) {
                    throw new IOException("worker result has " + runs + " runs");
                }
                double[] runQps = new double[runs];
                for (int r = 0; r < runs; r++) {
                    runQps[r] = in.readDouble();
                }
                int passesPerRun = in.readInt();
                double dpq = in.readDouble();
                double counted = in.readDouble();
                long p50 = in.readLong(), p99 = in.readLong();
                int unstable = in.readInt();
                int[] ids = new int[nq * k];
                for (int j = 0; j < ids.length; j++) {
                    ids[j] = in.readInt();
                }
                pts.add(new SweepPoint(ef, qps, runQps, passesPerRun, dpq, counted, p50, p99, ids, unstable));
            }
            return new WorkerResult(cn, sn, rn, bd, heap, rep, nq, k, pts, untimed, passes, reprepared);
        }
    }
}
