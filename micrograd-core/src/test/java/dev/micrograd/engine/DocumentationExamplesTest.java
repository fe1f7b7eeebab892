package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
