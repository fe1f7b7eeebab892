package dev.micrograd.bench;

/**
 * Checks that the three demo steps compute the same thing, to the last bit, before any of them is
 * timed: a ratio between programs that compute different numbers would mean nothing.
 */
final class DemoStepCheck {
    private DemoStepCheck() {
    }

    /**
     * Takes {@code steps} steps with each variant and compares every loss and every parameter.
     *
     * @throws IllegalStateException naming the first difference
     */
    static void verify(Moons moons, int steps) {
        TrainingStep reference = new DynamicStep(moons);
        TrainingStep[] others = {new CompiledStep(moons), new HandWrittenStep(moons)};
        for (int step = 0; step < steps; step++) {
            double expected = reference.step();
            double[] expectedParams = reference.parameters();
            for (TrainingStep other : others) {
                String name = other.getClass().getSimpleName();
                double loss = other.step();
                if (Double.doubleToRawLongBits(loss) != Double.doubleToRawLongBits(expected)) {
                    throw new IllegalStateException(name + " differs from DynamicStep at step " + step
                            + ": loss " + loss + ", expected " + expected);
                }
                double[] params = other.parameters();
                for (int i = 0; i < params.length; i++) {
                    if (Double.doubleToRawLongBits(params[i]) != Double.doubleToRawLongBits(expectedParams[i])) {
                        throw new IllegalStateException(name + " differs from DynamicStep at step " + step
                                + ": parameter " + i + " is " + params[i] + ", expected " + expectedParams[i]);
                    }
                }
            }
        }
    }

    /**
     * Runs the check and prints the losses: {@code java -cp benchmarks.jar dev.micrograd.bench.DemoStepCheck}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Moons moons = Moons.demo();
        verify(moons, 20);
        DynamicStep step = new DynamicStep(moons);
        for (int i = 0; i < 5; i++) {
            System.out.println("step " + i + " loss " + step.step());
        }
        System.out.println("dynamic, compiled and hand-written steps agree bit for bit over 20 steps");
    }
}
