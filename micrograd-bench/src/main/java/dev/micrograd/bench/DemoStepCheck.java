package dev.micrograd.bench;

import dev.micrograd.nn.Dataset;

/**
 * Checks that the demo steps compute the same thing before any of them is timed: a ratio between
 * programs that compute different numbers would mean nothing. The dynamic graph is the reference;
 * the compiled graph and the hand-written step must match it to the last bit, PyTorch to 1e-12.
 */
final class DemoStepCheck {
    /** PyTorch's bound: {@code |torch - micrograd| <= 1e-12 · max(1, |micrograd|)} for the loss and every parameter. */
    static final double PYTORCH_TOLERANCE = 1e-12;

    private DemoStepCheck() {
    }

    /**
     * Takes {@code steps} steps with the dynamic graph, the compiled graph and the hand-written step,
     * and compares every loss and every parameter bit for bit.
     *
     * @throws IllegalStateException naming the first difference
     */
    static void verify(Dataset data, int hidden, int steps) {
        TrainingStep reference = TrainerStep.dynamic(data, hidden);
        TrainingStep[] others = {TrainerStep.compiled(data, hidden), new HandWrittenStep(data, hidden)};
        for (int step = 0; step < steps; step++) {
            double expected = reference.step();
            double[] expectedParams = reference.parameters();
            for (TrainingStep other : others) {
                compare(other, step, expected, expectedParams, 0.0);
            }
        }
    }

    /**
     * Takes {@code steps} steps with the dynamic graph and with PyTorch, and compares every loss and
     * every parameter within {@link #PYTORCH_TOLERANCE}.
     *
     * @throws IllegalStateException naming the first difference
     */
    static void verifyPyTorch(Dataset data, int hidden, int steps) {
        TrainingStep reference = TrainerStep.dynamic(data, hidden);
        try (PyTorchStep torch = new PyTorchStep(data, hidden)) {
            for (int step = 0; step < steps; step++) {
                double expected = reference.step();
                compare(torch, step, expected, reference.parameters(), PYTORCH_TOLERANCE);
            }
        }
    }

    private static void compare(TrainingStep other, int step, double expected, double[] expectedParams,
                                double tolerance) {
        String name = other.name();
        double loss = other.step();
        if (!agree(loss, expected, tolerance)) {
            throw new IllegalStateException(name + " differs from the dynamic step at step " + step
                    + ": loss " + loss + ", expected " + expected);
        }
        double[] params = other.parameters();
        if (params.length != expectedParams.length) {
            throw new IllegalStateException(name + " has " + params.length + " parameters, expected "
                    + expectedParams.length);
        }
        for (int i = 0; i < params.length; i++) {
            if (!agree(params[i], expectedParams[i], tolerance)) {
                throw new IllegalStateException(name + " differs from the dynamic step after step " + step
                        + ": parameter " + i + " is " + params[i] + ", expected " + expectedParams[i]);
            }
        }
    }

    private static boolean agree(double actual, double expected, double tolerance) {
        if (tolerance == 0.0) {
            return Double.doubleToRawLongBits(actual) == Double.doubleToRawLongBits(expected);
        }
        return Math.abs(actual - expected) <= tolerance * Math.max(1.0, Math.abs(expected));
    }

    /**
     * Runs both checks over 20 steps and prints the losses:
     * {@code java -Dai.djl.offline=true -cp benchmarks.jar dev.micrograd.bench.DemoStepCheck}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Dataset data = Demo.data(Demo.SAMPLES);
        verify(data, Demo.HIDDEN, 20);
        System.out.println("dynamic, compiled and hand-written steps agree bit for bit over 20 steps");
        verifyPyTorch(data, Demo.HIDDEN, 20);
        System.out.println("PyTorch agrees within " + PYTORCH_TOLERANCE + " over 20 steps");
        TrainerStep step = TrainerStep.dynamic(data, Demo.HIDDEN);
        for (int i = 0; i < 5; i++) {
            System.out.println("step " + i + " loss " + step.step());
        }
    }
}
