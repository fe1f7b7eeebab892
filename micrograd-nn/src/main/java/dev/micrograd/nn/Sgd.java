package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.List;
import java.util.Objects;

/**
 * Stochastic gradient descent, micrograd's update {@code p.data -= learning_rate * p.grad}, with an
 * optional momentum (PyTorch's form).
 *
 * <pre>{@code
 * Optimizer sgd = new Sgd(model.parameters(), LearningRate.linearDecay(1.0, 0.9, 100));  // the demo
 * }</pre>
 *
 * <p>Step {@code k} with rate {@code lr = schedule.at(k)}: without momentum,
 * {@code p ← p - lr·g}; with momentum {@code μ > 0}, {@code v ← μ·v + g} (starting from
 * {@code v = 0}), then {@code p ← p - lr·v}. Not synchronized; see {@link Optimizer}.
 */
public final class Sgd extends ParameterOptimizer {
    private final LearningRate lr;
    private final double momentum;
    private final double[] velocity;

    /**
     * Plain SGD, exactly micrograd's update.
     *
     * @param params the parameters to update: at least one, none null or repeated (a copy is kept)
     * @param lr the learning-rate schedule
     * @throws NullPointerException if an argument or a parameter is null
     * @throws IllegalArgumentException if {@code params} is empty or repeats a parameter
     */
    public Sgd(List<Value> params, LearningRate lr) {
        this(params, lr, 0.0);
    }

    /**
     * SGD with momentum.
     *
     * @param params the parameters to update: at least one, none null or repeated (a copy is kept)
     * @param lr the learning-rate schedule
     * @param momentum {@code μ} in {@code [0, 1)}; 0 is plain SGD
     * @throws NullPointerException if an argument or a parameter is null
     * @throws IllegalArgumentException if {@code params} is empty or repeats a parameter, or
     *         {@code momentum} is outside {@code [0, 1)}
     */
    public Sgd(List<Value> params, LearningRate lr, double momentum) {
        super(params);
        this.lr = Objects.requireNonNull(lr, "lr");
        if (!(momentum >= 0.0 && momentum < 1.0)) {
            throw new IllegalArgumentException("expected momentum in [0, 1), found " + momentum);
        }
        this.momentum = momentum;
        this.velocity = momentum == 0.0 ? null : new double[this.params.length];
    }

    /** {@inheritDoc} */
    @Override
    public void step() {
        double rate = lr.at(steps());
        if (!Double.isFinite(rate)) {
            throw new IllegalStateException("learning rate at step " + steps() + " must be finite, found " + rate);
        }
        if (velocity == null) {
            for (Value p : params) {
                p.setData(p.data() - rate * p.grad());
            }
        } else {
            for (int i = 0; i < params.length; i++) {
                Value p = params[i];
                velocity[i] = momentum * velocity[i] + p.grad();
                p.setData(p.data() - rate * velocity[i]);
            }
        }
        countStep();
    }

    /**
     * The momentum.
     *
     * @return {@code μ}, 0 for plain SGD
     */
    public double momentum() {
        return momentum;
    }

    /**
     * The learning rate the next step will use.
     *
     * @return {@code schedule.at(steps())}
     */
    public double learningRate() {
        return lr.at(steps());
    }
}
