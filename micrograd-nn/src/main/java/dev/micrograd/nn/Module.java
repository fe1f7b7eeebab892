package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.List;

/**
 * Anything with trainable parameters: micrograd's {@code Module}.
 */
public interface Module {
    /**
     * The trainable parameters, in a fixed order: layer by layer, neuron by neuron, each neuron's
     * weights then its bias. The same objects on every call, so updates through
     * {@link Value#setData(double)} change the module.
     *
     * @return the parameters (a new list; the values in it are the module's own)
     */
    List<Value> parameters();

    /** Sets every parameter's gradient to 0, micrograd's {@code zero_grad()}: call it before each {@code backward()}. */
    default void zeroGrad() {
        for (Value p : parameters()) {
            p.setGrad(0.0);
        }
    }

    /**
     * The number of trainable parameters (337 for micrograd's demo network {@code MLP(2, [16, 16, 1])}).
     *
     * @return {@code parameters().size()}
     */
    default int parameterCount() {
        return parameters().size();
    }
}
