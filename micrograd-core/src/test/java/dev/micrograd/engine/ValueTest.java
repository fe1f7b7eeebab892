package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link Value} API: what it records, what it prints, and how it refuses bad arguments. */
class ValueTest {

    @Test
    void childrenAreTheOperandsInOrderAndUnmodifiable() {
        Value a = Value.of(2.0, "a");
        Value b = Value.of(-3.0, "b");
        Value d = a.sub(b);

        assertEquals(List.of(a, b), d.children());
        assertSame(a, d.children().get(0));
        assertThrows(UnsupportedOperationException.class, () -> d.children().add(a));
        assertTrue(a.children().isEmpty());
    }

    @Test
    void aConstantOperandBecomesALeaf() {
        Value x = Value.of(4.0);
        Value y = x.mul(2);

        assertEquals(2, y.children().size());
        assertTrue(y.children().get(1).isLeaf());
        assertEquals(2.0, y.children().get(1).data());
        assertEquals(8.0, y.data());
    }

    @Test
    void opPrintsAsMicrogradsUnderscoreOp() {
        Value x = Value.of(0.5);
        assertEquals("", x.op());
        assertEquals("+", x.add(1).op());
        assertEquals("-", x.sub(1).op());
        assertEquals("*", x.mul(2).op());
        assertEquals("/", x.div(2).op());
        assertEquals(0.5, Op.LEAF.forward(x), "a leaf's forward value is its own data");
        assertEquals("**3", x.pow(3).op());
        assertEquals("**-1", x.pow(-1).op());
        assertEquals("**0.5", x.pow(0.5).op());
        // a whole exponent below 1e15 prints as an integer; from 1e15 on, as Double.toString prints it
        assertEquals("**999999999999999", x.pow(999999999999999.0).op());
        assertEquals("**1.0E15", x.pow(1e15).op());
        assertEquals("neg", x.neg().op());
        assertEquals("exp", x.exp().op());
        assertEquals("log", x.log().op());
        assertEquals("tanh", x.tanh().op());
        assertEquals("ReLU", x.relu().op());
        assertEquals("sigmoid", x.sigmoid().op());
        assertEquals("sum", Value.sum(List.of(x, x)).op());
        assertEquals("dot", Value.dot(List.of(x), List.of(x), x).op());
        assertEquals(Op.POW, x.pow(3).operation());
        assertEquals(3.0, x.pow(3).exponent());
        assertThrows(IllegalStateException.class, () -> x.exponent());
    }

    @Test
    void printsAsMicrogradDoes() {
        Value v = Value.of(0.7071067811865476);
        assertEquals("Value(data=0.7071067811865476, grad=0.0)", v.toString());
    }

    @Test
    void identitySemantics() {
        Value a = Value.of(1.0);
        Value b = Value.of(1.0);
        assertNotEquals(a, b);
        assertEquals(a, a);
        assertEquals(System.identityHashCode(a), a.hashCode());
    }

    @Test
    void labels() {
        assertEquals("", Value.of(1.0).label());
        assertEquals("a", Value.of(1.0, "a").label());
        Value e = Value.of(1.0).mul(2).label("e");
        assertEquals("e", e.label());
    }

    @Test
    void nullArgumentsAreRefusedByName() {
        Value x = Value.of(1.0);
        assertEquals("other", assertThrows(NullPointerException.class, () -> x.add((Value) null)).getMessage());
        assertEquals("other", assertThrows(NullPointerException.class, () -> x.sub((Value) null)).getMessage());
        assertEquals("other", assertThrows(NullPointerException.class, () -> x.mul((Value) null)).getMessage());
        assertEquals("other", assertThrows(NullPointerException.class, () -> x.div((Value) null)).getMessage());
        assertEquals("label", assertThrows(NullPointerException.class, () -> Value.of(1.0, null)).getMessage());
        assertEquals("label", assertThrows(NullPointerException.class, () -> x.label(null)).getMessage());
        assertEquals("terms", assertThrows(NullPointerException.class, () -> Value.sum(null)).getMessage());
        assertEquals("bias", assertThrows(NullPointerException.class,
                () -> Value.dot(List.of(x), List.of(x), null)).getMessage());
        assertEquals("root", assertThrows(NullPointerException.class, () -> Graph.compile(null)).getMessage());
    }

    @Test
    void dotRefusesMismatchedSizes() {
        Value x = Value.of(1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Value.dot(List.of(x, x), List.of(x), x));
        assertEquals("dot needs as many inputs as weights: expected 2 inputs, found 1", e.getMessage());
    }

