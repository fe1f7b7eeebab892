package dev.micrograd.verify;

/**
 * The scale against which a difference between micrograd and PyTorch is judged: for each node, a
 * bound on the rounding error of its value and of its gradient, in units of the machine epsilon
 * (running error analysis).
 *
 * <p>Both engines round differently (another order in a sum, a libm {@code exp} one ulp apart), so
 * a value that is the difference of two close numbers ({@code exp(log(x)) - x}) carries an error
 * far larger than itself. Comparing such a value relative to itself would call rounding noise a
 * mismatch. The comparison ({@link Ulps#compositeAgree}) is therefore relative to
 * {@code max(|a|, |b|, scale)}: for a well-conditioned node the scale is a small multiple of its
 * magnitude and the check is a plain relative one ({@link Ulps#COMPOSITE_BOUND} ε); where
 * cancellation happens the scale is the size of the numbers that cancelled. A wrong derivative
 * formula is off by about the size of the gradient itself, far above that bound.
 *
 * <p>The bound must hold even when an operand's error is larger than the operand itself (after a
 * cancellation micrograd may hold exactly 0 where PyTorch holds 1e-47, and then square it). So no
 * derivative is taken at micrograd's value alone: each op's slope is its largest magnitude over the
 * whole interval {@code y ± δ} the operand may lie in (mean value theorem), and products keep their
 * second-order term {@code δa·δb}. Where that interval reaches a pole ({@code log} or a divisor
 * within its own error of 0) the scale is infinite.
 *
 * <p>A ReLU whose input is within rounding of 0 may take different branches in the two engines
 * (micrograd's input 1e-17, PyTorch's -1e-17). Where that actually happened, the gradients below
 * it cannot be compared; they get an infinite scale and are counted as indeterminate.
 */
public final class ErrorScale {
    /** Rounding-error multiple charged to a libm function (exp, log, tanh, pow, sigmoid). */
    private static final double LIBM = 4.0;
    /** The machine epsilon, 2^-52: the unit of the scales. */
    private static final double EPS = Math.ulp(1.0);

    private final double[] value;
    private final double[] gradient;

    private ErrorScale(double[] value, double[] gradient) {
        this.value = value;
        this.gradient = gradient;
    }

    /** @return the value scale of node {@code i} */
    double value(int i) {
        return value[i];
    }

    /** @return the gradient scale of node {@code i} (infinite when a ReLU branch is uncertain above it) */
    double gradient(int i) {
        return gradient[i];
    }

    /**
     * Runs the error analysis over micrograd's values.
     *
     * @param plan the expression
     * @param mg micrograd's evaluation
     * @param pt PyTorch's evaluation, to see which branch each ReLU took there
     * @return the scales
     */
    public static ErrorScale of(Plan plan, Evaluation mg, Evaluation pt) {
        int n = plan.size();
        double[] y = mg.data();
        double[] g = mg.grad();
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = valueError(plan, i, y, e);
        }

