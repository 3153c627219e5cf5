package io.crinn4j.agent.cli;

import io.crinn4j.data.Dataset;
import io.crinn4j.data.Datasets;
import io.crinn4j.data.GroundTruthCache;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that loads a dataset. */
public final class DataOptions {

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "synthetic",
            description = {"Dataset: synthetic[:n=..,d=..,clusters=..,queries=..,seed=..,metric=..] (the embedded default),",
                "fashion-mnist-784-euclidean, bigann10k, glove25-twitter-12k, texmex:DIR[,metric=angular], hdf5:FILE.",
                "Default: ${DEFAULT-VALUE}."})
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder holding named datasets (bigann10k/, glove25-twitter-12k/, fashion-mnist/). "
                    + "Default: $CRINN_DATA_DIR, else ../shared/datasets beside the working directory or the crinn4j checkout.")
    Path dataDir;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Ground-truth cache. Default: $CRINN_CACHE_DIR, else ~/.cache/crinn4j/groundtruth.")
    Path cacheDir;

    public Dataset load() {
        return Datasets.resolve(dataset, dataDir());
    }

    public Path dataDir() {
        if (dataDir != null) {
            return dataDir;
        }
        Path dflt = Datasets.defaultDataDir();
        String home = System.getProperty("crinn.home");
        if (!Files.isDirectory(dflt) && home != null) {
            Path beside = Path.of(home).resolve("../shared/datasets").normalize();
            if (Files.isDirectory(beside)) {
                return beside;
            }
        }
        return dflt;
    }

    public GroundTruthCache cache() {
        return new GroundTruthCache(cacheDir != null ? cacheDir : GroundTruthCache.defaultDirectory());
    }
}
