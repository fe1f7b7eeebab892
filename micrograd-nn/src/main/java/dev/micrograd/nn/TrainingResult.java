package dev.micrograd.nn;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one {@link Trainer#train(int)} call.
 *
 * @param history one report per step, in order (never empty; unmodifiable)
 * @param elapsedNanos the call's wall-clock time in nanoseconds
 */
public record TrainingResult(List<StepReport> history, long elapsedNanos) {
    /**
     * Copies the history.
     *
     * @param history one report per step, at least one
     * @param elapsedNanos the call's wall-clock time
     * @throws NullPointerException if {@code history} or a report is null
     * @throws IllegalArgumentException if {@code history} is empty
     */
    public TrainingResult {
        history = List.copyOf(Objects.requireNonNull(history, "history"));
        if (history.isEmpty()) {
            throw new IllegalArgumentException("expected at least one step in the history, found 0");
        }
    }

    /**
     * The number of steps taken.
     *
     * @return {@code history().size()}
     */
    public int steps() {
        return history.size();
    }

    /**
     * The last step's report.
     *
     * @return the last element of {@link #history()}
     */
    public StepReport last() {
        return history.get(history.size() - 1);
    }

    /**
     * The loss of the last step, computed before its update (as the demo prints it).
     *
     * @return {@code last().loss()}
     */
    public double finalLoss() {
        return last().loss();
    }

    /**
     * The accuracy of the last step, before its update.
     *
     * @return {@code last().accuracy()}
     */
    public double finalAccuracy() {
        return last().accuracy();
    }
}
