package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The finite-difference checker: it passes true gradients and catches false ones. */
class GradientCheckTest {

    @Test
    void passesTheLectureNeuron() {
        GradientCheck.Result r = GradientCheck.defaults().check(
                v -> v.get(0).mul(v.get(1)).add(v.get(2).mul(v.get(3))).add(6.8813735870195432).tanh(),
                2.0, -3.0, 0.0, 1.0);
        assertTrue(r.passed(), r::toString);
        assertEquals(4, r.rows().size());
        assertEquals(0.7071067811865476, r.output(), 1e-15);
        assertEquals(-1.5, r.rows().get(0).analytic(), 1e-12);
        assertEquals(-1.5, r.rows().get(0).numerical(), 1e-6);
        assertTrue(r.maxAbsError() < 1e-6);
    }

    /** A function that hides its dependence on x in a constant: analytic 0, numerical cos x. */
    @Test
    void catchesAWrongGradientAndPrintsATable() {
        GradientCheck check = GradientCheck.defaults();
        GradientCheck.Result r = check.check(v -> v.get(0).mul(0).add(Math.sin(v.get(0).data())), 0.5);

        assertFalse(r.passed());
        assertEquals(0.0, r.rows().get(0).analytic());
        assertEquals(Math.cos(0.5), r.rows().get(0).numerical(), 1e-6);
        String table = r.toString();
        assertTrue(table.contains("FAILED"), table);
        assertTrue(table.contains("MISMATCH"), table);
        assertTrue(table.contains("analytic") && table.contains("numerical") && table.contains("abs error"), table);

        GradientCheck.MismatchException e = assertThrows(GradientCheck.MismatchException.class,
                () -> check.checkOrThrow(v -> v.get(0).mul(0).add(Math.sin(v.get(0).data())), 0.5));
        assertFalse(e.result().passed());
        assertTrue(e.getMessage().contains("MISMATCH"));
    }

    /** {@code f = x³y + sin x}: the Hessian {@code [[6xy - sin x, 3x²], [3x², 0]]} passes, and prints as a table. */
    @Test
    void secondOrderPassesAPolynomialPlusSine() {
        GradientCheck.SecondOrderResult r = GradientCheck.defaults()
                .checkSecondOrder(v -> v.get(0).pow(3).mul(v.get(1)).add(v.get(0).sin()), 2.0, 3.0);
        assertTrue(r.passed(), r::toString);
        assertEquals(4, r.rows().size());
        assertEquals(36 - Math.sin(2.0), r.rows().get(0).analytic(), 1e-12);
        assertEquals(12.0, r.rows().get(1).analytic(), 1e-12);
        assertEquals(0.0, r.rows().get(3).analytic());
        assertTrue(r.maxAbsError() < 1e-5, r::toString);
        assertTrue(r.toString().contains("second-order check") && r.toString().contains("d2/dx0dx1"), r::toString);
        assertTrue(r.toString().contains("entry") && r.toString().contains("rel error"), "the column titles: " + r);
    }

    /** A gradient that hides its dependence on x in a constant: its analytic Hessian is 0, the numerical one 1. */
    @Test
    void secondOrderCatchesAWrongHessian() {
        GradientCheck.SecondOrderResult r = GradientCheck.defaults()
                .checkSecondOrder(v -> v.get(0).mul(v.get(0).data()).mul(0.5).add(v.get(0).pow(2).mul(0.25)), 0.7);
        assertFalse(r.passed(), r::toString);
        assertEquals(0.5, r.rows().get(0).analytic(), 1e-15);
        assertEquals(1.0, r.rows().get(0).numerical(), 1e-6);
        assertTrue(r.toString().contains("MISMATCH"), r::toString);
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.defaults().checkSecondOrder(v -> Value.of(1)));
    }

    @Test
    void nanNeverPasses() {
        GradientCheck.Result r = GradientCheck.defaults().check(v -> v.get(0).log(), -1.0);
        assertFalse(r.passed(), r::toString);
        assertTrue(Double.isNaN(r.maxAbsError()), r::toString);
    }

    /** In the wrong-gradient case above: analytic 0, numerical cos 0.5, so both errors are known. */
    @Test
    void errorsAreAbsoluteAndRelativeToTheLargerGradient() {
        GradientCheck.Result r = GradientCheck.defaults().check(
                v -> v.get(0).mul(0).add(Math.sin(v.get(0).data())), 0.5);
        GradientCheck.Row row = r.rows().get(0);
        assertEquals(Math.cos(0.5), row.absError(), 1e-6);
        assertEquals(row.absError(), r.maxAbsError());
        // |0 - n| / max(0, |n|) = 1
        assertEquals(1.0, row.relError(), 1e-12);
    }

    /** A function that does not depend on its input: both gradients 0, and 0 relative error, not 0/0. */
    @Test
    void zeroGradientsHaveZeroRelativeError() {
        GradientCheck.Result r = GradientCheck.defaults().check(v -> v.get(0).mul(0).add(1), 3.0);
        GradientCheck.Row row = r.rows().get(0);
        assertEquals(0.0, row.analytic());
        assertEquals(0.0, row.numerical());
        assertEquals(0.0, row.relError());
        assertTrue(r.passed(), r::toString);
    }

    /**
     * With no tolerance an input passes exactly when the two gradients are equal. For {@code 2x} with a
     * power-of-two step the central difference is exact: {@code (2·2.5 - 2·1.5) / (2·0.5) = 2}; for
     * {@code x³} at 2 it is {@code (2.5³ - 1.5³) / 1 = 12.25} against the analytic 12.
     */
    @Test
    void zeroToleranceAcceptsExactAgreementOnly() {
        GradientCheck exact = GradientCheck.of(0.5, 0.0, 0.0);
        GradientCheck.Result agree = exact.checkOrThrow(v -> v.get(0).mul(2), 2.0);
        assertTrue(agree.passed(), agree::toString);
        assertEquals(2.0, agree.rows().get(0).numerical());
        assertEquals(0.0, agree.maxAbsError());

        GradientCheck.Result cube = exact.check(v -> v.get(0).pow(3), 2.0);
        assertFalse(cube.passed(), cube::toString);
        assertEquals(12.25, cube.rows().get(0).numerical());
        assertEquals(0.25, cube.maxAbsError());
        assertEquals(0.25 / 12.25, cube.rows().get(0).relError(), "relative to the larger of 12 and 12.25");
        assertTrue(GradientCheck.of(0.5, 0.25, 0.0).check(v -> v.get(0).pow(3), 2.0).passed(), "the bound is inclusive");
    }

    @Test
    void refusesBadSettingsAndInputs() {
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(0.0, 1e-5, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(Double.NaN, 1e-5, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(Double.POSITIVE_INFINITY, 1e-5, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(1e-6, -1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(1e-6, 1e-5, -1e-3));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(1e-6, Double.NaN, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.defaults().check(v -> Value.of(1)));
        assertThrows(NullPointerException.class, () -> GradientCheck.defaults().check(null, 1.0));
        assertThrows(NullPointerException.class, () -> GradientCheck.defaults().check(v -> null, 1.0));
    }
}
