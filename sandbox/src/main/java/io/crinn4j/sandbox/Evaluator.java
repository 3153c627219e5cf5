package io.crinn4j.sandbox;

import io.crinn4j.contract.ModuleKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Module sets in, raw measurements out (OpenEvolve's {@code evaluate_program(code) -> metrics}).
 * An evaluator knows nothing of rewards: its verdicts carry a status, a curve and an AUC, never a
 * ratio or a budget, because those need a reference — the seed measured beside the candidate — that
 * only the caller can choose ({@code agent.measure.Referee} applies it). So the same measurement
 * can be judged against any instance of the seed that shared its worker, and a campaign can be
 * tested with an evaluator that runs no JVM at all.
 *
 * <p>{@link Sandbox} is the real one: checks, compilation and a worker JVM per measurement.
 */
public interface Evaluator {

    /**
     * Measures {@code sets} in one worker, their timed runs taking turns ef by ef, and returns one
     * raw verdict per set, in order. Sets after the first are labelled as candidates for the
     * {@code candidate} module when it is not null. A set that makes the shared worker time out or
     * throw gets that verdict and the others are measured again without it. Empty when the sets
     * could not be measured together: a set fails its checks or does not compile, or the worker
     * failed in a way no set can be blamed for (the first set failing, the shared heap, a JVM crash).
     * The same sets and key are measured once: asking again reads the verdicts back.
     */
    Optional<List<Evaluation>> measureTogether(List<ModuleSources> sets, ModuleKind candidate, MeasurementKey key);

    /**
     * Measures one set in a worker of its own: its raw verdict, to find out whether a failure of a
     * shared worker was this set's. Never a reward: a set measured apart from its reference has
     * only the machine's drift to compare with.
     */
    Evaluation measureAlone(ModuleSources set, ModuleKind candidate, MeasurementKey key);

    /**
     * The verdict of the checks and the compilation alone — a parse error, a policy violation, a
     * compile error — or null when {@code source} as the {@code kind} module of {@code others}
     * would run.
     */
    Evaluation rejectBeforeRunning(ModuleKind kind, String source, ModuleSources others);

    /**
     * Where {@code set}'s search spends its time and how much work each query does: feedback for a
     * prompt (the best variant, the parent of edits), never a score. Profiled in a worker of its own,
     * untimed and never mixed into a measurement, with the same isolation, limits and allow-list as a
     * measurement: the graph as measurements build it (the same cache), then a pass at each ef of the
     * sweep to find, with the caller's ground truth, those whose recall lies in the band (at most
     * {@link Profile#MAX_EFS}; the nearest one when none does), then the search at those ef values over
     * the campaign's queries for {@link Profile#DEFAULT_SEARCH_TIME} under JDK Flight Recorder's execution
     * sampler, started by the harness. {@code module} names the module being evolved (the rows of
     * the other modules' code are shown as theirs), or is null for the whole set. Empty when the set cannot be profiled: it fails
     * its checks or does not compile, or its worker failed (crash, timeout, tampering). The same set
     * and key are profiled once: asking again reads the profile back; use {@link MeasurementKey#profile()}.
     */
    Optional<Profile> profile(ModuleSources set, ModuleKind module, MeasurementKey key);

    /**
     * Tightens the wall-clock limits, e.g. to a multiple of the seed's own times once it has been
     * measured, so one slow candidate cannot eat a campaign's time. Limits are not part of a
     * measurement's identity: verdicts read back stay valid.
     */
    void limit(Duration build, Duration sweep);
}
