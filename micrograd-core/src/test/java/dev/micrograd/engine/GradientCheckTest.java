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
