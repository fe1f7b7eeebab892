package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import dev.micrograd.engine.ValueVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** A row of {@link Neuron}s that all see the same inputs: micrograd's {@code Layer}. */
public final class Layer implements Module {
    private final Neuron[] neuronArray;
    /** A read-only view of {@link #neuronArray}. */
    private final List<Neuron> neurons;

    /**
     * A layer of {@code nout} neurons with {@code nin} inputs each, initialised neuron by neuron.
     *
     * @param nin the number of inputs, at least 1
     * @param nout the number of neurons, at least 1
     * @param activation every neuron's nonlinearity
     * @param biasInit how the biases start
     * @param rng the source of the initial weights
     * @throws IllegalArgumentException if {@code nin} or {@code nout} is less than 1
     * @throws NullPointerException if an argument is null
     */
    public Layer(int nin, int nout, Activation activation, BiasInit biasInit, RandomGenerator rng) {
        Checks.atLeastOne(nin, "nin");
        Checks.atLeastOne(nout, "nout");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(biasInit, "biasInit");
        Objects.requireNonNull(rng, "rng");
        List<Neuron> list = new ArrayList<>(nout);
        for (int i = 0; i < nout; i++) {
            list.add(new Neuron(nin, activation, biasInit, rng));
        }
        this.neuronArray = list.toArray(new Neuron[0]);
        this.neurons = Collections.unmodifiableList(Arrays.asList(neuronArray));
    }

    /**
     * Applies every neuron to {@code x}.
     *
     * @param x the inputs, exactly {@link #nin()} of them
     * @return one output per neuron (a list even of one, unlike micrograd's single-value shortcut)
     * @throws IllegalArgumentException if {@code x} has the wrong size
     * @throws NullPointerException if {@code x} or an element is null
     */
    public List<Value> forward(List<Value> x) {
        return new ArrayList<>(Arrays.asList(forward(ValueVector.of(Checks.inputs(x, nin(), "Layer")))));
    }

    /** {@link #forward(List)} over inputs already checked, one vector for every neuron: each neuron's output. */
    Value[] forward(ValueVector inputs) {
        Neuron[] ns = neuronArray;
        Value[] out = new Value[ns.length];
        for (int i = 0; i < ns.length; i++) {
            out[i] = ns[i].forward(inputs);
        }
        return out;
    }

    /**
     * Applies every neuron to plain numbers (each becomes a leaf).
     *
     * @param x the inputs, exactly {@link #nin()} of them
     * @return one output per neuron
     * @throws IllegalArgumentException if {@code x} has the wrong size
     */
    public List<Value> forward(double... x) {
        return forward(Checks.leaves(x));
    }

    /**
     * The neurons, in order.
     *
     * @return an unmodifiable list
     */
    public List<Neuron> neurons() {
        return neurons;
    }

    /**
     * The number of inputs.
     *
     * @return each neuron's input count
     */
    public int nin() {
        return neurons.get(0).nin();
    }

    /**
     * The number of outputs.
     *
     * @return the neuron count
     */
    public int nout() {
        return neurons.size();
    }

    /** Neuron by neuron, each neuron's weights then its bias. */
    @Override
    public List<Value> parameters() {
        List<Value> params = new ArrayList<>(neurons.size() * (nin() + 1));
        for (Neuron n : neurons) {
            params.addAll(n.parameters());
        }
        return params;
    }

    /** As micrograd prints it: {@code Layer of [ReLUNeuron(2), ReLUNeuron(2)]}. */
    @Override
    public String toString() {
        return "Layer of " + neurons;
    }
}
