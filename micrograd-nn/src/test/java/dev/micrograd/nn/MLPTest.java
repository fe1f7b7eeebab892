package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MLPTest {
    private static SplittableRandom rng() {
        return new SplittableRandom(42);
    }

    private static String repeat(String s, int n) {
        return String.join(", ", Collections.nCopies(n, s));
    }

    @Test
    void printsAsMicrograd() {
        MLP model = new MLP(2, List.of(16, 16, 1), rng());
        String expected = "MLP of [Layer of [" + repeat("ReLUNeuron(2)", 16) + "], Layer of ["
                + repeat("ReLUNeuron(16)", 16) + "], Layer of [LinearNeuron(16)]]";
        assertEquals(expected, model.toString());
        assertEquals("MLP of [Layer of [TanhNeuron(3), TanhNeuron(3)], Layer of [TanhNeuron(2)]]",
                MLP.lecture(3, List.of(2, 1), rng()).toString());
        assertEquals("SigmoidNeuron(1)", new Neuron(1, Activation.SIGMOID, BiasInit.ZERO, rng()).toString());
    }

    @Test
    void countsParametersAsTheLectureAndDemo() {
        assertEquals(337, new MLP(2, List.of(16, 16, 1), rng()).parameterCount());
        assertEquals(41, MLP.lecture(3, List.of(4, 4, 1), rng()).parameterCount());
        assertEquals(4, new Neuron(3, Activation.RELU, BiasInit.ZERO, rng()).parameterCount());
        assertEquals(8, new Layer(3, 2, Activation.RELU, BiasInit.ZERO, rng()).parameterCount());
    }

    @Test
    void micrograd_initialisation_weightsUniformBiasZero_lectureBiasUniform() {
        MLP model = new MLP(2, List.of(16, 16, 1), rng());
        for (Layer layer : model.layers()) {
            for (Neuron n : layer.neurons()) {
                assertEquals(0.0, n.bias().data());
                for (Value w : n.weights()) {
                    assertTrue(w.data() >= -1.0 && w.data() < 1.0);
                }
            }
        }
        MLP lecture = MLP.lecture(3, List.of(4, 4, 1), rng());
        long nonZeroBiases = lecture.layers().stream().flatMap(l -> l.neurons().stream())
                .filter(n -> n.bias().data() != 0.0).count();
        assertEquals(9, nonZeroBiases);
        assertEquals(List.of(Activation.TANH, Activation.TANH, Activation.TANH), lecture.activations());
        assertEquals(List.of(Activation.RELU, Activation.RELU, Activation.LINEAR), model.activations());
        assertEquals(List.of(16, 16, 1), model.nouts());
        assertEquals(2, model.nin());
    }

    @Test
    void theSameSeedGivesBitIdenticalWeights_anotherSeedDoesNot() {
        assertArrayEquals(TrainerTest.bits(new MLP(2, List.of(16, 16, 1), new SplittableRandom(7))),
                TrainerTest.bits(new MLP(2, List.of(16, 16, 1), new SplittableRandom(7))));
        assertNotEquals(Arrays.toString(TrainerTest.bits(new MLP(2, List.of(3, 1), new SplittableRandom(7)))),
                Arrays.toString(TrainerTest.bits(new MLP(2, List.of(3, 1), new SplittableRandom(8)))));
    }

    @Test
    void parametersAreTheModelsOwnValuesInOrder() {
        MLP model = new MLP(2, List.of(2, 1), rng());
        List<Value> params = model.parameters();
        Neuron first = model.layers().get(0).neurons().get(0);
        assertSame(first.weights().get(0), params.get(0));
        assertSame(first.weights().get(1), params.get(1));
        assertSame(first.bias(), params.get(2));
        assertSame(model.layers().get(1).neurons().get(0).bias(), params.get(params.size() - 1));
        params.get(0).setGrad(3.0);
        model.zeroGrad();
        assertEquals(0.0, first.weights().get(0).grad());
    }

    @Test
    void forwardComputesTheNeuronFormula() {
        Neuron n = new Neuron(2, Activation.TANH, BiasInit.UNIFORM, rng());
        double w0 = n.weights().get(0).data();
        double w1 = n.weights().get(1).data();
        double b = n.bias().data();
        assertEquals(Math.tanh(b + w0 * 2.0 + w1 * -3.0), n.forward(2.0, -3.0).data());
        MLP model = new MLP(2, List.of(3, 1), rng());
        List<Value> out = model.forward(0.5, -0.2);
        assertEquals(1, out.size());
        Layer l = model.layers().get(0);
        List<Value> hidden = l.forward(0.5, -0.2);
        assertEquals(model.layers().get(1).forward(hidden).get(0).data(), out.get(0).data());
        out.get(0).backward();
        // gradient flows to every weight of the output neuron whose input is non-zero
        assertEquals(hidden.get(0).data(), model.layers().get(1).neurons().get(0).weights().get(0).grad());
    }

    @Test
    void wrongInputSizesSayExpectedAndFound() {
        MLP model = new MLP(2, List.of(16, 16, 1), rng());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(1.0, 2.0, 3.0));
        assertEquals("MLP expects 2 inputs, found 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.forward(List.of()));
        assertEquals("MLP expects 2 inputs, found 0", e.getMessage());
        Layer layer = model.layers().get(1);
        e = assertThrows(IllegalArgumentException.class, () -> layer.forward(1.0));
        assertEquals("Layer expects 16 inputs, found 1", e.getMessage());
        Neuron n = layer.neurons().get(0);
        e = assertThrows(IllegalArgumentException.class, () -> n.forward(1.0, 2.0));
        assertEquals("Neuron expects 16 inputs, found 2", e.getMessage());
    }

    @Test
    void nullsAreNamed() {
        MLP model = new MLP(2, List.of(1), rng());
        assertEquals("x", assertThrows(NullPointerException.class, () -> model.forward((List<Value>) null)).getMessage());
        assertEquals("x", assertThrows(NullPointerException.class, () -> model.forward((double[]) null)).getMessage());
        List<Value> withNull = new ArrayList<>();
        withNull.add(Value.of(1));
        withNull.add(null);
        assertEquals("x[1] is null", assertThrows(NullPointerException.class, () -> model.forward(withNull)).getMessage());
        assertEquals("nouts", assertThrows(NullPointerException.class, () -> new MLP(2, null, rng())).getMessage());
        assertEquals("rng", assertThrows(NullPointerException.class, () -> new MLP(2, List.of(1), null)).getMessage());
        List<Integer> sizes = new ArrayList<>();
        sizes.add(3);
        sizes.add(null);
        assertEquals("nouts[1] is null", assertThrows(NullPointerException.class, () -> new MLP(2, sizes, rng())).getMessage());
        assertEquals("hidden", assertThrows(NullPointerException.class,
                () -> new MLP(2, List.of(1), null, Activation.LINEAR, BiasInit.ZERO, rng())).getMessage());
        assertEquals("activation", assertThrows(NullPointerException.class,
                () -> new Neuron(2, null, BiasInit.ZERO, rng())).getMessage());
    }

    @Test
    void badSizesSayExpectedAndFound() {
        assertEquals("nin must be at least 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> new MLP(0, List.of(1), rng())).getMessage());
        assertEquals("nouts must name at least one layer size, found []",
                assertThrows(IllegalArgumentException.class, () -> new MLP(2, List.of(), rng())).getMessage());
        assertEquals("layer sizes must be at least 1, found nouts[1] = -3 in [4, -3]",
                assertThrows(IllegalArgumentException.class, () -> new MLP(2, List.of(4, -3), rng())).getMessage());
        assertEquals("nout must be at least 1, found 0", assertThrows(IllegalArgumentException.class,
                () -> new Layer(2, 0, Activation.RELU, BiasInit.ZERO, rng())).getMessage());
        assertEquals("nin must be at least 1, found -1", assertThrows(IllegalArgumentException.class,
                () -> new Neuron(-1, Activation.RELU, BiasInit.ZERO, rng())).getMessage());
    }

    @Test
    void aFailedConstructorDrawsNothingFromTheGenerator() {
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        assertThrows(IllegalArgumentException.class, () -> new MLP(2, List.of(4, 0), a));
        assertEquals(b.nextLong(), a.nextLong());
    }

    @Test
    void activationsParseAndApply() {
        assertEquals(Activation.RELU, Activation.parse(" ReLU "));
        assertEquals(Activation.LINEAR, Activation.parse("linear"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Activation.parse("gelu")).getMessage()
                .contains("expected one of relu, tanh, sigmoid, linear"));
        assertEquals(0.0, Activation.RELU.apply(Value.of(-2)).data());
        assertEquals(Math.tanh(0.5), Activation.TANH.apply(Value.of(0.5)).data());
        assertEquals(0.5, Activation.SIGMOID.apply(Value.of(0)).data());
        Value x = Value.of(3);
        assertSame(x, Activation.LINEAR.apply(x));
    }

    @Test
    void theInputCountIsCheckedFirst() {
        // with more than one bad argument, the message names the first in the parameter list
        assertEquals("nin must be at least 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> new MLP(0, List.of(), rng())).getMessage());
        assertEquals("nin must be at least 1, found 0", assertThrows(IllegalArgumentException.class,
                () -> new Layer(0, 0, Activation.RELU, BiasInit.ZERO, rng())).getMessage());
    }
}
