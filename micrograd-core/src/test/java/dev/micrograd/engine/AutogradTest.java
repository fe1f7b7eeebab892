package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Autograd}: known answers from closed forms (first, second and third derivatives), the
 * gradient graph's numbers against {@link Value#backward()}'s, and its contract (no grad written,
 * unreached inputs 0, no recursion).
 */
class AutogradTest {

    private static Value d(Value f, Value x) {
        return Autograd.grad(f, List.of(x)).get(0);
    }

    /**
     * {@code f = x³y + sin x}: {@code d²f/dx² = 6xy - sin x}, at (2, 3) {@code 36 - sin 2}; PyTorch's
     * double backward gives 35.09070257317432 there.
     */
    @Test
    void secondDerivativeOfAPolynomialPlusSine() {
        Value x = Value.of(2.0);
        Value y = Value.of(3.0);
        Value f = x.pow(3).mul(y).add(x.sin());
        Value dfdx = d(f, x);
        assertEquals(3 * 4 * 3 + StrictMath.cos(2.0), dfdx.data(), 1e-12);
        assertEquals(36 - StrictMath.sin(2.0), d(dfdx, x).data(), 1e-12);
        assertEquals(35.09070257317432, d(dfdx, x).data(), 1e-12);
        assertEquals(3 * 4, d(dfdx, y).data(), 1e-12);   // d²f/dxdy = 3x²
    }

    /**
     * Rosenbrock's function {@code f = (1 - x)² + 100 (y - x²)²} (Rosenbrock 1960; Nocedal and
     * Wright, Numerical Optimization, 2nd ed., exercise 2.1), whose Hessian is
     * {@code [[1200x² - 400y + 2, -400x], [-400x, 200]]}: {@code [[802, -400], [-400, 200]]} at the
     * minimum (1, 1). At these integer points every term is exact in double.
     */
    @ParameterizedTest(name = "at ({0}, {1})")
    @MethodSource("rosenbrockPoints")
    void hessianOfRosenbrock(double x0, double y0) {
        Value x = Value.of(x0);
        Value y = Value.of(y0);
        double[][] h = Autograd.hessian(rosenbrock(x, y), List.of(x, y));
        assertArrayEquals(new double[] {1200 * x0 * x0 - 400 * y0 + 2, -400 * x0}, h[0], 0.0);
        assertArrayEquals(new double[] {-400 * x0, 200}, h[1], 0.0);
    }

    static Stream<Arguments> rosenbrockPoints() {
        return Stream.of(Arguments.of(1.0, 1.0), Arguments.of(-1.0, 2.0), Arguments.of(0.0, 0.0), Arguments.of(3.0, -2.0));
    }

