package io.crinn4j.sandbox.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The violations one check found, as either layer reports them: one per key (a layer's notion of
 * "the same finding": javac and JavaParser both meet one mistake several times), the first found
 * kept, and at most {@link #MAX} listed, then one {@link Rules#TOO_MANY_VIOLATIONS} entry naming
 * the rules of the rest — a reply that breaks a rule everywhere still gets a readable feedback.
 */
final class Violations {
    /** At most this many violations are listed, plus one {@code too-many-violations} entry. */
    static final int MAX = 20;

    private final Map<String, Violation> unique = new LinkedHashMap<>();

    /** Adds {@code v} unless a violation with the same key was added before. */
    void add(String key, Violation v) {
        unique.putIfAbsent(key, v);
    }

    /** The violations in discovery order, or sorted by {@code order} (stable), capped at {@link #MAX}. */
    List<Violation> list(Comparator<Violation> order) {
        List<Violation> all = new ArrayList<>(unique.values());
        if (order != null) {
            all.sort(order);
        }
        if (all.size() <= MAX) {
            return List.copyOf(all);
        }
        Set<String> rest = new LinkedHashSet<>();
        for (Violation v : all.subList(MAX, all.size())) {
            rest.add(v.rule());
        }
        List<Violation> shown = new ArrayList<>(all.subList(0, MAX));
        shown.add(new Violation(Rules.TOO_MANY_VIOLATIONS, 0, "", (all.size() - MAX) + " more violations not listed (rules: "
                + String.join(", ", rest) + ")"));
        return List.copyOf(shown);
    }
}