        // Backward: each use of operand c by node i passes g_i * L on to c, where L is the local
        // derivative; h[c] gathers the error bounds of those products (see pass).
        double[] h = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            Expr node = plan.nodes().get(i);
            double gi = Math.abs(g[i]);
            if (node instanceof Expr.Var || node instanceof Expr.Const) {
                continue;
            }
            if (node instanceof Expr.Binary b) {
                int a = plan.operand(i, 0);
                int c = plan.operand(i, 1);
                switch (b.op()) {
                    case ADD, SUB -> {
                        pass(h, a, 1, 1, 0, h[i], gi);
                        pass(h, c, 1, 1, 0, h[i], gi);
                    }
                    case MUL -> {
                        pass(h, a, Math.abs(y[c]), upper(y[c], e[c]), e[c], h[i], gi);
                        pass(h, c, Math.abs(y[a]), upper(y[a], e[a]), e[a], h[i], gi);
                    }
                    case DIV -> {
                        // d/da = 1/c, d/dc = -a/c^2, over a in ±δa and c in ±δc
                        double cLow = lower(y[c], e[c]);
                        double aHigh = upper(y[a], e[a]);
                        double inverse = 1 / cLow;
                        pass(h, a, 1 / Math.abs(y[c]), inverse, e[c] * inverse * inverse + 1 / Math.abs(y[c]), h[i], gi);
                        double slope = aHigh * inverse * inverse;
                        pass(h, c, Math.abs(y[a]) / (y[c] * y[c]), slope,
                                e[a] * inverse * inverse + 2 * aHigh * e[c] * inverse * inverse * inverse + 2 * slope, h[i], gi);
                    }
                }
            } else if (node instanceof Expr.WithConstant w) {
                int a = plan.operand(i, 0);
                double l = switch (w.op()) {
                    case ADD, SUB -> 1.0;
                    case MUL -> Math.abs(w.constant());
                    case DIV -> 1 / Math.abs(w.constant());
                };
                pass(h, a, l, l, l, h[i], gi);
            } else if (node instanceof Expr.Pow p) {
                int a = plan.operand(i, 0);
                double k = p.exponent();
                double slope = powSlope(k, y[a], e[a], 1);
                pass(h, a, powSlope(k, y[a], 0, 1), slope, slopeTimesError(powSlope(k, y[a], e[a], 2), e[a]) + LIBM * slope, h[i], gi);
            } else if (node instanceof Expr.Unary u) {
                int a = plan.operand(i, 0);
                double yi = Math.abs(y[i]);
                switch (u.op()) {
                    case NEG -> pass(h, a, 1, 1, 0, h[i], gi);
                    // exp' = exp, taken from the output
                    case EXP -> pass(h, a, yi, upper(yi, e[i]), e[i], h[i], gi);
                    case LOG -> {
                        double inverse = 1 / lower(y[a], e[a]);
                        pass(h, a, 1 / Math.abs(y[a]), inverse, e[a] * inverse * inverse + inverse, h[i], gi);
                    }
                    // tanh' = 1 - t^2 and sigmoid' = s (1 - s), taken from the output t or s
                    case TANH -> pass(h, a, 1 - yi * yi, tanhSlope(y[a], e[a]),
                            2 * upper(yi, e[i]) * e[i] + 1 + yi * yi, h[i], gi);
                    case SIGMOID -> pass(h, a, yi * (1 - yi), sigmoidSlope(y[a], e[a]),
                            (Math.abs(1 - 2 * yi) + 2 * EPS * e[i]) * e[i] + yi + yi * (1 - yi), h[i], gi);
                    case RELU -> {
                        boolean uncertain = (y[a] > 0) != (pt.data()[a] > 0);
                        double l = y[a] > 0 ? 1 : 0;
                        pass(h, a, l, l, uncertain ? Double.POSITIVE_INFINITY : 0, h[i], gi);
                    }
                }
            } else if (node instanceof Expr.Sum) {
                for (int k = 0; k < plan.arity(i); k++) {
                    pass(h, plan.operand(i, k), 1, 1, 0, h[i], gi);
                }
            } else {
                int m = (plan.arity(i) - 1) / 2;
                for (int k = 0; k < m; k++) {
                    int w = plan.operand(i, k);
                    int x = plan.operand(i, m + k);
                    pass(h, w, Math.abs(y[x]), upper(y[x], e[x]), e[x], h[i], gi);
                    pass(h, x, Math.abs(y[w]), upper(y[w], e[w]), e[w], h[i], gi);
                }
                pass(h, plan.operand(i, 2 * m), 1, 1, 0, h[i], gi);
            }
        }
        return new ErrorScale(e, h);
    }

    /**
     * The error bound of node {@code i}'s value: what its operands' errors can do to it (their
     * error times the op's largest slope over their intervals), plus the op's own rounding.
     */
    private static double valueError(Plan plan, int i, double[] y, double[] e) {
        Expr node = plan.nodes().get(i);
        double yi = Math.abs(y[i]);
        if (node instanceof Expr.Var || node instanceof Expr.Const) {
            return 0.0;
        } else if (node instanceof Expr.Binary b) {
            int a = plan.operand(i, 0);
            int c = plan.operand(i, 1);
            return switch (b.op()) {
                case ADD, SUB -> e[a] + e[c] + yi;
                case MUL -> product(y[a], e[a], y[c], e[c]) + yi;
                // (a + da)/(c + dc) - a/c = (da - (a/c) dc) / (c + dc)
                case DIV -> (e[a] + yi * e[c]) / lower(y[c], e[c]) + yi;
            };
        } else if (node instanceof Expr.WithConstant w) {
            int a = plan.operand(i, 0);
            return switch (w.op()) {
                case ADD, SUB -> e[a] + yi;
                case MUL -> Math.abs(w.constant()) * e[a] + yi;
                case DIV -> e[a] / Math.abs(w.constant()) + yi;
            };
        } else if (node instanceof Expr.Pow p) {
            int a = plan.operand(i, 0);
            return slopeTimesError(powSlope(p.exponent(), y[a], e[a], 1), e[a]) + LIBM * yi;
        } else if (node instanceof Expr.Unary u) {
            int a = plan.operand(i, 0);
            return switch (u.op()) {
                case NEG, RELU -> e[a];
                case EXP -> slopeTimesError(yi * Math.exp(EPS * e[a]), e[a]) + LIBM * yi;
                case LOG -> e[a] / lower(y[a], e[a]) + LIBM * yi;
                case TANH -> tanhSlope(y[a], e[a]) * e[a] + LIBM * yi;
                case SIGMOID -> sigmoidSlope(y[a], e[a]) * e[a] + LIBM * yi;
            };
        } else if (node instanceof Expr.Sum) {
            double errors = 0;
            double magnitudes = 0;
            for (int k = 0; k < plan.arity(i); k++) {
                errors += e[plan.operand(i, k)];
                magnitudes += Math.abs(y[plan.operand(i, k)]);
            }
            return errors + plan.arity(i) * magnitudes;
        }
        int m = (plan.arity(i) - 1) / 2;
        int bias = plan.operand(i, 2 * m);
        double errors = e[bias];
        double magnitudes = Math.abs(y[bias]);
        for (int k = 0; k < m; k++) {
            int w = plan.operand(i, k);
            int x = plan.operand(i, m + k);
            errors += product(y[w], e[w], y[x], e[x]);
            magnitudes += Math.abs(y[w] * y[x]);
        }
        return errors + 2 * (m + 1) * magnitudes;
    }

    /** Error of {@code a·c} from the operands' errors, second-order term included: |c| ea + |a| ec + ε ea ec. */
    private static double product(double a, double ea, double c, double ec) {
        return Math.abs(c) * ea + Math.abs(a) * ec + EPS * ea * ec;
    }

    /**
     * A slope times an error, 0 when either is 0: an exact operand passes no error on even where
     * the slope is infinite (a power of 0), and a flat op passes none on even from an unbounded one.
     */
    private static double slopeTimesError(double slope, double error) {
        return error == 0.0 || slope == 0.0 ? 0.0 : slope * error;
    }

    /** The largest magnitude {@code y} may have, given its error {@code e} (in epsilons). */
    private static double upper(double y, double e) {
        return Math.abs(y) + EPS * e;
    }

    /** The smallest magnitude {@code y} may have, given its error; 0 if the interval reaches 0 (a pole for 1/y). */
    private static double lower(double y, double e) {
        return Math.max(Math.abs(y) - EPS * e, 0.0);
    }

    /**
     * The largest |d^order/dt^order t^k| over t within {@code |a| ± ε e}; exactly 0 where the
     * coefficient (k, or k (k - 1)) vanishes, so that {@code 0^0} and {@code 0^1} give 0, not
     * 0 * Infinity = NaN; infinite when a negative power's interval reaches 0.
     */
    private static double powSlope(double k, double a, double e, int order) {
        double coefficient = order == 1 ? k : k * (k - 1);
        if (coefficient == 0.0) {
            return 0.0;
        }
        double power = k - order;
        double t = power >= 0 ? upper(a, e) : lower(a, e);
        return Math.abs(coefficient) * Math.pow(t, power);
    }

    /** The largest tanh'(t) = 1 - tanh(t)^2 over t within {@code a ± ε e}: taken at the point nearest 0. */
    private static double tanhSlope(double a, double e) {
        double t = Math.tanh(lower(a, e));
        return 1 - t * t;
    }

    /** The largest sigmoid'(t) = s (1 - s) over t within {@code a ± ε e}: taken at the point nearest 0. */
    private static double sigmoidSlope(double a, double e) {
        double s = 1 / (1 + Math.exp(-lower(a, e)));
        return s * (1 - s);
    }

    /**
     * One use of operand {@code c} by a node whose gradient micrograd holds as {@code g} (error
     * {@code hi}): the product g·L that micrograd adds to c's gradient, L the local derivative.
     * With |g̃ - g| ≤ ε hi and |L̃ - L| ≤ ε le, |g̃ L̃ - g L| ≤ ε (hi·sup|L| + (|g̃| + ε hi)·le), and
     * the product and the accumulation round by 2 |g L|.
     *
     * @param l |L| at micrograd's values
     * @param lMax the largest |L| over the operands' intervals
     * @param le the error scale of L itself
     */
    private static void pass(double[] h, int c, double l, double lMax, double le, double hi, double g) {
        double gMax = g + EPS * hi;
        // an uncertain ReLU branch (le infinite) that no gradient flows through costs nothing
        h[c] += slopeTimesError(lMax, hi) + slopeTimesError(gMax, le) + 2 * g * l;
    }
}
