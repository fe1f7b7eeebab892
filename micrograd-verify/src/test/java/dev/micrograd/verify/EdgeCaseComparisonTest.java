package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * How an edge-table row is judged, without PyTorch: a zero value of the wrong sign is a mismatch,
 * a zero gradient of the wrong sign is not; NaN equals NaN in both; an exact op's finite results
 * must be the same double, a transcendental op's within {@link Ulps#TRANSCENDENTAL_BOUND} ulps.
 */
class EdgeCaseComparisonTest {

    private static EdgeCase.Outcome outcome(double value, double... grads) {
        return new EdgeCase.Outcome(value, grads);
    }

    @Test
    void aZeroValueOfTheOtherSignIsAMismatch() {
        assertFalse(outcome(0.0, 1.0).agreesWith(outcome(-0.0, 1.0), 0));
        assertFalse(outcome(-0.0, 1.0).agreesWith(outcome(0.0, 1.0), 0));
        assertTrue(outcome(-0.0, 1.0).agreesWith(outcome(-0.0, 1.0), 0));
    }

    @Test
    void aZeroGradientOfTheOtherSignIsNot() {
        assertTrue(outcome(Double.NaN, 0.0).agreesWith(outcome(Double.NaN, -0.0), 0));
    }

    @Test
    void nanEqualsNanInValuesAndGradients() {
        assertTrue(outcome(Double.NaN, Double.NaN).agreesWith(outcome(Double.longBitsToDouble(0x7ff8000000000001L), Double.NaN), 0));
    }

    @Test
    void anyOtherDifferenceIsAMismatch() {
        assertFalse(outcome(1.0, 2.0).agreesWith(outcome(Math.nextUp(1.0), 2.0), 0));
        assertFalse(outcome(1.0, 2.0).agreesWith(outcome(1.0, Math.nextUp(2.0)), 0));
        assertFalse(outcome(Double.POSITIVE_INFINITY, 0.0).agreesWith(outcome(Double.NEGATIVE_INFINITY, 0.0), 0));
        assertFalse(outcome(Double.NaN, 0.0).agreesWith(outcome(0.0, 0.0), 0));
    }

    /** tanh(-0.5) as StrictMath and as PyTorch on an AVX-512 Xeon gave it: 1 ulp apart, both correct. */
    @Test
    void aTranscendentalRowAllowsTwoUlpsAndNoMore() {
        double strictMath = -0.46211715726000974;
        double pytorchXeon = -0.4621171572600098;
        assertTrue(outcome(strictMath, 0.78644773296592741).agreesWith(outcome(pytorchXeon, 0.78644773296592741), Ulps.TRANSCENDENTAL_BOUND));
        assertFalse(outcome(strictMath, 1.0).agreesWith(outcome(pytorchXeon, 1.0), 0));
        double threeUp = Math.nextUp(Math.nextUp(Math.nextUp(strictMath)));
        assertFalse(outcome(strictMath, 1.0).agreesWith(outcome(threeUp, 1.0), Ulps.TRANSCENDENTAL_BOUND));
    }

    /** (-2)^3 against a PyTorch whose pow is 2 ulps off: the gradient 3·4 is then 3 ulps of 12 off, which is rounding. */
    @Test
    void aTranscendentalRowsGradientIsACompositeResult() {
        double twelve3Up = Math.nextUp(Math.nextUp(Math.nextUp(12.0)));
        assertTrue(outcome(-8.0, 12.0).agreesWith(outcome(Math.nextDown(-8.0), twelve3Up), Ulps.TRANSCENDENTAL_BOUND));
        assertFalse(outcome(-8.0, 12.0).agreesWith(outcome(-8.0, twelve3Up), 0));
        assertFalse(outcome(-8.0, 12.0).agreesWith(outcome(-8.0, 12.0 * (1 + 1e-6)), Ulps.TRANSCENDENTAL_BOUND));
        assertFalse(outcome(-8.0, 0.0).agreesWith(outcome(-8.0, Double.MIN_VALUE), Ulps.TRANSCENDENTAL_BOUND));
    }
}
