package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.List;

/**
 * What the optimizers here share: the checked copy of the parameters they update, the count of
 * completed steps and {@link #zeroGrad()}. A subclass's {@link #step()} updates {@link #params}
 * and then calls {@link #countStep()}.
 */
abstract class ParameterOptimizer implements Optimizer {
    /** The parameters, as {@link Params#of} checked and copied them. */
    final Value[] params;
    private int steps;

    /**
     * Checks and copies {@code params}.
     *
     * @throws NullPointerException if {@code params} or a parameter is null
     * @throws IllegalArgumentException if {@code params} is empty or repeats a parameter
     */
    ParameterOptimizer(List<Value> params) {
        this.params = Params.of(params);
    }

    /** Counts one completed step; {@link #step()} calls it after its update. */
    final void countStep() {
        steps++;
    }

    /** {@inheritDoc} */
    @Override
    public final void zeroGrad() {
        Params.zeroGrad(params);
    }

    /** {@inheritDoc} */
    @Override
    public final int steps() {
        return steps;
    }
}
