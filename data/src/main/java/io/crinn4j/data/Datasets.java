package io.crinn4j.data;

import io.crinn4j.contract.Metric;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves a dataset specification string to a loaded {@link Dataset}; see the package
 * documentation for the full list of names and file layouts.
 */
public final class Datasets {

    /** ann-benchmarks' Fashion-MNIST: 60,000 base and 10,000 query images of 784 pixels, L2. */
    public static final String FASHION_MNIST = "fashion-mnist-784-euclidean";
    /** 9,900 SIFT descriptors (128-d) and 100 queries, L2, TEXMEX layout. */
    public static final String BIGANN10K = "bigann10k";
    /** 11,425 GloVe Twitter vectors (25-d) and 500 queries, angular, TEXMEX layout. */
    public static final String GLOVE25 = "glove25-twitter-12k";
    /** The clustered-Gaussian generator; see {@link SyntheticGenerator}. */
    public static final String SYNTHETIC = "synthetic";

    /** Where the Debian package {@code dataset-fashion-mnist} installs its files. */
    public static final Path SYSTEM_FASHION_MNIST = Paths.get("/usr/share/datasets/fashion-mnist");

    private static final String KNOWN = FASHION_MNIST + ", " + BIGANN10K + ", " + GLOVE25 + ", " + SYNTHETIC
            + "[:n=..,d=..,clusters=..,queries=..,seed=..,metric=..,spread=..], texmex:DIR[,metric=angular], "
            + "hdf5:PATH, or NAME for an ann-benchmarks file DATA_DIR/NAME.hdf5";

    private Datasets() {
    }

