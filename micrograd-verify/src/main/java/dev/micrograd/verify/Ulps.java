package dev.micrograd.verify;

import dev.micrograd.engine.Op;

/**
 * The project's comparison rule for two float64 results of the same operation, one from each
 * engine, independent of the CPU either ran on.
 *
 * <ul>
 *   <li><b>Special values are exact.</b> NaN equals NaN (any payload); an infinity equals only the
 *       same infinity; a zero value equals only the zero of the same sign ({@code 1 / -0.0} is
 *       {@code -Infinity}). A zero <em>gradient</em> carries no sign (a gradient is a sum that
 *       starts at {@code +0.0}), so {@link #gradientsAgree} takes {@code 0.0 == -0.0}.</li>
 *   <li><b>Exact operations are bit-exact.</b> {@code + - * /}, {@code neg}, {@code relu} and the
 *       other ops of {@link #boundFor} with bound 0 are correctly rounded by IEEE 754 in both
 *       engines, so their results must be the same double.</li>
 *   <li><b>Transcendental operations are compared in ulps</b>, with the bound
 *       {@value #TRANSCENDENTAL_BOUND}: {@code StrictMath} (fdlibm) and PyTorch's kernels (SLEEF,
 *       MKL, glibc, chosen by CPU) each return a result within 1 ulp of the true value, but they
 *       may round to opposite sides of it, so two correct results can be 2 ulps apart and no
 *       more. A third ulp means that one of the engines is more than 1 ulp from the truth.</li>
 * </ul>
 *
 * <p>The distance in ulps is the number of representable doubles from one result to the other
 * ({@link #distance}), so it is the same measure at every magnitude, subnormals included.
 */
public final class Ulps {
    /** Ulps two correct results of a transcendental op may be apart: 1 on each side of the truth. */
    public static final long TRANSCENDENTAL_BOUND = 2;

    /** The distance {@link #distance} gives to results that no number of ulps reconciles. */
    public static final long INCOMPARABLE = Long.MAX_VALUE;

    private Ulps() {
    }

    /**
     * The number of representable doubles between {@code a} and {@code b}: 0 for the same double
     * (NaN and NaN included), 1 for neighbours ({@code Math.nextUp(a) == b}), and so on, across
     * zero too ({@code -Double.MIN_VALUE} and {@code Double.MIN_VALUE} are 2 apart, through
     * {@code 0.0}; the two zeros are 0 apart here, {@link #valuesAgree} tells them apart).
     * {@link #INCOMPARABLE} if exactly one is NaN or if an infinity meets anything but itself.
     *
     * @param a one result
     * @param b the other
     * @return the distance in ulps, at most {@link #INCOMPARABLE}
     */
    public static long distance(double a, double b) {
        if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
            return 0;
        }
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return INCOMPARABLE;
        }
        long oa = ordinal(a);
        long ob = ordinal(b);
        // both ordinals lie within ±0x7FEFFFFFFFFFFFFF, so the difference cannot overflow
        return Math.abs(oa - ob);
    }

    /** Maps doubles onto longs in numeric order, neighbours onto neighbours, both zeros onto 0. */
    private static long ordinal(double x) {
        long bits = Double.doubleToRawLongBits(x);
        return bits >= 0 ? bits : -(bits & Long.MAX_VALUE);
    }

    /**
     * Whether two forward values agree: special values (NaN, infinities, zeros with their sign)
     * exactly, finite values within {@code bound} ulps.
     *
     * @param a one engine's value
     * @param b the other's
     * @param bound the ulps allowed between finite non-zero values ({@link #boundFor})
     * @return true if they agree
     */
    public static boolean valuesAgree(double a, double b, long bound) {
        if (a == 0.0 || b == 0.0 || !Double.isFinite(a) || !Double.isFinite(b)) {
            return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
        }
        return distance(a, b) <= bound;
    }

    /**
     * Whether two gradients agree: as {@link #valuesAgree}, except that {@code 0.0} equals
     * {@code -0.0} (the sign of a zero gradient means nothing).
     *
     * @param a one engine's gradient
     * @param b the other's
     * @param bound the ulps allowed between finite non-zero gradients
     * @return true if they agree
     */
    public static boolean gradientsAgree(double a, double b, long bound) {
        if (a == 0.0 && b == 0.0) {
            return true;
        }
        return valuesAgree(a, b, bound);
    }

    /**
     * The ulps allowed between the two engines' results of one application of {@code op} to the
     * same operands: 0 for the correctly rounded (exact) operations, {@link #TRANSCENDENTAL_BOUND}
     * for those computed by a math library ({@code exp}, {@code log}, {@code tanh},
     * {@code sigmoid}, {@code pow} with either exponent, {@code sin}, {@code cos},
     * {@code softplus}); {@code sqrt} is correctly rounded, {@code abs}, {@code max} and
     * {@code min} exact. {@code sum} and {@code dot} of more than two terms are exact
     * per rounding step but the engines may add in another order; judge them with an error
     * analysis, not with this bound.
     *
     * @param op the operation
     * @return the bound in ulps
     */
    public static long boundFor(Op op) {
        return switch (op) {
            case EXP, LOG, TANH, SIGMOID, POW, SIN, COS, SOFTPLUS, POW_VALUE -> TRANSCENDENTAL_BOUND;
            default -> 0;
        };
    }
}
