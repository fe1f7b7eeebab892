package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each operation does at its edges: value and gradient, with no exception. The expected
 * numbers follow from IEEE 754 arithmetic and PyTorch's backward formulas
 * ({@code tools/autograd/derivatives.yaml}); micrograd-verify checks the same cases against PyTorch
 * itself. Values are compared by their bits ({@link #assertSameDouble}): NaN equals NaN, and
 * {@code -0.0} differs from {@code 0.0}. Gradients are compared by {@code ==} (NaN equal to NaN):
 * a gradient is a sum that starts at {@code +0.0}, so its zero carries no sign. Each case also
 * checks the gradient {@link Autograd#grad} builds as a graph: {@code backwardGraph} takes the
 * same branches at the same edges, so it holds the same number.
 */
class NumericEdgesTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    static Stream<Arguments> unaryEdges() {
        return Stream.of(
                edge("log(0)", 0.0, Value::log, -INF, INF),
                edge("log(-1)", -1.0, Value::log, NAN, -1.0),
                edge("log(+inf)", INF, Value::log, INF, 0.0),
                edge("exp(1000)", 1000.0, Value::exp, INF, INF),
                edge("exp(-1000)", -1000.0, Value::exp, 0.0, 0.0),
                edge("tanh(+inf)", INF, Value::tanh, 1.0, 0.0),
                edge("tanh(-inf)", -INF, Value::tanh, -1.0, 0.0),
                edge("tanh(40)", 40.0, Value::tanh, 1.0, 0.0),
                edge("relu(0)", 0.0, Value::relu, 0.0, 0.0),
                edge("relu(-0)", -0.0, Value::relu, -0.0, 0.0),
                edge("neg(-0)", -0.0, Value::neg, 0.0, -1.0),
                edge("relu(-inf)", -INF, Value::relu, 0.0, 0.0),
                edge("relu(+inf)", INF, Value::relu, INF, 1.0),
                edge("relu(NaN)", NAN, Value::relu, NAN, 1.0),
                edge("sigmoid(1000)", 1000.0, Value::sigmoid, 1.0, 0.0),
                edge("sigmoid(-1000)", -1000.0, Value::sigmoid, 0.0, 0.0),
                edge("(-8)**(1/3)", -8.0, x -> x.pow(1.0 / 3.0), NAN, NAN),
                edge("0**0", 0.0, x -> x.pow(0), 1.0, 0.0),
                edge("0**-1", 0.0, x -> x.pow(-1), INF, -INF),
                edge("0**0.5", 0.0, x -> x.pow(0.5), 0.0, INF),
                edge("neg(NaN)", NAN, Value::neg, NAN, -1.0),
                edge("exp(NaN)", NAN, Value::exp, NAN, NAN),
                edge("tanh(NaN)", NAN, Value::tanh, NAN, NAN),
                edge("sigmoid(NaN)", NAN, Value::sigmoid, NAN, NAN),
                // sin' = cos, cos' = -sin; both NaN at the infinities
                edge("sin(0)", 0.0, Value::sin, 0.0, 1.0),
                edge("sin(-0)", -0.0, Value::sin, -0.0, 1.0),
                edge("sin(+inf)", INF, Value::sin, NAN, NAN),
                edge("cos(0)", 0.0, Value::cos, 1.0, 0.0),
                edge("cos(-inf)", -INF, Value::cos, NAN, NAN),
                // sqrt' = 1 / (2y): +inf at 0, -inf at -0
                edge("sqrt(0)", 0.0, Value::sqrt, 0.0, INF),
                edge("sqrt(-0)", -0.0, Value::sqrt, -0.0, -INF),
                edge("sqrt(-1)", -1.0, Value::sqrt, NAN, NAN),
                edge("sqrt(+inf)", INF, Value::sqrt, INF, 0.0),
                edge("sqrt(4)", 4.0, Value::sqrt, 2.0, 0.25),
                // abs' = sgn, 0 at 0
                edge("abs(0)", 0.0, Value::abs, 0.0, 0.0),
                edge("abs(-0)", -0.0, Value::abs, 0.0, 0.0),
                edge("abs(-3)", -3.0, Value::abs, 3.0, -1.0),
                edge("abs(-inf)", -INF, Value::abs, INF, -1.0),
                edge("abs(NaN)", NAN, Value::abs, NAN, 0.0),
                edge("1**inf", 1.0, x -> x.pow(INF), 1.0, INF),
                edge("1**NaN", 1.0, x -> x.pow(NAN), 1.0, NAN),
                // softplus: the input above 20, log1p(exp(x)) below; softplus' = sigmoid, 1 above 20
                edge("softplus(0)", 0.0, Value::softplus, StrictMath.log(2.0), 0.5),
                // at the threshold itself the formula is still log1p(exp(x)): PyTorch switches where x > 20
                // (aten/src/ATen/native/cpu/Activation.cpp, softplus_kernel and softplus_backward_kernel)
                edge("softplus(20)", 20.0, Value::softplus, StrictMath.log1p(StrictMath.exp(20.0)),
                        StrictMath.exp(20.0) / (StrictMath.exp(20.0) + 1.0)),
                edge("softplus(1000)", 1000.0, Value::softplus, 1000.0, 1.0),
                edge("softplus(-1000)", -1000.0, Value::softplus, 0.0, 0.0),
                edge("softplus(+inf)", INF, Value::softplus, INF, 1.0),
                edge("softplus(-inf)", -INF, Value::softplus, 0.0, 0.0),
                edge("softplus(NaN)", NAN, Value::softplus, NAN, NAN));
    }

    private static Arguments edge(String name, double x, UnaryOperator<Value> op, double value, double grad) {
        return Arguments.of(name, x, op, value, grad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryEdges")
    void unary(String name, double x, UnaryOperator<Value> op, double value, double grad) {
        Value in = Value.of(x);
        Value out = op.apply(in);
        out.backward();
        assertSameDouble(value, out.data(), name + " value");
        assertSameGradient(grad, in.grad(), name + " gradient");
        assertSameGradient(grad, Autograd.grad(out, List.of(in)).get(0).data(), name + " gradient as a graph");
    }

    static Stream<Arguments> binaryEdges() {
        return Stream.of(
                // a / b: da = g / b, db = -g * ((a / b) / b)
                Arguments.of("1/0", 1.0, 0.0, '/', INF, INF, -INF),
                Arguments.of("-1/0", -1.0, 0.0, '/', -INF, INF, INF),
                Arguments.of("0/0", 0.0, 0.0, '/', NAN, INF, NAN),
                Arguments.of("1/inf", 1.0, INF, '/', 0.0, 0.0, 0.0),
                // a * b: da = g * b, db = g * a
                Arguments.of("0*inf", 0.0, INF, '*', NAN, INF, 0.0),
                Arguments.of("NaN*2", NAN, 2.0, '*', NAN, 2.0, NAN),
                Arguments.of("inf-inf", INF, INF, '-', NAN, 1.0, -1.0),
                Arguments.of("NaN+1", NAN, 1.0, '+', NAN, 1.0, 1.0),
                // a ** b: da = b * a^(b-1), 0 where b = 0; db = y ln a, 0 where a = 0 and b >= 0
                Arguments.of("2**3", 2.0, 3.0, '^', 8.0, 12.0, 8.0 * StrictMath.log(2.0)),
                Arguments.of("0**0", 0.0, 0.0, '^', 1.0, 0.0, 0.0),
                Arguments.of("0**0.5", 0.0, 0.5, '^', 0.0, INF, 0.0),
                Arguments.of("0**-1", 0.0, -1.0, '^', INF, -INF, -INF),
                Arguments.of("(-2)**3", -2.0, 3.0, '^', -8.0, 12.0, NAN),
                Arguments.of("(-8)**(1/3)", -8.0, 1.0 / 3.0, '^', NAN, NAN, NAN),
                Arguments.of("1**inf", 1.0, INF, '^', 1.0, INF, 0.0),
                Arguments.of("(-1)**inf", -1.0, INF, '^', 1.0, INF, NAN),
                // max and min: the gradient split evenly on a tie; a NaN operand passes it to both
                Arguments.of("max(2, 1)", 2.0, 1.0, 'M', 2.0, 1.0, 0.0),
                Arguments.of("max(1, 2)", 1.0, 2.0, 'M', 2.0, 0.0, 1.0),
                Arguments.of("max(1, 1)", 1.0, 1.0, 'M', 1.0, 0.5, 0.5),
                Arguments.of("max(0, -0)", 0.0, -0.0, 'M', 0.0, 0.5, 0.5),
                Arguments.of("max(-0, 0)", -0.0, 0.0, 'M', -0.0, 0.5, 0.5),
                Arguments.of("max(NaN, 1)", NAN, 1.0, 'M', NAN, 1.0, 1.0),
                Arguments.of("max(1, NaN)", 1.0, NAN, 'M', NAN, 1.0, 1.0),
                Arguments.of("min(2, 1)", 2.0, 1.0, 'm', 1.0, 0.0, 1.0),
                Arguments.of("min(1, 1)", 1.0, 1.0, 'm', 1.0, 0.5, 0.5),
                Arguments.of("min(0, -0)", 0.0, -0.0, 'm', 0.0, 0.5, 0.5),
                Arguments.of("min(-0, 0)", -0.0, 0.0, 'm', -0.0, 0.5, 0.5),
                Arguments.of("min(1, NaN)", 1.0, NAN, 'm', NAN, 1.0, 1.0),
                Arguments.of("min(NaN, 1)", NAN, 1.0, 'm', NAN, 1.0, 1.0),
                Arguments.of("min(-inf, inf)", -INF, INF, 'm', -INF, 1.0, 0.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryEdges")
    void binary(String name, double a, double b, char op, double value, double gradA, double gradB) {
        Value va = Value.of(a);
        Value vb = Value.of(b);
        Value out = switch (op) {
            case '+' -> va.add(vb);
            case '-' -> va.sub(vb);
            case '*' -> va.mul(vb);
            case '/' -> va.div(vb);
            case '^' -> va.pow(vb);
            case 'M' -> va.max(vb);
            case 'm' -> va.min(vb);
            default -> throw new IllegalArgumentException(String.valueOf(op));
        };
        out.backward();
        assertSameDouble(value, out.data(), name + " value");
        assertSameGradient(gradA, va.grad(), name + " gradient of a");
        assertSameGradient(gradB, vb.grad(), name + " gradient of b");
        List<Value> graph = Autograd.grad(out, List.of(va, vb));
        assertSameGradient(gradA, graph.get(0).data(), name + " gradient of a as a graph");
        assertSameGradient(gradB, graph.get(1).data(), name + " gradient of b as a graph");
    }

    /** Equal, or both NaN; {@code -0.0 == 0.0}. */
    private static void assertSameGradient(double expected, double actual, String what) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return;
        }
        if (expected != actual) {
            assertEquals(expected, actual, what);
        }
    }

    /** Equal bits (any NaN equals any NaN); unlike a delta comparison, {@code -0.0 != 0.0}. */
    private static void assertSameDouble(double expected, double actual, String what) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return;
        }
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                () -> what + ": expected " + expected + ", found " + actual);
    }
}
