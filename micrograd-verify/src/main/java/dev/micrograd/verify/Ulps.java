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
 *
 * <p><b>Gradients in a graph</b> are computed from results already up to an op's bound apart
 * ({@code 1 - y²} from two tanh outputs), by further rounding steps, so they agree bit for bit or
 * within an allowance {@link Parity} computes for each node from the ops its contributions came
 * through ({@link #derivativesAgree}).
 *
 * <p><b>Composite results</b> of two different computations (a network written as PyTorch matrix
 * products against micrograd's scalar graph, which add in another order) are judged against an
 * <em>error scale</em> {@code s} in units of the machine epsilon {@link #EPSILON} (for a
 * network's gradients, its largest gradient): two results agree when
 * {@code |a - b| <= COMPOSITE_BOUND · ε · max(|a|, |b|, s)} ({@link #compositeAgree}). A wrong
 * derivative is off by about the gradient itself (2<sup>52</sup> ε of it), far outside.
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
     * Whether two gradients agree, given how far apart rounding alone may have put them: as
     * {@link #gradientsAgree} with 0 ulps (the same double, zeros of either sign equal; NaN and
     * infinities exactly), or both finite and at most {@code allowance} apart. {@link Parity}
     * computes the allowance of each node's gradient from the ops its contributions came through:
     * 0 where every one came through an exact backward formula from the same numbers, else each
     * transcendental op's bound in ulps of its contribution, plus what a difference in the op's
     * output makes of a derivative computed from it ({@code 1 - y²}), plus an ulp of each partial
     * sum.
     *
     * @param a one engine's gradient
     * @param b the other's
     * @param allowance the largest difference rounding explains, at least 0
     * @return true if they agree
     */
    public static boolean derivativesAgree(double a, double b, double allowance) {
        if (gradientsAgree(a, b, 0)) {
            return true;
        }
        return allowance > 0.0 && Double.isFinite(a) && Double.isFinite(b) && Math.abs(a - b) <= allowance;
    }

    /**
     * The ulps allowed between the two engines' results of one application of {@code op} to the
     * same operands: the sum of the two engines' largest distances from the exactly rounded
     * result, as {@code TruthTableTest} measures and asserts them over 100,000 points per op.
     * <ul>
     *   <li>0 for the correctly rounded (exact) operations: {@code + - * /}, {@code neg},
     *       {@code relu}, {@code abs}, {@code max}, {@code min}.</li>
     *   <li>{@link #TRANSCENDENTAL_BOUND} = 1 + 1 for the faithfully rounded library functions:
     *       {@code exp}, {@code log}, {@code pow} with either exponent, {@code sin}, {@code cos}; and
     *       {@code sqrt}, which micrograd rounds correctly ({@code StrictMath.sqrt}, IEEE 754's) but
     *       PyTorch's kernel only faithfully, on a one-element tensor too ({@code sqrt(2.772588722239781)}
     *       is 1 ulp above the correctly rounded result on an AMD EPYC with AVX-512).</li>
     *   <li>{@link #COMPOSED_BOUND} = 2 + 2 for {@code tanh} (fdlibm documents 2.5 ulps for
     *       {@code StrictMath.tanh}), {@code sigmoid} ({@code 1 / (1 + exp(-x))}: three roundings
     *       in each engine; 3 ulps apart were measured) and {@code softplus}
     *       ({@code log1p(exp(x))}).</li>
     * </ul>
     * {@code sum} and {@code dot} of more than two terms are exact per rounding step but the
     * engines may add in another order; judge them with an error analysis, not with this bound.
     *
     * @param op the operation
     * @return the bound in ulps
     */
    public static long boundFor(Op op) {
        return switch (op) {
            case EXP, LOG, POW, SIN, COS, POW_VALUE, SQRT -> TRANSCENDENTAL_BOUND;
            case TANH, SIGMOID, SOFTPLUS -> COMPOSED_BOUND;
            default -> 0;
        };
    }

    /**
     * Ulps two results of an op composed of several roundings in each engine may be apart:
     * {@code tanh}, {@code sigmoid}, {@code softplus}, each within 2 ulps of the truth.
     */
    public static final long COMPOSED_BOUND = 4;

    /**
     * The machine epsilon {@code 2^-52} ({@code Math.ulp(1.0)}): the unit of error scales. One ulp
     * of a number {@code x} is between {@code ε|x|/2} and {@code ε|x|}.
     */
    public static final double EPSILON = 0x1.0p-52;

    /**
     * How many {@code ε · max(|a|, |b|, scale)} two composite results may be apart: {@value}
     * (2<sup>16</sup>, about 1.5·10<sup>-11</sup> relative). Measured on the module's networks
     * against their gradient scale: at most 1.13 against PyTorch as it is and 1.70 against a
     * PyTorch whose every transcendental result is moved by 1 or 2 ulps ({@code docs/parity.md}); a
     * wrong derivative is off by about 2<sup>52</sup>.
     */
    public static final long COMPOSITE_BOUND = 65536;

    /**
     * The difference of two composite results in units of {@code ε · max(|a|, |b|, scale)}: 0 for
     * equal numbers (the two zeros, equal infinities) and for NaN and NaN, infinite if exactly one
     * is NaN or an infinity meets anything else, or if both are zero-sized references
     * ({@code a}, {@code b} and {@code scale} all 0 while {@code a != b} cannot happen).
     *
     * @param a one engine's result
     * @param b the other's
     * @param scale the error scale in units of ε (0 for none: relative to the results themselves);
     *        an infinite scale makes every finite difference 0
     * @return {@code |a - b| / (ε · max(|a|, |b|, scale))}
     */
    public static double scaledDistance(double a, double b, double scale) {
        if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
            return 0.0;
        }
        double diff = Math.abs(a - b);
        if (!Double.isFinite(diff)) {
            return Double.POSITIVE_INFINITY;
        }
        double reference = Math.max(Math.max(Math.abs(a), Math.abs(b)), scale);
        return diff / reference / EPSILON;
    }

    /**
     * Whether two composite results agree: NaN with NaN, an infinity with the same infinity, and
     * finite results within {@link #COMPOSITE_BOUND} units of {@code ε · max(|a|, |b|, scale)}
     * ({@link #scaledDistance}). The sign of a zero is not judged here: a composite zero is the
     * result of a cancellation, whose sign depends on the order of the operations.
     *
     * @param a one engine's result
     * @param b the other's
     * @param scale the error scale in units of ε, at least 0
     * @return true if they agree
     */
    public static boolean compositeAgree(double a, double b, double scale) {
        return scaledDistance(a, b, scale) <= COMPOSITE_BOUND;
    }

    /**
     * A one-line statement of the rule and its bounds, for reports.
     *
     * @return the rule
     */
    public static String rule() {
        return "special values (NaN, ±Infinity, ±0 with its sign) exact; exact ops (+ - * /, neg, relu) bit for bit;"
                + " transcendental ops (exp, log, pow, sin, cos, sqrt) within " + TRANSCENDENTAL_BOUND + " ulps,"
                + " (tanh, sigmoid, softplus) within " + COMPOSED_BOUND + ";"
                + " gradients bit for bit or within what the transcendental ops they came through explain;"
                + " composite results of two computations (networks) within " + COMPOSITE_BOUND
                + " × 2^-52 × max(|a|, |b|, error scale)";
    }
}
