package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * How an edge-table row is judged, without PyTorch: the value bit for bit, so a zero of the wrong
 * sign is a mismatch; the gradients with {@code ==}, so it is not; NaN equal to NaN in both.
 */
class EdgeCaseComparisonTest {

    private static EdgeCase.Outcome outcome(double value, double... grads) {
        return new EdgeCase.Outcome(value, grads);
    }

    @Test
    void aZeroValueOfTheOtherSignIsAMismatch() {
        assertFalse(outcome(0.0, 1.0).sameAs(outcome(-0.0, 1.0)));
        assertFalse(outcome(-0.0, 1.0).sameAs(outcome(0.0, 1.0)));
        assertTrue(outcome(-0.0, 1.0).sameAs(outcome(-0.0, 1.0)));
    }

    @Test
    void aZeroGradientOfTheOtherSignIsNot() {
        assertTrue(outcome(Double.NaN, 0.0).sameAs(outcome(Double.NaN, -0.0)));
    }

    @Test
    void nanEqualsNanInValuesAndGradients() {
        assertTrue(outcome(Double.NaN, Double.NaN).sameAs(outcome(Double.longBitsToDouble(0x7ff8000000000001L), Double.NaN)));
    }

    @Test
    void anyOtherDifferenceIsAMismatch() {
        assertFalse(outcome(1.0, 2.0).sameAs(outcome(Math.nextUp(1.0), 2.0)));
        assertFalse(outcome(1.0, 2.0).sameAs(outcome(1.0, Math.nextUp(2.0))));
        assertFalse(outcome(Double.POSITIVE_INFINITY, 0.0).sameAs(outcome(Double.NEGATIVE_INFINITY, 0.0)));
        assertFalse(outcome(Double.NaN, 0.0).sameAs(outcome(0.0, 0.0)));
    }
}
