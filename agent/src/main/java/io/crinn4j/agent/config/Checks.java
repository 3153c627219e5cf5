package io.crinn4j.agent.config;

import java.net.URI;

/** The range checks of configuration records; each failure is a one-line IllegalArgumentException naming the field. */
final class Checks {
    private Checks() {
    }

    /** {@code field} in {@code [lo, hi]}; e.g. "evaluator.seedInstances must be in [1, 4], got 7". */
    static void inRange(String field, long v, long lo, long hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(field + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }

    static void atLeast(String field, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + v);
        }
    }

    /** A finite number {@code >= 0}; {@code why} explains the value 0 where it means something. */
    static void notNegative(String field, double v, String why) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be >= 0" + why + ", got " + v);
        }
    }

    static void notNegative(String field, long v, String why) {
        if (v < 0) {
            throw new IllegalArgumentException(field + " must be >= 0" + why + ", got " + v);
        }
    }

    static void positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be > 0, got " + v);
        }
    }

    // Proposer settings keep the wording their users know: "<kind>: <field> must be between 0 and 2, got 3.0".

    static void between(String where, String field, Double v, double lo, double hi) {
        if (v != null && (v.isNaN() || v < lo || v > hi)) {
            throw new IllegalArgumentException(where + ": " + field + " must be between " + fmt(lo) + " and " + fmt(hi) + ", got " + v);
        }
    }

    static void between(String where, String field, Integer v, int lo, int hi) {
        if (v != null && (v < lo || v > hi)) {
            throw new IllegalArgumentException(where + ": " + field + " must be between " + lo + " and " + hi + ", got " + v);
        }
    }

    static void positive(String where, String field, Double v) {
        if (v != null && (v.isNaN() || v.isInfinite() || v <= 0)) {
            throw new IllegalArgumentException(where + ": " + field + " must be positive, got " + v);
        }
    }

    /** An http(s) URL with a host, without trailing slashes; null stays null. */
    static String baseUrl(String where, String url) {
        if (url == null) {
            return null;
        }
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": baseUrl '" + u + "' is not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(where + ": baseUrl '" + u + "' must be an http:// or https:// URL");
        }
        return u;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
