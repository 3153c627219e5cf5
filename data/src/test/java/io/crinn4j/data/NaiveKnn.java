package io.crinn4j.data;

import io.crinn4j.contract.Metric;

import java.util.Arrays;
import java.util.Comparator;

/** Obvious, slow reference k-NN in double precision, independent of the kernels and TopK. */
final class NaiveKnn {

    private NaiveKnn() {
    }

    /** Internal distance in double: squared L2, or negative dot product. */
    static double distance(Dataset ds, int q, int i) {
        int d = ds.d();
        double s = 0;
        for (int j = 0; j < d; j++) {
            double a = ds.queries()[q * d + j];
            double b = ds.base()[i * d + j];
            s += ds.metric() == Metric.L2 ? (a - b) * (a - b) : -a * b;
        }
        return s;
    }

    /** The k nearest ids of query q, nearest first, ties by smaller id. */
    static int[] ids(Dataset ds, int q, int k) {
        Integer[] all = new Integer[ds.n()];
        double[] dist = new double[ds.n()];
        for (int i = 0; i < ds.n(); i++) {
            all[i] = i;
            dist[i] = distance(ds, q, i);
        }
        Arrays.sort(all, Comparator.<Integer>comparingDouble(i -> dist[i]).thenComparingInt(i -> i));
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = all[j];
        }
        return out;
    }
}
