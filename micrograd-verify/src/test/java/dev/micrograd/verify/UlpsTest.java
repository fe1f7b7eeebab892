package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Op;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The comparison rule, without PyTorch: the ulp distance and what agrees. */
class UlpsTest {

    @Test
    void neighboursAreOneUlpApartAtEveryMagnitudeAndAcrossZero() {
        assertEquals(1, Ulps.distance(1.0, Math.nextUp(1.0)));
        assertEquals(1, Ulps.distance(Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE)));
        assertEquals(1, Ulps.distance(0.0, Double.MIN_VALUE));
        assertEquals(2, Ulps.distance(-Double.MIN_VALUE, Double.MIN_VALUE));
        assertEquals(0, Ulps.distance(0.0, -0.0));
        assertEquals(0, Ulps.distance(Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L)));
    }

    @Test
    void specialValuesMeetOnlyThemselves() {
        assertEquals(Ulps.INCOMPARABLE, Ulps.distance(Double.NaN, 1.0));
        assertEquals(Ulps.INCOMPARABLE, Ulps.distance(Double.POSITIVE_INFINITY, Double.MAX_VALUE));
        assertEquals(0, Ulps.distance(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
        assertFalse(Ulps.valuesAgree(0.0, -0.0, Long.MAX_VALUE - 1));
        assertFalse(Ulps.valuesAgree(0.0, Double.MIN_VALUE, Ulps.TRANSCENDENTAL_BOUND));
        assertTrue(Ulps.gradientsAgree(0.0, -0.0, 0));
        assertFalse(Ulps.gradientsAgree(Double.NaN, 0.0, Ulps.TRANSCENDENTAL_BOUND));
    }

    /** The distance is |difference| / ulp wherever both numbers share an exponent. */
    @Property
    void distanceCountsUlpsWithinABinade(@ForAll @IntRange(min = 0, max = 1_000_000) int steps,
                                          @ForAll @IntRange(min = -1000, max = 1000) int exponent) {
        double x = Math.scalb(1.0, exponent);
        double y = x + steps * Math.ulp(x);
        assertEquals(steps, Ulps.distance(x, y));
        assertEquals(steps, Ulps.distance(-y, -x));
        assertEquals(steps <= 2, Ulps.valuesAgree(x, y, Ulps.TRANSCENDENTAL_BOUND));
    }

    @Test
    void exactOpsGetNoUlpLibraryFunctionsTwoComposedOnesFour() {
        for (Op op : new Op[] {Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.NEG, Op.RELU, Op.ABS, Op.MAX, Op.MIN}) {
            assertEquals(0, Ulps.boundFor(op), op.name());
        }
        for (Op op : new Op[] {Op.EXP, Op.LOG, Op.POW, Op.SIN, Op.COS, Op.POW_VALUE, Op.SQRT}) {
            assertEquals(2, Ulps.boundFor(op), op.name());
        }
        for (Op op : new Op[] {Op.TANH, Op.SIGMOID, Op.SOFTPLUS}) {
            assertEquals(4, Ulps.boundFor(op), op.name());
        }
    }

    @Test
    void compositeResultsAreJudgedAgainstTheirErrorScale() {
        double eps = Ulps.EPSILON;
        assertEquals(Math.ulp(1.0), eps);
        assertEquals(1.0, Ulps.scaledDistance(1.0, 1.0 + eps, 0.0), 1e-12);
        // 0 against 1e-47 is rounding when the error scale says the node holds noise of size 1
        assertTrue(Ulps.compositeAgree(0.0, 1e-47, 1.0));
        assertFalse(Ulps.compositeAgree(0.0, 1e-47, 0.0));
        assertTrue(Ulps.compositeAgree(-0.0, 0.0, 0.0));
        assertTrue(Ulps.compositeAgree(Double.NaN, Double.NaN, 0.0));
        assertFalse(Ulps.compositeAgree(Double.NaN, 1.0, Double.POSITIVE_INFINITY));
        assertFalse(Ulps.compositeAgree(Double.POSITIVE_INFINITY, Double.MAX_VALUE, 1.0));
        // the bound, and one part in a million (the judge's mutants) far outside it
        assertTrue(Ulps.compositeAgree(1.0, 1.0 + Ulps.COMPOSITE_BOUND * eps, 1.0));
        assertFalse(Ulps.compositeAgree(1.0, 1.0 + (Ulps.COMPOSITE_BOUND + 2) * eps, 1.0));
        assertFalse(Ulps.compositeAgree(1.0, 1.0 + 1e-6, 1.0));
        // exactly at the bound agrees: |1 - (1 + 2^-35)| / (2^-52 · 2) = 2^16 = COMPOSITE_BOUND
        assertEquals(Ulps.COMPOSITE_BOUND, Ulps.scaledDistance(1.0, 1.0 + 0x1.0p-35, 2.0));
        assertTrue(Ulps.compositeAgree(1.0, 1.0 + 0x1.0p-35, 2.0));
        assertFalse(Ulps.compositeAgree(1.0, Math.nextUp(1.0 + 0x1.0p-35), 2.0));
    }

    /** The gradient rule Parity applies: bit for bit (a zero of either sign), or finite and within the allowance. */
    @Test
    void gradientsAgreeBitForBitOrWithinTheirAllowance() {
        assertTrue(Ulps.derivativesAgree(0.0, -0.0, 0.0), "the sign of a zero gradient means nothing");
        assertFalse(Ulps.valuesAgree(0.0, -0.0, 0), "the sign of a zero value does");
        assertTrue(Ulps.derivativesAgree(Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L), 0.0));
        assertFalse(Ulps.derivativesAgree(Double.NaN, 0.0, Double.POSITIVE_INFINITY));
        assertFalse(Ulps.derivativesAgree(Double.POSITIVE_INFINITY, Double.MAX_VALUE, Double.POSITIVE_INFINITY));
        assertFalse(Ulps.derivativesAgree(2.0, Math.nextUp(2.0), 0.0), "no allowance: the same double");
        // (-2)^3 against a pow 2 ulps off: the gradient 3·4 is then 3 ulps of 12 off, within an allowance of 4 ulps
        double twelve3Up = Math.nextUp(Math.nextUp(Math.nextUp(12.0)));
        assertTrue(Ulps.derivativesAgree(12.0, twelve3Up, 4 * Math.ulp(12.0)));
        assertFalse(Ulps.derivativesAgree(12.0, 12.0 * (1 + 1e-6), 4 * Math.ulp(12.0)));
        assertFalse(Ulps.derivativesAgree(0.0, Double.MIN_VALUE, 0.0));
        // exactly the allowance apart agrees (the difference 0.5 is exact); a little more does not
        assertTrue(Ulps.derivativesAgree(1.0, 1.5, 0.5));
        assertFalse(Ulps.derivativesAgree(1.0, 1.5, Math.nextDown(0.5)));
    }

    @Test
    void theRuleStatesEveryBound() {
        String rule = Ulps.rule();
        assertTrue(rule.contains("within " + Ulps.TRANSCENDENTAL_BOUND + " ulps"), rule);
        assertTrue(rule.contains("within " + Ulps.COMPOSED_BOUND + ";"), rule);
        assertTrue(rule.contains(Long.toString(Ulps.COMPOSITE_BOUND)), rule);
        assertTrue(rule.contains("bit for bit"), rule);
    }
}
