package dev.micrograd.bench;

/** One way to take micrograd's demo step; each owns its own copy of the model. */
interface TrainingStep {
    /**
     * Computes the loss at the current parameters, its gradient, and applies one SGD update.
     *
     * @return the loss before the update
     */
    double step();

    /** The current parameters, in {@code MLP.parameters()} order. */
    double[] parameters();

    /** What the step is called in a message: its class's name unless it says otherwise. */
    default String name() {
        return getClass().getSimpleName();
    }
}
