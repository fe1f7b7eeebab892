package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The lecture's worked examples ("The spelled-out intro to neural networks and backpropagation:
 * building micrograd"), with the numbers it shows on screen.
 */
class LectureTest {
    private static final double TOL = 1e-12;

    /** 32:10, manual backprop example 1: {@code L = (a*b + c) * f = -8}. */
    @Test
    void manualBackpropExampleOne() {
        LectureExamples.ExampleOne x = LectureExamples.exampleOne();
        x.L().backward();

        assertEquals(-8.0, x.L().data(), TOL);
        assertEquals(1.0, x.L().grad(), TOL);
        assertEquals(-2.0, x.d().grad(), TOL);
        assertEquals(4.0, x.f().grad(), TOL);
        assertEquals(-2.0, x.c().grad(), TOL);
        assertEquals(-2.0, x.e().grad(), TOL);
        assertEquals(6.0, x.a().grad(), TOL);
        assertEquals(-4.0, x.b().grad(), TOL);
    }

    /** 51:10, one optimisation step: nudging every leaf along its gradient raises L from -8. */
    @Test
    void oneOptimisationStepRaisesL() {
        Value a = Value.of(2.0);
        Value b = Value.of(-3.0);
        Value c = Value.of(10.0);
        Value f = Value.of(-2.0);
        Value L = a.mul(b).add(c).mul(f);
        L.backward();
        for (Value leaf : new Value[] {a, b, c, f}) {
            leaf.setData(leaf.data() + 0.01 * leaf.grad());
        }
        Value after = a.mul(b).add(c).mul(f);

        // (2.06 * -3.04 + 9.98) * -1.96 = -7.286496
        assertEquals(-7.286496, after.data(), 1e-12);
        assertTrue(after.data() > L.data());
    }

    /** 52:52, manual backprop example 2: a tanh neuron whose output is 0.7071. */
    @Test
    void tanhNeuron() {
        assertTheLecturesNumbers(Neuron.build(Value::tanh));
    }

    /** 1:27:05, tanh broken into exp, pow, division and subtraction: the same numbers. */
    @Test
    void tanhWrittenWithExpGivesTheSameNumbers() {
        Neuron n = Neuron.build(x -> {
            Value e = x.mul(2).exp();
            return e.sub(1).div(e.add(1));                // (e^{2n} - 1) / (e^{2n} + 1)
        });
        assertTheLecturesNumbers(n);
    }

    /** Backpropagates the neuron and checks the numbers of 52:52: o = 0.7071 and each input's gradient. */
    private static void assertTheLecturesNumbers(Neuron n) {
        n.o.backward();

        assertEquals(0.7071067811865476, n.o.data(), TOL);
        assertEquals(-1.5, n.x1.grad(), TOL);
        assertEquals(1.0, n.w1.grad(), TOL);
        assertEquals(0.5, n.x2.grad(), TOL);
        assertEquals(0.0, n.w2.grad(), TOL);
        assertEquals(0.5, n.b.grad(), TOL);
    }

    /** 1:22:28, the bug when a node is used several times: {@code b = a + a} gives {@code da = 2}. */
    @Test
    void reusedNodeAccumulates() {
        Value a = Value.of(3.0, "a");
        Value b = a.add(a).label("b");
        b.backward();

        assertEquals(6.0, b.data(), TOL);
        assertEquals(2.0, a.grad(), TOL);
    }

    /**
     * 1:22:28, the second example: {@code d = a*b, e = a+b, f = d*e} with {@code a = -2, b = 3}.
     * By hand: {@code df/da = b*e + d = 3*1 - 6 = -3}, {@code df/db = a*e + d = -2*1 - 6 = -8}.
     */
    @Test
    void reusedNodesOnTwoPaths() {
        Value a = Value.of(-2.0, "a");
        Value b = Value.of(3.0, "b");
        Value d = a.mul(b);
        Value e = a.add(b);
        Value f = d.mul(e);
        f.backward();

        assertEquals(-6.0, f.data(), TOL);
        assertEquals(-3.0, a.grad(), TOL);
        assertEquals(-8.0, b.grad(), TOL);
    }

    /** The lecture's neuron, with the activation as a parameter. */
    private static final class Neuron {
        final Value x1 = Value.of(2.0, "x1");
        final Value x2 = Value.of(0.0, "x2");
        final Value w1 = Value.of(-3.0, "w1");
        final Value w2 = Value.of(1.0, "w2");
        final Value b = Value.of(6.8813735870195432, "b");
        Value o;

        static Neuron build(java.util.function.UnaryOperator<Value> activation) {
            Neuron n = new Neuron();
            Value x1w1 = n.x1.mul(n.w1).label("x1*w1");
            Value x2w2 = n.x2.mul(n.w2).label("x2*w2");
            Value sum = x1w1.add(x2w2).label("x1*w1 + x2*w2");
            Value pre = sum.add(n.b).label("n");
            n.o = activation.apply(pre).label("o");
            return n;
        }
    }
}
