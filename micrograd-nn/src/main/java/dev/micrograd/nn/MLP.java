package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import dev.micrograd.engine.ValueVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A multi-layer perceptron: micrograd's {@code MLP}.
 *
 * <pre>{@code
 * MLP model = new MLP(2, List.of(16, 16, 1), new SplittableRandom(1337));   // micrograd's demo: 337 parameters
 * MLP net = MLP.lecture(3, List.of(4, 4, 1), new SplittableRandom(42));     // the lecture's tanh network: 41
 * Value score = model.forward(0.5, -0.2).get(0);                            // one point in, one score out
 * }</pre>
 *
 * <p>Weights are drawn uniformly from [-1, 1) in parameter order (layer by layer, neuron by
 * neuron), so a model is reproduced exactly by the same architecture and the same generator state.
 * Not synchronized: a model is used by one thread at a time; separate models on separate threads
 * are independent.
 */
public final class MLP implements Module {
    private final int nin;
    private final Layer[] layerArray;
    /** A read-only view of {@link #layerArray}. */
    private final List<Layer> layers;

    /**
     * micrograd's network: ReLU on the hidden layers, a linear output layer, biases 0.
     *
     * @param nin the number of inputs, at least 1
     * @param nouts the size of each layer, the output layer last; each at least 1
     * @param rng the source of the initial weights
     * @throws IllegalArgumentException if {@code nin} is less than 1, {@code nouts} is empty or holds a size less than 1
     * @throws NullPointerException if an argument or a size is null
     */
    public MLP(int nin, List<Integer> nouts, RandomGenerator rng) {
        this(nin, nouts, Activation.RELU, Activation.LINEAR, BiasInit.ZERO, rng);
    }

    /**
     * A network with the given nonlinearities and bias initialisation.
     *
     * @param nin the number of inputs, at least 1
     * @param nouts the size of each layer, the output layer last; each at least 1
     * @param hidden the nonlinearity of every layer but the last
     * @param output the nonlinearity of the last layer
     * @param biasInit how the biases start
     * @param rng the source of the initial weights
     * @throws IllegalArgumentException if {@code nin} is less than 1, {@code nouts} is empty or holds a size less than 1
     * @throws NullPointerException if an argument or a size is null
     */
    public MLP(int nin, List<Integer> nouts, Activation hidden, Activation output, BiasInit biasInit,
               RandomGenerator rng) {
        Checks.atLeastOne(nin, "nin");
        Objects.requireNonNull(nouts, "nouts");
        Objects.requireNonNull(hidden, "hidden");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(biasInit, "biasInit");
        Objects.requireNonNull(rng, "rng");
        if (nouts.isEmpty()) {
            throw new IllegalArgumentException("nouts must name at least one layer size, found []");
        }
        for (int i = 0; i < nouts.size(); i++) {
            Integer size = nouts.get(i);
            if (size == null) {
                throw new NullPointerException("nouts[" + i + "] is null");
            }
            if (size < 1) {
                throw new IllegalArgumentException("layer sizes must be at least 1, found nouts[" + i + "] = " + size
                        + " in " + nouts);
            }
        }
        List<Layer> list = new ArrayList<>(nouts.size());
        int in = nin;
        for (int i = 0; i < nouts.size(); i++) {
            Activation act = i == nouts.size() - 1 ? output : hidden;
            list.add(new Layer(in, nouts.get(i), act, biasInit, rng));
            in = nouts.get(i);
        }
        this.nin = nin;
        this.layerArray = list.toArray(new Layer[0]);
        this.layers = Collections.unmodifiableList(Arrays.asList(layerArray));
    }

    /**
     * The lecture's network: tanh on every layer, the output too, biases uniform in [-1, 1).
     *
     * @param nin the number of inputs
     * @param nouts the size of each layer
     * @param rng the source of the initial weights and biases
     * @return a new network
     */
    public static MLP lecture(int nin, List<Integer> nouts, RandomGenerator rng) {
        return new MLP(nin, nouts, Activation.TANH, Activation.TANH, BiasInit.UNIFORM, rng);
    }

    /**
     * Applies the layers in turn.
     *
     * @param x the inputs, exactly {@link #nin()} of them
     * @return the last layer's outputs (a list even of one)
     * @throws IllegalArgumentException if {@code x} has the wrong size
     * @throws NullPointerException if {@code x} or an element is null
     */
    public List<Value> forward(List<Value> x) {
        Value[] out = Checks.inputs(x, nin, "MLP");
        for (Layer layer : layerArray) {
            out = layer.forward(ValueVector.of(out));
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    /**
     * Applies the network to plain numbers (each becomes a leaf).
     *
     * @param x the inputs, exactly {@link #nin()} of them
     * @return the last layer's outputs
     * @throws IllegalArgumentException if {@code x} has the wrong size
     */
    public List<Value> forward(double... x) {
        return forward(Checks.leaves(x));
    }

    /**
     * The layers, input side first.
     *
     * @return an unmodifiable list
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The number of inputs.
     *
     * @return the input count
     */
    public int nin() {
        return nin;
    }

    /**
     * The size of each layer, the output layer last.
     *
     * @return a new list
     */
    public List<Integer> nouts() {
        List<Integer> sizes = new ArrayList<>(layers.size());
        for (Layer layer : layers) {
            sizes.add(layer.nout());
        }
        return sizes;
    }

    /**
     * The nonlinearity of each layer, the output layer last: {@code [RELU, RELU, LINEAR]} for
     * micrograd's {@code MLP(2, [16, 16, 1])}.
     *
     * @return a new list, one entry per layer
     */
    public List<Activation> activations() {
        List<Activation> acts = new ArrayList<>(layers.size());
        for (Layer layer : layers) {
            acts.add(layer.neurons().get(0).activation());
        }
        return acts;
    }

    /** Layer by layer, neuron by neuron, each neuron's weights then its bias. */
    @Override
    public List<Value> parameters() {
        List<Value> params = new ArrayList<>();
        for (Layer layer : layers) {
            params.addAll(layer.parameters());
        }
        return params;
    }

    /** As micrograd prints it: {@code MLP of [Layer of [ReLUNeuron(2), ...], ..., Layer of [LinearNeuron(16)]]}. */
    @Override
    public String toString() {
        return "MLP of " + layers;
    }
}
