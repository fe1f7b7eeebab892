package dev.micrograd.nn;

import java.util.List;
import java.util.Locale;
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

    /**
     * A one-line summary, not the history: the step count, the first and the last step's loss and
     * accuracy, and the time, e.g.
     * {@code TrainingResult[100 steps, loss 0.8958 -> 0.0125, accuracy 50.0% -> 100.0%, 812.3 ms]}.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        StepReport first = history.get(0);
        StepReport last = last();
        return String.format(Locale.ROOT, "TrainingResult[%d %s, loss %.4g -> %.4g, accuracy %.1f%% -> %.1f%%, %.1f ms]",
                steps(), steps() == 1 ? "step" : "steps", first.loss(), last.loss(), 100 * first.accuracy(),
                100 * last.accuracy(), elapsedNanos / 1e6);
    }
}
