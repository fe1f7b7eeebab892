package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.micrograd.engine.Value;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {
    @Test
    void linearDecayIsTheDemosScheduleBitForBit() {
        LearningRate lr = LearningRate.linearDecay(1.0, 0.9, 100);
        for (int k = 0; k <= 100; k++) {
            assertEquals(1.0 - 0.9 * k / 100, lr.at(k), "k=" + k);
        }
        assertEquals(1.0 - 0.9, lr.at(250));   // held after the decay
        assertEquals(0.1, LearningRate.constant(0.1).at(7));
        assertThrows(IllegalArgumentException.class, () -> LearningRate.constant(Double.NaN));
        assertEquals("steps must be at least 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> LearningRate.linearDecay(1, 0.9, 0)).getMessage());
    }

    @Test
    void sgdIsMicrogradsUpdate() {
        Value a = Value.of(1.0);
        Value b = Value.of(-2.0);
        a.setGrad(0.5);
        b.setGrad(-4.0);
        Sgd sgd = new Sgd(List.of(a, b), LearningRate.linearDecay(1.0, 0.9, 100));
        sgd.step();
        assertEquals(1.0 - 1.0 * 0.5, a.data());
        assertEquals(-2.0 - 1.0 * -4.0, b.data());
        assertEquals(1, sgd.steps());
        assertEquals(1.0 - 0.9 * 1 / 100, sgd.learningRate());
        sgd.zeroGrad();
        assertEquals(0.0, a.grad());
        assertEquals(0.0, b.grad());
    }

    @Test
    void sgdMomentumAccumulatesVelocity() {
        Value p = Value.of(0.0);
        Sgd sgd = new Sgd(List.of(p), LearningRate.constant(0.1), 0.9);
        p.setGrad(1.0);
        sgd.step();               // v = 1, p = -0.1
        assertEquals(-0.1, p.data());
        sgd.step();               // v = 0.9 + 1 = 1.9, p = -0.1 - 0.19
        assertEquals(-0.1 - 0.1 * 1.9, p.data(), 1e-15);
        assertEquals(0.9, sgd.momentum());
    }

    @Test
    void adamsFirstStepMovesEachParameterByLr() {
        // After one step, m̂ = g and v̂ = g², so the update is lr * g / (|g| + eps) ≈ lr * sign(g).
        Value a = Value.of(1.0);
        Value b = Value.of(1.0);
        a.setGrad(3.0);
        b.setGrad(-0.01);
        Adam adam = new Adam(List.of(a, b), 0.1);
        adam.step();
        assertEquals(1.0 - 0.1, a.data(), 1e-8);
        assertEquals(1.0 + 0.1, b.data(), 1e-6);
        assertEquals(1, adam.steps());
    }

    @Test
    void adamMinimisesAQuadratic() {
        Value x = Value.of(5.0);
        Adam adam = new Adam(List.of(x), 0.1);
        for (int i = 0; i < 500; i++) {
            Value loss = x.sub(2.0).pow(2);
            adam.zeroGrad();
            loss.backward();
            adam.step();
        }
        assertEquals(2.0, x.data(), 1e-3);
    }

    @Test
    void emptyNullOrRepeatedParametersAreRejected() {
        assertEquals("an optimizer needs at least one parameter, found 0",
                assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), LearningRate.constant(0.1))).getMessage());
        assertEquals("an optimizer needs at least one parameter, found 0",
                assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(), 0.1)).getMessage());
        assertEquals("params", assertThrows(NullPointerException.class, () -> new Adam(null, 0.1)).getMessage());
        assertEquals("params[1] is null", assertThrows(NullPointerException.class,
                () -> new Sgd(Arrays.asList(Value.of(1), null), LearningRate.constant(0.1))).getMessage());
        Value p = Value.of(1);
        assertEquals("expected distinct parameters, found params[0] and params[1] to be the same Value",
                assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p, p), LearningRate.constant(1))).getMessage());
        assertEquals("lr", assertThrows(NullPointerException.class, () -> new Sgd(List.of(p), null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), LearningRate.constant(1), 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1, 1.0, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1, 0.9, 0.999, 0));
    }

    @Test
    void aNonFiniteRateFailsTheStepAndChangesNothing() {
        Value p = Value.of(1.0);
        p.setGrad(1.0);
        Sgd sgd = new Sgd(List.of(p), k -> k == 0 ? Double.NaN : 0.5);
        assertEquals("learning rate at step 0 must be finite, found NaN",
                assertThrows(IllegalStateException.class, sgd::step).getMessage());
        assertEquals(1.0, p.data());
        assertEquals(0, sgd.steps());
    }

    @Test
    void adamsSecondStepIsBiasCorrected() {
        // Kingma and Ba's Algorithm 1 (PyTorch's Adam) with beta1 = beta2 = 0.5, eps = 2^-20, lr = 1,
        // by hand: step 1, g = 2: m = 1, v = 2, m^ = 1 / (1 - 0.5) = 2, v^ = 2 / (1 - 0.5) = 4,
        // p = 0 - 2 / (2 + eps); step 2, g = 1: m = 0.5 + 0.5 = 1, v = 1 + 0.5 = 1.5,
        // m^ = 1 / (1 - 0.25) = 4/3, v^ = 1.5 / 0.75 = 2, p -= (4/3) / (sqrt 2 + eps)
        double eps = 0x1p-20;
        Value p = Value.of(0.0);
        Adam adam = new Adam(List.of(p), 1.0, 0.5, 0.5, eps);
        p.setGrad(2.0);
        adam.step();
        assertEquals(-2.0 / (2.0 + eps), p.data());
        assertArrayEquals(new double[] {1.0, 2.0}, adam.moments());
        p.setGrad(1.0);
        adam.step();
        assertArrayEquals(new double[] {1.0, 1.5}, adam.moments());
        assertEquals(-2.0 / (2.0 + eps) - (4.0 / 3.0) / (Math.sqrt(2.0) + eps), p.data(), 1e-15);
        assertEquals(2, adam.steps());
    }

    @Test
    void adamsMomentsAreOnePerParameterFirstThenSecond() {
        Value a = Value.of(0.0);
        Value b = Value.of(0.0);
        Adam adam = new Adam(List.of(a, b), 0.1);
        a.setGrad(1.0);
        b.setGrad(-2.0);
        adam.step();
        // m = (1 - 0.9) g, v = (1 - 0.999) g^2
        assertArrayEquals(new double[] {(1 - 0.9) * 1.0, (1 - 0.9) * -2.0, (1 - 0.999) * 1.0, (1 - 0.999) * 4.0},
                adam.moments());
    }

    @Test
    void adamsDecaysMayBe0ButNot1() {
        Value p = Value.of(1.0);
        // beta1 = beta2 = 0: no memory, m = g and v = g^2 (RMSprop-like sign steps)
        Adam memoryless = new Adam(List.of(p), 0.5, 0.0, 0.0, 1e-8);
        p.setGrad(4.0);
        memoryless.step();
        assertEquals(1.0 - 0.5 * 4.0 / (4.0 + 1e-8), p.data());
        assertEquals("expected beta1 and beta2 in [0, 1), found beta1=0.9, beta2=1.0", assertThrows(
                IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1, 0.9, 1.0, 1e-8)).getMessage());
        assertEquals("expected beta1 and beta2 in [0, 1), found beta1=-0.1, beta2=0.999", assertThrows(
                IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1, -0.1, 0.999, 1e-8)).getMessage());
        assertEquals("expected beta1 and beta2 in [0, 1), found beta1=0.9, beta2=-0.1", assertThrows(
                IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1, 0.9, -0.1, 1e-8)).getMessage());
    }
}
