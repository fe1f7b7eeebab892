package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.GradientCheck;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Softmax and cross-entropy: known answers from closed forms, stability, and misuse. */
class CrossEntropyTest {
    static List<Value> values(double... xs) {
        return LossesTest.values(xs);
    }

    static double[] data(List<Value> vs) {
        return vs.stream().mapToDouble(Value::data).toArray();
    }

    static double[] grads(List<Value> vs) {
        return vs.stream().mapToDouble(Value::grad).toArray();
    }

    @Test
    void softmaxOfLogarithmsIsTheNormalisedArguments() {
        // closed form: e^(ln a) = a, so softmax(ln 1, ln 2, ln 3) = (1, 2, 3) / 6
        double[] p = data(Losses.softmax(values(0.0, Math.log(2), Math.log(3))));
        assertEquals(1.0 / 6, p[0], 1e-15);
        assertEquals(2.0 / 6, p[1], 1e-15);
        assertEquals(3.0 / 6, p[2], 1e-15);
    }

    @Test
    void softmaxMatchesWikipediasWorkedExample() {
        // en.wikipedia.org/wiki/Softmax_function, "Example": softmax of [1, 2, 3, 4, 1, 2, 3] is
        // approximately [0.024, 0.064, 0.175, 0.475, 0.024, 0.064, 0.175] (three decimals)
        double[] p = data(Losses.softmax(values(1, 2, 3, 4, 1, 2, 3)));
        double[] expected = {0.024, 0.064, 0.175, 0.475, 0.024, 0.064, 0.175};
        for (int k = 0; k < p.length; k++) {
            assertEquals(expected[k], p[k], 5e-4, "p[" + k + "]");
        }
        assertEquals(1.0, Arrays.stream(p).sum(), 1e-15);
    }

    @Test
    void crossEntropyKnownAnswers() {
        // -log softmax(z)[t] = log Σ e^zk - z_t; with z = (ln 1, ln 2, ln 3): -log(3/6) = ln 2
        assertEquals(Math.log(2), Losses.crossEntropy(values(0.0, Math.log(2), Math.log(3)), 2).data(), 1e-15);
        // uniform logits: -log(1/K) = log K, whatever the common value
        assertEquals(Math.log(4), Losses.crossEntropy(values(-7, -7, -7, -7), 1).data(), 1e-15);
        // z = (1, 2, 3), t = 0: log(e + e² + e³) - 1 = log(1 + e + e²)
        assertEquals(Math.log(1 + Math.E + Math.E * Math.E), Losses.crossEntropy(values(1, 2, 3), 0).data(), 1e-14);
        // one class: probability 1, loss 0
        assertEquals(0.0, Losses.crossEntropy(values(5.0), 0).data());
    }

    @Test
    void logitsOf1000GiveAFiniteLossAndGradient() {
        // unshifted, e^1000 overflows to Infinity and the loss is NaN
        List<Value> equal = values(1000, 1000, 1000);
        Value loss = Losses.crossEntropy(equal, 0);
        assertEquals(Math.log(3), loss.data(), 1e-15);
        loss.backward();
        assertEquals(1.0 / 3 - 1, equal.get(0).grad(), 1e-15);
        assertEquals(1.0 / 3, equal.get(1).grad(), 1e-15);
        assertEquals(1.0 / 3, equal.get(2).grad(), 1e-15);

        // softmax (1, e^-1000 = 0): the wrong class costs its whole margin, 1000
        List<Value> apart = values(1000, 0);
        Value wrong = Losses.crossEntropy(apart, 1);
        assertEquals(1000.0, wrong.data());
        wrong.backward();
        assertEquals(1.0, apart.get(0).grad());
        assertEquals(-1.0, apart.get(1).grad());

        List<Value> p = Losses.softmax(values(1000, -1000));
        assertEquals(1.0, p.get(0).data());
        assertEquals(0.0, p.get(1).data());
    }

