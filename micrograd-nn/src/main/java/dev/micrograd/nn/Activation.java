package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** The nonlinearity a {@link Neuron} applies to its weighted sum. */
public enum Activation {
    /** {@code max(0, x)}: micrograd's hidden layers. */
    RELU("ReLU", Value::relu),
    /** {@code tanh x}: the lecture's network, every layer. */
    TANH("Tanh", Value::tanh),
    /** {@code 1 / (1 + e^-x)}. */
    SIGMOID("Sigmoid", Value::sigmoid),
    /** No nonlinearity: micrograd's output layer. */
    LINEAR("Linear", x -> x);

    private final String displayName;
    private final UnaryOperator<Value> function;

    Activation(String displayName, UnaryOperator<Value> function) {
        this.displayName = displayName;
        this.function = function;
    }

    /**
     * Applies the nonlinearity.
     *
     * @param x the weighted sum
     * @return the activation (for {@link #LINEAR}, {@code x} itself)
     */
    public Value apply(Value x) {
        return function.apply(Objects.requireNonNull(x, "x"));
    }

    /**
     * The name micrograd prints before {@code Neuron}: {@code ReLU}, {@code Tanh}, {@code Sigmoid}, {@code Linear}.
     *
     * @return the display name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Parses a name case-insensitively: {@code relu}, {@code tanh}, {@code sigmoid}, {@code linear}.
     *
     * @param name the name
     * @return the activation
     * @throws IllegalArgumentException naming the accepted values if {@code name} is none of them
     */
    public static Activation parse(String name) {
        Objects.requireNonNull(name, "name");
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "': expected one of relu, tanh, sigmoid, linear");
    }
}
