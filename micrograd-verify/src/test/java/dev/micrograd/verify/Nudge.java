package dev.micrograd.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A stand-in for PyTorch on another CPU, to test the comparison rule ({@link Ulps}) without that
 * CPU: every finite, non-zero result of a transcendental op ({@code exp}, {@code log},
 * {@code tanh}, {@code sigmoid}, {@code pow}) replaced by micrograd's own result ({@code StrictMath})
 * moved by 1 or 2 ulps, up or down. PyTorch's kernels (SLEEF, MKL) differ from {@code StrictMath}
 * by at most 2 ulps on the CPUs measured, on 4–11% of arguments; the nudge moves every result, as
 * far as the rule allows. (Moving PyTorch's own result instead would add to the ulp it already
 * differs by here, in its vectorised kernels: 3 ulps, more than any CPU was measured to give.)
 *
 * <p>The nudge is a function of the seed, the op and the operand, like a real math library: the
 * same operand gets the same result every time (so an evaluation with a mutant and one without see
 * the same reference wherever the mutant changed nothing). The moved result stays inside the op's
 * range: results at an end of it (tanh ±1, sigmoid 1, where every library returns the end itself)
 * keep PyTorch's own result, as do zeros and non-finite results, and a move that would cross an end,
 * or 0, goes the other way.
 *
 * <p>The op's backward reads the moved result, as PyTorch's does: a node {@code y = f(x)} becomes
 * {@code c + (x - detach(x))·L}, {@code c} the moved result and {@code L} PyTorch's formula for
 * {@code f'} at it ({@code exp: c}, {@code log: 1/x}, {@code tanh: 1 - c²}, {@code sigmoid: (1 - c)·c},
 * {@code pow: k·x^(k-1)} with the power moved too, 0 for {@code k = 0}); {@code x - detach(x)} is 0 with
 * derivative 1. A tensor with a non-finite operand or derivative keeps PyTorch's own result.
 */
public final class Nudge {
    /** No nudge: PyTorch as it is. */
    public static final Nudge NONE = new Nudge(0L, false);

    private final long seed;
    private final boolean active;

    private Nudge(long seed, boolean active) {
        this.seed = seed;
        this.active = active;
    }

    /**
     * A nudge with the given seed.
     *
     * @param seed chooses, with the op and the operand, each result's move
     * @return the nudge
     */
    public static Nudge seeded(long seed) {
        return new Nudge(seed, true);
    }

    /**
     * The nudge a system property asks for: empty or {@code off} for none, a long for that seed.
     *
     * @param given the property's value
     * @return the nudge
     * @throws IllegalArgumentException if it is neither
     */
    public static Nudge fromProperty(String given) {
        String g = given.trim();
        if (g.isEmpty() || g.equalsIgnoreCase("off")) {
            return NONE;
        }
        try {
            return seeded(Long.parseLong(g));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parity.nudge must be a long seed or 'off', found '" + given + "'", e);
        }
    }

    /** @return whether results are moved */
    public boolean active() {
        return active;
    }

    /** @return what the reference is, for the report */
    public String description() {
        return active ? "PyTorch nudged (a test of the comparison rule): every finite transcendental result moved by 1 or 2"
                + " ulps, seed " + seed + " (-Dparity.nudge)" : "PyTorch as it is";
    }