    @Test
    void theBatchFormIsTheMeanOfTheSamples() {
        List<List<Value>> logits = List.of(values(1, 2, 3), values(0.5, -1, 2), values(0, 0, 0));
        int[] targets = {0, 2, 1};
        double mean = 0;
        for (int i = 0; i < targets.length; i++) {
            mean += Losses.crossEntropy(logits.get(i), targets[i]).data();
        }
        mean /= 3;
        assertEquals(mean, Losses.crossEntropy(logits, targets).data(), 1e-15);
        Value loss = Losses.crossEntropy(logits, targets);
        loss.backward();
        // d/dz = (softmax - onehot) / n; the third sample is uniform: (1/3 - [k = 1]) / 3
        assertEquals((1.0 / 3) / 3, logits.get(2).get(0).grad(), 1e-16);
        assertEquals((1.0 / 3 - 1) / 3, logits.get(2).get(1).grad(), 1e-16);
    }

    @Test
    void argmaxAndAccuracy() {
        assertEquals(2, Losses.argmax(values(1, 2, 3)));
        assertEquals(0, Losses.argmax(values(3, 3, 1)), "the first on a tie, as numpy.argmax");
        assertEquals(1, Losses.argmax(values(3, Double.NaN, 5)), "the first NaN, as numpy.argmax");
        List<List<Value>> logits = List.of(values(1, 2, 3), values(3, 2, 1), values(0, 5, 0), values(1, 1, 0));
        assertEquals(0.5, Losses.accuracy(logits, new int[] {2, 1, 1, 2}));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradientCheck check = GradientCheck.defaults();
        check.checkOrThrow(z -> Losses.crossEntropy(z, 1), 0.3, -1.2, 2.0, 0.7);
        check.checkOrThrow(z -> Losses.crossEntropy(z, 3), 30.0, -8.0, 5.0, 29.0);
        check.checkOrThrow(z -> Losses.softmax(z).get(0), 0.3, -1.2, 2.0);
        check.checkOrThrow(z -> Losses.crossEntropy(List.of(z.subList(0, 3), z.subList(3, 6)), new int[] {2, 0}),
                0.1, 0.2, 0.3, -0.5, 1.5, 0.0);
    }

    @Test
    void badInputIsRejectedWithExpectedAndFound() {
        assertEquals("expected at least one logit in logits, found 0",
                assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(List.of(), 0)).getMessage());
        assertEquals("expected at least one logit in logits, found 0",
                assertThrows(IllegalArgumentException.class, () -> Losses.softmax(List.of())).getMessage());
        assertEquals("expected target in [0, 3) (one class per logit), found 3",
                assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(values(1, 2, 3), 3)).getMessage());
        assertEquals("expected target in [0, 3) (one class per logit), found -1",
                assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(values(1, 2, 3), -1)).getMessage());
        List<List<Value>> two = List.of(values(1, 2), values(3, 4));
        assertEquals("expected as many targets as samples of logits (2), found 3 targets",
                assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(two, new int[3])).getMessage());
        assertEquals("expected at least one sample of logits, found 0",
                assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(List.of(), new int[0])).getMessage());
        assertEquals("expected every sample to have 2 logits (as logits[0]), found 3 in logits[1]",
                assertThrows(IllegalArgumentException.class,
                        () -> Losses.crossEntropy(List.of(values(1, 2), values(1, 2, 3)), new int[2])).getMessage());
        assertEquals("expected targets[1] in [0, 2) (one class per logit), found 2",
                assertThrows(IllegalArgumentException.class, () -> Losses.accuracy(two, new int[] {0, 2})).getMessage());
        List<Value> withNull = new ArrayList<>(values(1));
        withNull.add(null);
        assertEquals("logits[1] is null",
                assertThrows(NullPointerException.class, () -> Losses.crossEntropy(withNull, 0)).getMessage());
        assertEquals("logits", assertThrows(NullPointerException.class, () -> Losses.argmax(null)).getMessage());
        assertEquals("targets", assertThrows(NullPointerException.class, () -> Losses.crossEntropy(two, null)).getMessage());
    }

    @Test
    void nonFiniteLogitsGiveNaNWithoutThrowing() {
        assertTrue(Double.isNaN(Losses.crossEntropy(values(Double.NaN, 1), 1).data()));
        assertTrue(Double.isNaN(Losses.crossEntropy(values(Double.POSITIVE_INFINITY, 1), 0).data()));
    }
}
