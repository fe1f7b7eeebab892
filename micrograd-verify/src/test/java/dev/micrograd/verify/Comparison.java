package dev.micrograd.verify;

/**
 * How two float64 numbers from the two engines are judged: NaN equals NaN, equal numbers (equal
 * infinities included) agree, and otherwise the difference must be within a relative
 * {@link #TOLERANCE} of {@code max(|a|, |b|, scale)} (see {@link ErrorScale} for the scale).
 */
public final class Comparison {
    /** The relative tolerance of the issue: both engines work in float64; expect about 1e-14. */
    public static final double TOLERANCE = 1e-9;

    private Comparison() {
    }

    /**
     * The difference relative to {@code max(|a|, |b|, scale)}; 0 if the numbers agree exactly.
     *
     * @param a micrograd's
     * @param b PyTorch's
     * @param scale the rounding scale (0 for none)
     * @return the relative error, infinite if one is NaN or infinite and the other not
     */
    public static double relative(double a, double b, double scale) {
        if (same(a, b)) {
            return 0.0;
        }
        double diff = Math.abs(a - b);
        if (!Double.isFinite(diff)) {
            return Double.POSITIVE_INFINITY;
        }
        double ref = Math.max(Math.max(Math.abs(a), Math.abs(b)), scale);
        return ref == 0.0 ? Double.POSITIVE_INFINITY : diff / ref;
    }

    /**
     * The absolute difference, 0 for NaN and NaN or equal infinities.
     *
     * @param a one
     * @param b the other
     * @return |a - b|
     */
    public static double absolute(double a, double b) {
        return same(a, b) ? 0.0 : Math.abs(a - b);
    }

    /**
     * Whether {@code a} and {@code b} agree within tolerance.
     *
     * @param a micrograd's
     * @param b PyTorch's
     * @param scale the rounding scale
     * @return true if they agree
     */
    public static boolean close(double a, double b, double scale) {
        return relative(a, b, scale) <= TOLERANCE;
    }

    /**
     * Exact agreement, NaN equal to NaN and {@code 0.0} equal to {@code -0.0}.
     *
     * @param a one
     * @param b the other
     * @return true if equal
     */
    public static boolean same(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    /**
     * Bit-for-bit agreement, NaN equal to NaN (any payload) but {@code 0.0} not equal to
     * {@code -0.0}: for forward values at the numeric edges, where the sign of a zero is part of
     * the answer ({@code 1 / -0.0} is {@code -Infinity}).
     *
     * @param a one
     * @param b the other
     * @return true if the same double
     */
    public static boolean sameBits(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }
}
