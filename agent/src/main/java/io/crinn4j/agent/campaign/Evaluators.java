package io.crinn4j.agent.campaign;

import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.sandbox.Evaluator;
import io.crinn4j.sandbox.Sandbox;
import io.crinn4j.sandbox.SandboxConfig;
import java.nio.file.Path;

/**
 * Opens the evaluator of one query set: the campaign's, then the held-out one. The product uses
 * {@link #SANDBOX} (worker JVMs); tests of the loop's logic can give the campaign one that runs
 * no JVM.
 */
@FunctionalInterface
public interface Evaluators {
    /** The real one: checks, compilation and a worker JVM per measurement, files under {@code runDir}. */
    Evaluators SANDBOX = Sandbox::new;

    /**
     * @param data the vectors and the query set measured
     * @param gt   exact ground truth for exactly those queries
     */
    Evaluator open(Path runDir, Dataset data, GroundTruth gt, SandboxConfig cfg);
}
