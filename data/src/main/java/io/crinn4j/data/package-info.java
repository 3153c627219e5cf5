/**
 * Vector datasets for crinn4j: file readers, named datasets, a synthetic generator, and exact
 * ground truth with an on-disk cache.
 *
 * <h2>Overview</h2>
 * <ul>
 *   <li>{@link io.crinn4j.data.Datasets#resolve(String, java.nio.file.Path)} turns a dataset
 *       specification (below) into a loaded {@link io.crinn4j.data.Dataset}.</li>
 *   <li>{@link io.crinn4j.data.Dataset}: name, {@link io.crinn4j.contract.Metric}, {@code n x d}
 *       base and {@code nq x d} queries as flat row-major {@code float[]}, optional ground truth
 *       that came with the files, and {@link io.crinn4j.data.Dataset#contentHash()}.</li>
 *   <li>Readers: {@link io.crinn4j.data.TexmexReader} ({@code .fvecs/.ivecs/.bvecs}),
 *       {@link io.crinn4j.data.IdxReader} (MNIST IDX, optionally gzip),
 *       {@link io.crinn4j.data.AnnHdf5Reader} (ann-benchmarks HDF5). Matrices come back as
 *       {@link io.crinn4j.data.FloatMatrix} / {@link io.crinn4j.data.IntMatrix}.</li>
 *   <li>{@link io.crinn4j.data.SyntheticGenerator}: deterministic clustered Gaussians.</li>
 *   <li>{@link io.crinn4j.data.GroundTruthBuilder} computes exact k-NN by brute force on all
 *       cores; {@link io.crinn4j.data.GroundTruthCache} stores it keyed by content hash;
 *       {@link io.crinn4j.data.GroundTruth} holds it.</li>
 * </ul>
 *
 * <h2>Dataset specifications</h2>
 * <table>
 *   <caption>Accepted by {@code Datasets.resolve(spec, dataDir)}</caption>
 *   <tr><th>spec</th><th>metric</th><th>source</th></tr>
 *   <tr><td>{@code fashion-mnist-784-euclidean}</td><td>L2</td>
 *       <td>{@code train-images-idx3-ubyte.gz} (60,000 base) and {@code t10k-images-idx3-ubyte.gz}
 *       (10,000 queries), 784-d, pixels as floats 0..255: exactly ann-benchmarks'
 *       {@code fashion-mnist-784-euclidean}. Searched in {@code dataDir/fashion-mnist/}, then
 *       {@code /usr/share/datasets/fashion-mnist/} (Debian package {@code dataset-fashion-mnist});
 *       uncompressed files without {@code .gz} are accepted too. No provided ground truth: it is
 *       computed and cached.</td></tr>
 *   <tr><td>{@code bigann10k}</td><td>L2</td>
 *       <td>{@code dataDir/bigann10k/}: 9,900 x 128 SIFT base, 100 queries, 100-NN ground truth.</td></tr>
 *   <tr><td>{@code glove25-twitter-12k}</td><td>angular</td>
 *       <td>{@code dataDir/glove25-twitter-12k/}: 11,425 x 25 GloVe base, 500 queries, 100-NN ground truth.</td></tr>
 *   <tr><td>{@code texmex:DIR[,metric=angular|ip|l2]}</td><td>L2 unless given</td>
 *       <td>any TEXMEX folder (layout below); named after the folder. Relative paths are tried
 *       against the working directory, then {@code dataDir}. Paths containing commas are not
 *       supported.</td></tr>
 *   <tr><td>{@code hdf5:PATH}</td><td>from the file</td>
 *       <td>an ann-benchmarks HDF5 file; named after the file without extension.</td></tr>
 *   <tr><td>{@code NAME}</td><td>from the file</td>
 *       <td>{@code dataDir/NAME.hdf5} if it exists, so ann-benchmarks downloads such as
 *       {@code glove-100-angular} work by name.</td></tr>
 *   <tr><td>{@code synthetic[:key=value,...]}</td><td>L2 unless given</td>
 *       <td>keys {@code n, d, clusters, queries, seed, metric, spread}. The embedded default
 *       {@code synthetic} is n=20000, d=64, clusters=32, queries=1000, seed=42, metric=l2,
 *       spread=0.75. Same parameters give bit-identical data on every JVM.</td></tr>
 * </table>
 * Anything else is a {@link io.crinn4j.data.DataException} listing the known names.
 *
 * <p><b>Data folder.</b> {@link io.crinn4j.data.Datasets#defaultDataDir()}: system property
 * {@code crinn.data.dir}, else environment variable {@code CRINN_DATA_DIR}, else the first
 * existing of {@code ../shared/datasets} and {@code shared/datasets} relative to the working
 * directory, else {@code ../shared/datasets}.
 *
 * <h2>File formats</h2>
 * <ul>
 *   <li><b>TEXMEX</b> ({@code .fvecs}, {@code .ivecs}, {@code .bvecs}): records of a
 *       little-endian int32 dimension followed by that many float32, int32 or uint8 values; all
 *       records of a file have the same dimension (at most 65,536). A TEXMEX folder holds
 *       {@code base.fvecs} (or {@code base.bvecs}), {@code query.fvecs} (or {@code .bvecs}) and
 *       optionally {@code groundtruth.ivecs} (per query, 0-based base ids, nearest first); the
 *       prefixed names {@code X_base.fvecs}, {@code X_query.fvecs}, {@code X_groundtruth.ivecs}
 *       of SIFT1M/GIST1M also work.</li>
 *   <li><b>IDX</b>: magic {@code 00 00 TT NN} (type code, number of dimensions), big-endian
 *       int32 dimensions, then values row-major; {@code 0x00000803} is 3-d uint8 images. Gzip is
 *       detected by the magic bytes {@code 1f 8b}, not the file name.</li>
 *   <li><b>ann-benchmarks HDF5</b>: 2-d datasets {@code train}, {@code test} (float32 or float64),
 *       optional {@code neighbors} (int ids) and {@code distances}, root string attribute
 *       {@code distance} ({@code euclidean}, {@code angular}, or {@code ip}).</li>
 * </ul>
 *
 * <h2>Metrics and units</h2>
 * Internally, smaller is closer: squared L2 for L2, negative dot product for angular and inner
 * product. Angular datasets are normalized to unit length at load time, base and queries alike,
 * so negative dot product ranks by cosine; a zero vector is an error. Ground-truth distances are
 * reported in ann-benchmarks units ({@link io.crinn4j.contract.Metric#reportedDistance}):
 * Euclidean norm, {@code 1 - cos}, or negative inner product.
 *
 * <h2>Ground truth</h2>
 * {@link io.crinn4j.data.GroundTruthBuilder#compute(io.crinn4j.data.Dataset, int, int,
 * java.util.function.IntConsumer)} compares every query with every base vector using
 * {@link io.crinn4j.contract.vector.Kernels#get()}, ranks by (distance, id) so exact ties go to
 * the smaller id, and splits blocks of 16 queries over a fixed number of threads. Fashion-MNIST's
 * 10,000 queries take about a minute on two cores with the Vector API kernels.
 *
 * <h2>Ground-truth cache</h2>
 * {@link io.crinn4j.data.GroundTruthCache} keeps one file per dataset content and stored k:
 * {@code <cacheDir>/gt-<contentHash>-k<K>-v1.bin}. The content hash is the SHA-256 (lower-case
 * hex) of the metric name, {@code n}, {@code d}, {@code nq} and the base and query values as
 * little-endian float32; renaming a dataset keeps its cache, taking a query subset or changing any
 * value does not. A miss computes at least k = 100 (capped at n) so later requests up to 100 are
 * served from the same file by taking each row's prefix. File layout (little-endian): 56-byte
 * header (int32 magic {@code 0x54474e43}, int32 version 1, int32 nq, int32 K, int32 n, int32 0,
 * 32 bytes of raw SHA-256), {@code nq*K} int32 ids, {@code nq*K} float32 distances, int32 CRC-32
 * of all preceding bytes. Writes go through {@link io.crinn4j.data.AtomicFile} (a temporary file in
 * the same folder, forced to disk, renamed with {@code ATOMIC_MOVE}); a file that fails any check
 * (size, magic, version, shape, hash, checksum, id range) is deleted and recomputed, never trusted. Default folder
 * ({@link io.crinn4j.data.GroundTruthCache#defaultDirectory()}): system property
 * {@code crinn.cache.dir}, else {@code CRINN_CACHE_DIR}, else {@code ~/.cache/crinn4j/groundtruth}.
 *
 * <h2>Errors</h2>
 * Every bad-input failure is a {@link io.crinn4j.data.DataException} whose message is one line:
 * the file ({@code folder/file}) or dataset name, a colon, and the problem, for example
 * {@code bigann10k/base.fvecs: truncated record 37 (expected 516 bytes, found 12)}. Front ends
 * print {@code getMessage()} only. Detected problems include: missing or empty files, truncated
 * records or headers, record-length (dimension) mismatch, implausible dimensions, NaN or
 * infinite values (with row and component), base/query dimension mismatch (both dimensions
 * named), empty base or query sets, zero vectors in angular data, ground-truth ids out of range or
 * row counts that differ from the queries, bad IDX magic or type code, corrupt or truncated gzip,
 * trailing bytes, non-HDF5 files, missing HDF5 datasets or the {@code distance} attribute, wrong
 * rank, unsupported metrics, unknown dataset names and malformed synthetic parameters.
 *
 * <h2>Threading and ownership</h2>
 * Datasets and ground truth are immutable by convention and safe to share between threads once
 * constructed; their arrays are exposed without copying and must not be modified. Readers and
 * {@link io.crinn4j.data.Datasets} are stateless. A {@link io.crinn4j.data.GroundTruthCache} may
 * be used from several threads and processes at once; at worst two of them compute the same entry.
 */
package io.crinn4j.data;
