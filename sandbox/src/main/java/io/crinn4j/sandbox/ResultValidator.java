package io.crinn4j.sandbox;

import io.crinn4j.sandbox.harness.SweepPoint;
import java.util.List;

/**
 * Checks a worker's answers before they are scored, so that a forged or broken result can never
 * earn recall: every query must get exactly {@code min(k, n)} ids, all in range, no duplicates,
 * {@code -1} only as trailing padding, and the same answer on every run and pass.
 */
final class ResultValidator {
    private ResultValidator() {
    }

    /** Returns null when valid, else one feedback line naming the first problem found. */
    public static String validate(List<SweepPoint> points, int[] expectedEfs, int nq, int k, int n) {
        if (points.size() != expectedEfs.length) {
            return "the worker returned " + points.size() + " sweep points for " + expectedEfs.length + " ef values";
        }
        int want = Math.min(k, n);
        for (int i = 0; i < points.size(); i++) {
            SweepPoint p = points.get(i);
            if (p.ef() != expectedEfs[i]) {
                return "sweep point " + i + " is for ef=" + p.ef() + ", expected ef=" + expectedEfs[i];
            }
            if (!(p.qps() > 0) || Double.isInfinite(p.qps())) {
                return "ef=" + p.ef() + ": measured QPS " + p.qps() + " is not a positive number";
            }
            int[] ids = p.ids();
            for (int q = 0; q < nq; q++) {
                int off = q * k;
                int count = 0;
                for (int j = 0; j < k; j++) {
                    int id = ids[off + j];
                    if (id == -1) {
                        continue;
                    }
                    if (id < 0 || id >= n) {
                        return "ef=" + p.ef() + ": query " + q + " got id " + id + ", outside [0, " + n + ")";
                    }
                    if (j > count) {
                        return "ef=" + p.ef() + ": query " + q + " has a gap before position " + j + " (refine must fill result[0..m))";
                    }
                    for (int jj = 0; jj < j; jj++) {
                        if (ids[off + jj] == id) {
                            return "ef=" + p.ef() + ": query " + q + " got id " + id + " twice";
                        }
                    }
                    count++;
                }
                if (count != want) {
                    return "ef=" + p.ef() + ": query " + q + " got " + count + " ids, expected " + want;
                }
            }
            if (p.unstableQueries() > 0) {
                return "ef=" + p.ef() + ": " + p.unstableQueries() + " of " + nq
                        + " queries got different answers on different runs; answers must not depend on query order or on earlier queries";
            }
        }
        return null;
    }
}
