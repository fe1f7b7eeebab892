package dev.micrograd.nn;

/** How a {@link Neuron}'s bias starts. */
public enum BiasInit {
    /** 0, as micrograd's {@code nn.py} ({@code self.b = Value(0)}). */
    ZERO,
    /** Uniform in [-1, 1), drawn after the weights, as the lecture's neuron. */
    UNIFORM
}
