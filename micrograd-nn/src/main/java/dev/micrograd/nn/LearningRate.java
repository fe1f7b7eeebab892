package dev.micrograd.nn;

/**
 * A learning-rate schedule: the step size of step {@code k} (counted from 0).
 *
 * <pre>{@code
 * LearningRate demo = LearningRate.linearDecay(1.0, 0.9, 100);   // micrograd's 1.0 - 0.9*k/100
 * LearningRate lecture = LearningRate.constant(0.1);
 * LearningRate custom = k -> 0.5 / (1 + k);
 * }</pre>
 *
 * <p>An optimizer rejects a step whose rate is NaN or infinite, and leaves its parameters unchanged.
 */
@FunctionalInterface
public interface LearningRate {
    /**
     * The step size of step {@code step}.
     *
     * @param step the step, counted from 0
     * @return the step size
     */
    double at(int step);

    /**
     * The same rate at every step.
     *
     * @param lr the rate, finite
     * @return the schedule
     * @throws IllegalArgumentException if {@code lr} is NaN or infinite
     */
    static LearningRate constant(double lr) {
        if (!Double.isFinite(lr)) {
            throw new IllegalArgumentException("expected a finite learning rate, found " + lr);
        }
        return step -> lr;
    }

    /**
     * A rate falling in a straight line from {@code start} at step 0 by {@code drop} over
     * {@code steps} steps, then held: {@code start - drop * min(k, steps) / steps}, computed in
     * that order, so {@code linearDecay(1.0, 0.9, 100).at(k)} is bit-identical to micrograd's demo
     * {@code 1.0 - 0.9*k/100} for {@code k} in {@code [0, 100]}.
     *
     * @param start the rate at step 0, finite
     * @param drop how much it falls by step {@code steps}, finite
     * @param steps the length of the decay, at least 1
     * @return the schedule
     * @throws IllegalArgumentException if a number is not finite or {@code steps < 1}
     */
    static LearningRate linearDecay(double start, double drop, int steps) {
        if (!Double.isFinite(start) || !Double.isFinite(drop)) {
            throw new IllegalArgumentException(
                    "expected finite start and drop, found start=" + start + ", drop=" + drop);
        }
        Checks.atLeastOne(steps, "steps");
        return step -> start - drop * Math.min(step, steps) / steps;
    }
}
