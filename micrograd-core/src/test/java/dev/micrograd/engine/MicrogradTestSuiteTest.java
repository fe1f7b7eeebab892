package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * micrograd's own test suite ({@code test/test_engine.py}), line by line in Java. The expected
 * numbers are the ones PyTorch computes there ({@code test_sanity_check} and {@code test_more_ops}).
 */
class MicrogradTestSuiteTest {
    private static final double TOL = 1e-12;

    /** {@code test_sanity_check}: {@code x = -4} gives {@code y = -20} and {@code dy/dx = 46}. */
    @Test
    void sanityCheck() {
        Value x = Value.of(-4.0);
        Value z = x.mul(2).add(2).add(x);                  // z = 2 * x + 2 + x
        Value q = z.relu().add(z.mul(x));                  // q = z.relu() + z * x
        Value h = z.mul(z).relu();                         // h = (z * z).relu()
        Value y = h.add(q).add(q.mul(x));                  // y = h + q + q * x
        y.backward();

        assertEquals(-20.0, y.data(), TOL);
        assertEquals(46.0, x.grad(), TOL);
    }

    /**
     * {@code test_more_ops}: {@code a = -4, b = 2} give {@code g = 24.70408163265306},
     * {@code dg/da = 138.83381924198252}, {@code dg/db = 645.5772594752186}.
     */
    @Test
    void moreOps() {
        Value a = Value.of(-4.0);
        Value b = Value.of(2.0);
        Value c = a.add(b);                                // c = a + b
        Value d = a.mul(b).add(b.pow(3));                  // d = a * b + b**3
        c = c.add(c.add(1));                               // c += c + 1
        c = c.add(c.add(1).add(a.neg()));                  // c += 1 + c + (-a)
        d = d.add(d.mul(2).add(b.add(a).relu()));          // d += d * 2 + (b + a).relu()
        d = d.add(d.mul(3).add(b.sub(a).relu()));          // d += 3 * d + (b - a).relu()
        Value e = c.sub(d);                                // e = c - d
        Value f = e.pow(2);                                // f = e**2
        Value g = f.div(2.0);                              // g = f / 2.0
        g = g.add(Value.of(10.0).div(f));                  // g += 10.0 / f
        g.backward();

        assertEquals(24.70408163265306, g.data(), TOL);
        assertEquals(138.83381924198252, a.grad(), TOL);
        assertEquals(645.5772594752186, b.grad(), TOL);
    }
}
