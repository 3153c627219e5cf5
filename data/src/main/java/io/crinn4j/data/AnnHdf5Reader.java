package io.crinn4j.data;

import io.crinn4j.contract.Metric;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads an ann-benchmarks HDF5 file (for example {@code glove-100-angular.hdf5}) with jhdf.
 *
 * <p>Expected layout: 2-d datasets {@code train} (the base, n x d) and {@code test} (the
 * queries, nq x d), float32 or float64 (other numeric types are converted too); optionally
 * {@code neighbors} (nq x k int32/int64 base ids, nearest first) and {@code distances} (nq x k,
 * ann-benchmarks units) which become the dataset's provided ground truth; and a string attribute
 * {@code distance} on the root group: {@code euclidean}, {@code angular} (also {@code cosine}) or
 * {@code ip}/{@code dot}. The sparse metrics {@code hamming} and {@code jaccard} are rejected.
 *
 * <p>Every problem is a {@link DataException} naming the file: not an HDF5 file, missing
 * dataset or attribute, wrong rank, non-numeric data, unsupported metric, inconsistent
 * ground-truth shape or ids. Angular data are normalized by {@link Dataset#of}.
 */
public final class AnnHdf5Reader {

    private AnnHdf5Reader() {
    }

    /** Reads {@code file}, naming the dataset after the file without its extension. */
    public static Dataset read(Path file) {
        String fn = String.valueOf(file.getFileName());
        int dot = fn.lastIndexOf('.');
        return read(file, dot > 0 ? fn.substring(0, dot) : fn);
    }

    /** Reads {@code file} as a dataset called {@code name}. */
    public static Dataset read(Path file, String name) {
        String label = DataFiles.label(file);
        DataFiles.requireFile(file, label);
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (HdfException e) {
            throw new DataException(label + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
        try (HdfFile h = hdf) {
            Metric metric = metric(label, h);
            FloatMatrix base = floats(label, h, "train", true);
            FloatMatrix queries = floats(label, h, "test", true);
            Dataset ds = Dataset.of(name, metric, base, queries);
            io.jhdf.api.Dataset nb = dataset(label, h, "neighbors", false);
            if (nb == null) {
                return ds;
            }
            IntMatrix ids = ints(label, nb);
            if (ids.rows() != queries.rows()) {
                throw new DataException(label + ": 'neighbors' has " + ids.rows() + " rows but 'test' has "
                        + queries.rows());
            }
            float[] dist = null;
            FloatMatrix dm = floats(label, h, "distances", false);
            if (dm != null) {
                if (dm.rows() != ids.rows() || dm.dim() != ids.dim()) {
                    throw new DataException(label + ": 'distances' is " + dm.rows() + " x " + dm.dim()
                            + " but 'neighbors' is " + ids.rows() + " x " + ids.dim());
                }
                dist = dm.data();
            }
            try {
                return ds.withProvidedGroundTruth(ids, dist);
            } catch (DataException e) {
                throw new DataException(label + ": 'neighbors' invalid: " + e.getMessage(), e);
            }
        } catch (HdfException e) {
            throw new DataException(label + ": cannot read HDF5 content (" + e.getMessage() + ")", e);
        }
    }

    private static Metric metric(String label, HdfFile h) {
        Attribute a = h.getAttribute("distance");
        if (a == null) {
            throw new DataException(label + ": missing root attribute 'distance' (euclidean or angular)");
        }
        Object v = a.getData();
        if (v instanceof String[] && ((String[]) v).length == 1) {
            v = ((String[]) v)[0];
        }
        if (!(v instanceof String)) {
            throw new DataException(label + ": attribute 'distance' is not a string");
        }
        String s = ((String) v).trim().toLowerCase(Locale.ROOT);
        try {
            return Metric.parse(s);
        } catch (IllegalArgumentException e) {
            throw new DataException(label + ": unsupported distance '" + s + "' (supported: euclidean, angular, ip)");
        }
    }

    private static io.jhdf.api.Dataset dataset(String label, HdfFile h, String name, boolean required) {
        Node node = h.getChild(name);
        if (node == null) {
            if (required) {
                throw new DataException(label + ": missing dataset '" + name + "'");
            }
            return null;
        }
        if (!(node instanceof io.jhdf.api.Dataset)) {
            throw new DataException(label + ": '" + name + "' is a " + node.getType() + ", not a dataset");
        }
        io.jhdf.api.Dataset ds = (io.jhdf.api.Dataset) node;
        int[] dims = ds.getDimensions();
        if (dims.length != 2) {
            throw new DataException(label + ": dataset '" + name + "' has rank " + dims.length + ", expected 2 (rows x dim)");
        }
        if (dims[1] <= 0) {
            throw new DataException(label + ": dataset '" + name + "' has no columns");
        }
        DataFiles.checkedLength(label, dims[0], dims[1]);
        return ds;
    }

    private static FloatMatrix floats(String label, HdfFile h, String name, boolean required) {
        io.jhdf.api.Dataset ds = dataset(label, h, name, required);
        if (ds == null) {
            return null;
        }
        int[] dims = ds.getDimensions();
        Object flat = ds.getDataFlat();
        float[] out;
        if (flat instanceof float[]) {
            out = (float[]) flat;
        } else if (flat instanceof double[]) {
            double[] a = (double[]) flat;
            out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) a[i];
            }
        } else {
            long[] a = integers(label, name, flat);
            out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        }
        String what = name + " ";
        DataFiles.checkFinite(label, what, out, 0, out.length, dims[1], 0);
        return new FloatMatrix(dims[0], dims[1], out);
    }

    private static IntMatrix ints(String label, io.jhdf.api.Dataset ds) {
        int[] dims = ds.getDimensions();
        Object flat = ds.getDataFlat();
        int[] out;
        if (flat instanceof int[]) {
            out = (int[]) flat;
        } else {
            long[] a = integers(label, ds.getName(), flat);
            out = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                if (a[i] < Integer.MIN_VALUE || a[i] > Integer.MAX_VALUE) {
                    throw new DataException(label + ": '" + ds.getName() + "' value " + a[i] + " does not fit an int id");
                }
                out[i] = (int) a[i];
            }
        }
        return new IntMatrix(dims[0], dims[1], out);
    }

    private static long[] integers(String label, String name, Object flat) {
        long[] out;
        if (flat instanceof long[]) {
            return (long[]) flat;
        } else if (flat instanceof int[]) {
            int[] a = (int[]) flat;
            out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        } else if (flat instanceof short[]) {
            short[] a = (short[]) flat;
            out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        } else if (flat instanceof byte[]) {
            byte[] a = (byte[]) flat;
            out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        } else {
            throw new DataException(label + ": dataset '" + name + "' holds "
                    + (flat == null ? "nothing" : flat.getClass().getComponentType() != null
                    ? flat.getClass().getComponentType().getSimpleName() : flat.getClass().getSimpleName())
                    + " values, expected numbers");
        }
        return out;
    }
}
