package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.GradientCheck;
import dev.micrograd.engine.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossesTest {
    static List<Value> values(double... xs) {
        return Checks.leaves(xs);
    }

    @Test
    void sumSquaredErrorIsTheLecturesLoss() {
        // the lecture's first predictions are around [0.88, 0.71, 0.90, 0.84] against [1, -1, -1, 1]
        Value loss = Losses.sumSquaredError(values(0.5, -0.25, 2.0), new double[] {1.0, -1.0, 1.0});
        assertEquals(0.25 + 0.5625 + 1.0, loss.data());
        assertEquals((0.25 + 0.5625 + 1.0) / 3, Losses.meanSquaredError(values(0.5, -0.25, 2.0),
                new double[] {1.0, -1.0, 1.0}).data(), 1e-15);
    }

    @Test
    void maxMarginIsTheDemosLoss() {
        // relu(1 - 1*2) = 0, relu(1 - (-1)*0.5) = 1.5, relu(1 - 1*0.25) = 0.75, relu(1 - (-1)*(-3)) = 0
        List<Value> scores = values(2.0, 0.5, 0.25, -3.0);
        Value loss = Losses.maxMargin(scores, new double[] {1, -1, 1, -1});
        assertEquals((0 + 1.5 + 0.75 + 0) * (1.0 / 4), loss.data());
        loss.backward();
        assertEquals(0.0, scores.get(0).grad());
        assertEquals(0.25, scores.get(1).grad());
        assertEquals(-0.25, scores.get(2).grad());
        assertEquals(0.0, scores.get(3).grad());
    }

    @Test
    void binaryCrossEntropyIsMinusLogLikelihoodAndNeverOverflows() {
        double z = 0.7;
        double expected = (-Math.log(1 / (1 + Math.exp(-z))) - Math.log(1 - 1 / (1 + Math.exp(-z)))) / 2;
        assertEquals(expected, Losses.binaryCrossEntropy(values(z, z), new double[] {1, -1}).data(), 1e-15);
        assertEquals(Math.log(2), Losses.binaryCrossEntropy(values(0), new double[] {1}).data());
        List<Value> extreme = values(1000, -1000, 1000, -1000);
        Value loss = Losses.binaryCrossEntropy(extreme, new double[] {1, -1, -1, 1});
        assertEquals(2000.0 / 4, loss.data());
        loss.backward();
        assertEquals(0.0, extreme.get(0).grad());
        assertEquals(0.0, extreme.get(1).grad());
        assertEquals(0.25, extreme.get(2).grad());
        assertEquals(-0.25, extreme.get(3).grad());
        List<Value> zero = values(0.0);
        Losses.binaryCrossEntropy(zero, new double[] {1}).backward();
        assertEquals(-0.5, zero.get(0).grad());   // sigma(0) - 1, exactly, at the kink of the stable form
    }

    @Test
    void l2AndAccuracyAreTheDemos() {
        List<Value> params = values(1.0, -2.0, 0.5);
        Value reg = Losses.l2(params, 1e-4);
        assertEquals(1e-4 * 5.25, reg.data());
        reg.backward();
        assertEquals(2e-4 * -2.0, params.get(1).grad(), 1e-20);
        assertEquals(0.0, Losses.l2(List.of(), 0.5).data());
        assertEquals(0.75, Losses.accuracy(values(1, -1, 0, 2), new double[] {1, -1, 1, 1}));
        assertEquals(0.5, Losses.accuracy(values(Double.NaN, -1), new double[] {1, -1}));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradientCheck check = GradientCheck.defaults();
        double[] y = {1, -1, 1, -1};
        double[] at = {0.3, 0.2, -0.6, -1.7};
        check.checkOrThrow(x -> Losses.sumSquaredError(x, y), at);
        check.checkOrThrow(x -> Losses.meanSquaredError(x, y), at);
        check.checkOrThrow(x -> Losses.maxMargin(x, y), at);           // margins 0.7, 1.2, 0.4, -0.7: away from the kink at 0
        check.checkOrThrow(x -> Losses.binaryCrossEntropy(x, y), at);
        check.checkOrThrow(x -> Losses.binaryCrossEntropy(x, y), 5.0, -8.0, 30.0, 0.01);
        check.checkOrThrow(x -> Losses.l2(x, 0.3), at);
        check.checkOrThrow(x -> Losses.maxMargin(x, y).add(Losses.l2(x, 1e-2)), at);
    }

    @Test
    void theTrainersLossesBuildWhatLossesBuilds() {
        List<Value> s = values(0.3, -0.4);
        double[] y = {1, -1};
        List<List<Value>> samples = List.of(List.of(s.get(0)), List.of(s.get(1)));
        assertEquals(Losses.maxMargin(s, y).data(), Loss.MAX_MARGIN.build(samples, y).data());
        assertEquals(Losses.binaryCrossEntropy(s, y).data(), Loss.BINARY_CROSS_ENTROPY.build(samples, y).data());
        assertEquals(Losses.sumSquaredError(s, y).data(), Loss.SUM_SQUARED_ERROR.build(samples, y).data());
    }

    @Test
    void wrongSizesNullsAndLabelsAreRejected() {
        assertEquals("expected as many targets as predictions (2), found 3 targets",
                assertThrows(IllegalArgumentException.class,
                        () -> Losses.sumSquaredError(values(1, 2), new double[3])).getMessage());
        assertEquals("expected at least one of predictions, found 0", assertThrows(IllegalArgumentException.class,
                () -> Losses.meanSquaredError(List.of(), new double[0])).getMessage());
        assertEquals("expected as many labels as scores (1), found 2 labels", assertThrows(IllegalArgumentException.class,
                () -> Losses.accuracy(values(1), new double[2])).getMessage());
        assertEquals("predictions", assertThrows(NullPointerException.class,
                () -> Losses.maxMargin(null, new double[1])).getMessage());
        assertEquals("targets", assertThrows(NullPointerException.class,
                () -> Losses.maxMargin(values(1), null)).getMessage());
        List<Value> withNull = values(1);
        withNull.add(null);
        assertEquals("predictions[1] is null", assertThrows(NullPointerException.class,
                () -> Losses.maxMargin(withNull, new double[2])).getMessage());
        assertEquals("binary cross-entropy expects labels -1 or +1, found labels[1] = 0.0",
                assertThrows(IllegalArgumentException.class,
                        () -> Losses.binaryCrossEntropy(values(1, 2), new double[] {1, 0})).getMessage());
        assertEquals("expected alpha finite and at least 0, found -1.0",
                assertThrows(IllegalArgumentException.class, () -> Losses.l2(values(1), -1)).getMessage());
        assertEquals("parameters[0] is null", assertThrows(NullPointerException.class,
                () -> Losses.l2(java.util.Arrays.asList((Value) null), 1)).getMessage());
    }

    @Test
    void nanPropagatesWithoutThrowing() {
        assertTrue(Double.isNaN(Losses.maxMargin(values(Double.NaN), new double[] {1}).data()));
        assertTrue(Double.isNaN(Losses.sumSquaredError(values(1), new double[] {Double.NaN}).data()));
    }

    @Test
    void aScoreOrLabelOfExactly0IsNotPositive() {
        // the demo's (scorei.data > 0) == (yi > 0)
        assertEquals(2.0 / 3, Losses.accuracy(values(0.0, 0.0, 1.0), new double[] {-1.0, 0.0, 0.0}));
        assertEquals(0.0, Losses.accuracy(values(0.0), new double[] {1.0}));
        assertEquals(1.0, Losses.accuracy(values(-0.0), new double[] {-1.0}));
    }

    @Test
    void multiClassAccuracyCountsTheRightOnes() {
        List<List<Value>> logits = List.of(values(1, 2, 0), values(3, 0, 0), values(0, 0, 5));
        assertEquals(2.0 / 3, Losses.accuracy(logits, new int[] {1, 0, 1}));
        assertEquals(1.0 / 3, Losses.accuracy(logits, new int[] {0, 0, 1}));
    }

    @Test
    void anAlphaOf0IsAllowedAndGivesNoPenalty() {
        assertEquals(0.0, Losses.l2(values(3.0, -4.0), 0.0).data());
        assertEquals("expected alpha finite and at least 0, found -1.0E-300",
                assertThrows(IllegalArgumentException.class, () -> Losses.l2(values(1.0), -1e-300)).getMessage());
    }

    @Test
    void aNullOrEmptySampleOfLogitsIsNamedInABatch() {
        List<Value> two = values(1, 2);
        List<List<Value>> firstNull = java.util.Arrays.asList(null, two);
        assertEquals("logits[0]", assertThrows(NullPointerException.class,
                () -> Losses.crossEntropy(firstNull, new int[] {0, 1})).getMessage());
        assertEquals("logits[1]", assertThrows(NullPointerException.class,
                () -> Losses.crossEntropy(java.util.Arrays.asList(two, null), new int[] {0, 1})).getMessage());
        assertEquals("expected at least one logit in logits[1], found 0", assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(List.of(two, List.of()), new int[] {0, 1})).getMessage());
        assertEquals("logits[1][1] is null", assertThrows(NullPointerException.class,
                () -> Losses.accuracy(List.of(two, java.util.Arrays.asList(Value.of(1), null)), new int[] {0, 1}))
                .getMessage());
    }

    @Test
    void theLargestDataIsNaNWhenOneIsNaN() {
        // the shift of softmax and cross-entropy: max z, NaN as soon as a logit is NaN
        assertEquals(3.0, Loss.maxData(values(1, 3, -2)));
        assertEquals(Double.NaN, Loss.maxData(values(1, Double.NaN, 3)));
        assertEquals(Double.NaN, Loss.maxData(values(Double.NaN)));
    }
}