    /**
     * {@code y}, the result of {@code op} at {@code key}, moved by 1 or 2 ulps within the open
     * interval {@code (lo, hi)}; unchanged if inactive, if {@code y} is 0, not finite, or not inside
     * the interval, or if neither direction stays inside it and on the same side of 0.
     *
     * @param y the result
     * @param op which op (part of the key)
     * @param key the operand's bits (and exponent's, for pow), the rest of the key
     * @param lo the op's range, lower end (exclusive)
     * @param hi its upper end (exclusive)
     * @return the moved result
     */
    double move(double y, int op, long key, double lo, double hi) {
        if (!active || y == 0.0 || !Double.isFinite(y) || !(y > lo && y < hi)) {
            return y;
        }
        RandomGenerator choice = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (op + 1)) ^ Long.rotateLeft(key, 17));
        int ulps = 1 + choice.nextInt(2);
        boolean up = choice.nextBoolean();
        for (int attempt = 0; attempt < 2; attempt++, up = !up) {
            double moved = y;
            for (int k = 0; k < ulps; k++) {
                moved = up ? Math.nextUp(moved) : Math.nextDown(moved);
            }
            if (moved > lo && moved < hi && moved != 0.0 && Math.signum(moved) == Math.signum(y)) {
                return moved;
            }
        }
        return y;
    }

    /**
     * PyTorch's result {@code t} of a node of {@code op} with its results moved ({@link Nudge}):
     * {@code exp}, {@code log}, {@code tanh}, {@code sigmoid} and {@code pow} with a constant
     * exponent; {@code t} itself for the other ops or when inactive.
     *
     * @param op the op
     * @param node a node of that op (for {@code pow}'s exponent)
     * @param operands its operands' arrays
     * @param t PyTorch's result
     * @return the nudged tensor
     */
    NDArray apply(Op op, Value node, NDArray[] operands, NDArray t) {
        if (!active) {
            return t;
        }
        return switch (op) {
            case EXP, LOG, TANH, SIGMOID -> transcendental(op, operands[0], t);
            case POW -> applyPow(operands[0], t, node.exponent());
            default -> t;
        };
    }

    private NDArray transcendental(Op op, NDArray x, NDArray t) {
        double[] xs = x.toDoubleArray();
        double[] c = t.toDoubleArray();
        double[] slope = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            long key = Double.doubleToLongBits(xs[i]);
            Value v = Value.of(xs[i]);
            switch (op) {
                case EXP -> {
                    c[i] = replace(c[i], v.exp().data(), op.ordinal(), key, 0.0, Double.POSITIVE_INFINITY);
                    slope[i] = c[i];
                }
                case LOG -> {
                    c[i] = replace(c[i], v.log().data(), op.ordinal(), key, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
                    slope[i] = 1 / xs[i];
                }
                case TANH -> {
                    c[i] = replace(c[i], v.tanh().data(), op.ordinal(), key, -1.0, 1.0);
                    slope[i] = 1 - c[i] * c[i];
                }
                default -> {
                    c[i] = replace(c[i], v.sigmoid().data(), op.ordinal(), key, 0.0, 1.0);
                    slope[i] = (1 - c[i]) * c[i];
                }
            }
        }
        return combine(x, t, c, slope);
    }

    /**
     * PyTorch's {@code t = x^k} with its results moved, and {@code x^(k-1)} in its derivative too.
     *
     * @param x the base
     * @param t PyTorch's result
     * @param k the exponent
     * @return the nudged tensor
     */
    private NDArray applyPow(NDArray x, NDArray t, double k) {
        if (!active) {
            return t;
        }
        double[] xs = x.toDoubleArray();
        double[] c = t.toDoubleArray();
        double[] slope = new double[c.length];
        int op = Op.values().length; // a key of its own, apart from the ops' ordinals
        for (int i = 0; i < c.length; i++) {
            long key = Double.doubleToLongBits(xs[i]) ^ Long.rotateLeft(Double.doubleToLongBits(k), 31);
            c[i] = replace(c[i], Value.of(xs[i]).pow(k).data(), op, key, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            double lower = StrictMath.pow(xs[i], k - 1);
            slope[i] = k == 0.0 ? 0.0 : k * move(lower, op + 1, key, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        return combine(x, t, c, slope);
    }

    /** micrograd's result moved ({@link #move}), or PyTorch's own where micrograd's is not moved. */
    private double replace(double pytorch, double micrograd, int op, long key, double lo, double hi) {
        double moved = move(micrograd, op, key, lo, hi);
        return moved == micrograd ? pytorch : moved;
    }

    /**
     * {@code c + (x - detach(x))·slope}, or {@code t} if an operand, a result or a slope is not
     * finite, or a result is {@code -0.0} ({@code -0.0 + 0} would be {@code +0.0}).
     */
    private static NDArray combine(NDArray x, NDArray t, double[] c, double[] slope) {
        double[] xs = x.toDoubleArray();
        for (int i = 0; i < c.length; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(slope[i]) || !Double.isFinite(c[i])
                    || Double.doubleToRawLongBits(c[i]) == Long.MIN_VALUE) {
                return t;
            }
        }
        NDManager manager = t.getManager();
        NDArray value = manager.create(c).reshape(t.getShape());
        NDArray derivative = manager.create(slope).reshape(t.getShape());
        return value.add(x.sub(x.stopGradient()).mul(derivative));
    }
}
