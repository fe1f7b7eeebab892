package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import dev.micrograd.engine.ValueVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One neuron: {@code activation(b + w₀x₀ + … + wₙ₋₁xₙ₋₁)}, micrograd's {@code Neuron}.
 *
 * <p>The weighted sum is one fused {@link Value#dot} node, bit-identical in value and gradients
 * to micrograd's {@code sum((wi*xi for wi, xi in zip(self.w, x)), self.b)}.
 */
public final class Neuron implements Module {
    /** The weights, which every weighted sum this neuron builds shares. */
    private final ValueVector weightVector;
    /** A read-only view of {@link #weightVector}. */
    private final List<Value> weights;
    private final Value bias;
    private final Activation activation;

    /**
     * A neuron with {@code nin} weights drawn uniformly from [-1, 1) and the given bias.
     *
     * @param nin the number of inputs, at least 1
     * @param activation the nonlinearity
     * @param biasInit how the bias starts (drawn after the weights when uniform)
     * @param rng the source of the initial weights
     * @throws IllegalArgumentException if {@code nin < 1}
     * @throws NullPointerException if an argument is null
     */
    public Neuron(int nin, Activation activation, BiasInit biasInit, RandomGenerator rng) {
        Checks.atLeastOne(nin, "nin");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(biasInit, "biasInit");
        Objects.requireNonNull(rng, "rng");
        List<Value> w = new ArrayList<>(nin);
        for (int i = 0; i < nin; i++) {
            w.add(Value.of(rng.nextDouble(-1.0, 1.0)));
        }
        this.weightVector = ValueVector.of(w);
        this.weights = weightVector.asList();
        this.bias = Value.of(biasInit == BiasInit.UNIFORM ? rng.nextDouble(-1.0, 1.0) : 0.0);
        this.activation = activation;
    }

    /**
     * Applies the neuron.
     *
     * @param x the inputs, exactly {@link #nin()} of them
     * @return the activation
     * @throws IllegalArgumentException if {@code x} has the wrong size
     * @throws NullPointerException if {@code x} or an element is null
     */
    public Value forward(List<Value> x) {
        return forward(ValueVector.of(Checks.inputs(x, weightVector.size(), "Neuron")));
    }

    /** {@link #forward(List)} over the input vector a layer shares between its neurons (checked by the layer). */
    Value forward(ValueVector x) {
        return activation.apply(Value.dot(weightVector, x, bias));
    }

    /**
     * Applies the neuron to plain numbers (each becomes a leaf).
     *
     * @param x the inputs, exactly {@link #nin()} of them
     * @return the activation
     * @throws IllegalArgumentException if {@code x} has the wrong size
     */
    public Value forward(double... x) {
        return forward(Checks.leaves(x));
    }

    /**
     * The weights, in input order.
     *
     * @return an unmodifiable list of this neuron's own weights
     */
    public List<Value> weights() {
        return weights;
    }

    /**
     * The bias.
     *
     * @return this neuron's own bias
     */
    public Value bias() {
        return bias;
    }

    /**
     * The nonlinearity.
     *
     * @return the activation
     */
    public Activation activation() {
        return activation;
    }

    /**
     * The number of inputs.
     *
     * @return the weight count
     */
    public int nin() {
        return weights.size();
    }

    /** The weights, then the bias. */
    @Override
    public List<Value> parameters() {
        List<Value> params = new ArrayList<>(weights.size() + 1);
        params.addAll(weights);
        params.add(bias);
        return params;
    }

    /** As micrograd prints it: {@code ReLUNeuron(2)}, {@code LinearNeuron(16)}. */
    @Override
    public String toString() {
        return activation.displayName() + "Neuron(" + weights.size() + ")";
    }
}