    /**
     * Loads the dataset named by {@code spec}.
     *
     * @param spec    one of {@value #FASHION_MNIST}, {@value #BIGANN10K}, {@value #GLOVE25},
     *                {@code synthetic[:k=v,...]}, {@code texmex:DIR[,metric=M]}, {@code hdf5:PATH},
     *                or {@code NAME} when {@code dataDir/NAME.hdf5} exists
     * @param dataDir the folder holding named datasets, or {@code null} for {@link #defaultDataDir()};
     *                relative {@code texmex:} and {@code hdf5:} paths are tried against the working
     *                directory first, then against this folder
     * @throws DataException for an unknown name, a malformed spec, or missing or bad files
     */
    public static Dataset resolve(String spec, Path dataDir) {
        if (spec == null || spec.isBlank()) {
            throw new DataException("no dataset given (known: " + KNOWN + ")");
        }
        if (dataDir == null) {
            dataDir = defaultDataDir();
        }
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals(SYNTHETIC)) {
            return SyntheticGenerator.generate(SyntheticGenerator.Params.DEFAULT);
        }
        if (lower.startsWith(SYNTHETIC + ":")) {
            return SyntheticGenerator.generate(SyntheticGenerator.Params.parse(s.substring(SYNTHETIC.length() + 1)));
        }
        if (lower.startsWith("texmex:")) {
            return texmexSpec(s.substring("texmex:".length()), dataDir);
        }
        if (lower.startsWith("hdf5:")) {
            String p = s.substring("hdf5:".length()).trim();
            if (p.isEmpty()) {
                throw new DataException("hdf5: missing file path (hdf5:PATH)");
            }
            return AnnHdf5Reader.read(locate(p, dataDir));
        }
        switch (lower) {
            case FASHION_MNIST:
                return fashionMnist(dataDir, List.of(dataDir.resolve("fashion-mnist"), SYSTEM_FASHION_MNIST));
            case BIGANN10K:
                return namedTexmex(BIGANN10K, dataDir, Metric.L2);
            case GLOVE25:
                return namedTexmex(GLOVE25, dataDir, Metric.ANGULAR);
            default:
                break;
        }
        if (!s.contains("/") && !s.contains("\\")) {
            Path hdf5 = dataDir.resolve(s + ".hdf5");
            if (Files.isRegularFile(hdf5)) {
                return AnnHdf5Reader.read(hdf5, s);
            }
        }
        throw new DataException("unknown dataset '" + s + "' (known: " + KNOWN + ")");
    }

    /**
     * The folder that holds named datasets: system property {@code crinn.data.dir}, else
     * environment variable {@code CRINN_DATA_DIR}, else the first existing of
     * {@code ../shared/datasets} and {@code shared/datasets} relative to the working directory
     * (the layout of a checkout next to the shared data), else {@code ../shared/datasets}.
     * The result is absolute and need not exist.
     */
    public static Path defaultDataDir() {
        String p = System.getProperty("crinn.data.dir");
        if (p == null || p.isBlank()) {
            p = System.getenv("CRINN_DATA_DIR");
        }
        if (p != null && !p.isBlank()) {
            return Paths.get(p).toAbsolutePath().normalize();
        }
        Path cwd = Paths.get("").toAbsolutePath();
        Path sibling = cwd.resolve("../shared/datasets").normalize();
        Path child = cwd.resolve("shared/datasets").normalize();
        if (Files.isDirectory(sibling)) {
            return sibling;
        }
        if (Files.isDirectory(child)) {
            return child;
        }
        return sibling;
    }

    /**
     * Loads a TEXMEX folder: {@code base.fvecs} (or {@code base.bvecs}), {@code query.fvecs} (or
     * {@code query.bvecs}) and optional {@code groundtruth.ivecs}; the SIFT1M-style prefixed names
     * {@code X_base.fvecs}, {@code X_query.fvecs}, {@code X_groundtruth.ivecs} are accepted too.
     */
    public static Dataset texmex(Path dir, String name, Metric metric) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(name + ": folder " + dir.toAbsolutePath().normalize() + " not found");
        }
        Path basePath = findRole(dir, name, "base", true);
        Path queryPath = findRole(dir, name, "query", true);
        Path gtPath = findRole(dir, name, "groundtruth", false);
        FloatMatrix base = TexmexReader.readVectors(basePath, TexmexReader.ALL_ROWS);
        FloatMatrix queries = TexmexReader.readVectors(queryPath, TexmexReader.ALL_ROWS);
        Dataset ds = Dataset.of(name, metric, base, queries);
        if (gtPath == null) {
            return ds;
        }
        IntMatrix gt = TexmexReader.readIvecs(gtPath);
        try {
            return ds.withProvidedGroundTruth(gt, null);
        } catch (DataException e) {
            // Re-attribute the problem to the file, which is what the user has to fix.
            String msg = e.getMessage();
            String problem = msg.startsWith(name + ": ") ? msg.substring(name.length() + 2) : msg;
            throw new DataException(DataFiles.label(gtPath) + ": " + problem, e);
        }
    }

    private static Path findRole(Path dir, String name, String role, boolean required) {
        String[] exts = role.equals("groundtruth") ? new String[] {".ivecs"} : new String[] {".fvecs", ".bvecs"};
        for (String ext : exts) {
            Path p = dir.resolve(role + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        for (String ext : exts) {
            List<Path> prefixed = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*_" + role + ext)) {
                ds.forEach(prefixed::add);
            } catch (IOException e) {
                throw DataFiles.ioFailure(name, e);
            }
            if (prefixed.size() == 1) {
                return prefixed.get(0);
            }
            if (prefixed.size() > 1) {
                throw new DataException(name + ": several *_" + role + ext + " files in " + dir + "; keep one");
            }
        }
        if (required) {
            throw new DataException(name + ": no " + role + exts[0] + (exts.length > 1 ? " or " + role + exts[1] : "")
                    + " in " + dir.toAbsolutePath().normalize());
        }
        return null;
    }

    private static Dataset namedTexmex(String name, Path dataDir, Metric metric) {
        Path dir = dataDir.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new DataException(name + ": folder " + dir.toAbsolutePath().normalize() + " not found (set the data"
                    + " folder with -Dcrinn.data.dir or CRINN_DATA_DIR)");
        }
        return texmex(dir, name, metric);
    }

    private static Dataset texmexSpec(String rest, Path dataDir) {
        String[] parts = rest.split(",");
        String dirSpec = parts[0].trim();
        if (dirSpec.isEmpty()) {
            throw new DataException("texmex: missing folder (texmex:DIR[,metric=angular])");
        }
        Metric metric = Metric.L2;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!key.equals("metric") || eq < 0) {
                throw new DataException("texmex: unknown option '" + p + "' (only metric=l2|angular|ip)");
            }
            try {
                metric = Metric.parse(p.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new DataException("texmex: option '" + p + "' is not one of metric=l2, angular, ip");
            }
        }
        Path dir = locate(dirSpec, dataDir);
        Path fn = dir.toAbsolutePath().normalize().getFileName();
        return texmex(dir, fn == null ? dirSpec : fn.toString(), metric);
    }

    /** A user path: as given if it exists (or is absolute), else relative to the data folder. */
    private static Path locate(String p, Path dataDir) {
        Path path = Paths.get(p);
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        Path inData = dataDir.resolve(p);
        return Files.exists(inData) ? inData : path;
    }

    /**
     * Loads Fashion-MNIST from the first folder in {@code searchDirs} that holds both image
     * files ({@code train-images-idx3-ubyte[.gz]}, {@code t10k-images-idx3-ubyte[.gz]}).
     */
    static Dataset fashionMnist(Path dataDir, List<Path> searchDirs) {
        for (Path dir : searchDirs) {
            Path train = imageFile(dir, "train-images-idx3-ubyte");
            Path test = imageFile(dir, "t10k-images-idx3-ubyte");
            if (train == null || test == null) {
                continue;
            }
            FloatMatrix base = IdxReader.read(train);
            FloatMatrix queries = IdxReader.read(test);
            if (base.rows() != 60_000 || base.dim() != 784) {
                throw new DataException(DataFiles.label(train) + ": expected 60000 images of 28 x 28, found "
                        + base.rows() + " x " + base.dim());
            }
            if (queries.rows() != 10_000 || queries.dim() != 784) {
                throw new DataException(DataFiles.label(test) + ": expected 10000 images of 28 x 28, found "
                        + queries.rows() + " x " + queries.dim());
            }
            return Dataset.of(FASHION_MNIST, Metric.L2, base, queries);
        }
        StringBuilder where = new StringBuilder();
        for (Path dir : searchDirs) {
            where.append(where.length() == 0 ? "" : " and ").append(dir.toAbsolutePath().normalize());
        }
        throw new DataException(FASHION_MNIST + ": files not found in " + where
                + "; install them with: apt-get install dataset-fashion-mnist");
    }

    private static Path imageFile(Path dir, String stem) {
        for (String name : new String[] {stem + ".gz", stem}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
