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
 * it cannot be compared; they get an infinite scale and are counted as indeterminate. The other
 * kinks are treated alike: {@code abs} at 0, {@code max} and {@code min} at a tie, softplus at its
 * threshold 20.
 *
 * <p>The slopes of the other ops: sin and cos at most 1 (and |cos|, |sin| plus the operand's error
 * for their derivatives), {@code sqrt} {@code 1/(2√t)} at the interval's low end, softplus σ(t) at
 * its high end, {@code pow} with a {@code Value} exponent {@code b·a^(b-1)} and {@code a^b·ln a},
 * each at the largest over the box of both operands' intervals (a^t is monotone in each of a and t,
 * so its largest value is at a corner).
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
                    case POW -> {
                        // d/da = b a^(b-1): its own slopes b(b-1) a^(b-2) and a^(b-1) (1 + b ln a);
                        // d/db = y ln a, with y's error e[i] and ln's slope 1/a
                        PowBox box = new PowBox(y[a], e[a], y[c], e[c]);
                        double la = y[c] == 0.0 ? 0.0 : Math.abs(y[c] * Math.pow(y[a], y[c] - 1));
                        double laMax = y[c] == 0.0 && e[c] == 0.0 ? 0.0 : box.bMax * box.power(-1);
                        double laError = slopeTimesError(box.bMax * (box.bMax + 1) * box.power(-2), e[a])
                                + slopeTimesError(box.power(-1) * (1 + box.bMax * box.logMax), e[c]) + LIBM * la;
                        pass(h, a, la, laMax, laError, h[i], gi);
                        double lb = Math.abs(y[i] * Math.log(y[a]));
                        double yMax = Math.max(box.power(0), upper(y[i], e[i]));
                        double lbError = slopeTimesError(box.logMax, e[i]) + slopeTimesError(yMax / box.aLow, e[a]) + LIBM * lb;
                        pass(h, c, lb, yMax * box.logMax, lbError, h[i], gi);
                    }
                    case MAX, MIN -> {
                        // each operand's share is 1, 1/2 (a tie) or 0, exact; where the engines
                        // ordered the operands differently the shares below cannot be compared
                        double[] p = pt.data();
                        boolean uncertain = Double.compare(y[a], y[c]) != Double.compare(p[a], p[c])
                                && !(y[a] == y[c] && p[a] == p[c]);
                        double sign = b.op() == Expr.BinaryOp.MAX ? 1 : -1;
                        double share = y[a] == y[c] ? 0.5 : 1;
                        double toA = sign * (y[a] - y[c]) >= 0 ? share : 0;
                        double toC = sign * (y[c] - y[a]) >= 0 ? share : 0;
                        double le = uncertain ? Double.POSITIVE_INFINITY : 0;
                        pass(h, a, toA, toA, le, h[i], gi);
                        pass(h, c, toC, toC, le, h[i], gi);
                    }
                }
            } else if (node instanceof Expr.WithConstant w) {
                int a = plan.operand(i, 0);
                double l = switch (w.op()) {
                    case ADD, SUB -> 1.0;
                    case MUL -> Math.abs(w.constant());
                    case DIV -> 1 / Math.abs(w.constant());
                    case POW, MAX, MIN -> throw new IllegalArgumentException(
                            "expected a constant operand of add, sub, mul or div, found one of " + w.op());
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
                    case ABS -> {
                        boolean uncertain = Math.signum(y[a]) != Math.signum(pt.data()[a]);
                        double l = y[a] == 0.0 ? 0 : 1;
                        pass(h, a, l, l, uncertain ? Double.POSITIVE_INFINITY : 0, h[i], gi);
                    }
                    // sin' = cos and cos' = -sin, each of slope at most 1
                    case SIN, COS -> {
                        double l = Math.abs(u.op() == Expr.UnaryOp.SIN ? StrictMath.cos(y[a]) : StrictMath.sin(y[a]));
                        pass(h, a, l, Math.min(1, l + EPS * e[a]), e[a] + LIBM * l, h[i], gi);
                    }
                    // sqrt' = 1 / (2y), taken from the output y, of slope 1 / (2y^2) in y
                    case SQRT -> {
                        double low = lower(yi, e[i]);
                        pass(h, a, 0.5 / yi, 0.5 / Math.sqrt(lower(y[a], e[a])),
                                slopeTimesError(0.5 / (low * low), e[i]) + 0.5 / yi, h[i], gi);
                    }
                    // softplus' = σ (exactly 1 above the threshold), σ' = σ (1 - σ) ≤ 1/4
                    case SOFTPLUS -> {
                        boolean above = y[a] > Expr.UnaryOp.SOFTPLUS_THRESHOLD;
                        boolean uncertain = above != (pt.data()[a] > Expr.UnaryOp.SOFTPLUS_THRESHOLD)
                                || softplusCrosses(y[a], e[a]);
                        double l = above ? 1 : sigmoid(y[a]);
                        double lMax = above ? 1 : sigmoid(y[a] + EPS * e[a]);
                        double le = uncertain ? Double.POSITIVE_INFINITY
                                : above ? 0 : sigmoidSlope(y[a], e[a]) * e[a] + LIBM * l;
                        pass(h, a, l, lMax, le, h[i], gi);
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
                case POW -> {
                    PowBox box = new PowBox(y[a], e[a], y[c], e[c]);
                    yield slopeTimesError(box.bMax * box.power(-1), e[a])
                            + slopeTimesError(box.power(0) * box.logMax, e[c]) + LIBM * yi;
                }
                case MAX, MIN -> Math.max(e[a], e[c]);
            };
        } else if (node instanceof Expr.WithConstant w) {
            int a = plan.operand(i, 0);
            return switch (w.op()) {
                case ADD, SUB -> e[a] + yi;
                case MUL -> Math.abs(w.constant()) * e[a] + yi;
                case DIV -> e[a] / Math.abs(w.constant()) + yi;
                    case POW, MAX, MIN -> throw new IllegalArgumentException(
                        "expected a constant operand of add, sub, mul or div, found one of " + w.op());
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
                case ABS -> e[a];
                case SIN, COS -> e[a] + LIBM * yi;
                case SQRT -> slopeTimesError(0.5 / Math.sqrt(lower(y[a], e[a])), e[a]) + yi;
                // σ is increasing: its largest value over the interval is at the high end; a
                // crossing of the threshold adds the jump log1p(e^-20) between the branches
                case SOFTPLUS -> sigmoid(y[a] + EPS * e[a]) * e[a] + LIBM * yi
                        + (softplusCrosses(y[a], e[a]) ? Math.log1p(Math.exp(-Expr.UnaryOp.SOFTPLUS_THRESHOLD)) / EPS : 0);
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

    /** σ(t) = 1 / (1 + e^-t). */
    private static double sigmoid(double t) {
        return 1 / (1 + Math.exp(-t));
    }

    /** Whether {@code a ± ε e} reaches softplus's threshold, where it switches branch. */
    private static boolean softplusCrosses(double a, double e) {
        return Math.abs(a - Expr.UnaryOp.SOFTPLUS_THRESHOLD) <= EPS * e;
    }

    /**
     * The box {@code a ± ε ea} × {@code b ± ε eb} of a power {@code a^b} with a {@code Value}
     * exponent, for a positive base: the largest |b|, |ln a| and {@code a^(b + k)} over it.
     */
    private static final class PowBox {
        final double aLow;
        final double aHigh;
        final double bLow;
        final double bHigh;
        final double bMax;
        final double logMax;

        PowBox(double a, double ea, double b, double eb) {
            aLow = Math.max(a - EPS * ea, 0.0);
            aHigh = a + EPS * ea;
            bLow = b - EPS * eb;
            bHigh = b + EPS * eb;
            bMax = Math.abs(b) + EPS * eb;
            logMax = Math.max(Math.abs(Math.log(aLow)), Math.abs(Math.log(aHigh)));
        }

        /** The largest {@code a^(b + k)} over the box: at a corner, since a^t is monotone in a and in t. */
        double power(int k) {
            return Math.max(Math.max(Math.pow(aLow, bLow + k), Math.pow(aLow, bHigh + k)),
                    Math.max(Math.pow(aHigh, bLow + k), Math.pow(aHigh, bHigh + k)));
        }
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
