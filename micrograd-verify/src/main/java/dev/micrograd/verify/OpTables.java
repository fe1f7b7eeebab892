package dev.micrograd.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ch.obermuhlner.math.big.BigDecimalMath;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every operation of core as the two reference engines compute it: one table for PyTorch
 * ({@link #torch}) and one for exact arithmetic ({@link #exact}), side by side, so that an op is
 * known to the verification by one entry in each (and its bound in {@link Ulps#boundFor}).
 *
 * <p>The operands of a rule are the node's {@link Value#children()} in order (for {@code dot}: the
 * weights, the inputs, the bias); the node itself supplies an op's constant (the exponent of
 * {@code pow}). A PyTorch rule works on arrays of any shape, element by element, so the same rule
 * replays one node (0-d arrays) and sweeps an op over many points (1-d arrays).
 *
 * <p>The exact rules of {@code + - *}, {@code sum} and {@code dot} do not round: the sum or product
 * of doubles is a short decimal, and rounding it to a working precision first could move a
 * result that lies exactly halfway between two doubles (as {@code a + b} often does) off the
 * midpoint, and round it to the wrong neighbour. They round to {@link #EXACT_LIMIT} digits only
 * where a long chain would grow a number beyond that. The transcendental rules round their
 * argument to the working precision first (their results are never that close to a midpoint).
 *
 * <p>{@code sum} and {@code dot} are replayed as micrograd adds, left to right from the first
 * operand ({@code sum}, after {@code 0.0 +}) or from the bias ({@code dot}), so the same rounding
 * steps happen in both engines and the results must be the same double.
 */
final class OpTables {
    private static final Map<Op, TorchRule> TORCH = new EnumMap<>(Op.class);
    private static final Map<Op, ExactRule> EXACT = new EnumMap<>(Op.class);

    private static final String CANCELLATION = "cancellation: the operands nearly cancel, so the result keeps only"
            + " the digits in which they differ";
    private static final String CONDITION = "ill-conditioned here: the op magnifies its operand's relative error"
            + " by |x·f'(x)/f(x)|";

    static {
        torch(Op.LEAF, (m, node, a) -> {
            throw new IllegalStateException("a leaf is not replayed");
        });
        exact(Op.LEAF, (a, node, mc) -> {
            throw new IllegalStateException("a leaf is not replayed");
        }, (a, y, node, mc) -> new BigDecimal[0], "", "");

        torch(Op.ADD, (m, node, a) -> a[0].add(a[1]));
        exact(Op.ADD, (a, node, mc) -> exactly(a[0].add(a[1])), (a, y, node, mc) -> ones(2), CANCELLATION, "");

        torch(Op.SUB, (m, node, a) -> a[0].sub(a[1]));
        exact(Op.SUB, (a, node, mc) -> exactly(a[0].subtract(a[1])),
                (a, y, node, mc) -> new BigDecimal[] {BigDecimal.ONE, BigDecimal.ONE.negate()}, CANCELLATION, "");

        torch(Op.MUL, (m, node, a) -> a[0].mul(a[1]));
        exact(Op.MUL, (a, node, mc) -> exactly(a[0].multiply(a[1])),
                (a, y, node, mc) -> new BigDecimal[] {a[1], a[0]}, CONDITION, "");

        torch(Op.DIV, (m, node, a) -> a[0].div(a[1]));
        exact(Op.DIV, (a, node, mc) -> divide(a[0], a[1], mc), (a, y, node, mc) -> new BigDecimal[] {
            divide(BigDecimal.ONE, a[1], mc), divide(a[0], a[1].multiply(a[1], mc), mc).negate()},
                CONDITION, "");

        torch(Op.NEG, (m, node, a) -> a[0].neg());
        exact(Op.NEG, (a, node, mc) -> a[0].negate(), (a, y, node, mc) -> new BigDecimal[] {BigDecimal.ONE.negate()},
                "", "");

        torch(Op.POW, (m, node, a) -> a[0].pow(m.create(node.exponent())));
        // k·a^(k-1) is k·y/a where a is not 0: one exact power instead of two
        exact(Op.POW, (a, node, mc) -> power(a[0], node.exponent(), mc), (a, y, node, mc) -> {
            BigDecimal k = new BigDecimal(node.exponent());
            if (k.signum() == 0) {
                return new BigDecimal[] {BigDecimal.ZERO};
            }
            return new BigDecimal[] {a[0].signum() != 0 ? k.multiply(y, mc).divide(a[0], mc)
                    : k.multiply(power(a[0], node.exponent() - 1.0, mc), mc)};
        }, CONDITION, "");

        torch(Op.EXP, (m, node, a) -> a[0].exp());
        exactFromOutput(Op.EXP, (a, node, mc) -> exp(a[0].round(mc), mc), (a, y, node, mc) -> new BigDecimal[] {y}, CONDITION, "",
                0.0);

        torch(Op.LOG, (m, node, a) -> a[0].log());
        exact(Op.LOG, (a, node, mc) -> {
            if (a[0].signum() <= 0) {
                throw new NotReal(a[0].signum() == 0 ? Double.NEGATIVE_INFINITY : Double.NaN);
            }
            return BigDecimalMath.log(a[0].round(mc), mc);
        }, (a, y, node, mc) -> new BigDecimal[] {divide(BigDecimal.ONE, a[0], mc)},
                "log near 1 is ill-conditioned: it magnifies its operand's relative error by 1/|log x|", "");

        torch(Op.TANH, (m, node, a) -> a[0].tanh());
        // the derivative is written in the output, as micrograd computes it: 1 - y²
        exactFromOutput(Op.TANH, (a, node, mc) -> tanh(a[0].round(mc), mc),
                (a, y, node, mc) -> new BigDecimal[] {BigDecimal.ONE.subtract(y.multiply(y, mc), mc)}, CONDITION,
                "1 - y² is computed from the rounded output y: where |x| ≳ 5 the true derivative is tiny, y² lies"
                        + " within a few ulps of 1 and the subtraction cancels the leading digits", 1.0);

        torch(Op.RELU, (m, node, a) -> Activation.relu(a[0]));
        exact(Op.RELU, (a, node, mc) -> a[0].signum() < 0 ? BigDecimal.ZERO : a[0],
                (a, y, node, mc) -> new BigDecimal[] {y.signum() > 0 ? BigDecimal.ONE : BigDecimal.ZERO}, "", "");

        torch(Op.SIGMOID, (m, node, a) -> Activation.sigmoid(a[0]));
        // the derivative is written in the output, as micrograd computes it: (1 - y) y
        exactFromOutput(Op.SIGMOID, (a, node, mc) -> sigmoid(a[0].round(mc), mc),
                (a, y, node, mc) -> new BigDecimal[] {BigDecimal.ONE.subtract(y, mc).multiply(y, mc)}, CONDITION,
                "(1 - y)·y is computed from the rounded output y: for large x, y lies within ulps of 1 and 1 - y"
                        + " keeps only the digits in which they differ", 1.0);

        torch(Op.SIN, (m, node, a) -> a[0].sin());
        exact(Op.SIN, (a, node, mc) -> sin(a[0], mc), (a, y, node, mc) -> new BigDecimal[] {cos(a[0], mc)}, CONDITION,
                "");

        torch(Op.COS, (m, node, a) -> a[0].cos());
        exact(Op.COS, (a, node, mc) -> cos(a[0], mc),
                (a, y, node, mc) -> new BigDecimal[] {sin(a[0], mc).negate()}, CONDITION, "");

        torch(Op.SQRT, (m, node, a) -> a[0].sqrt());
        // the derivative is written in the output, as micrograd computes it: 1 / (2y)
        exactFromOutput(Op.SQRT, (a, node, mc) -> {
            if (a[0].signum() < 0) {
                throw new NotReal(Double.NaN);
            }
            return a[0].sqrt(mc);
        }, (a, y, node, mc) -> new BigDecimal[] {divide(BigDecimal.ONE, y.add(y), mc)}, "", "", 0.0);

        torch(Op.ABS, (m, node, a) -> a[0].abs());
        exact(Op.ABS, (a, node, mc) -> a[0].abs(),
                (a, y, node, mc) -> new BigDecimal[] {BigDecimal.valueOf(a[0].signum())}, "", "");

        torch(Op.SOFTPLUS, (m, node, a) -> Activation.softPlus(a[0]));
        // the truth is ln(1 + e^a) everywhere; micrograd and PyTorch return a itself above a = 20
        exact(Op.SOFTPLUS, (a, node, mc) -> softplus(a[0].round(mc), mc),
                (a, y, node, mc) -> new BigDecimal[] {sigmoid(a[0].round(mc), mc)},
                "above a = 20 both engines return a, which is e^-a (relatively) short of ln(1 + e^a)", "");

        torch(Op.POW_VALUE, (m, node, a) -> a[0].pow(a[1]));
        // dy/da = b·a^(b-1) = b·y/a; dy/db = y·ln a, written in the output as micrograd computes it
        exactFromOutput(Op.POW_VALUE, (a, node, mc) -> power(a[0], a[1].doubleValue(), mc), (a, y, node, mc) -> {
            BigDecimal b = a[1];
            BigDecimal da = b.signum() == 0 ? BigDecimal.ZERO
                    : a[0].signum() != 0 ? b.multiply(y, mc).divide(a[0], mc)
                    : b.multiply(power(a[0], b.doubleValue() - 1.0, mc), mc);
            BigDecimal db;
            if (a[0].signum() == 0 && b.signum() >= 0) {
                db = BigDecimal.ZERO;
            } else if (a[0].signum() <= 0) {
                throw new NotReal(Double.NaN);
            } else {
                db = y.multiply(BigDecimalMath.log(a[0].round(mc), mc), mc);
            }
            return new BigDecimal[] {da, db};
        }, CONDITION, "", 0.0);

        torch(Op.MAX, (m, node, a) -> a[0].maximum(a[1]));
        exact(Op.MAX, (a, node, mc) -> a[0].max(a[1]), (a, y, node, mc) -> shares(a[0].compareTo(a[1])), "", "");

        torch(Op.MIN, (m, node, a) -> a[0].minimum(a[1]));
        exact(Op.MIN, (a, node, mc) -> a[0].min(a[1]), (a, y, node, mc) -> shares(a[1].compareTo(a[0])), "", "");

        torch(Op.SUM, (m, node, a) -> {
            if (a.length == 0) {
                return m.create(0.0);
            }
            NDArray sum = a[0].zerosLike().add(a[0]);   // micrograd starts from 0.0: 0.0 + -0.0 is 0.0
            for (int i = 1; i < a.length; i++) {
                sum = sum.add(a[i]);
            }
            return sum;
        });
        exact(Op.SUM, (a, node, mc) -> {
            BigDecimal sum = BigDecimal.ZERO;
            for (BigDecimal x : a) {
                sum = exactly(sum.add(x));
            }
            return sum;
        }, (a, y, node, mc) -> ones(a.length), CANCELLATION, "");

        torch(Op.DOT, (m, node, a) -> {
            int n = a.length >>> 1;
            NDArray sum = a[2 * n];
            for (int i = 0; i < n; i++) {
                sum = sum.add(a[i].mul(a[n + i]));
            }
            return sum;
        });
        exact(Op.DOT, (a, node, mc) -> {
            int n = a.length >>> 1;
            BigDecimal sum = a[2 * n];
            for (int i = 0; i < n; i++) {
                sum = exactly(sum.add(a[i].multiply(a[n + i])));
            }
            return sum;
        }, (a, y, node, mc) -> {
            int n = a.length >>> 1;
            BigDecimal[] d = new BigDecimal[a.length];
            for (int i = 0; i < n; i++) {
                d[i] = a[n + i];
                d[n + i] = a[i];
            }
            d[2 * n] = BigDecimal.ONE;
            return d;
        }, CANCELLATION, "");
    }

    private OpTables() {
    }

    /**
     * How PyTorch computes an op: its forward value from the operands' arrays; PyTorch's autograd
     * supplies the backward.
     */
    @FunctionalInterface
    interface TorchRule {
        /**
         * @param manager the manager for any constant the rule needs
         * @param node a node of this op (for its constant, such as {@code pow}'s exponent)
         * @param operands the operands' arrays, all of one shape, in the node's operand order
         * @return the result, of the operands' shape
         */
        NDArray apply(NDManager manager, Value node, NDArray[] operands);
    }

    /** An op's value in exact arithmetic. */
    @FunctionalInterface
    interface ExactValue {
        /**
         * @param operands the operands' exact values
         * @param node a node of this op (for its constant)
         * @param mc the working precision
         * @return the value, rounded to {@code mc}
         * @throws NotReal if the result is not a real number (or beyond what the exact engine represents)
         */
        BigDecimal apply(BigDecimal[] operands, Value node, MathContext mc);
    }

    /** An op's local derivatives in exact arithmetic, one per operand. */
    @FunctionalInterface
    interface ExactDerivative {
        /**
         * @param operands the operands' exact values
         * @param y the node's value; a derivative micrograd computes from the output is written in {@code y}
         * @param node a node of this op
         * @param mc the working precision
         * @return {@code dy/da_i} for each operand, in operand order
         */
        BigDecimal[] apply(BigDecimal[] operands, BigDecimal y, Value node, MathContext mc);
    }

    /**
     * An op in exact arithmetic, with where its double computation loses digits.
     *
     * @param value the exact value
     * @param derivative the exact local derivatives
     * @param forwardLoss why a value of this op may have fewer correct digits than its operands ("" if it cannot)
     * @param backwardLoss why micrograd's local derivative may lose digits ("" if it cannot)
     * @param backwardRoundingScale where micrograd's backward formula subtracts from a constant
     *        ({@code 1 - y²}, {@code (1 - y)·y}), that constant's magnitude: the formula's rounding
     *        error is relative to it, not to the result; 0 where the rounding is relative to the result
     * @param fromOutput whether micrograd's (and PyTorch's) backward computes the derivative from the
     *        node's output {@code y} ({@code exp}, {@code tanh}, {@code sigmoid}), so that two outputs
     *        a few ulps apart give different derivatives
     */
    record ExactRule(ExactValue value, ExactDerivative derivative, String forwardLoss, String backwardLoss,
                     double backwardRoundingScale, boolean fromOutput) {
    }

    /**
     * A result that is not a real number (log of a negative number, division by zero) or lies beyond
     * the exact engine's range; {@code rounded} is the double it rounds to, NaN if none.
     */
    static final class NotReal extends ArithmeticException {
        private static final long serialVersionUID = 1L;

        final double rounded;

        NotReal(double rounded) {
            super("not a real number");
            this.rounded = rounded;
        }
    }

    /**
     * PyTorch's rule for {@code op}.
     *
     * @param op an op
     * @return its rule
     * @throws UnsupportedOperationException naming the op if the table has no entry for it
     */
    static TorchRule torch(Op op) {
        TorchRule rule = TORCH.get(op);
        if (rule == null) {
            throw unknown(op, "PyTorch");
        }
        return rule;
    }

    /**
     * The exact rule for {@code op}.
     *
     * @param op an op
     * @return its rule
     * @throws UnsupportedOperationException naming the op if the table has no entry for it
     */
    static ExactRule exact(Op op) {
        ExactRule rule = EXACT.get(op);
        if (rule == null) {
            throw unknown(op, "exact");
        }
        return rule;
    }

    /** @return the ops each table knows, for the test that every op of core is in both */
    static Map<Op, TorchRule> torchTable() {
        return Collections.unmodifiableMap(TORCH);
    }

    /** @return the exact table */
    static Map<Op, ExactRule> exactTable() {
        return Collections.unmodifiableMap(EXACT);
    }

    /** The refusal {@link #torch} and {@link #exact} throw, for the test that reads its message. */
    static UnsupportedOperationException unknownForTest(Op op, String engine) {
        throw unknown(op, engine);
    }

    private static UnsupportedOperationException unknown(Op op, String engine) {
        return new UnsupportedOperationException("micrograd-verify has no " + engine + " rule for op " + op.name()
                + " ('" + op.symbol() + "'): expected one of " + TORCH.keySet()
                + "; a new op needs an entry in each table of OpTables and a bound in Ulps.boundFor");
    }

    private static void torch(Op op, TorchRule rule) {
        TORCH.put(op, rule);
    }

    private static void exact(Op op, ExactValue value, ExactDerivative derivative, String forwardLoss,
                              String backwardLoss) {
        EXACT.put(op, new ExactRule(value, derivative, forwardLoss, backwardLoss, 0.0, false));
    }

    /** An op whose backward formula micrograd computes from the output {@code y}. */
    private static void exactFromOutput(Op op, ExactValue value, ExactDerivative derivative, String forwardLoss,
                                        String backwardLoss, double backwardRoundingScale) {
        EXACT.put(op, new ExactRule(value, derivative, forwardLoss, backwardLoss, backwardRoundingScale, true));
    }

    // ---------------------------------------------------------------- exact helpers

    /** Beyond this magnitude of its argument, {@code exp} is reported by the double it rounds to. */
    private static final BigDecimal EXP_RANGE = new BigDecimal(100_000);

    /** The most digits an exact rule's result keeps before it is rounded; far more than any double needs. */
    static final int EXACT_LIMIT = 1200;
    private static final MathContext LIMIT = new MathContext(EXACT_LIMIT, java.math.RoundingMode.HALF_EVEN);

    /** {@code x} as it is, or rounded to {@link #EXACT_LIMIT} digits if it has more. */
    static BigDecimal exactly(BigDecimal x) {
        return x.precision() > EXACT_LIMIT ? x.round(LIMIT) : x;
    }

    private static BigDecimal[] ones(int n) {
        BigDecimal[] d = new BigDecimal[n];
        java.util.Arrays.fill(d, BigDecimal.ONE);
        return d;
    }

    static BigDecimal divide(BigDecimal a, BigDecimal b, MathContext mc) {
        if (b.signum() == 0) {
            throw new NotReal(a.signum() == 0 ? Double.NaN : a.signum() * Double.POSITIVE_INFINITY);
        }
        return a.divide(b, mc);
    }

    static BigDecimal exp(BigDecimal x, MathContext mc) {
        if (x.abs().compareTo(EXP_RANGE) > 0) {
            throw new NotReal(x.signum() > 0 ? Double.POSITIVE_INFINITY : 0.0);
        }
        return BigDecimalMath.exp(x, mc);
    }

    /** Below this magnitude, {@code tanh x = x - x³/3} to far more than 60 digits (the next term is 2x⁵/15). */
    private static final BigDecimal TANH_SERIES = new BigDecimal("1e-20");
    private static final BigDecimal THREE = BigDecimal.valueOf(3);

    /**
     * {@code tanh x = sign(x)·(1 - e)/(1 + e)} with {@code e = e^(-2|x|)}, worked with as many extra
     * digits as {@code 1 - e} cancels for small {@code |x|}; big-math's own {@code tanh} gives the
     * same digits at several times the cost.
     */
    static BigDecimal tanh(BigDecimal x, MathContext mc) {
        BigDecimal ax = x.abs();
        if (ax.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (ax.compareTo(TANH_SERIES) < 0) {
            return x.subtract(x.pow(3, mc).divide(THREE, mc), mc);
        }
        if (ax.compareTo(EXP_RANGE) > 0) {
            return BigDecimal.valueOf(x.signum());   // 1 - tanh|x| < 1e-80000
        }
        // 1 - e ≈ 2|x| for small |x|: the digits it cancels are those of |x| below 1
        int extra = Math.max(0, -(ax.precision() - ax.scale())) + 2;
        MathContext wide = new MathContext(mc.getPrecision() + extra, mc.getRoundingMode());
        BigDecimal e = BigDecimalMath.exp(ax.multiply(BigDecimal.valueOf(-2)), wide);
        BigDecimal t = BigDecimal.ONE.subtract(e).divide(BigDecimal.ONE.add(e), mc);
        return x.signum() < 0 ? t.negate() : t;
    }

    /** The gradient shares of max (and, operands swapped, min): all to the larger operand, half each on a tie. */
    private static BigDecimal[] shares(int aAgainstB) {
        BigDecimal half = new BigDecimal("0.5");
        return aAgainstB > 0 ? new BigDecimal[] {BigDecimal.ONE, BigDecimal.ZERO}
                : aAgainstB < 0 ? new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ONE} : new BigDecimal[] {half, half};
    }

    /** A precision wide enough to reduce {@code x} modulo 2π and keep {@code mc}'s digits. */
    private static MathContext reducing(BigDecimal x, MathContext mc) {
        int integerDigits = Math.max(0, x.precision() - x.scale());
        return new MathContext(mc.getPrecision() + integerDigits + 2, mc.getRoundingMode());
    }

    static BigDecimal sin(BigDecimal x, MathContext mc) {
        MathContext wide = reducing(x, mc);
        return BigDecimalMath.sin(x.round(wide), wide).round(mc);
    }

    static BigDecimal cos(BigDecimal x, MathContext mc) {
        MathContext wide = reducing(x, mc);
        return BigDecimalMath.cos(x.round(wide), wide).round(mc);
    }

    /** Below this, {@code ln(1 + z) = z - z²/2 + z³/3} to far more than 60 digits. */
    private static final BigDecimal LOG1P_SERIES = new BigDecimal("1e-20");

    /** {@code ln(1 + z)} for {@code z >= 0}, without the cancellation of {@code 1 + z} for small {@code z}. */
    static BigDecimal log1p(BigDecimal z, MathContext mc) {
        if (z.compareTo(LOG1P_SERIES) < 0) {
            BigDecimal z2 = z.multiply(z, mc);
            return z.subtract(z2.divide(BigDecimal.valueOf(2), mc), mc).add(z2.multiply(z, mc).divide(THREE, mc), mc);
        }
        return BigDecimalMath.log(BigDecimal.ONE.add(z), new MathContext(mc.getPrecision() + 22,
                mc.getRoundingMode())).round(mc);
    }

    /** {@code ln(1 + e^x)}: {@code log1p(e^x)} for {@code x <= 0}, {@code x + log1p(e^-x)} above. */
    static BigDecimal softplus(BigDecimal x, MathContext mc) {
        BigDecimal z;
        try {
            z = exp(x.abs().negate(), mc);
        } catch (NotReal beyond) {
            if (x.signum() > 0) {
                return x;   // ln(1 + e^-x) < e^-100000
            }
            throw new NotReal(0.0);
        }
        BigDecimal tail = log1p(z, mc);
        return x.signum() > 0 ? x.add(tail, mc) : tail;
    }

    /** {@code 1 / (1 + e^-x)}: no cancellation, since {@code 1 + e^-x >= 1}. */
    static BigDecimal sigmoid(BigDecimal x, MathContext mc) {
        BigDecimal e;
        try {
            e = exp(x.negate(), mc);
        } catch (NotReal beyond) {
            throw new NotReal(x.signum() > 0 ? 1.0 : 0.0);
        }
        return BigDecimal.ONE.divide(BigDecimal.ONE.add(e, mc), mc);
    }

    /** {@code a^k} for a double exponent, with {@link StrictMath#pow}'s domain: NaN where it has no real value. */
    static BigDecimal power(BigDecimal a, double k, MathContext mc) {
        if (!Double.isFinite(k)) {
            throw new NotReal(StrictMath.pow(a.doubleValue(), k));
        }
        if (k == 0.0) {
            return BigDecimal.ONE;
        }
        boolean integer = k == Math.rint(k) && Math.abs(k) <= 1_000_000;
        if (a.signum() == 0) {
            if (k < 0) {
                throw new NotReal(StrictMath.pow(0.0, k));
            }
            return BigDecimal.ZERO;
        }
        if (integer) {
            int n = (int) k;
            // a small power of a double is a short decimal: kept exact, as a product (see exactly)
            BigDecimal magnitude = Math.abs(n) <= 16 ? exactly(a.pow(Math.abs(n))) : a.pow(Math.abs(n), mc);
            return n > 0 ? magnitude : BigDecimal.ONE.divide(magnitude, mc);
        }
        if (a.signum() < 0) {
            throw new NotReal(Double.NaN);
        }
        return BigDecimalMath.pow(a.round(mc), new BigDecimal(k), mc);
    }
}
