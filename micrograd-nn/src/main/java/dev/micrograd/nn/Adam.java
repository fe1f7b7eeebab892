package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015), with PyTorch's defaults and update.
 *
 * <p>Step {@code t = steps() + 1}: for each parameter with gradient {@code g},
 * {@code m ← β₁m + (1-β₁)g}, {@code v ← β₂v + (1-β₂)g²}, {@code m̂ = m / (1-β₁ᵗ)},
 * {@code v̂ = v / (1-β₂ᵗ)}, {@code p ← p - lr·m̂ / (√v̂ + ε)}; {@code m} and {@code v} start at 0.
 * Not synchronized; see {@link Optimizer}.
 */
public final class Adam extends ParameterOptimizer {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[] m;
    private final double[] v;

    /**
     * Adam with {@code β₁ = 0.9}, {@code β₂ = 0.999}, {@code ε = 1e-8}.
     *
     * @param params the parameters to update: at least one, none null or repeated (a copy is kept)
     * @param lr the learning rate, positive and finite (PyTorch's default is 0.001)
     * @throws NullPointerException if {@code params} or a parameter is null
     * @throws IllegalArgumentException if {@code params} is empty or repeats a parameter, or {@code lr} is out of range
     */
    public Adam(List<Value> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8);
    }

    /**
     * Adam with its own constants.
     *
     * @param params the parameters to update: at least one, none null or repeated (a copy is kept)
     * @param lr the learning rate, positive and finite
     * @param beta1 the first moment's decay, in {@code [0, 1)}
     * @param beta2 the second moment's decay, in {@code [0, 1)}
     * @param eps the denominator's guard, positive and finite
     * @throws NullPointerException if {@code params} or a parameter is null
     * @throws IllegalArgumentException if {@code params} is empty or repeats a parameter, or a number is out of range
     */
    public Adam(List<Value> params, double lr, double beta1, double beta2, double eps) {
        super(params);
        if (!(lr > 0.0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("expected lr positive and finite, found " + lr);
        }
        if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0)) {
            throw new IllegalArgumentException(
                    "expected beta1 and beta2 in [0, 1), found beta1=" + beta1 + ", beta2=" + beta2);
        }
        if (!(eps > 0.0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("expected eps positive and finite, found " + eps);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = new double[this.params.length];
        this.v = new double[this.params.length];
    }

    /** {@inheritDoc} */
    @Override
    public void step() {
        int t = steps() + 1;
        // StrictMath: Math.pow may differ in the last bit between JVMs, and results must not
        double c1 = 1.0 - StrictMath.pow(beta1, t);
        double c2 = 1.0 - StrictMath.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
            Value p = params[i];
            double g = p.grad();
            m[i] = beta1 * m[i] + (1.0 - beta1) * g;
            v[i] = beta2 * v[i] + (1.0 - beta2) * g * g;
            double mHat = m[i] / c1;
            double vHat = v[i] / c2;
            p.setData(p.data() - lr * mHat / (Math.sqrt(vHat) + eps));
        }
        countStep();
    }

    /** A copy of the moments, {@code m} then {@code v}, one per parameter each; for tests. */
    double[] moments() {
        double[] both = new double[m.length + v.length];
        System.arraycopy(m, 0, both, 0, m.length);
        System.arraycopy(v, 0, both, m.length, v.length);
        return both;
    }
}
