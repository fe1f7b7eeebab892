package dev.micrograd.nn;

/**
 * Updates parameters from their gradients. The order of one training step:
 *
 * <pre>{@code
 * Value loss = ...;           // forward: build the loss from the current parameters
 * optimizer.zeroGrad();       // 1. reset the gradients (micrograd's model.zero_grad())
 * loss.backward();            // 2. compute fresh ones
 * optimizer.step();           // 3. update: p.data -= lr * p.grad, or Adam's rule
 * }</pre>
 *
 * <p>Optimizers are not synchronized: one optimizer and its parameters belong to one thread at a
 * time; separate optimizers over separate models may run on separate threads.
 */
public interface Optimizer {
    /**
     * Updates every parameter once from its current gradient, then counts the step.
     *
     * @throws IllegalStateException if this step's learning rate is NaN or infinite (no parameter
     *         is changed and the step is not counted)
     */
    void step();

    /** Sets the gradient of every parameter this optimizer updates to 0. */
    void zeroGrad();

    /**
     * The number of completed {@link #step()} calls, which is the index of the next step.
     *
     * @return at least 0
     */
    int steps();
}
