package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * a gradient is a sum that starts at {@code +0.0}, so its zero carries no sign.
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
                edge("sigmoid(NaN)", NAN, Value::sigmoid, NAN, NAN));
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
                Arguments.of("NaN+1", NAN, 1.0, '+', NAN, 1.0, 1.0));
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
            default -> throw new IllegalArgumentException(String.valueOf(op));
        };
        out.backward();
        assertSameDouble(value, out.data(), name + " value");
        assertSameGradient(gradA, va.grad(), name + " gradient of a");
        assertSameGradient(gradB, vb.grad(), name + " gradient of b");
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