    /** The array form builds the node the list form builds: weights, then inputs, then the bias; the same value. */
    @Test
    void dotOverArraysIsTheDotOverLists() {
        Value[] w = {Value.of(0.3), Value.of(-1.7), Value.of(0.5)};
        Value[] x = {Value.of(2.25), Value.of(0.125), Value.of(-4.0)};
        Value b = Value.of(0.1);
        Value fromArrays = Value.dot(w, x, b);
        Value fromLists = Value.dot(List.of(w), List.of(x), b);

        assertEquals(Op.DOT, fromArrays.operation());
        assertEquals(fromLists.children(), fromArrays.children());
        assertEquals(fromLists.data(), fromArrays.data(), 0.0);
        Value first = w[0];
        w[0] = Value.of(9.0);
        assertSame(first, fromArrays.children().get(0), "the arrays are copied, not kept");
        assertEquals(List.of(b), Value.dot(new Value[0], new Value[0], b).children());
    }

    @Test
    void dotOverArraysRefusesNullsAndMismatchedLengthsByName() {
        Value v = Value.of(1.0);
        Value[] three = {v, v, v};
        assertEquals("weights", assertThrows(NullPointerException.class, () -> Value.dot(null, three, v)).getMessage());
        assertEquals("inputs", assertThrows(NullPointerException.class, () -> Value.dot(three, null, v)).getMessage());
        assertEquals("bias", assertThrows(NullPointerException.class, () -> Value.dot(three, three, null)).getMessage());
        assertEquals("weights[1] is null", assertThrows(NullPointerException.class,
                () -> Value.dot(new Value[] {v, null, v}, three, v)).getMessage());
        assertEquals("inputs[0] is null", assertThrows(NullPointerException.class,
                () -> Value.dot(three, new Value[] {null, v, v}, v)).getMessage());
        assertEquals("inputs[2] is null", assertThrows(NullPointerException.class,
                () -> Value.dot(three, new Value[] {v, v, null}, v)).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Value.dot(three, new Value[] {v, v}, v));
        assertEquals("dot needs as many inputs as weights: expected 3 inputs, found 2", e.getMessage());
    }

    @Test
    void backwardTwiceAccumulatesTwice() {
        Value a = Value.of(3.0);
        Value y = a.mul(a);
        y.backward();
        assertEquals(6.0, a.grad());
        y.backward();
        assertEquals(12.0, a.grad());
        assertEquals(1.0, y.grad());
    }

    /** Through intermediate nodes too: the second call adds the same gradient again, no more. */
    @Test
    void backwardTwiceAccumulatesTwiceThroughIntermediateNodes() {
        Value x = Value.of(0.5);
        Value h = x.mul(2).label("h");
        Value y = h.mul(3).tanh();
        y.backward();
        double once = x.grad();
        double hOnce = h.grad();
        y.backward();

        assertEquals(2 * once, x.grad(), 0.0);
        assertEquals(hOnce, h.grad(), 0.0, "a computed node's gradient is this call's, not a sum over calls");
    }

    /** Two losses sharing a node, differentiated one after the other: the gradient of their sum. */
    @Test
    void twoBackwardCallsGiveTheGradientOfTheSum() {
        Value x = Value.of(0.7);
        Value shared = x.mul(x).exp();
        Value l1 = shared.mul(2);
        Value l2 = shared.tanh();
        l1.backward();
        l2.backward();

        Value x2 = Value.of(0.7);
        Value shared2 = x2.mul(x2).exp();
        shared2.mul(2).add(shared2.tanh()).backward();
        assertEquals(x2.grad(), x.grad(), 1e-15);
    }

    @Test
    void sumAndDotEqualTheirUnfusedForms() {
        Value w0 = Value.of(0.3);
        Value w1 = Value.of(-1.7);
        Value x0 = Value.of(2.25);
        Value x1 = Value.of(0.125);
        Value b = Value.of(0.1);
        Value fused = Value.dot(List.of(w0, w1), List.of(x0, x1), b);
        Value unfused = b.add(w0.mul(x0)).add(w1.mul(x1));
        assertEquals(unfused.data(), fused.data(), 0.0);

        assertEquals(0.0, Value.sum(List.of()).data());
        assertEquals(x0.data() + x1.data() + b.data(), Value.sum(List.of(x0, x1, b)).data(), 0.0);
    }

    @Test
    void leafBackwardSetsItsGradToOne() {
        Value x = Value.of(5.0);
        x.backward();
        assertEquals(1.0, x.grad());
        assertFalse(x.children().iterator().hasNext());
    }
}
