package dev.micrograd.nn;

/**
 * Receives a {@link StepReport} after every training step, on the training thread, e.g. to print
 * progress: {@code r -> System.out.printf("step %d loss %.4f, accuracy %.1f%%%n", r.step(), r.loss(), 100 * r.accuracy())}.
 * An exception thrown by the listener stops training and propagates from {@link Trainer#train(int)};
 * the step it reports has been completed.
 */
@FunctionalInterface
public interface TrainingListener {
    /**
     * Called once per step, after the parameters were updated.
     *
     * @param report the step's figures
     */
    void onStep(StepReport report);
}
