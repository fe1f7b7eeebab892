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
    }

    @Test
    void refusesBadSettingsAndInputs() {
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(0.0, 1e-5, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(1e-6, -1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.defaults().check(v -> Value.of(1)));
        assertThrows(NullPointerException.class, () -> GradientCheck.defaults().check(null, 1.0));
        assertThrows(NullPointerException.class, () -> GradientCheck.defaults().check(v -> null, 1.0));
    }
}
