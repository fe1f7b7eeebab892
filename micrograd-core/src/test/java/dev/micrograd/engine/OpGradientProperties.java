package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * One property per operation: over the operation's domain, the gradient {@link Value#backward()}
 * computes equals the central finite difference ({@link GradientCheck}, PyTorch's tolerances).
 */
class OpGradientProperties {
    private static final GradientCheck CHECK = GradientCheck.defaults();

    private static void assertGradientsMatch(Function<List<Value>, Value> f, double... x) {
        GradientCheck.Result result = CHECK.check(f, x);
        assertTrue(result.passed(), result::toString);
    }

    @Property
    void add(@ForAll @DoubleRange(min = -100, max = 100) double a, @ForAll @DoubleRange(min = -100, max = 100) double b) {
        assertGradientsMatch(v -> v.get(0).add(v.get(1)), a, b);
        assertGradientsMatch(v -> v.get(0).add(b), a);
    }

    @Property
    void sub(@ForAll @DoubleRange(min = -100, max = 100) double a, @ForAll @DoubleRange(min = -100, max = 100) double b) {
        assertGradientsMatch(v -> v.get(0).sub(v.get(1)), a, b);
        assertGradientsMatch(v -> v.get(0).sub(b), a);
    }

    @Property
    void mul(@ForAll @DoubleRange(min = -100, max = 100) double a, @ForAll @DoubleRange(min = -100, max = 100) double b) {
        assertGradientsMatch(v -> v.get(0).mul(v.get(1)), a, b);
        assertGradientsMatch(v -> v.get(0).mul(b), a);
    }

    @Property
    void div(@ForAll @DoubleRange(min = -100, max = 100) double a, @ForAll("awayFromZero") double b) {
        assertGradientsMatch(v -> v.get(0).div(v.get(1)), a, b);
        assertGradientsMatch(v -> v.get(0).div(b), a);
    }

    @Property
    void powWithIntegerExponent(@ForAll @DoubleRange(min = -5, max = 5) double a, @ForAll @IntRange(min = -3, max = 4) int k) {
        Assume.that(k >= 0 || Math.abs(a) > 0.1);
        assertGradientsMatch(v -> v.get(0).pow(k), a);
    }

    @Property
    void powWithFractionalExponentOfPositiveBase(@ForAll @DoubleRange(min = 0.05, max = 10) double a,
                                                 @ForAll @DoubleRange(min = -2.5, max = 2.5) double k) {
        assertGradientsMatch(v -> v.get(0).pow(k), a);
    }

    @Property
    void neg(@ForAll @DoubleRange(min = -100, max = 100) double a) {
        assertGradientsMatch(v -> v.get(0).neg(), a);
    }

    @Property
    void exp(@ForAll @DoubleRange(min = -10, max = 10) double a) {
        assertGradientsMatch(v -> v.get(0).exp(), a);
    }

    @Property
    void log(@ForAll @DoubleRange(min = 0.01, max = 1000) double a) {
        assertGradientsMatch(v -> v.get(0).log(), a);
    }

    @Property
    void tanh(@ForAll @DoubleRange(min = -20, max = 20) double a) {
        assertGradientsMatch(v -> v.get(0).tanh(), a);
    }

    @Property
    void relu(@ForAll("awayFromZero") double a) {
        assertGradientsMatch(v -> v.get(0).relu(), a);
    }

    @Property
    void sigmoid(@ForAll @DoubleRange(min = -30, max = 30) double a) {
        assertGradientsMatch(v -> v.get(0).sigmoid(), a);
    }

    @Property
    void sin(@ForAll @DoubleRange(min = -10, max = 10) double a) {
        assertGradientsMatch(v -> v.get(0).sin(), a);
    }

    @Property
    void cos(@ForAll @DoubleRange(min = -10, max = 10) double a) {
        assertGradientsMatch(v -> v.get(0).cos(), a);
    }

    @Property
    void sqrt(@ForAll @DoubleRange(min = 0.01, max = 1000) double a) {
        assertGradientsMatch(v -> v.get(0).sqrt(), a);
    }

    @Property
    void abs(@ForAll("awayFromZero") double a) {
        assertGradientsMatch(v -> v.get(0).abs(), a);
    }

    /** Below and above the threshold 20, where PyTorch's formula switches from log1p(exp(x)) to x. */
    @Property
    void softplus(@ForAll @DoubleRange(min = -40, max = 19.99) double below, @ForAll @DoubleRange(min = 20.01, max = 1000) double above) {
        assertGradientsMatch(v -> v.get(0).softplus(), below);
        assertGradientsMatch(v -> v.get(0).softplus(), above);
    }

    /** Both the base and the exponent are differentiated; the base stays positive, where a^b is smooth in both. */
    @Property
    void powWithValueExponent(@ForAll @DoubleRange(min = 0.05, max = 10) double a,
                              @ForAll @DoubleRange(min = -2.5, max = 2.5) double b) {
        assertGradientsMatch(v -> v.get(0).pow(v.get(1)), a, b);
        assertGradientsMatch(v -> Value.of(a).pow(v.get(0)), b);
    }

    /** Away from a tie, where max and min are smooth. */
    @Property
    void maxAndMin(@ForAll @DoubleRange(min = -100, max = 100) double a, @ForAll @DoubleRange(min = -100, max = 100) double b) {
        Assume.that(Math.abs(a - b) > 1e-3);
        assertGradientsMatch(v -> v.get(0).max(v.get(1)), a, b);
        assertGradientsMatch(v -> v.get(0).min(v.get(1)), a, b);
        assertGradientsMatch(v -> v.get(0).max(b), a);
        assertGradientsMatch(v -> v.get(0).min(b), a);
    }

    @Property
    void sum(@ForAll("points") double[] x) {
        assertGradientsMatch(v -> Value.sum(v).mul(v.get(0)), x);
    }

    @Property
    void dot(@ForAll("points") double[] w, @ForAll @DoubleRange(min = -10, max = 10) double bias) {
        int n = w.length;
        double[] x = new double[2 * n + 1];
        for (int i = 0; i < n; i++) {
            x[i] = w[i];
            x[n + i] = w[(i + 1) % n] - 0.5 * i;
        }
        x[2 * n] = bias;
        assertGradientsMatch(v -> Value.dot(v.subList(0, n), v.subList(n, 2 * n), v.get(2 * n)).tanh(), x);
    }

    /**
     * Second order, per op: the Hessian {@link Autograd#hessian} builds equals central differences
     * of the analytic gradient ({@link GradientCheck#checkSecondOrder}, PyTorch's tolerances), for
     * each op applied to {@code a·b + a} (so that mixed partials are non-zero), over its smooth
     * domain.
     */
    @Property
    void secondOrderOfTheSmoothUnaryOps(@ForAll @DoubleRange(min = 0.3, max = 1.5) double a,
                                         @ForAll @DoubleRange(min = 0.3, max = 1.5) double b) {
        List<Function<Value, Value>> ops = List.of(Value::sin, Value::cos, Value::sqrt, Value::softplus, Value::exp,
                Value::log, Value::tanh, Value::sigmoid, Value::neg, x -> x.pow(3), x -> x.pow(-1.5), Value::abs,
                x -> Value.of(1.0).div(x));
        for (Function<Value, Value> op : ops) {
            GradientCheck.SecondOrderResult r = CHECK.checkSecondOrder(v -> op.apply(v.get(0).mul(v.get(1)).add(v.get(0))), a, b);
            assertTrue(r.passed(), r::toString);
        }
    }

    /**
     * The same for the binary ops, with both operands differentiated, away from a tie for max and
     * min and from {@code b = 0}: there PyTorch's {@code where(b == 0, 0, g·b·a^(b-1))} makes
     * {@code d/da} exactly 0 with no dependence on {@code b}, so its {@code d²/dadb} is 0, not
     * {@code 1/a}; micrograd keeps that mask as PyTorch does.
     */
    @Property
    void secondOrderOfTheBinaryOps(@ForAll @DoubleRange(min = 0.3, max = 3) double a,
                                   @ForAll @DoubleRange(min = -2, max = 2) double b) {
        Assume.that(Math.abs(a - b) > 1e-3 && Math.abs(b) > 1e-3);
        List<Function<List<Value>, Value>> ops = List.of(
                v -> v.get(0).pow(v.get(1)), v -> v.get(1).exp().pow(v.get(0).mul(v.get(1))),
                v -> v.get(0).max(v.get(1)).mul(v.get(1)), v -> v.get(0).min(v.get(1)).mul(v.get(0)),
                v -> v.get(0).div(v.get(1).mul(v.get(1)).add(1)), v -> v.get(0).mul(v.get(1)).mul(v.get(1)),
                v -> Value.dot(List.of(v.get(0), v.get(1)), List.of(v.get(1), v.get(1)), v.get(0)).tanh(),
                v -> Value.sum(List.of(v.get(0), v.get(1), v.get(0))).pow(2).sub(v.get(1)));
        for (Function<List<Value>, Value> op : ops) {
            GradientCheck.SecondOrderResult r = CHECK.checkSecondOrder(op, a, b);
            assertTrue(r.passed(), r::toString);
        }
    }

    /** micrograd builds {@code a - b} as {@code a + (-b)}: the direct formula gives the same gradients, exactly. */
    @Property
    void subEqualsAddOfNegation(@ForAll @DoubleRange(min = -100, max = 100) double a, @ForAll @DoubleRange(min = -100, max = 100) double b) {
        Value a1 = Value.of(a);
        Value b1 = Value.of(b);
        Value a2 = Value.of(a);
        Value b2 = Value.of(b);
        a1.sub(b1).mul(a1).backward();
        a2.add(b2.neg()).mul(a2).backward();
        assertEquals(a2.grad(), a1.grad(), 0.0);
        assertEquals(b2.grad(), b1.grad(), 0.0);
    }

    /** micrograd builds {@code a / b} as {@code a * b**-1}: the direct formula gives the same gradients. */
    @Property
    void divEqualsMulOfReciprocal(@ForAll @DoubleRange(min = -100, max = 100) double a, @ForAll("awayFromZero") double b) {
        Value a1 = Value.of(a);
        Value b1 = Value.of(b);
        Value a2 = Value.of(a);
        Value b2 = Value.of(b);
        a1.div(b1).backward();
        a2.mul(b2.pow(-1)).backward();
        assertEquals(a2.grad(), a1.grad(), 1e-12 * Math.abs(a2.grad()));
        assertEquals(b2.grad(), b1.grad(), 1e-12 * Math.abs(b2.grad()));
    }

    @Provide
    Arbitrary<Double> awayFromZero() {
        return Arbitraries.doubles().between(0.05, 100).flatMap(d -> Arbitraries.of(d, -d));
    }

    @Provide
    Arbitrary<double[]> points() {
        return Arbitraries.doubles().between(-3, 3).list().ofMinSize(1).ofMaxSize(6).map(list -> {
            List<Double> copy = new ArrayList<>(list);
            double[] x = new double[copy.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = copy.get(i);
            }
            return x;
        });
    }
}
