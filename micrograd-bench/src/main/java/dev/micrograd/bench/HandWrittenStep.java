package dev.micrograd.bench;

import dev.micrograd.engine.Value;
import java.util.Arrays;

/**
 * The baseline: the demo step's forward and backward derived by hand over flat {@code double[]}
 * arrays, with no autograd and no allocation per step.
 *
 * <p>It does the same floating-point operations, in the same order, as the engine does on the graph
 * {@link DemoLoss#build} makes, so its losses and parameters equal the engine's to the last bit
 * ({@link DemoStepCheck} checks that). The order that matters is the order in which gradients
 * accumulate: {@code Value.backward()} visits the graph in reverse topological order, which here is
 * the L2 term first, then the points from last to first, and within a point the layers from the
 * output back, each layer's neurons from last to first. The {@code 0.0 + g} terms mirror a node's
 * gradient being reset to 0 and then accumulated into; they differ from {@code g} only for -0.0.
 */
final class HandWrittenStep implements TrainingStep {
    /** Layer widths, the inputs first: {2, 16, 16, 1}. */
    private final int[] sizes;
    /** Where each layer's parameters start in {@link #p}; neuron j of layer l at {@code offset[l] + j·(nin+1)}. */
    private final int[] offset;
    private final int layers;
    private final int n;
    private final double[] y;
    /** The parameters in {@code MLP.parameters()} order: layer by layer, neuron by neuron, weights then bias. */
    private final double[] p;
    private final double[] grad;
    /** {@code act[l]}: every point's outputs of layer l, row by row; {@code act[0]} is the input. */
    private final double[][] act;
    private final double[] margin;
    /** Per-layer gradient scratch for one point: {@code delta[l][j]} is d loss / d act[l][j]. */
    private final double[][] delta;

    HandWrittenStep(Moons moons) {
        int[] widths = new int[DemoLoss.LAYERS.size() + 1];
        widths[0] = 2;
        for (int l = 0; l < DemoLoss.LAYERS.size(); l++) {
            widths[l + 1] = DemoLoss.LAYERS.get(l);
        }
        if (widths[widths.length - 1] != 1) {
            throw new IllegalStateException("the demo loss needs one output, found " + widths[widths.length - 1]);
        }
        this.sizes = widths;
        this.layers = widths.length - 1;
        this.offset = new int[layers + 2];
        for (int l = 1; l <= layers; l++) {
            offset[l + 1] = offset[l] + widths[l] * (widths[l - 1] + 1);
        }
        this.n = moons.size;
        this.y = moons.y.clone();
        // the same initial weights as the engine's model, read in parameter order
        Value[] params = DemoLoss.model().parameters().toArray(new Value[0]);
        this.p = new double[params.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = params[i].data();
        }
        if (offset[layers + 1] != p.length) {
            throw new IllegalStateException("parameter layout: expected " + offset[layers + 1] + ", found " + p.length);
        }
        this.grad = new double[p.length];
        this.act = new double[layers + 1][];
        this.delta = new double[layers + 1][];
        act[0] = moons.x.clone();
        for (int l = 1; l <= layers; l++) {
            act[l] = new double[n * widths[l]];
            delta[l] = new double[widths[l]];
        }
        this.margin = new double[n];
    }

    @Override
    public double step() {
        double loss = forward();
        backward();
        for (int i = 0; i < p.length; i++) {
            p[i] = p[i] - DemoLoss.LEARNING_RATE * grad[i];
        }
        return loss;
    }

    private static double relu(double a) {
        return a > 0.0 || Double.isNaN(a) ? a : 0.0;
    }

    private double forward() {
        double marginSum = 0.0;
        for (int s = 0; s < n; s++) {
            for (int l = 1; l <= layers; l++) {
                int nin = sizes[l - 1];
                int nout = sizes[l];
                double[] in = act[l - 1];
                double[] out = act[l];
                int inOff = s * nin;
                int outOff = s * nout;
                boolean hidden = l < layers;
                for (int j = 0; j < nout; j++) {
                    int base = offset[l] + j * (nin + 1);
                    double sum = p[base + nin];
                    for (int k = 0; k < nin; k++) {
                        sum += p[base + k] * in[inOff + k];
                    }
                    out[outOff + j] = hidden ? relu(sum) : sum;
                }
            }
            double m = relu(1.0 - act[layers][s] * y[s]);
            margin[s] = m;
            marginSum += m;
        }
        double dataLoss = marginSum * (1.0 / n);
        double regSum = 0.0;
        for (double pi : p) {
            regSum += pi * pi;
        }
        return dataLoss + regSum * DemoLoss.ALPHA;
    }

    private void backward() {
        // total = dataLoss + regLoss: both get 1. regLoss = regSum * alpha; regSum = Σ p·p
        double regSumGrad = 0.0 + 1.0 * DemoLoss.ALPHA;
        double squareGrad = 0.0 + regSumGrad;
        for (int i = 0; i < p.length; i++) {
            double g = 0.0;
            g += squareGrad * p[i];
            g += squareGrad * p[i];
            grad[i] = g;
        }
        // dataLoss = marginSum * (1/n); marginSum = Σ margin
        double marginGrad = 0.0 + (0.0 + 1.0 * (1.0 / n));
        for (int s = n - 1; s >= 0; s--) {
            double subGrad = !(margin[s] <= 0.0) ? 0.0 + marginGrad : 0.0;   // relu(1 - score·y)
            double mulGrad = 0.0 + -subGrad;                                   // 1 - (score·y)
            delta[layers][0] = 0.0 + mulGrad * y[s];                           // score·y
            for (int l = layers; l >= 1; l--) {
                int nin = sizes[l - 1];
                int nout = sizes[l];
                double[] in = act[l - 1];
                double[] out = act[l];
                double[] dOut = delta[l];
                double[] dIn = l > 1 ? delta[l - 1] : null;
                int inOff = s * nin;
                int outOff = s * nout;
                boolean hidden = l < layers;
                if (dIn != null) {
                    Arrays.fill(dIn, 0.0);
                }
                for (int j = nout - 1; j >= 0; j--) {
                    // a hidden neuron's dot node gets its relu's gradient where the relu passes it
                    double g = !hidden ? dOut[j] : !(out[outOff + j] <= 0.0) ? 0.0 + dOut[j] : 0.0;
                    int base = offset[l] + j * (nin + 1);
                    if (dIn != null) {
                        for (int k = 0; k < nin; k++) {
                            grad[base + k] += g * in[inOff + k];
                            dIn[k] += g * p[base + k];
                        }
                    } else {
                        for (int k = 0; k < nin; k++) {   // the inputs' gradients are never read
                            grad[base + k] += g * in[inOff + k];
                        }
                    }
                    grad[base + nin] += g;
                }
            }
        }
    }

    @Override
    public double[] parameters() {
        return p.clone();
    }
}
