package io.crinn4j.sandbox;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.reward.RecallBand;
import io.crinn4j.sandbox.harness.Method;
import io.crinn4j.sandbox.harness.Work;
import io.crinn4j.sandbox.worker.ProfileResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The caller's half of a profile: which ef values to profile, and a worker's {@link ProfileResult} made into a {@link Profile}. */
final class Profiles {
    private Profiles() {
    }

    /**
     * The ef values to profile, ascending: those whose recall lies in {@code band}, at most
     * {@code max} of them evenly spread from the lowest to the highest; when none does, the one
     * nearest to the band (of two as near, the one with the higher recall).
     */
    static int[] chooseEfs(int[] efs, double[] recall, RecallBand band, int max) {
        Integer[] order = new Integer[efs.length];
        for (int i = 0; i < efs.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> efs[i]));
        List<Integer> inside = new ArrayList<>();
        int nearest = -1;
        double nearestGap = Double.MAX_VALUE;
        for (int i : order) {
            double r = recall[i];
            if (r >= band.lo() && r <= band.hi()) {
                inside.add(efs[i]);
            }
            double gap = r < band.lo() ? band.lo() - r : Math.max(0, r - band.hi());
            if (gap < nearestGap || gap == nearestGap && nearest >= 0 && r > recall[nearest]) {
                nearestGap = gap;
                nearest = i;
            }
        }
        if (inside.isEmpty()) {
            return new int[] {efs[nearest]};
        }
        if (inside.size() <= max) {
            return inside.stream().mapToInt(Integer::intValue).toArray();
        }
        int[] out = new int[max];
        for (int j = 0; j < max; j++) {
            out[j] = inside.get(max == 1 ? (inside.size() - 1) / 2 : (int) Math.round(j * (inside.size() - 1) / (double) (max - 1)));
        }
        return out;
    }

    /**
     * The indices of {@code efs} worth profiling: of several ef values that gave exactly the same
     * answers to every query, only the largest (the seed's pool holds max(ef, k), so every ef up to k
     * searches alike, and "ef 1" would only puzzle a reader).
     */
    static int[] distinct(int[] efs, List<int[]> answers) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < efs.length; i++) {
            boolean shadowed = false;
            for (int j = 0; j < efs.length && !shadowed; j++) {
                shadowed = efs[j] > efs[i] && Arrays.equals(answers.get(i), answers.get(j));
            }
            if (!shadowed) {
                keep.add(i);
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param recallByEf the recall of each profiled ef, from the probe's answers
     */
    static Profile of(ProfileResult r, Map<Integer, Double> recallByEf, ModuleKind module, String sourceHash, Method method) {
        double total = Math.max(1, r.samples());
        List<Profile.Row> rows = new ArrayList<>();
        Map<List<Object>, long[]> byMethod = new LinkedHashMap<>();
        long kernel = 0;
        for (ProfileResult.Row row : r.rows()) {
            if (rows.size() < Profile.MAX_ROWS) {
                rows.add(new Profile.Row(row.module(), row.method(), row.line(), row.callee(), row.calleeIsKernel(), row.samples(),
                        row.samples() / total));
            }
            if (row.calleeIsKernel()) {
                kernel += row.samples();
            }
            List<Object> key = row.calleeIsKernel() ? Arrays.asList(null, row.callee()) : Arrays.asList(row.module(), row.method());
            byMethod.computeIfAbsent(key, k -> new long[1])[0] += row.samples();
        }
        List<Profile.MethodShare> methods = new ArrayList<>();
        byMethod.forEach((k, c) -> methods.add(new Profile.MethodShare((ModuleKind) k.get(0), (String) k.get(1), c[0], c[0] / total)));
        methods.sort(Comparator.comparingLong(Profile.MethodShare::samples).reversed().thenComparing(Profile.MethodShare::method));
        List<Profile.Point> points = new ArrayList<>();
        for (int e = 0; e < r.efs().length; e++) {
            long[] rep = r.reported()[e];
            long[] cnt = r.counted()[e];
            long[] trusted = new long[rep.length];
            for (int q = 0; q < rep.length; q++) {
                trusted[q] = Work.trusted(rep[q], cnt[q]); // as measurements believe counts
            }
            int ef = r.efs()[e];
            Profile.Stats search = r.searchRows() == null ? null : Profile.Stats.of(r.searchRows()[e]);
            Profile.Stats refinement = r.refinementRows() == null ? null : Profile.Stats.of(r.refinementRows()[e]);
            points.add(new Profile.Point(ef, Objects.requireNonNullElse(recallByEf.get(ef), Double.NaN), Profile.Stats.of(trusted),
                    search, refinement));
        }
        points.sort(Comparator.comparingInt(Profile.Point::ef));
        int nq = r.reported().length == 0 ? 0 : r.reported()[0].length;
        return new Profile(module, sourceHash, points, nq, r.passes(), r.searchNanos() / 1e9, r.periodMicros() / 1000.0, r.samples(),
                rows, methods.subList(0, Math.min(methods.size(), Profile.MAX_ROWS)), kernel / total, r.other() / total, method, false);
    }
}
