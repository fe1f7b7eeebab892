package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples printed in the README and in {@code package-info.java}, kept compiling and true
 * (as Commons Numbers' {@code UserGuideTest} does for its guide).
 */
class DocumentationExamplesTest {

    /** README, "micrograd's Python in Java": the lecture's first example. */
    @Test
    void readmeLectureExample() {
        Value a = Value.of(2.0, "a");
        Value b = Value.of(-3.0, "b");
        Value c = Value.of(10.0, "c");
        Value f = Value.of(-2.0, "f");
        Value L = a.mul(b).add(c).mul(f).label("L");   // L = (a*b + c) * f = -8
        L.backward();

        assertEquals(-8.0, L.data());
        assertEquals(6.0, a.grad());
        assertEquals(-4.0, b.grad());
    }

    /** {@code dev.micrograd.engine} package documentation: {@code c = a*b + b**3}. */
    @Test
    void packageInfoExample() {
        Value a = Value.of(-4.0, "a");
        Value b = Value.of(2.0, "b");
        Value c = a.mul(b).add(b.pow(3));   // a*b + b**3 = 0
        c.backward();

        assertEquals(0.0, c.data());
        assertEquals(2.0, a.grad());        // dc/da = b
        assertEquals(8.0, b.grad());        // dc/db = a + 3b²
    }

    /** {@link Autograd}'s class documentation and docs/autograd.md: {@code x³y + sin x}, differentiated twice. */
    @Test
    void autogradExample() {
        Value x = Value.of(2.0, "x");
        Value y = Value.of(3.0, "y");
        Value f = x.pow(3).mul(y).add(x.sin());            // x³y + sin x
        Value dfdx = Autograd.grad(f, List.of(x)).get(0);  // 3x²y + cos x, a Value
        Value d2fdx2 = Autograd.grad(dfdx, List.of(x)).get(0);
        double[][] h = Autograd.hessian(f, List.of(x, y));

        assertEquals(36 + Math.cos(2.0), dfdx.data(), 1e-12);
        assertEquals(35.09070257317432, d2fdx2.data(), 1e-12);   // 6xy - sin x
        assertEquals(12.0, h[0][1], 1e-12);                      // 3x²
    }

    /**
     * docs/autograd.md, "Newton's method": minimising Rosenbrock's function from its classic
     * start (-1.2, 1) (Rosenbrock 1960) with the gradient and Hessian from {@link Autograd}.
     */
    @Test
    void newtonsMethodMinimisesRosenbrock() {
        double[] p = {-1.2, 1.0};
        int steps = 0;
        while (true) {
            Value x = Value.of(p[0]);
            Value y = Value.of(p[1]);
            Value f = Value.of(1).sub(x).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100));
            List<Value> g = Autograd.grad(f, List.of(x, y));
            double gx = g.get(0).data();
            double gy = g.get(1).data();
            if (Math.hypot(gx, gy) < 1e-10 || steps == 50) {
                break;
            }
            double[][] h = Autograd.hessian(f, List.of(x, y));
            double det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
            p[0] -= (h[1][1] * gx - h[0][1] * gy) / det;         // p -= H⁻¹ g
            p[1] -= (h[0][0] * gy - h[1][0] * gx) / det;
            steps++;
        }
        assertEquals(1.0, p[0], 1e-12);
        assertEquals(1.0, p[1], 1e-12);
        assertEquals(7, steps, "steps to |g| < 1e-10, as docs/autograd.md states");
    }
}
