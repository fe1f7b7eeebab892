package dev.micrograd.verify;

/**
 * The scale against which a difference between micrograd and PyTorch is judged: for each node, a
 * first-order bound on the rounding error of its value and of its gradient, in units of the
 * machine epsilon (running error analysis).
 *
 * <p>Both engines round differently (another order in a sum, a libm {@code exp} one ulp apart), so
 * a value that is the difference of two close numbers ({@code exp(log(x)) - x}) carries an error
 * far larger than itself. Comparing such a value relative to itself would call rounding noise a
 * mismatch. The tolerance is therefore relative to {@code max(|a|, |b|, scale)}: for a
 * well-conditioned node the scale is a small multiple of its magnitude and the check is the plain
 * relative 1e-9; where cancellation happens the scale is the size of the numbers that cancelled.
 * A wrong derivative formula is off by about the size of the gradient itself, far above 1e-9 of
 * either.
 *
 * <p>A ReLU whose input is within rounding of 0 may take different branches in the two engines
 * (micrograd's input 1e-17, PyTorch's -1e-17). Where that actually happened, the gradients below
 * it cannot be compared; they get an infinite scale and are counted as indeterminate.
 */
public final class ErrorScale {
    /** Rounding-error multiple charged to a libm function (exp, log, tanh, pow, sigmoid). */
    private static final double LIBM = 4.0;

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
            Expr node = plan.nodes().get(i);
            double yi = Math.abs(y[i]);
            if (node instanceof Expr.Var || node instanceof Expr.Const) {
                e[i] = 0.0;
            } else if (node instanceof Expr.Binary b) {
                int a = plan.operand(i, 0);
                int c = plan.operand(i, 1);
                e[i] = switch (b.op()) {
                    case ADD, SUB -> e[a] + e[c] + yi;
                    case MUL -> Math.abs(y[c]) * e[a] + Math.abs(y[a]) * e[c] + yi;
                    case DIV -> e[a] / Math.abs(y[c]) + Math.abs(y[a]) * e[c] / (y[c] * y[c]) + yi;
                };
            } else if (node instanceof Expr.WithConstant w) {
                int a = plan.operand(i, 0);
                e[i] = switch (w.op()) {
                    case ADD, SUB -> e[a] + yi;
                    case MUL -> Math.abs(w.constant()) * e[a] + yi;
                    case DIV -> e[a] / Math.abs(w.constant()) + yi;
                };
            } else if (node instanceof Expr.Pow p) {
                int a = plan.operand(i, 0);
                double k = p.exponent();
                e[i] = powDerivative(k, y[a], 1) * e[a] + LIBM * yi;
            } else if (node instanceof Expr.Unary u) {
                int a = plan.operand(i, 0);
                e[i] = switch (u.op()) {
                    case NEG, RELU -> e[a];
                    case EXP -> yi * e[a] + LIBM * yi;
                    case LOG -> e[a] / Math.abs(y[a]) + LIBM * yi;
                    case TANH -> (1 - y[i] * y[i]) * e[a] + LIBM * yi;
                    case SIGMOID -> y[i] * (1 - y[i]) * e[a] + LIBM * yi;
                };
            } else if (node instanceof Expr.Sum) {
                double errors = 0;
                double magnitudes = 0;
                for (int k = 0; k < plan.arity(i); k++) {
                    errors += e[plan.operand(i, k)];
                    magnitudes += Math.abs(y[plan.operand(i, k)]);
                }
                e[i] = errors + plan.arity(i) * magnitudes;
            } else {
                int m = (plan.arity(i) - 1) / 2;
                int bias = plan.operand(i, 2 * m);
                double errors = e[bias];
                double magnitudes = Math.abs(y[bias]);
                for (int k = 0; k < m; k++) {
                    int w = plan.operand(i, k);
                    int x = plan.operand(i, m + k);
                    errors += Math.abs(y[x]) * e[w] + Math.abs(y[w]) * e[x];
                    magnitudes += Math.abs(y[w] * y[x]);
                }
                e[i] = errors + 2 * (m + 1) * magnitudes;
            }
        }

        // Backward: h[c] accumulates |L| h[i] + |g_i| LE + 2 |g_i L| over each use of c by node i,
        // where L is the local derivative and LE the error scale of L itself.
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
                        pass(h, a, 1, 0, h[i], gi);
                        pass(h, c, 1, 0, h[i], gi);
                    }
                    case MUL -> {
                        pass(h, a, Math.abs(y[c]), e[c], h[i], gi);
                        pass(h, c, Math.abs(y[a]), e[a], h[i], gi);
                    }
                    case DIV -> {
                        double bb = y[c] * y[c];
                        pass(h, a, 1 / Math.abs(y[c]), e[c] / bb + 1 / Math.abs(y[c]), h[i], gi);
                        double lb = Math.abs(y[a]) / bb;
                        pass(h, c, lb, e[a] / bb + 2 * Math.abs(y[a]) * e[c] / (bb * Math.abs(y[c])) + 2 * lb, h[i], gi);
                    }
                }
            } else if (node instanceof Expr.WithConstant w) {
                int a = plan.operand(i, 0);
                double l = switch (w.op()) {
                    case ADD, SUB -> 1.0;
                    case MUL -> Math.abs(w.constant());
                    case DIV -> 1 / Math.abs(w.constant());
                };
                pass(h, a, l, l, h[i], gi);
            } else if (node instanceof Expr.Pow p) {
                int a = plan.operand(i, 0);
                double k = p.exponent();
                double l = powDerivative(k, y[a], 1);
                double second = powDerivative(k, y[a], 2);
                pass(h, a, l, second * e[a] + LIBM * l, h[i], gi);
            } else if (node instanceof Expr.Unary u) {
                int a = plan.operand(i, 0);
                double yi = y[i];
                switch (u.op()) {
                    case NEG -> pass(h, a, 1, 0, h[i], gi);
                    case EXP -> pass(h, a, Math.abs(yi), e[i], h[i], gi);
                    case LOG -> pass(h, a, 1 / Math.abs(y[a]), e[a] / (y[a] * y[a]) + 1 / Math.abs(y[a]), h[i], gi);
                    case TANH -> pass(h, a, 1 - yi * yi, 2 * Math.abs(yi) * e[i] + 1 + yi * yi, h[i], gi);
                    case SIGMOID -> pass(h, a, yi * (1 - yi), Math.abs(1 - 2 * yi) * e[i] + Math.abs(yi) + yi * (1 - yi), h[i], gi);
                    case RELU -> {
                        boolean uncertain = (y[a] > 0) != (pt.data()[a] > 0);
                        pass(h, a, y[a] > 0 ? 1 : 0, uncertain ? Double.POSITIVE_INFINITY : 0, h[i], gi);
                    }
                }
            } else if (node instanceof Expr.Sum) {
                for (int k = 0; k < plan.arity(i); k++) {
                    pass(h, plan.operand(i, k), 1, 0, h[i], gi);
                }
            } else {
                int m = (plan.arity(i) - 1) / 2;
                for (int k = 0; k < m; k++) {
                    int w = plan.operand(i, k);
                    int x = plan.operand(i, m + k);
                    pass(h, w, Math.abs(y[x]), e[x], h[i], gi);
                    pass(h, x, Math.abs(y[w]), e[w], h[i], gi);
                }
                pass(h, plan.operand(i, 2 * m), 1, 0, h[i], gi);
            }
        }
        return new ErrorScale(e, h);
    }

    /**
     * |d^order/da^order a^k|, exactly 0 where the coefficient k (k - 1) vanishes (so that
     * {@code 0^0} and {@code 0^1} give 0, not 0 * Infinity = NaN).
     */
    private static double powDerivative(double k, double a, int order) {
        double coefficient = order == 1 ? k : k * (k - 1);
        return coefficient == 0.0 ? 0.0 : Math.abs(coefficient * Math.pow(a, k - order));
    }

    /** One use of operand {@code c}: local derivative {@code l} (error scale {@code le}), node gradient {@code g} (scale {@code hi}). */
    private static void pass(double[] h, int c, double l, double le, double hi, double g) {
        double le2 = g == 0.0 && le == Double.POSITIVE_INFINITY ? 0.0 : g * le; // a branch nobody differentiates through
        h[c] += (l == 0.0 ? 0.0 : l * hi) + le2 + 2 * g * l;
    }
}
