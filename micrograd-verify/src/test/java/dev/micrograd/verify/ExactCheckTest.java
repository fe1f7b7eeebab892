package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Exact} against known truths: exact operations give exact results (0 ulps), correctly
 * rounded ones at most an ulp, and the two ways of losing digits the report explains are named
 * where they happen.
 */
class ExactCheckTest {

    @Test
    void exactOperationsOnSmallIntegersAreExact() {
        // the lecture's example 1 (32:10): every number is a small integer, so every result is exact
        // a = x0, b = x1, c = x2, f = x3: L = (a·b + c)·f
        Exact.Result r = Exact.check(x -> x.get(0).mul(x.get(1)).add(x.get(2)).mul(x.get(3)).label("L"), 2.0, -3.0, 10.0, -2.0);
        assertEquals(0, r.maxUlps(), r::toString);
        assertEquals(Exact.ALL_DIGITS, r.minDigits(), r::toString);
        assertEquals(List.of(), r.losses(), r::toString);
    }

    @Test
    void theLecturesNeuronsValuesAreWithinAnUlpOfTheTruth() {
        Value x1 = Value.of(2.0, "x1");
        Value x2 = Value.of(0.0, "x2");
        Value w1 = Value.of(-3.0, "w1");
        Value w2 = Value.of(1.0, "w2");
        Value b = Value.of(6.8813735870195432, "b");
        Exact.Result r = Exact.check(x1.mul(w1).add(x2.mul(w2)).add(b).tanh());
        // StrictMath's tanh is within 1 ulp of the truth; the other ops are exact here
        assertTrue(r.rows().stream().allMatch(row -> row.valueUlps() <= 1), r::toString);
        // 1 - y² from a y 1 ulp off: the gradients keep at least 15 digits, no node is named
        assertTrue(r.rows().stream().allMatch(row -> row.gradDigits() >= 15), r::toString);
        assertEquals(List.of(), r.losses(), r::toString);
    }

    @Test
    void tanhAtSaturationNamesTheBackwardFormula() {
        Value x = Value.of(8.0, "x");
        Exact.Result r = Exact.check(x.tanh().label("y"));
        Exact.Row row = r.rows().get(0);
        // 1 - tanh²(8) is about 4.5e-7; y rounds to within 2^-53 of 1, so about 7 digits cancel
        assertTrue(row.gradDigits() < 10.5 && row.gradDigits() > 5, r::toString);
        assertTrue(row.note().contains("1 - y²") && row.note().contains("#1 y"), r::toString);
        assertTrue(r.maxUlps() > 1000, r::toString);
    }

    @Test
    void cancellationInASubtractionIsNamed() {
        Value x = Value.of(1.0, "x");
        Value y = x.add(1e-12).label("y").sub(x).label("d");
        Exact.Result r = Exact.check(y);
        Exact.Row d = r.rows().get(r.rows().size() - 1);
        // 1 + 1e-12 rounds with an error of up to 2^-53; after subtracting 1, about 4 digits remain
        assertTrue(d.valueDigits() < 6, r::toString);
        assertTrue(d.note().contains("cancellation"), r::toString);
        assertEquals(1, r.losses().size(), r::toString);
    }

    @Test
    void digitsAndUlpsAreMeasuredFromTheExactValue() {
        BigDecimal third = BigDecimal.ONE.divide(BigDecimal.valueOf(3), Exact.MC);
        assertEquals(0, Exact.ulps(1.0 / 3.0, third));
        assertEquals(1, Exact.ulps(Math.nextUp(1.0 / 3.0), third));
        double d = Exact.digits(1.0 / 3.0, third);
        assertTrue(d > 15.9 && d < 17, () -> "1/3 as a double keeps about 16 digits, found " + d);
        assertEquals(Exact.ALL_DIGITS, Exact.digits(0.5, new BigDecimal("0.5")));
        assertEquals(0.0, Exact.digits(1e-300, BigDecimal.ZERO));
    }

    @Test
    void aTruthThatIsNotARealNumberIsNotCounted() {
        Value x = Value.of(-1.0, "x");
        Exact.Result r = Exact.check(x.log().label("l").mul(2.0));
        assertEquals(0, r.maxUlps(), r::toString);
        assertEquals(Exact.UNJUDGED, r.rows().get(1).valueUlps(), r::toString);
        assertTrue(r.rows().get(1).note().startsWith("no real value"), r::toString);
    }

    @Test
    void overflowIsComparedWithTheDoubleTheTruthRoundsTo() {
        Exact.Result r = Exact.check(Value.of(800.0).exp());
        assertEquals(0, r.rows().get(1).valueUlps(), r::toString);
        assertEquals(Double.POSITIVE_INFINITY, r.rows().get(1).exactValue(), r::toString);
    }
}
