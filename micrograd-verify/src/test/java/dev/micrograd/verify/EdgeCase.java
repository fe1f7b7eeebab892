package dev.micrograd.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One row of the domain-edge table: an operation at a numeric edge (zero and negative zero,
 * negative inputs, ±infinity, NaN, overflow), written once for micrograd and once for PyTorch,
 * compared on the value and every operand's gradient. The table itself is {@link #TABLE}: data, so
 * the report and the README show the same rows the test runs.
 *
 * <p>Rows are judged by the project's rule ({@link Ulps}): special values exactly (NaN equals NaN,
 * but {@code -0.0} is not {@code 0.0}, since the sign of a zero result is part of the answer:
 * {@code relu(-0.0)} is {@code -0.0} in both engines, {@code neg(0.0)} is {@code -0.0}); finite
 * values of an exact op bit for bit; finite values of a transcendental op within
 * {@link Ulps#TRANSCENDENTAL_BOUND} ulps ({@link #ulps}). Gradients of a transcendental op are
 * computed from its results by further rounding, so they are judged as composite results against
 * their own magnitude ({@link Ulps#derivativesAgree}). Gradients follow the same rule, except
 * that signed zeros are equal, because a gradient is a sum that starts at {@code +0.0} in
 * micrograd, so the sign of a zero gradient carries no meaning (PyTorch may give {@code -0.0}
 * where micrograd gives {@code 0.0}). The table prints every sign as the engine gave it.
 *
 * @param name what is computed
 * @param code the micrograd expression over operands {@code a}, {@code b}, ...
 * @param inputs the operands
 * @param micrograd the expression on {@code Value}s
 * @param pytorch the same on PyTorch tensors
 * @param ulps the ulps allowed between the engines' finite results ({@link Ulps#boundFor} of the op)
 */
public record EdgeCase(String name, String code, double[] inputs, Function<Value[], Value> micrograd,
                       BiFunction<NDManager, NDArray[], NDArray> pytorch, long ulps) {

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
        /**
         * The value by {@link Ulps#valuesAgree}, each gradient by {@link Ulps#derivativesAgree}.
         *
         * @param o the other engine's answer
         * @param ulps the ulps allowed between finite results
         * @return true if the answers agree
         */
        boolean agreesWith(Outcome o, long ulps) {
            if (!Ulps.valuesAgree(value, o.value, ulps)) {
                return false;
            }
            for (int i = 0; i < grads.length; i++) {
                if (!Ulps.derivativesAgree(grads[i], o.grads[i], ulps)) {
                    return false;
                }
            }
            return true;
        }

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

    /** @return micrograd's value and gradients */
    public Outcome runMicrograd() {
        Value[] leaves = new Value[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = Value.of(inputs[i]);
        }
        Value y = micrograd.apply(leaves);
        y.backward();
        double[] grads = new double[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            grads[i] = leaves[i].grad();
        }
        return new Outcome(y.data(), grads);
    }

    /** @return PyTorch's value and gradients (float64, autograd) */
    public Outcome runPyTorch() {
        try (NDManager manager = Torch.newManager()) {
            NDArray[] leaves = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                leaves[i] = Torch.leaf(manager, inputs[i]);
            }
            NDArray y;
            try (GradientCollector collector = Torch.collector(manager)) {
                y = pytorch.apply(manager, leaves);
                collector.backward(y);
            }
            double[] grads = new double[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = Torch.grad(leaves[i]);
            }
            return new Outcome(Torch.scalar(y), grads);
        }
    }

    private static EdgeCase unary(String name, Expr.UnaryOp op, double a) {
        return new EdgeCase(name, "a." + op.method + "()  // a = " + Plan.literal(a), new double[] {a},
                v -> op.apply(v[0]), (m, t) -> Torch.unary(op, t[0]), Ulps.boundFor(Op.valueOf(op.name())));
    }

    private static EdgeCase binary(String name, Expr.BinaryOp op, double a, double b) {
        return new EdgeCase(name, "a." + op.method + "(b)  // a = " + Plan.literal(a) + ", b = " + Plan.literal(b),
                new double[] {a, b}, v -> op.apply(v[0], v[1]), (m, t) -> Torch.binary(op, t[0], t[1]),
                Ulps.boundFor(Op.valueOf(op.name())));
    }

    private static EdgeCase pow(String name, double a, double k) {
        return new EdgeCase(name, "a.pow(" + Plan.literal(k) + ")  // a = " + Plan.literal(a), new double[] {a},
                v -> v[0].pow(k), (m, t) -> Torch.pow(m, t[0], k), Ulps.boundFor(Op.POW));
    }

    private static EdgeCase sum(String name, double a, double b, double c) {
        return new EdgeCase(name, "Value.sum(List.of(a, b, c))  // a = " + Plan.literal(a) + ", b = " + Plan.literal(b)
                + ", c = " + Plan.literal(c), new double[] {a, b, c},
                v -> Value.sum(List.of(v[0], v[1], v[2])), (m, x) -> Torch.sum(x), Ulps.boundFor(Op.SUM));
    }

    /** {@code dot([w0, w1], [x0, x1], bias)}; the gradients are listed as weights, inputs, bias. */
    private static EdgeCase dot(String name, double w0, double w1, double x0, double x1, double bias) {
        return new EdgeCase(name, "Value.dot(List.of(a, b), List.of(c, d), e)  // a = " + Plan.literal(w0) + ", b = "
                + Plan.literal(w1) + ", c = " + Plan.literal(x0) + ", d = " + Plan.literal(x1) + ", e = " + Plan.literal(bias),
                new double[] {w0, w1, x0, x1, bias},
                v -> Value.dot(List.of(v[0], v[1]), List.of(v[2], v[3]), v[4]),
                (m, x) -> Torch.dot(new NDArray[] {x[0], x[1]}, new NDArray[] {x[2], x[3]}, x[4]), Ulps.boundFor(Op.DOT));
    }

    /** {@code op} applied to {@code inputs} in both engines: {@code code} is its micrograd call. */
    private static EdgeCase op(String name, String call, Op op, Function<Value[], Value> micrograd, double... inputs) {
        StringBuilder code = new StringBuilder(call).append("  // a = ").append(Plan.literal(inputs[0]));
        if (inputs.length > 1) {
            code.append(", b = ").append(Plan.literal(inputs[1]));
        }
        return new EdgeCase(name, code.toString(), inputs, micrograd, (m, t) -> Torch.apply(op, t), Ulps.boundFor(op));
    }

    private static EdgeCase sin(String name, double a) {
        return op(name, "a.sin()", Op.SIN, v -> v[0].sin(), a);
    }

    private static EdgeCase cos(String name, double a) {
        return op(name, "a.cos()", Op.COS, v -> v[0].cos(), a);
    }

    private static EdgeCase sqrt(String name, double a) {
        return op(name, "a.sqrt()", Op.SQRT, v -> v[0].sqrt(), a);
    }

    private static EdgeCase abs(String name, double a) {
        return op(name, "a.abs()", Op.ABS, v -> v[0].abs(), a);
    }

    private static EdgeCase softplus(String name, double a) {
        return op(name, "a.softplus()", Op.SOFTPLUS, v -> v[0].softplus(), a);
    }

    private static EdgeCase powValue(String name, double a, double b) {
        return op(name, "a.pow(b)", Op.POW_VALUE, v -> v[0].pow(v[1]), a, b);
    }

    private static EdgeCase max(String name, double a, double b) {
        return op(name, "a.max(b)", Op.MAX, v -> v[0].max(v[1]), a, b);
    }

    private static EdgeCase min(String name, double a, double b) {
        return op(name, "a.min(b)", Op.MIN, v -> v[0].min(v[1]), a, b);
    }

    /** The table: every case the edge test runs, in the order the report shows them. */
    public static final List<EdgeCase> TABLE = table();

    private static List<EdgeCase> table() {
        List<EdgeCase> t = new ArrayList<>();
        t.add(unary("log(0)", Expr.UnaryOp.LOG, 0.0));
        t.add(unary("log(-1)", Expr.UnaryOp.LOG, -1.0));
        t.add(unary("log(+inf)", Expr.UnaryOp.LOG, INF));
        t.add(unary("log(-inf)", Expr.UnaryOp.LOG, -INF));
        t.add(binary("1 / 0", Expr.BinaryOp.DIV, 1.0, 0.0));
        t.add(binary("-1 / 0", Expr.BinaryOp.DIV, -1.0, 0.0));
        t.add(binary("1 / -0", Expr.BinaryOp.DIV, 1.0, -0.0));
        t.add(binary("-1 / -0", Expr.BinaryOp.DIV, -1.0, -0.0));
        t.add(binary("0 / 0", Expr.BinaryOp.DIV, 0.0, 0.0));
        t.add(binary("inf / inf", Expr.BinaryOp.DIV, INF, INF));
        t.add(unary("exp(1000)", Expr.UnaryOp.EXP, 1000.0));
        t.add(unary("exp(-1000)", Expr.UnaryOp.EXP, -1000.0));
        t.add(unary("exp(-inf)", Expr.UnaryOp.EXP, -INF));
        t.add(unary("exp(+inf)", Expr.UnaryOp.EXP, INF));
        t.add(unary("tanh(+inf)", Expr.UnaryOp.TANH, INF));
        t.add(unary("tanh(-inf)", Expr.UnaryOp.TANH, -INF));
        t.add(unary("tanh(0)", Expr.UnaryOp.TANH, 0.0));
        t.add(unary("tanh(-0)", Expr.UnaryOp.TANH, -0.0));
        t.add(unary("tanh(-0.5)", Expr.UnaryOp.TANH, -0.5));
        t.add(unary("relu(0)", Expr.UnaryOp.RELU, 0.0));
        t.add(unary("relu(-0)", Expr.UnaryOp.RELU, -0.0));
        t.add(unary("relu(NaN)", Expr.UnaryOp.RELU, NAN));
        t.add(unary("relu(-inf)", Expr.UnaryOp.RELU, -INF));
        t.add(unary("relu(-2)", Expr.UnaryOp.RELU, -2.0));
        t.add(unary("sigmoid(1000)", Expr.UnaryOp.SIGMOID, 1000.0));
        t.add(unary("sigmoid(-1000)", Expr.UnaryOp.SIGMOID, -1000.0));
        t.add(unary("sigmoid(+inf)", Expr.UnaryOp.SIGMOID, INF));
        t.add(unary("sigmoid(-inf)", Expr.UnaryOp.SIGMOID, -INF));
        t.add(unary("neg(0)", Expr.UnaryOp.NEG, 0.0));
        t.add(unary("neg(-0)", Expr.UnaryOp.NEG, -0.0));
        t.add(pow("(-8)^(1/3)", -8.0, 1.0 / 3.0));
        t.add(pow("(-2)^0.5", -2.0, 0.5));
        t.add(pow("(-2)^3 (integer power of a negative base)", -2.0, 3.0));
        t.add(pow("0^0", 0.0, 0.0));
        t.add(pow("0^-1", 0.0, -1.0));
        t.add(pow("0^0.5", 0.0, 0.5));
        t.add(pow("0^2", 0.0, 2.0));
        t.add(binary("0 * inf", Expr.BinaryOp.MUL, 0.0, INF));
        t.add(binary("inf - inf", Expr.BinaryOp.SUB, INF, INF));
        t.add(binary("inf + (-inf)", Expr.BinaryOp.ADD, INF, -INF));
        // overflow to infinity (MAX = Double.MAX_VALUE) and underflow to a signed zero
        t.add(binary("MAX + MAX", Expr.BinaryOp.ADD, MAX, MAX));
        t.add(binary("-MAX - MAX", Expr.BinaryOp.SUB, -MAX, MAX));
        t.add(binary("MAX * 2", Expr.BinaryOp.MUL, MAX, 2.0));
        t.add(binary("MAX / 0.5", Expr.BinaryOp.DIV, MAX, 0.5));
        t.add(binary("1e-200 * -1e-200 (underflow)", Expr.BinaryOp.MUL, 1e-200, -1e-200));
        t.add(pow("1e200^2", 1e200, 2.0));
        t.add(pow("(-1e200)^3", -1e200, 3.0));
        t.add(sum("sum(MAX, MAX, 1)", MAX, MAX, 1.0));
        t.add(dot("dot([MAX, 1], [2, 1], 0)", MAX, 1.0, 2.0, 1.0, 0.0));
        // NaN into every op
        t.add(binary("NaN + 1", Expr.BinaryOp.ADD, NAN, 1.0));
        t.add(binary("NaN - 1", Expr.BinaryOp.SUB, NAN, 1.0));
        t.add(binary("NaN * 2", Expr.BinaryOp.MUL, NAN, 2.0));
        t.add(binary("2 * NaN", Expr.BinaryOp.MUL, 2.0, NAN));
        t.add(binary("NaN / 2", Expr.BinaryOp.DIV, NAN, 2.0));
        t.add(binary("2 / NaN", Expr.BinaryOp.DIV, 2.0, NAN));
        t.add(pow("NaN^2", NAN, 2.0));
        t.add(pow("NaN^0", NAN, 0.0));
        t.add(pow("NaN^0.5", NAN, 0.5));
        t.add(pow("1^inf", 1.0, INF));
        t.add(pow("1^NaN", 1.0, NAN));
        t.add(unary("neg(NaN)", Expr.UnaryOp.NEG, NAN));
        t.add(unary("exp(NaN)", Expr.UnaryOp.EXP, NAN));
        t.add(unary("log(NaN)", Expr.UnaryOp.LOG, NAN));
        t.add(unary("tanh(NaN)", Expr.UnaryOp.TANH, NAN));
        t.add(unary("sigmoid(NaN)", Expr.UnaryOp.SIGMOID, NAN));
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
