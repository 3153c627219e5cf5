package io.crinn4j.agent.campaign;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.data.Dataset;
import io.crinn4j.data.GroundTruth;
import io.crinn4j.reward.Curve;
import io.crinn4j.reward.CurvePoint;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.reward.RewardSummary;
import io.crinn4j.sandbox.Evaluation;
import io.crinn4j.sandbox.Evaluator;
import io.crinn4j.sandbox.MeasurementKey;
import io.crinn4j.sandbox.ModuleSources;
import io.crinn4j.sandbox.Profile;
import io.crinn4j.sandbox.SandboxConfig;
import io.crinn4j.sandbox.Status;
import io.crinn4j.sandbox.check.SourceNormalizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An evaluator for tests of the loop's logic that runs no JVM: a module set's speed is the product
 * of the {@code SPEED} constants its modules declare ({@link #withSpeed}; 1 without one), its build
 * time the product of their {@code BUILD} constants, and every measurement multiplies the speed by a
 * small noise drawn from the measurement key and the set's position, so identical programs in one
 * worker differ a little, as they do on a real machine. Code without a class is a parse error.
 * Every key it is asked for is recorded.
 */
final class FakeEvaluator implements Evaluator {
    private static final Pattern SPEED = Pattern.compile("SPEED\\s*=\\s*([0-9.]+)");
    private static final Pattern BUILD = Pattern.compile("BUILD\\s*=\\s*([0-9.]+)");
    private static final int[] EFS = {1, 2, 4, 8, 16, 32, 64};

    private final double noise;
    final List<MeasurementKey> keys = Collections.synchronizedList(new ArrayList<>());

    /** @param noise half-width of the multiplicative noise, e.g. 0.003 for ±0.3% */
    FakeEvaluator(double noise) {
        this.noise = noise;
    }

    /** Opens one fake per query set, each with the same noise, collecting them for the test. */
    static Evaluators factory(double noise, List<FakeEvaluator> opened) {
        return (Path runDir, Dataset data, GroundTruth gt, SandboxConfig cfg) -> {
            FakeEvaluator f = new FakeEvaluator(noise);
            opened.add(f);
            return f;
        };
    }

    /** {@code source} declaring {@code SPEED = speed} in its first class: a program that measures {@code speed} times as fast. */
    static String withSpeed(String source, double speed) {
        return withConstant(source, "SPEED", speed);
    }

    /** {@code source} declaring {@code BUILD = factor}: a program whose index takes {@code factor} times as long to build. */
    static String withBuild(String source, double factor) {
        return withConstant(source, "BUILD", factor);
    }

    private static String withConstant(String source, String name, double value) {
        Matcher m = Pattern.compile("class\\s+\\w+[^{]*\\{").matcher(source);
        if (!m.find()) {
            throw new IllegalArgumentException("no class in the source");
        }
        return source.substring(0, m.end()) + "\n    static final double " + name + " = " + value + ";" + source.substring(m.end());
    }

    @Override
    public Optional<List<Evaluation>> measureTogether(List<ModuleSources> sets, ModuleKind candidate, MeasurementKey key) {
        keys.add(key);
        for (ModuleSources set : sets) {
            if (broken(set) != null) {
                return Optional.empty();
            }
        }
        List<Evaluation> out = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            out.add(measure(sets.get(i), i == 0 ? null : candidate, key, i));
        }
        return Optional.of(out);
    }

    @Override
    public Evaluation measureAlone(ModuleSources set, ModuleKind candidate, MeasurementKey key) {
        keys.add(key);
        ModuleKind bad = broken(set);
        return bad != null ? failure(bad) : measure(set, candidate, key, 0);
    }

    @Override
    public Evaluation rejectBeforeRunning(ModuleKind kind, String source, ModuleSources others) {
        ModuleKind bad = broken(others.with(kind, source));
        return bad == null ? null : failure(bad);
    }

    /**
     * A fixed profile for every set that would run: two thirds of the samples in a kernel called from
     * the module's search loop, the rest in its insert and the harness; distances per query 50 × ef at ef 16.
     */
    @Override
    public Optional<Profile> profile(ModuleSources set, ModuleKind module, MeasurementKey key) {
        keys.add(key);
        if (broken(set) != null) {
            return Optional.empty();
        }
        ModuleKind m = module == null ? ModuleKind.SEARCH : module;
        String cls = "Fake" + m.contract().getSimpleName().replace("Module", "");
        List<Profile.Row> rows = List.of(
                new Profile.Row(m, cls + ".search", 42, "VectorKernels.dotBytes4", true, 1_300, 0.65),
                new Profile.Row(m, cls + ".insert", 57, "", false, 500, 0.25));
        List<Profile.MethodShare> methods = List.of(new Profile.MethodShare(null, "VectorKernels.dotBytes4", 1_300, 0.65),
                new Profile.MethodShare(m, cls + ".insert", 500, 0.25));
        return Optional.of(new Profile(module, SourceNormalizer.hash(module == null ? String.join("\n", set.sources().values()) : set.get(module)),
                List.of(new Profile.Point(16, 0.9, new Profile.Stats(800, 790, 1_400, 1_650), new Profile.Stats(780, 770, 1_380, 1_630),
                        new Profile.Stats(20, 20, 20, 20))), 500, 40, 2.0, 1.0, 2_000, rows, methods,
                0.65, 0.10, null, false));
    }

    @Override
    public void limit(Duration build, Duration sweep) {
    }

    private static ModuleKind broken(ModuleSources set) {
        for (ModuleKind k : ModuleKind.values()) {
            if (!set.get(k).contains("class ")) {
                return k;
            }
        }
        return null;
    }

    private static Evaluation failure(ModuleKind k) {
        return new Evaluation(null, k, "bad", Status.PARSE_ERROR, k.cliName() + " module: no class", null, null, null, null, null, null,
                null, List.of(), null, null, null, 0, false, null, false, null);
    }

    private Evaluation measure(ModuleSources set, ModuleKind candidate, MeasurementKey key, int position) {
        double speed = 1;
        double build = 1;
        for (ModuleKind k : ModuleKind.values()) {
            speed *= constant(SPEED, set.get(k));
            build *= constant(BUILD, set.get(k));
        }
        // A deterministic draw in [-1, 1] from the key and the set's place in its worker.
        long h = key.tag().hashCode() * 31L + position;
        h ^= h >>> 17;
        h *= 0x9E3779B97F4A7C15L;
        double u = ((h >>> 11) * 0x1.0p-53) * 2 - 1;
        speed *= 1 + noise * u;
        List<CurvePoint> curve = new ArrayList<>();
        List<Evaluation.Point> points = new ArrayList<>();
        for (int ef : EFS) {
            double recall = 1 - 0.5 / (1 + ef);
            double qps = 10_000 * speed / ef;
            double dist = 50.0 * ef;
            curve.add(new CurvePoint(ef, recall, qps));
            points.add(new Evaluation.Point(ef, recall, qps, new double[] {qps}, 1, dist, 1e6 / qps, 1e6 / qps, dist));
        }
        RewardSummary summary = RewardSummary.of(Curve.of(curve), RecallBand.DEFAULT);
        String hash = SourceNormalizer.hash(candidate == null ? String.join("\n", set.sources().values()) : set.get(candidate));
        return new Evaluation(key.tag() + "-" + position, candidate, hash, Status.OK, null, "fake", 0.0, null, 0.1 * build, 1L << 20, null,
                0L, points, summary, null, null, 0.2, false, null, false, null);
    }

    private static double constant(Pattern p, String source) {
        Matcher m = p.matcher(source);
        return m.find() ? Double.parseDouble(m.group(1)) : 1.0;
    }
}
