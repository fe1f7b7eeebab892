package dev.micrograd.nn;

/**
 * What a {@link Trainer} reports after each step, as the demo prints it
 * ({@code step 0 loss 0.8958, accuracy 50.0%}).
 *
 * @param step the step's index, counted from 0 (the optimizer's step count before the update)
 * @param loss the total loss (data loss plus regularisation) computed in this step, before the update
 * @param accuracy the share of the step's samples classified right, before the update, in {@code [0, 1]}
 * @param elapsedNanos nanoseconds since the current {@link Trainer#train(int)} call began, at the
 *        end of this step (wall-clock; not part of any determinism guarantee)
 */
public record StepReport(int step, double loss, double accuracy, long elapsedNanos) {
}
