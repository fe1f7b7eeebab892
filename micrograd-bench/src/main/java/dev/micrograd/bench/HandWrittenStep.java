package dev.micrograd.bench;

import dev.micrograd.nn.Dataset;

/**
 * The yardstick: the demo step's forward and backward derived by hand for {@code MLP(2, [h, h, 1])},
 * over flat {@code double[]} arrays, with no autograd and no allocation, written as tight as we can.
 *
 * <p>It computes the loss with the same floating-point operations, in the same order, as the engine
 * does on the graph {@link dev.micrograd.nn.Trainer} builds, and accumulates each parameter's gradient
 * in the engine's order (the L2 term first, then the samples from last to first), so its losses and
 * parameters equal the engine's to the last bit ({@link DemoStepCheck} checks that). Each sample is
 * taken forward and, right away, backward, while its activations are in registers and L1.
 *
 * <p>What it skips, and why that changes no parameter: the backward pass of every sample whose hinge
 * {@code relu(1 - y·score)} is 0, and of every hidden neuron whose ReLU is off (or that receives a zero
 * gradient). Their contributions are products with a zero gradient, exactly {@code ±0} for finite
 * data; adding {@code ±0} to a gradient that already holds the nonzero L2 term {@code 2αp} changes
 * nothing. It also never computes the inputs' gradients, which nothing reads. The engine cannot skip
 * these: for it {@code 0 · ∞} must still give NaN and the sign of a zero gradient is part of the result.
 */
final class HandWrittenStep implements TrainingStep {
    private final int h;
    private final int n;
    /** The inputs, row-major: {@code x[2s]}, {@code x[2s + 1]}. */
    private final double[] x;
    /** The negated labels, as the loss holds them ({@code score · (-y) + 1}). */
    private final double[] negY;
    /** The parameters in {@code MLP.parameters()} order: layer by layer, neuron by neuron, weights then bias. */
    private final double[] p;
    private final double[] grad;
    private final int layer2;
    private final int layer3;
    private final double[] margin;
    private final double[] h1;
    private final double[] h2;
    private final double[] d1;

    HandWrittenStep(Dataset data, int hidden) {
        if (data.features() != 2) {
            throw new IllegalArgumentException("expected 2 features, found " + data.features());
        }
        this.h = hidden;
        this.n = data.size();
        this.x = new double[2 * n];
        this.negY = new double[n];
        for (int s = 0; s < n; s++) {
            double[] row = data.x(s);
            x[2 * s] = row[0];
            x[2 * s + 1] = row[1];
            negY[s] = -data.y(s);
        }
        this.p = Demo.snapshot(Demo.model(hidden));   // the same initial weights as the engine's model
        this.layer2 = h * 3;
        this.layer3 = layer2 + h * (h + 1);
        if (layer3 + h + 1 != p.length) {
            throw new IllegalStateException("parameter layout: expected " + (layer3 + h + 1) + ", found " + p.length);
        }
        this.grad = new double[p.length];
        this.margin = new double[n];
        this.h1 = new double[h];
        this.h2 = new double[h];
        this.d1 = new double[h];
    }

    /** ReLU as the engine's: {@code a < 0 ? 0 : a}, which keeps NaN and -0.0. */
    private static double relu(double a) {
        return a < 0.0 ? 0.0 : a;
    }

    @Override
    public double step() {
        final double alpha = Demo.ALPHA;
        double regSum = 0.0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            regSum += pi * pi;
            grad[i] = alpha * pi + alpha * pi;   // d(α·p·p)/dp, as the square node adds it: twice α·p
        }
        final double g = 1.0 / n;   // every hinge's gradient: d(mean)/d(term)
        for (int s = n - 1; s >= 0; s--) {
            double x0 = x[2 * s];
            double x1 = x[2 * s + 1];
            for (int j = 0; j < h; j++) {
                int b = 3 * j;
                h1[j] = relu(p[b + 2] + p[b] * x0 + p[b + 1] * x1);
            }
            double score = p[layer3 + h];
            for (int j = 0; j < h; j++) {
                int b = layer2 + j * (h + 1);
                double sum = p[b + h];
                for (int k = 0; k < h; k++) {
                    sum += p[b + k] * h1[k];
                }
                double a = relu(sum);
                h2[j] = a;
            }
            for (int j = 0; j < h; j++) {
                score += p[layer3 + j] * h2[j];
            }
            double m = relu(score * negY[s] + 1.0);
            margin[s] = m;
            if (m <= 0.0) {
                continue;   // hinge 0: no gradient from this sample
            }
            double gs = g * negY[s];   // d loss / d score
            for (int k = 0; k < h; k++) {
                d1[k] = 0.0;
            }
            grad[layer3 + h] += gs;
            for (int j = h - 1; j >= 0; j--) {
                grad[layer3 + j] += gs * h2[j];
                if (h2[j] <= 0.0) {
                    continue;   // ReLU off
                }
                double gj = gs * p[layer3 + j];
                int b = layer2 + j * (h + 1);
                for (int k = 0; k < h; k++) {
                    grad[b + k] += gj * h1[k];
                    d1[k] += gj * p[b + k];
                }
                grad[b + h] += gj;
            }
            for (int j = h - 1; j >= 0; j--) {
                if (h1[j] <= 0.0) {
                    continue;
                }
                double gj = d1[j];
                int b = 3 * j;
                grad[b] += gj * x0;
                grad[b + 1] += gj * x1;
                grad[b + 2] += gj;
            }
        }
        double marginSum = 0.0;
        for (int s = 0; s < n; s++) {
            marginSum += margin[s];
        }
        double loss = marginSum * (1.0 / n) + regSum * alpha;
        for (int i = 0; i < p.length; i++) {
            p[i] = p[i] - Demo.LEARNING_RATE * grad[i];
        }
        return loss;
    }

    @Override
    public double[] parameters() {
        return p.clone();
    }
}
