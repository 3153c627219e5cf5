package io.crinn4j.sandbox.harness;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of everything a prepared module can reach — its fields, the arrays, collections and
 * objects behind them — that is later compared with the live module to prove its state did not
 * change. The contract says a module's state is read-only after {@code prepare}; an answer memo
 * kept in a module's fields (measured before this check: 12.5× the seed's reward) breaks exactly
 * that rule, so the check turns the hole into an {@code INVALID_RESULT} that names the field.
 *
 * <p>Why verify rather than prepare a fresh instance before every timed pass: on fashion-mnist the
 * seed's {@code prepare} (SQ8 encoding of 47 million values) takes about 175 ms, as long as a whole
 * pass at small ef, while comparing its codes takes about 2 ms. A module whose state holds
 * something this class cannot read back ({@link Unverifiable}: a JDK object outside the value
 * types and collections below) is prepared afresh before every pass instead (see {@link Sweep}).
 *
 * <p>What is compared: primitive fields and primitive arrays bit for bit (float and double arrays
 * holding NaN are compared by raw bits, since {@code Arrays.mismatch} treats all NaNs as equal);
 * the identity structure (which references point to the same object, nulls, cycles); strings and
 * boxes by value; enum constants, classes and Vector API objects (immutable) by identity; JDK
 * collections, maps, {@code Optional} and {@code BitSet} through their public API (their internal
 * caches, such as a map's key-set view, may change without a change of state); every other
 * object field by field, up its class hierarchy. Objects the harness shares with all modules (the
 * base vectors, the graph) are skipped: {@link Tripwire} checks those.
 */
final class ModuleState {

    /** The module holds something whose state cannot be read back; it must be prepared afresh per pass. */
    public static final class Unverifiable extends Exception {
        Unverifiable(String message) {
            super(message);
        }
    }

    /** Beyond this many entries (fields, elements, objects) a module is prepared afresh instead: a snapshot would cost more than a prepare. */
    static final int MAX_ENTRIES = 20_000_000;

    /**
     * JDK classes read through their public API: concrete collections whose iteration, size and
     * lookups run no code but the JDK's (no wrappers, which would call into a wrapped collection of
     * the module's own making, and no element methods: iterating a HashMap or a TreeMap calls
     * neither hashCode nor the comparator). Everything a module can observe of them — size,
     * contents, order — is what the API shows; capacity and table layout are invisible to it too.
     */
    private static final java.util.Set<String> READABLE_JDK = java.util.Set.of(
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.PriorityQueue",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.IdentityHashMap", "java.util.EnumMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.RegularEnumSet", "java.util.JumboEnumSet",
            "java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$SubList",
            "java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$Set12",
            "java.util.ImmutableCollections$MapN", "java.util.ImmutableCollections$Map1",
            "java.util.Arrays$ArrayList", "java.util.Collections$EmptyList", "java.util.Collections$EmptySet",
            "java.util.Collections$EmptyMap", "java.util.Optional", "java.util.BitSet");

    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private record Shared(int index) {
    }

    private record Ref(int id) {
    }

    /** An object's class and, for arrays and collections, its size (-1 for other objects). */
    private record Kind(String type, int size) {
    }

    /** An array's snapshot: a copy, and whether raw-bit comparison is needed (floating-point arrays holding NaN). */
    private record ArrayCopy(Object copy, boolean raw) {
    }

    private final String label;
    private final List<Object> entries;
    private final List<Object> shared;

    private ModuleState(String label, List<Object> entries, List<Object> shared) {
        this.label = label;
        this.entries = entries;
        this.shared = shared;
    }

    /**
     * Captures {@code module}'s reachable state.
     *
     * @param label  how feedback names the module, e.g. "search module HnswSearch"
     * @param shared objects every module may hold but that are checked elsewhere (compared by identity only)
     */
    public static ModuleState capture(String label, Object module, List<Object> shared) throws Unverifiable {
        Walker w = new Walker(shared, null);
        w.visit(module);
        return new ModuleState(label, w.out, List.copyOf(shared));
    }

    /** Throws {@link TamperingException} naming the first difference between {@code module} now and the snapshot. */
    public void verify(Object module, String when) {
        Walker w = new Walker(shared, entries);
        try {
            w.visit(module);
            if (w.cursor != entries.size()) {
                w.differ("fewer reachable values than after prepare()");
            }
        } catch (Unverifiable e) {
            throw new TamperingException("the " + label + "'s state changed " + when + ": it now holds " + e.getMessage()
                    + "; after prepare() a module's state must be read-only");
        } catch (Difference d) {
            throw new TamperingException("the " + label + "'s state changed " + when + ": " + d.getMessage()
                    + "; after prepare() a module's state must be read-only (searchers keep per-query scratch, and nothing"
                    + " may be remembered from one pass over the queries to the next)");
        }
    }

    private static final class Difference extends RuntimeException {
        Difference(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Walks an object graph in a fixed order. Capturing ({@code expect == null}) appends entries;
     * verifying compares each step with the entry at {@code cursor} and stops at the first difference.
     */
    private static final class Walker {
        final IdentityHashMap<Object, Integer> sharedIndex = new IdentityHashMap<>();
        final IdentityHashMap<Object, Integer> seen = new IdentityHashMap<>();
        final List<Object> expect;
        final List<Object> out = new ArrayList<>();
        final Deque<String> path = new ArrayDeque<>();
        int cursor;

        Walker(List<Object> shared, List<Object> expect) {
            for (int i = 0; i < shared.size(); i++) {
                sharedIndex.put(shared.get(i), i);
            }
            this.expect = expect;
        }

        /** Records or checks one entry. */
        void step(Object value) throws Unverifiable {
            if (expect == null) {
                if (out.size() >= MAX_ENTRIES) {
                    throw new Unverifiable("more than " + MAX_ENTRIES + " values");
                }
                out.add(value);
                return;
            }
            if (cursor >= expect.size()) {
                differ("more reachable values than after prepare()");
            }
            Object was = expect.get(cursor++);
            if (was instanceof ArrayCopy a) {
                String diff = arrayDifference(a, value);
                if (diff != null) {
                    differ(diff);
                }
            } else if (!same(was, value)) {
                differ("is " + show(value) + ", was " + show(was));
            }
        }

        void differ(String what) {
            throw new Difference((path.isEmpty() ? "the module" : String.join("", path)) + " " + what);
        }

        void visit(Object o) throws Unverifiable {
            if (o == null) {
                step(NULL);
                return;
            }
            Integer s = sharedIndex.get(o);
            if (s != null) {
                step(new Shared(s));
                return;
            }
            Integer id = seen.get(o);
            if (id != null) {
                step(new Ref(id));
                return;
            }
            seen.put(o, seen.size());
            Class<?> c = o.getClass();
            if (c.isArray()) {
                visitArray(o, c);
                return;
            }
            if (o instanceof String || o instanceof Number && c.getName().startsWith("java.lang.") || o instanceof Boolean
                    || o instanceof Character) {
                step(o);
                return;
            }
            if (o instanceof Enum<?> || o instanceof Class<?> || c.getName().startsWith("jdk.incubator.vector.") || c == Object.class) {
                // Immutable singletons, values or plain markers: compared by identity.
                step(o);
                return;
            }
            if (isJdk(c)) {
                visitJdk(o, c);
                return;
            }
            step(new Kind(c.getName(), -1));
            visitFields(o, c);
        }

        void visitArray(Object o, Class<?> c) throws Unverifiable {
            Class<?> e = c.getComponentType();
            if (e.isPrimitive()) {
                if (expect == null) {
                    step(copyOf(o));
                } else {
                    step(o);
                }
                return;
            }
            Object[] a = (Object[]) o;
            step(new Kind(c.getName(), a.length));
            for (int i = 0; i < a.length; i++) {
                path.addLast("[" + i + "]");
                visit(a[i]);
                path.removeLast();
            }
        }

        void visitJdk(Object o, Class<?> c) throws Unverifiable {
            if (!READABLE_JDK.contains(c.getName())) {
                throw new Unverifiable("a " + c.getName() + (path.isEmpty() ? "" : " at " + String.join("", path)));
            }
            if (o instanceof Collection<?> col) {
                step(new Kind(c.getName(), col.size()));
                int i = 0;
                for (Object e : col) {
                    path.addLast("<element " + i++ + ">");
                    visit(e);
                    path.removeLast();
                }
                return;
            }
            if (o instanceof Map<?, ?> m) {
                step(new Kind(c.getName(), m.size()));
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    path.addLast("<key " + i + ">");
                    visit(e.getKey());
                    path.removeLast();
                    path.addLast("<value " + i++ + ">");
                    visit(e.getValue());
                    path.removeLast();
                }
                return;
            }
            if (o instanceof Optional<?> opt) {
                step(new Kind(c.getName(), opt.isPresent() ? 1 : 0));
                path.addLast(".get()");
                visit(opt.orElse(null));
                path.removeLast();
                return;
            }
            if (o instanceof BitSet b) {
                step(new Kind(c.getName(), -1));
                visitArray(b.toLongArray(), long[].class);
                return;
            }
            throw new Unverifiable("a " + c.getName() + (path.isEmpty() ? "" : " at " + String.join("", path)));
        }

        void visitFields(Object o, Class<?> c) throws Unverifiable {
            for (Class<?> k = c; k != null && k != Object.class && k != Record.class; k = k.getSuperclass()) {
                if (isJdk(k)) {
                    throw new Unverifiable("a " + c.getName() + " (it extends " + k.getName() + ")");
                }
                Field[] fields = k.getDeclaredFields();
                Arrays.sort(fields, Comparator.comparing(Field::getName));
                for (Field f : fields) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    Object v;
                    try {
                        f.setAccessible(true);
                        v = f.get(o);
                    } catch (RuntimeException | IllegalAccessException e) {
                        throw new Unverifiable("field " + k.getName() + "." + f.getName() + " that cannot be read (" + e + ")");
                    }
                    path.addLast((path.isEmpty() ? simpleName(k) : "") + "." + f.getName());
                    if (f.getType().isPrimitive()) {
                        step(v);
                    } else {
                        visit(v);
                    }
                    path.removeLast();
                }
            }
        }

        static boolean isJdk(Class<?> c) {
            String n = c.getName();
            return n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.") || n.startsWith("javax.");
        }

        static String simpleName(Class<?> k) {
            String n = k.getName();
            return n.substring(n.lastIndexOf('.') + 1);
        }
    }

    private static boolean same(Object was, Object now) {
        if (was instanceof Kind || was instanceof Shared || was instanceof Ref || was instanceof String || was == NULL) {
            return was.equals(now);
        }
        if (was instanceof Float f && now instanceof Float g) {
            return Float.floatToRawIntBits(f) == Float.floatToRawIntBits(g);
        }
        if (was instanceof Double f && now instanceof Double g) {
            return Double.doubleToRawLongBits(f) == Double.doubleToRawLongBits(g);
        }
        if (was instanceof Number || was instanceof Boolean || was instanceof Character) {
            return was.equals(now);
        }
        return was == now; // identity-compared objects
    }

    private static String show(Object v) {
        if (v == NULL || v == null) {
            return "null";
        }
        if (v instanceof Kind k) {
            return k.size < 0 ? "a " + k.type : "a " + k.type + " of " + k.size;
        }
        if (v instanceof Shared || v instanceof Ref) {
            return "a reference to another object";
        }
        if (v.getClass().isArray()) {
            return "an array of " + java.lang.reflect.Array.getLength(v);
        }
        if (v instanceof String str) {
            return '"' + (str.length() > 40 ? str.substring(0, 40) + "…" : str) + '"';
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
            return String.valueOf(v);
        }
        // Never a module's own toString(): no candidate code runs while the harness reports on it.
        return v instanceof Enum<?> e ? e.getDeclaringClass().getName() + "." + e.name()
                : v instanceof Class<?> k ? k.getName() : "a " + v.getClass().getName();
    }

    private static ArrayCopy copyOf(Object a) {
        if (a instanceof float[] f) {
            boolean nan = false;
            for (float x : f) {
                if (x != x) {
                    nan = true;
                    break;
                }
            }
            return new ArrayCopy(f.clone(), nan);
        }
        if (a instanceof double[] d) {
            boolean nan = false;
            for (double x : d) {
                if (x != x) {
                    nan = true;
                    break;
                }
            }
            return new ArrayCopy(d.clone(), nan);
        }
        if (a instanceof int[] x) {
            return new ArrayCopy(x.clone(), false);
        }
        if (a instanceof long[] x) {
            return new ArrayCopy(x.clone(), false);
        }
        if (a instanceof byte[] x) {
            return new ArrayCopy(x.clone(), false);
        }
        if (a instanceof short[] x) {
            return new ArrayCopy(x.clone(), false);
        }
        if (a instanceof char[] x) {
            return new ArrayCopy(x.clone(), false);
        }
        return new ArrayCopy(((boolean[]) a).clone(), false);
    }

    /** Null when {@code now} equals the copy; else where and how it differs. */
    private static String arrayDifference(ArrayCopy was, Object now) {
        Object w = was.copy();
        if (now == null || now.getClass() != w.getClass()) {
            return "is " + show(now) + ", was " + show(w);
        }
        int lw = java.lang.reflect.Array.getLength(w);
        int ln = java.lang.reflect.Array.getLength(now);
        if (lw != ln) {
            return "is an array of " + ln + ", was " + lw;
        }
        int i;
        if (w instanceof float[] a) {
            float[] b = (float[]) now;
            i = was.raw() ? rawMismatch(a, b) : Arrays.mismatch(a, b);
        } else if (w instanceof double[] a) {
            double[] b = (double[]) now;
            i = was.raw() ? rawMismatch(a, b) : Arrays.mismatch(a, b);
        } else if (w instanceof int[] a) {
            i = Arrays.mismatch(a, (int[]) now);
        } else if (w instanceof long[] a) {
            i = Arrays.mismatch(a, (long[]) now);
        } else if (w instanceof byte[] a) {
            i = Arrays.mismatch(a, (byte[]) now);
        } else if (w instanceof short[] a) {
            i = Arrays.mismatch(a, (short[]) now);
        } else if (w instanceof char[] a) {
            i = Arrays.mismatch(a, (char[]) now);
        } else {
            i = Arrays.mismatch((boolean[]) w, (boolean[]) now);
        }
        if (i < 0) {
            return null;
        }
        return "[" + i + "] is " + java.lang.reflect.Array.get(now, i) + ", was " + java.lang.reflect.Array.get(w, i)
                + " (an array of " + lw + ")";
    }

    private static int rawMismatch(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return i;
            }
        }
        return -1;
    }

    private static int rawMismatch(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                return i;
            }
        }
        return -1;
    }
}
