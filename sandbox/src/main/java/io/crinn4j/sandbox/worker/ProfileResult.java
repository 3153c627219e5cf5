package io.crinn4j.sandbox.worker;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.AtomicFile;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a profiling worker ({@link ProfileMain}) found: the samples, counted by place in the
 * modules' code, and per ef the distance computations and distinct vectors scored of every query.
 * Binary, written by the worker and read back by the caller as untrusted input (every count and
 * size is checked).
 *
 * @param periodMicros the sampling period asked of JFR
 * @param searchNanos  time spent answering the profiled queries (the samples cover this)
 * @param passes       profiled passes over the query set
 * @param efs          the ef values profiled, in the order their passes took turns
 * @param reported     per ef, per query (in query order): distances the modules reported ({@code DistanceCounter})
 * @param counted      per ef, per query: rows the shared kernels scored, or -1 where the worker did not count
 * @param searchRows   per ef, per query: distinct vectors the kernels scored during the query's search
 *                     (in a later pass than the counts), or null where the worker could not count them
 * @param refinementRows the same during the query's refinement, or null
 * @param samples      execution samples taken while the queries were answered
 * @param other        of those, samples in no module's code (the harness's own work per query)
 * @param rows         the others by place, most samples first
 */
public record ProfileResult(int periodMicros, long searchNanos, int passes, int[] efs, long[][] reported, long[][] counted,
                            long[][] searchRows, long[][] refinementRows, long samples, long other, List<Row> rows) {
    private static final int MAGIC = 0x32504e43; // "CNP2"
    /** Rows kept in the file: enough for any table and for totals by method of real modules. */
    static final int MAX_ROWS = 2000;

    /**
     * Samples taken at one place.
     *
     * @param module         the module whose code it is
     * @param method         class (without package, nested classes joined by dots) and method, e.g. {@code HnswSearch.LinearPoolSearcher.insert}
     * @param line           the source line in that method, or -1 when JFR did not know it
     * @param callee         what the line was executing when it was not the module's own code, e.g.
     *                       {@code VectorKernels.dotBytes4} or {@code Arrays.fill}; "" for the module's own code
     * @param calleeIsKernel true when {@code callee} is one of the contract's shared kernels
     */
    public record Row(ModuleKind module, String method, int line, String callee, boolean calleeIsKernel, long samples) {
    }

    public void write(Path file) throws IOException {
        AtomicFile.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(MAGIC);
            out.writeInt(periodMicros);
            out.writeLong(searchNanos);
            out.writeInt(passes);
            int nq = reported.length == 0 ? 0 : reported[0].length;
            out.writeInt(nq);
            out.writeInt(efs.length);
            for (int e = 0; e < efs.length; e++) {
                out.writeInt(efs[e]);
                for (int q = 0; q < nq; q++) {
                    out.writeLong(reported[e][q]);
                    out.writeLong(counted[e][q]);
                }
            }
            out.writeBoolean(searchRows != null);
            if (searchRows != null) {
                for (int e = 0; e < efs.length; e++) {
                    for (int q = 0; q < nq; q++) {
                        out.writeLong(searchRows[e][q]);
                        out.writeLong(refinementRows[e][q]);
                    }
                }
            }
            out.writeLong(samples);
            out.writeLong(other);
            List<Row> kept = rows.subList(0, Math.min(rows.size(), MAX_ROWS));
            out.writeInt(kept.size());
            for (Row r : kept) {
                out.writeByte(r.module().ordinal());
                out.writeUTF(r.method());
                out.writeInt(r.line());
                out.writeUTF(r.callee());
                out.writeBoolean(r.calleeIsKernel());
                out.writeLong(r.samples());
            }
        });
    }

    /**
     * Reads a result and checks it against the request: {@code nq} queries, ef values among those the
     * caller chose, counts that add up. Rows beyond {@link #MAX_ROWS} were dropped by the worker, so
     * their samples may be missing from the rows but never exceed the total.
     */
    public static ProfileResult read(Path file, int expectNq, int[] allowedEfs) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("profile result has a bad magic number");
            }
            int period = in.readInt();
            long searchNanos = in.readLong();
            int passes = in.readInt();
            int nq = in.readInt();
            int count = in.readInt();
            if (period <= 0 || searchNanos < 0 || passes < 0 || nq != expectNq || count < 1 || count > allowedEfs.length) {
                throw new IOException("profile result shape period=" + period + " nq=" + nq + " efs=" + count + " does not match the request");
            }
            int[] efs = new int[count];
            long[][] rep = new long[count][nq];
            long[][] cnt = new long[count][nq];
            for (int e = 0; e < count; e++) {
                int ef = in.readInt();
                if (Arrays.stream(allowedEfs).noneMatch(x -> x == ef)) {
                    throw new IOException("profile result is for ef=" + ef + ", which was not asked for");
                }
                efs[e] = ef;
                for (int q = 0; q < nq; q++) {
                    rep[e][q] = in.readLong();
                    cnt[e][q] = in.readLong();
                    if (rep[e][q] < 0 || cnt[e][q] < -1) {
                        throw new IOException("profile result has a negative distance count");
                    }
                }
            }
            long[][] searchRows = null;
            long[][] refinementRows = null;
            if (in.readBoolean()) {
                searchRows = new long[count][nq];
                refinementRows = new long[count][nq];
                for (int e = 0; e < count; e++) {
                    for (int q = 0; q < nq; q++) {
                        searchRows[e][q] = in.readLong();
                        refinementRows[e][q] = in.readLong();
                        if (searchRows[e][q] < 0 || refinementRows[e][q] < 0) {
                            throw new IOException("profile result has a negative count of vectors scored");
                        }
                    }
                }
            }
            long samples = in.readLong();
            long other = in.readLong();
            int rowCount = in.readInt();
            if (samples < 0 || other < 0 || other > samples || rowCount < 0 || rowCount > MAX_ROWS) {
                throw new IOException("profile result counts samples=" + samples + " other=" + other + " rows=" + rowCount);
            }
            List<Row> rows = new ArrayList<>(rowCount);
            long sum = other;
            ModuleKind[] kinds = ModuleKind.values();
            for (int i = 0; i < rowCount; i++) {
                int kind = in.readUnsignedByte();
                String method = in.readUTF();
                int line = in.readInt();
                String callee = in.readUTF();
                boolean kernel = in.readBoolean();
                long s = in.readLong();
                if (kind >= kinds.length || line < -1 || s <= 0 || method.isEmpty()) {
                    throw new IOException("profile result row " + i + " is malformed");
                }
                sum += s;
                rows.add(new Row(kinds[kind], method, line, callee, kernel, s));
            }
            if (sum > samples) {
                throw new IOException("profile result rows hold " + sum + " samples of " + samples);
            }
            return new ProfileResult(period, searchNanos, passes, efs, rep, cnt, searchRows, refinementRows, samples, other, List.copyOf(rows));
        }
    }
}