    static Value rosenbrock(Value x, Value y) {
        return Value.of(1.0).sub(x).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100));
    }

    /** Third derivatives of one-variable functions, against their closed forms (differentiated by hand). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("thirdDerivatives")
    void thirdDerivative(String name, UnaryOperator<Value> f, DoubleUnaryOperator third, double x0) {
        Value x = Value.of(x0);
        Value d3 = d(d(d(f.apply(x), x), x), x);
        double expected = third.applyAsDouble(x0);
        assertEquals(expected, d3.data(), 1e-12 * Math.max(1.0, Math.abs(expected)), name);
    }

    static Stream<Arguments> thirdDerivatives() {
        return Stream.of(
                third("sin''' = -cos", Value::sin, x -> -Math.cos(x), 0.7),
                third("cos''' = sin", Value::cos, Math::sin, -1.3),
                third("(e^2x)''' = 8 e^2x", x -> x.mul(2).exp(), x -> 8 * Math.exp(2 * x), 0.4),
                third("(x^5)''' = 60 x^2", x -> x.pow(5), x -> 60 * x * x, -1.7),
                third("log''' = 2 / x^3", Value::log, x -> 2 / (x * x * x), 1.9),
                third("sqrt''' = 3/8 x^-5/2", Value::sqrt, x -> 0.375 * Math.pow(x, -2.5), 2.3),
                third("tanh''' = (1 - t^2)(6t^2 - 2)", Value::tanh, x -> {
                    double t = Math.tanh(x);
                    return (1 - t * t) * (6 * t * t - 2);
                }, 0.6),
                third("sigmoid''' = s(1 - s)(1 - 6s + 6s^2)", Value::sigmoid, x -> {
                    double s = 1 / (1 + Math.exp(-x));
                    return s * (1 - s) * (1 - 6 * s + 6 * s * s);
                }, -0.8),
                third("softplus''' = sigmoid'' = s(1 - s)(1 - 2s)", Value::softplus, x -> {
                    double s = 1 / (1 + Math.exp(-x));
                    return s * (1 - s) * (1 - 2 * s);
                }, 1.1),
                third("(x^x)''' = x^x ((ln x + 1)^3 + 3 (ln x + 1) / x - 1 / x^2)", x -> x.pow(x), x -> {
                    double l = Math.log(x) + 1;
                    return Math.pow(x, x) * (l * l * l + 3 * l / x - 1 / (x * x));
                }, 1.6),
                third("(1 / x)''' = -6 / x^4", x -> Value.of(1.0).div(x), x -> -6 / (x * x * x * x), 0.9),
                third("max(x|x|, x^2/2)''' = 0 on the x|x| = x^2 branch", x -> x.mul(x.abs()).max(x.pow(2).mul(0.5)),
                        x -> 0.0, 1.2));
    }

    private static Arguments third(String name, UnaryOperator<Value> f, DoubleUnaryOperator third, double x) {
        return Arguments.of(name, f, third, x);
    }

    /**
     * The property that makes the gradient graph trustworthy at first order: at random points, each
     * gradient {@link Autograd#grad} builds holds the number {@link Value#backward()} computes, to
     * the last bit (a zero's sign aside), on an expression using every op with shared nodes.
     */
    @Property
    void gradientGraphHoldsTheNumbersOfBackward(@ForAll @DoubleRange(min = 0.1, max = 3) double a,
                                                @ForAll @DoubleRange(min = -3, max = 3) double b,
                                                @ForAll @DoubleRange(min = -3, max = 3) double c) {
        List<Value> x = List.of(Value.of(a), Value.of(b), Value.of(c));
        Value f = everyOp(x);
        List<Value> grads = Autograd.grad(f, x);
        f.backward();
        for (int i = 0; i < x.size(); i++) {
            assertTrue(grads.get(i).data() == x.get(i).grad()
                            || (Double.isNaN(grads.get(i).data()) && Double.isNaN(x.get(i).grad())),
                    "d/dx" + i + ": Autograd " + grads.get(i).data() + ", backward " + x.get(i).grad());
        }
    }

    /** An expression of three variables (the first positive) using every op, with shared sub-expressions. */
    static Value everyOp(List<Value> x) {
        Value a = x.get(0);
        Value b = x.get(1);
        Value c = x.get(2);
        Value s = a.mul(b).sin();                         // shared below
        Value t = s.add(c.cos()).sub(b.neg().exp().mul(0.1)).tanh();
        Value u = a.sqrt().div(c.abs().add(1)).add(a.log()).pow(2);
        Value v = b.softplus().pow(a.sigmoid()).max(s).min(t.add(2)).relu();
        Value w = Value.dot(List.of(s, t), List.of(u, v), c.mul(c));
        return Value.sum(List.of(w, s, a.pow(b.mul(0.3)), u.mul(v)));
    }

    @Test
    void changesNoNodesGradient() {
        List<Value> x = List.of(Value.of(0.7), Value.of(-0.4), Value.of(1.3));
        Value f = everyOp(x);
        List<Value> nodes = Graph.compile(f).nodes();
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).setGrad(i + 0.25);
        }
        List<Value> grads = Autograd.grad(f, x);
        Autograd.hessian(f, x);
        Autograd.grad(grads.get(0), x);
        for (int i = 0; i < nodes.size(); i++) {
            assertEquals(i + 0.25, nodes.get(i).grad(), "grad of node " + i);
        }
    }

    @Test
    void anUnreachedInputGetsZeroAndTheOutputItselfOne() {
        Value x = Value.of(2.0);
        Value y = Value.of(5.0);
        Value f = x.mul(x);
        List<Value> g = Autograd.grad(f, List.of(y, f, x));
        assertEquals(0.0, g.get(0).data());
        assertTrue(g.get(0).isLeaf());
        assertEquals(1.0, g.get(1).data());
        assertEquals(4.0, g.get(2).data());
        assertEquals(0.0, d(d(f, y), x).data(), "the zero gradient is a Value too");
        assertArrayEquals(new double[][] {{0, 0}, {0, 2}}, Autograd.hessian(f, List.of(y, x)));
    }

    @Test
    void withRespectToAComputedNode() {
        Value x = Value.of(0.5);
        Value h = x.mul(3);
        Value f = h.pow(2).add(h.sin());
        assertEquals(2 * 1.5 + Math.cos(1.5), d(f, h).data(), 1e-15);
    }

    /** A node whose every contribution is masked still passes 0 down: {@code 0 * Infinity} below it is NaN, as in backward(). */
    @Test
    void aMaskedGradientPassesZeroDownAsBackwardDoes() {
        Value x = Value.of(0.0);
        Value f = x.log().relu();   // relu(-inf) masks its gradient; log's rule then gives 0 / 0
        f.backward();
        assertTrue(Double.isNaN(x.grad()));
        assertTrue(Double.isNaN(d(f, x).data()));
    }

    @Test
    void gradientsDoNotRecurse() {
        Value x = Value.of(0.3);
        Value y = x;
        for (int i = 0; i < 200_000; i++) {
            y = y.mul(0.999_999).add(1e-7);
        }
        Value dy = d(y, x);
        assertEquals(Math.pow(0.999_999, 200_000), dy.data(), 1e-9);
        assertEquals(0.0, d(dy, x).data(), "a chain of affine maps has no curvature");
    }

    /**
     * Chains of {@code k} negations, {@code k + 1} nodes, for every {@code k} up to 200: across the
     * sizes where the walk's arrays are exactly full (64, 112, 184 nodes). {@code d/dx} of
     * {@code (-1)^k x} is {@code (-1)^k}, and its derivative 0.
     */
    @Test
    void chainsOfEveryLengthAcrossTheWalksArraySizes() {
        for (int k = 0; k <= 200; k++) {
            Value x = Value.of(0.5);
            Value y = x;
            for (int i = 0; i < k; i++) {
                y = y.neg();
            }
            Value dy = d(y, x);
            assertEquals(k % 2 == 0 ? 1.0 : -1.0, dy.data(), "k = " + k);
            assertEquals(0.0, d(dy, x).data(), "k = " + k);
        }
    }

    @Test
    void rejectsNulls() {
        Value x = Value.of(1.0);
        assertThrows(NullPointerException.class, () -> Autograd.grad(null, List.of(x)));
        assertThrows(NullPointerException.class, () -> Autograd.grad(x, null));
        List<Value> withNull = new ArrayList<>(Arrays.asList(x, null));
        NullPointerException e = assertThrows(NullPointerException.class, () -> Autograd.grad(x, withNull));
        assertEquals("inputs[1] is null", e.getMessage());
    }
}
