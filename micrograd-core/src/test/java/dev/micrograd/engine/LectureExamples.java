package dev.micrograd.engine;

/**
 * The lecture's worked expressions ("The spelled-out intro to neural networks and backpropagation:
 * building micrograd"), built fresh for each test that checks or draws them; the other modules'
 * tests reach them through micrograd-core's test jar.
 */
public final class LectureExamples {
    private LectureExamples() {
    }

    /**
     * 32:10, manual backprop example 1, every value labelled as on screen.
     *
     * @param a 2
     * @param b -3
     * @param c 10
     * @param e {@code a*b = -6}
     * @param d {@code e + c = 4}
     * @param f -2
     * @param L {@code d*f = -8}
     */
    public record ExampleOne(Value a, Value b, Value c, Value e, Value d, Value f, Value L) {
    }

    /**
     * Builds {@code L = (a*b + c)*f} of example 1, not yet backpropagated.
     *
     * @return its values
     */
    public static ExampleOne exampleOne() {
        // each value right after its operands
        Value a = Value.of(2.0, "a");
        Value b = Value.of(-3.0, "b");
        Value e = a.mul(b).label("e");
        Value c = Value.of(10.0, "c");
        Value d = e.add(c).label("d");
        Value f = Value.of(-2.0, "f");
        return new ExampleOne(a, b, c, e, d, f, d.mul(f).label("L"));
    }
}
