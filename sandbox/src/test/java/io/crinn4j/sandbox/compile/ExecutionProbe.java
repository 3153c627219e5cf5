package io.crinn4j.sandbox.compile;

import java.util.concurrent.atomic.AtomicBoolean;

/** Set by test candidates' initialisers; stays false as long as no candidate code runs. */
public final class ExecutionProbe {

    public static final AtomicBoolean TOUCHED = new AtomicBoolean();

    private ExecutionProbe() {
    }
}
