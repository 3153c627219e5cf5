package io.crinn4j.agent.propose.mutate;

import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LiteralStringValueExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numeric helpers shared by the operators: the perturbation factor, value rounding and literal
 * formatting. Floating-point values are rounded to {@link #SIGNIFICANT} significant digits and
 * printed with {@link BigDecimal} (never {@code Float.toString}, whose output changed in JDK 19),
 * so mutants are identical on every JDK.
 */
final class Numbers {

    /** Significant digits of perturbed floating-point values. */
    static final int SIGNIFICANT = 3;
    /** Multiplicative perturbations stay within {@code [MIN_FACTOR, MAX_FACTOR]}. */
    static final double MIN_FACTOR = 0.7;
    static final double MAX_FACTOR = 1.4;
    /** Standard deviation of the log of the factor before clipping. */
    static final double LOG_SIGMA = 0.2;

    private Numbers() {
    }

    /** Probability that a factor is a large step, halving or doubling, instead of a local one. */
    static final double LARGE_STEP = 0.2;

    /**
     * A multiplicative step: with probability {@value #LARGE_STEP} a large one, 0.5 or 2 (even
     * odds); otherwise a log-normal factor clipped to {@code [0.7, 1.4]}, at least 3% away from 1.
     *
     * <p>Why the large steps: local steps cannot cross a neutral band. Measured on bigann10k
     * ({@code crinn eval --one-worker --repeat 3}, 500 campaign / 500 held-out queries), the upper
     * layers' degree {@code UPPER_M} at 12 scored 0.975 / 0.994, within the noise of the seed's 16,
     * while 8 scored 1.061 / 1.056 and 6 scored 1.050 / 1.040 with 5–7% fewer distances per query
     * at the same recall. Reaching 8 from 16 in ±30% steps needs a neutral intermediate to be
     * chosen as a parent first, which a stage of 12–16 evaluations rarely does. The mixture of
     * local and large steps is the usual evolution-strategy remedy; it is not aimed at one
     * constant (it halves or doubles M, EF_CONSTRUCTION, FACTOR alike).
     */
    static double factor(Rng rnd) {
        if (rnd.chance(LARGE_STEP)) {
            return rnd.chance(0.5) ? 0.5 : 2.0;
        }
        double lo = StrictMath.log(MIN_FACTOR);
        double hi = StrictMath.log(MAX_FACTOR);
        double x = rnd.gaussian() * LOG_SIGMA;
        x = Math.max(lo, Math.min(hi, x));
        if (Math.abs(x) < 0.03) {
            x = x < 0 ? -0.03 : 0.03;
        }
        return StrictMath.exp(x);
    }

    /** {@code v} rounded to {@code digits} significant digits. */
    static double round(double v, int digits) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)).doubleValue();
    }

    /** A Java literal for {@code v}: plain decimal with at least one fraction digit, {@code f} suffix when {@code isFloat}. */
    static String floatingLiteral(double v, boolean isFloat) {
        String s = new BigDecimal(v).round(new MathContext(isFloat ? 8 : 16, RoundingMode.HALF_EVEN))
                .stripTrailingZeros().toPlainString();
        if (s.indexOf('.') < 0) {
            s = s + ".0";
        }
        return s + (isFloat ? "f" : "");
    }

    /** True for hexadecimal, octal and binary literals: bit patterns, masks and seeds rather than magnitudes. */
    static boolean isBitPattern(LiteralStringValueExpr lit) {
        String v = lit.getValue().replace("_", "").toLowerCase(java.util.Locale.ROOT);
        if (v.startsWith("0x") || v.startsWith("0b")) {
            return true;
        }
        return (lit instanceof IntegerLiteralExpr || lit instanceof LongLiteralExpr) && v.length() > 1 && v.charAt(0) == '0'
                && !v.equals("0l");
    }

    /** The value of a numeric literal, or NaN when it is not one. */
    static double value(Expression e) {
        try {
            if (e instanceof IntegerLiteralExpr) {
                return ((IntegerLiteralExpr) e).asNumber().doubleValue();
            }
            if (e instanceof LongLiteralExpr) {
                return ((LongLiteralExpr) e).asNumber().doubleValue();
            }
            if (e instanceof DoubleLiteralExpr) {
                return ((DoubleLiteralExpr) e).asDouble();
            }
        } catch (RuntimeException ex) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * A new integer value near {@code v}: ±1 for small values half of the time, otherwise
     * {@code round(v × factor)}, kept even when {@code v} is even and at least 4 (degrees such as
     * M = 16 stay even), kept at least 1 when {@code v} is positive, and always different from {@code v}.
     */
    static long perturbInt(long v, Rng rnd, long min, long max) {
        long nv;
        if (Math.abs(v) <= 8 && rnd.chance(0.5)) {
            nv = v + (rnd.chance(0.5) ? 1 : -1);
        } else {
            double f = factor(rnd);
            boolean even = v % 2 == 0 && Math.abs(v) >= 4;
            if (even) {
                nv = 2 * Math.round(v * f / 2.0);
            } else {
                nv = Math.round(v * f);
            }
            if (nv == v) {
                long step = even ? 2 : 1;
                nv = f >= 1 ? v + step : v - step;
            }
        }
        if (v > 0 && nv < 1) {
            nv = v == 1 ? 2 : 1;
        }
        if (v < 0 && nv > -1) {
            nv = v == -1 ? -2 : -1;
        }
        return Math.max(min, Math.min(max, nv));
    }

    /** A new floating-point value {@code v × factor} with 3 significant digits, different from {@code v}; NaN when impossible. */
    static double perturbFloating(double v, Rng rnd) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.NaN;
        }
        for (int i = 0; i < 8; i++) {
            double nv = round(v * factor(rnd), SIGNIFICANT);
            if (nv != v && nv != round(v, 8)) {
                return nv;
            }
        }
        return Double.NaN;
    }

    /** Integer literal text for a value of the given literal's kind ({@code L} suffix for longs). */
    static String integerLiteral(long v, boolean isLong) {
        return Long.toString(v) + (isLong ? "L" : "");
    }
}
