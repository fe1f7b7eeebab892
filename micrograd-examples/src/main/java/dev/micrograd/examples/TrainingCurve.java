package dev.micrograd.examples;

import dev.micrograd.nn.StepReport;
import dev.micrograd.nn.TrainingListener;

/**
 * Records the loss and the accuracy of every step for the training picture, and shows each step
 * on the {@link Progress} display.
 */
final class TrainingCurve implements TrainingListener {
    private final double[] losses;
    private final double[] accuracies;
    private final Progress progress;

    /**
     * A curve for a run of {@code steps} steps, counted from 0.
     *
     * @param steps the number of steps to come
     * @param progress where each step is shown
     */
    TrainingCurve(int steps, Progress progress) {
        this.losses = new double[steps];
        this.accuracies = new double[steps];
        this.progress = progress;
    }

    @Override
    public void onStep(StepReport r) {
        losses[r.step()] = r.loss();
        accuracies[r.step()] = r.accuracy();
        progress.step(r.step(), r.loss(), r.accuracy());
    }

    /** The loss of each step, step 0 first (the array itself: read it once training is done). */
    double[] losses() {
        return losses;
    }

    /** The accuracy of each step, in [0, 1]. */
    double[] accuracies() {
        return accuracies;
    }
}
