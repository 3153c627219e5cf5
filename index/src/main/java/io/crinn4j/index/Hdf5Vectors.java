package io.crinn4j.index;

import io.jhdf.HdfFile;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The only class that touches jhdf, so an {@link Index} loads and runs without it; reached only
 * through {@link VectorFiles#readHdf5}, which turns a missing jhdf into a clear message.
 */
final class Hdf5Vectors {
    private Hdf5Vectors() {
    }

    static float[][] read(Path file, String name) throws IOException {
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (HdfException e) {
            throw new IOException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
        try (HdfFile h = hdf) {
            Node node = h.getChild(name);
            if (!(node instanceof io.jhdf.api.Dataset ds)) {
                throw new IOException(file + ": no dataset '" + name + "'" + (node == null ? "" : " (it is a " + node.getType() + ")"));
            }
            int[] dims = ds.getDimensions();
            if (dims.length != 2 || dims[0] < 1 || dims[1] < 1) {
                throw new IOException(file + ": dataset '" + name + "' is not a non-empty 2-d matrix (dimensions " + java.util.Arrays.toString(dims) + ")");
            }
            Object flat = ds.getDataFlat();
            int rows = dims[0];
            int d = dims[1];
            float[][] out = new float[rows][d];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < d; j++) {
                    float v = value(flat, i * d + j, file, name);
                    if (!Float.isFinite(v)) {
                        throw new IOException(file + ": '" + name + "' row " + i + ", component " + j + " is " + v);
                    }
                    out[i][j] = v;
                }
            }
            return out;
        } catch (HdfException e) {
            throw new IOException(file + ": cannot read HDF5 content (" + e.getMessage() + ")", e);
        }
    }

    private static float value(Object flat, int i, Path file, String name) throws IOException {
        if (flat instanceof float[] a) {
            return a[i];
        }
        if (flat instanceof double[] a) {
            return (float) a[i];
        }
        if (flat instanceof int[] a) {
            return a[i];
        }
        if (flat instanceof long[] a) {
            return a[i];
        }
        if (flat instanceof short[] a) {
            return a[i];
        }
        if (flat instanceof byte[] a) {
            return a[i];
        }
        throw new IOException(file + ": dataset '" + name + "' does not hold numbers");
    }
}
