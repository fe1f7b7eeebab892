package dev.micrograd.verify;

import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the domain-edge table: an operation at a numeric edge (zero and negative zero,
 * negative inputs, ±infinity, NaN, overflow), applied to leaves and checked against PyTorch by
 * {@link Parity}, on the value and every operand's gradient. The table itself is {@link #TABLE}:
 * data, so the report and the README show the same rows the test runs.
 *
 * <p>Rows are judged by the project's rule, as {@link Parity} judges any graph ({@link Ulps}):
 * special values exactly (NaN equals NaN, but {@code -0.0} is not {@code 0.0}, since the sign of a
 * zero result is part of the answer: {@code relu(-0.0)} is {@code -0.0} in both engines,
 * {@code neg(0.0)} is {@code -0.0}); finite values of an exact op bit for bit, of a transcendental
 * op within {@link Ulps#boundFor} ulps. Gradients bit for bit, or within what the op's rounding
 * explains ({@link Ulps#derivativesAgree}), except that signed zeros are equal, because a gradient
 * is a sum that starts at {@code +0.0} in micrograd, so the sign of a zero gradient carries no
 * meaning (PyTorch may give {@code -0.0} where micrograd gives {@code 0.0}). The table prints every
 * sign as the engine gave it.
 *
 * @param name what is computed
 * @param code the micrograd expression over operands {@code a}, {@code b}, ...
 * @param op the op
 * @param exponent the exponent of {@link Op#POW} (0 for the other ops)
 * @param inputs the operands
 */
public record EdgeCase(String name, String code, Op op, double exponent, double[] inputs) {

    static final double NAN = Double.NaN;
    static final double INF = Double.POSITIVE_INFINITY;
    static final double MAX = Double.MAX_VALUE;

    /**
     * An engine's answer: the value, then each operand's gradient.
     *
     * @param value the value
     * @param grads the operands' gradients
     */
    public record Outcome(double value, double[] grads) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(format(value)).append(';');
            for (int i = 0; i < grads.length; i++) {
                s.append(i == 0 ? " " : ", ").append(format(grads[i]));
            }
            return s.toString();
        }

        private static String format(double x) {
            if (x == Math.rint(x) && Math.abs(x) < 1e6) {
                return x == 0 && 1 / x < 0 ? "-0" : Long.toString((long) x);
            }
            return Double.toString(x);
        }
    }

    /**
     * The row checked by {@link Parity}: both engines' answers, and the verdict.
     *
     * @param micrograd micrograd's value and gradients
     * @param pytorch PyTorch's
     * @param result Parity's table
     */
    public record Check(Outcome micrograd, Outcome pytorch, Parity.Result result) {
        /** @return whether the engines agree by the rule */
        public boolean agrees() {
            return result.passed();
        }
    }

    /** @return the op applied to fresh leaves, checked against PyTorch ({@link Torch#rule}) */
    public Check check() {
        List<Value> leaves = new ArrayList<>(inputs.length);
        for (double x : inputs) {
            leaves.add(Value.of(x));
        }
        Value root = Expr.apply(op, leaves, exponent);
        Parity.Result result = Parity.check(root, Torch::rule);
        List<Value> nodes = Graph.compile(root).nodes();
        Parity.Row top = result.rows().get(nodes.size() - 1);
        double[] mg = new double[inputs.length];
        double[] pt = new double[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Parity.Row leaf = result.rows().get(nodes.indexOf(leaves.get(i)));
            mg[i] = leaf.grad();
            pt[i] = leaf.pytorchGrad();
        }
        return new Check(new Outcome(top.value(), mg), new Outcome(top.pytorchValue(), pt), result);
    }

    private static String operands(double... x) {
        StringBuilder s = new StringBuilder("  // ");
        for (int i = 0; i < x.length; i++) {
            s.append(i == 0 ? "" : ", ").append((char) ('a' + i)).append(" = ").append(Expr.literal(x[i]));
        }
        return s.toString();
    }

    private static EdgeCase unary(String name, Op op, double a) {
        return new EdgeCase(name, "a." + Expr.method(op) + "()" + operands(a), op, 0.0, new double[] {a});
    }

    private static EdgeCase binary(String name, Op op, double a, double b) {
        return new EdgeCase(name, "a." + Expr.method(op) + "(b)" + operands(a, b), op, 0.0, new double[] {a, b});
    }

    private static EdgeCase pow(String name, double a, double k) {
        return new EdgeCase(name, "a.pow(" + Expr.literal(k) + ")" + operands(a), Op.POW, k, new double[] {a});
    }

    private static EdgeCase sum(String name, double a, double b, double c) {
        return new EdgeCase(name, "Value.sum(List.of(a, b, c))" + operands(a, b, c), Op.SUM, 0.0, new double[] {a, b, c});
    }

    /** {@code dot([w0, w1], [x0, x1], bias)}; the gradients are listed as weights, inputs, bias. */
    private static EdgeCase dot(String name, double w0, double w1, double x0, double x1, double bias) {
        return new EdgeCase(name, "Value.dot(List.of(a, b), List.of(c, d), e)" + operands(w0, w1, x0, x1, bias), Op.DOT,
                0.0, new double[] {w0, w1, x0, x1, bias});
    }

    private static EdgeCase sin(String name, double a) {
        return unary(name, Op.SIN, a);
    }

    private static EdgeCase cos(String name, double a) {
        return unary(name, Op.COS, a);
    }

    private static EdgeCase sqrt(String name, double a) {
        return unary(name, Op.SQRT, a);
    }

    private static EdgeCase abs(String name, double a) {
        return unary(name, Op.ABS, a);
    }

    private static EdgeCase softplus(String name, double a) {
        return unary(name, Op.SOFTPLUS, a);
    }

    private static EdgeCase powValue(String name, double a, double b) {
        return binary(name, Op.POW_VALUE, a, b);
    }

    private static EdgeCase max(String name, double a, double b) {
        return binary(name, Op.MAX, a, b);
    }

    private static EdgeCase min(String name, double a, double b) {
        return binary(name, Op.MIN, a, b);
    }

    /** The table: every case the edge test runs, in the order the report shows them. */
    public static final List<EdgeCase> TABLE = table();

    private static List<EdgeCase> table() {
        List<EdgeCase> t = new ArrayList<>();
        t.add(unary("log(0)", Op.LOG, 0.0));
        t.add(unary("log(-1)", Op.LOG, -1.0));
        t.add(unary("log(+inf)", Op.LOG, INF));
        t.add(unary("log(-inf)", Op.LOG, -INF));
        t.add(binary("1 / 0", Op.DIV, 1.0, 0.0));
        t.add(binary("-1 / 0", Op.DIV, -1.0, 0.0));
        t.add(binary("1 / -0", Op.DIV, 1.0, -0.0));
        t.add(binary("-1 / -0", Op.DIV, -1.0, -0.0));
        t.add(binary("0 / 0", Op.DIV, 0.0, 0.0));
        t.add(binary("inf / inf", Op.DIV, INF, INF));
        t.add(unary("exp(1000)", Op.EXP, 1000.0));
        t.add(unary("exp(-1000)", Op.EXP, -1000.0));
        t.add(unary("exp(-inf)", Op.EXP, -INF));
        t.add(unary("exp(+inf)", Op.EXP, INF));
        t.add(unary("tanh(+inf)", Op.TANH, INF));
        t.add(unary("tanh(-inf)", Op.TANH, -INF));
        t.add(unary("tanh(0)", Op.TANH, 0.0));
        t.add(unary("tanh(-0)", Op.TANH, -0.0));
        t.add(unary("tanh(-0.5)", Op.TANH, -0.5));
        t.add(unary("relu(0)", Op.RELU, 0.0));
        t.add(unary("relu(-0)", Op.RELU, -0.0));
        t.add(unary("relu(NaN)", Op.RELU, NAN));
        t.add(unary("relu(-inf)", Op.RELU, -INF));
        t.add(unary("relu(-2)", Op.RELU, -2.0));
        t.add(unary("sigmoid(1000)", Op.SIGMOID, 1000.0));
        t.add(unary("sigmoid(-1000)", Op.SIGMOID, -1000.0));
        t.add(unary("sigmoid(+inf)", Op.SIGMOID, INF));
        t.add(unary("sigmoid(-inf)", Op.SIGMOID, -INF));
        t.add(unary("neg(0)", Op.NEG, 0.0));
        t.add(unary("neg(-0)", Op.NEG, -0.0));
        t.add(pow("(-8)^(1/3)", -8.0, 1.0 / 3.0));
        t.add(pow("(-2)^0.5", -2.0, 0.5));
        t.add(pow("(-2)^3 (integer power of a negative base)", -2.0, 3.0));
        t.add(pow("0^0", 0.0, 0.0));
        t.add(pow("0^-1", 0.0, -1.0));
        t.add(pow("0^0.5", 0.0, 0.5));
        t.add(pow("0^2", 0.0, 2.0));
        t.add(binary("0 * inf", Op.MUL, 0.0, INF));
        t.add(binary("inf - inf", Op.SUB, INF, INF));
        t.add(binary("inf + (-inf)", Op.ADD, INF, -INF));
        // overflow to infinity (MAX = Double.MAX_VALUE) and underflow to a signed zero
        t.add(binary("MAX + MAX", Op.ADD, MAX, MAX));
        t.add(binary("-MAX - MAX", Op.SUB, -MAX, MAX));
        t.add(binary("MAX * 2", Op.MUL, MAX, 2.0));
        t.add(binary("MAX / 0.5", Op.DIV, MAX, 0.5));
        t.add(binary("1e-200 * -1e-200 (underflow)", Op.MUL, 1e-200, -1e-200));
        t.add(pow("1e200^2", 1e200, 2.0));
        t.add(pow("(-1e200)^3", -1e200, 3.0));
        t.add(sum("sum(MAX, MAX, 1)", MAX, MAX, 1.0));
        t.add(dot("dot([MAX, 1], [2, 1], 0)", MAX, 1.0, 2.0, 1.0, 0.0));
        // NaN into every op
        t.add(binary("NaN + 1", Op.ADD, NAN, 1.0));
        t.add(binary("NaN - 1", Op.SUB, NAN, 1.0));
        t.add(binary("NaN * 2", Op.MUL, NAN, 2.0));
        t.add(binary("2 * NaN", Op.MUL, 2.0, NAN));
        t.add(binary("NaN / 2", Op.DIV, NAN, 2.0));
        t.add(binary("2 / NaN", Op.DIV, 2.0, NAN));
        t.add(pow("NaN^2", NAN, 2.0));
        t.add(pow("NaN^0", NAN, 0.0));
        t.add(pow("NaN^0.5", NAN, 0.5));
        t.add(pow("1^inf", 1.0, INF));
        t.add(pow("1^NaN", 1.0, NAN));
        t.add(unary("neg(NaN)", Op.NEG, NAN));
        t.add(unary("exp(NaN)", Op.EXP, NAN));
        t.add(unary("log(NaN)", Op.LOG, NAN));
        t.add(unary("tanh(NaN)", Op.TANH, NAN));
        t.add(unary("sigmoid(NaN)", Op.SIGMOID, NAN));
        t.add(sum("sum(NaN, 1, 2)", NAN, 1.0, 2.0));
        t.add(dot("dot([NaN, 2], [3, 4], 1)", NAN, 2.0, 3.0, 4.0, 1.0));
        t.add(dot("dot([0, 1], [inf, 2], 0)", 0.0, 1.0, INF, 2.0, 0.0));
        // the ops beyond micrograd's
        t.add(sin("sin(0)", 0.0));
        t.add(sin("sin(-0)", -0.0));
        t.add(sin("sin(+inf)", INF));
        t.add(sin("sin(NaN)", NAN));
        t.add(sin("sin(1e300)", 1e300));
        t.add(cos("cos(0)", 0.0));
        t.add(cos("cos(-inf)", -INF));
        t.add(cos("cos(NaN)", NAN));
        t.add(sqrt("sqrt(0)", 0.0));
        t.add(sqrt("sqrt(-0)", -0.0));
        t.add(sqrt("sqrt(-1)", -1.0));
        t.add(sqrt("sqrt(+inf)", INF));
        t.add(sqrt("sqrt(NaN)", NAN));
        t.add(sqrt("sqrt(MIN_VALUE) (subnormal)", Double.MIN_VALUE));
        t.add(abs("abs(0)", 0.0));
        t.add(abs("abs(-0)", -0.0));
        t.add(abs("abs(-3)", -3.0));
        t.add(abs("abs(-inf)", -INF));
        t.add(abs("abs(NaN)", NAN));
        t.add(softplus("softplus(0)", 0.0));
        t.add(softplus("softplus(20) (threshold)", 20.0));
        t.add(softplus("softplus(20.5) (above threshold)", 20.5));
        t.add(softplus("softplus(1000)", 1000.0));
        t.add(softplus("softplus(-1000)", -1000.0));
        t.add(softplus("softplus(-40)", -40.0));
        t.add(softplus("softplus(+inf)", INF));
        t.add(softplus("softplus(-inf)", -INF));
        t.add(softplus("softplus(NaN)", NAN));
        t.add(powValue("2^3 (Value exponent)", 2.0, 3.0));
        t.add(powValue("0^0 (Value exponent)", 0.0, 0.0));
        t.add(powValue("0^0.5 (Value exponent)", 0.0, 0.5));
        t.add(powValue("0^2 (Value exponent)", 0.0, 2.0));
        t.add(powValue("0^-1 (Value exponent)", 0.0, -1.0));
        t.add(powValue("(-2)^3 (Value exponent)", -2.0, 3.0));
        t.add(powValue("(-2)^2 (Value exponent)", -2.0, 2.0));
        t.add(powValue("(-8)^(1/3) (Value exponent)", -8.0, 1.0 / 3.0));
        t.add(powValue("(-2)^0 (Value exponent)", -2.0, 0.0));
        t.add(powValue("1^inf (Value exponent)", 1.0, INF));
        t.add(powValue("1^NaN (Value exponent)", 1.0, NAN));
        t.add(powValue("(-1)^inf (Value exponent)", -1.0, INF));
        t.add(powValue("2^-inf (Value exponent)", 2.0, -INF));
        t.add(powValue("inf^0 (Value exponent)", INF, 0.0));
        t.add(powValue("NaN^0 (Value exponent)", NAN, 0.0));
        t.add(powValue("2^NaN (Value exponent)", 2.0, NAN));
        t.add(max("max(2, 1)", 2.0, 1.0));
        t.add(max("max(1, 2)", 1.0, 2.0));
        t.add(max("max(1, 1) (tie)", 1.0, 1.0));
        t.add(max("max(0, -0)", 0.0, -0.0));
        t.add(max("max(-0, 0)", -0.0, 0.0));
        t.add(max("max(NaN, 1)", NAN, 1.0));
        t.add(max("max(1, NaN)", 1.0, NAN));
        t.add(max("max(inf, inf)", INF, INF));
        t.add(min("min(2, 1)", 2.0, 1.0));
        t.add(min("min(1, 1) (tie)", 1.0, 1.0));
        t.add(min("min(0, -0)", 0.0, -0.0));
        t.add(min("min(-0, 0)", -0.0, 0.0));
        t.add(min("min(NaN, 1)", NAN, 1.0));
        t.add(min("min(-inf, inf)", -INF, INF));
        return List.copyOf(t);
    }

    @Override
    public String toString() {
        return name;
    }
}
