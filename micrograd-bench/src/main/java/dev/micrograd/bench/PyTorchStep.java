package dev.micrograd.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Value;
import dev.micrograd.nn.Dataset;
import dev.micrograd.nn.Layer;
import dev.micrograd.nn.MLP;
import dev.micrograd.nn.Neuron;
import java.util.List;

/**
 * The demo step in PyTorch eager mode through DJL, as a PyTorch user writes it: float64 tensors,
 * the whole batch at once ({@code matMul}, {@code maximum}, {@code mean}), a {@link GradientCollector}
 * for the backward pass, SGD in place with {@code subi}, gradients zeroed in place. The same data,
 * initial weights, loss ({@code mean(relu(1 + score·(-y))) + α Σ p²}) and learning rate as the other
 * variants; PyTorch's own thread pool (its default, one thread per core).
 *
 * <p>PyTorch sums in its own order (blocked matrix products), so it agrees with the engine to
 * rounding, not to the bit; {@link DemoStepCheck#verifyPyTorch} bounds the difference at setup.
 * Requires the PyTorch native library (DJL's {@code pytorch-native-cpu}, linux-x86_64); run with
 * {@code -Dai.djl.offline=true}.
 */
final class PyTorchStep implements TrainingStep, AutoCloseable {
    private final NDManager manager;
    private final Engine engine;
    private final NDArray x;
    private final NDArray negY;
    /** Per layer: weights as an (nin, nout) matrix, so that a layer is {@code h.matMul(w).add(b)}. */
    private final NDArray[] w;
    private final NDArray[] b;
    private final int[] nins;

    PyTorchStep(Dataset data, int hidden) {
        engine = Engine.getEngine("PyTorch");
        manager = engine.newBaseManager();
        int n = data.size();
        double[] flat = new double[2 * n];
        double[] ny = new double[n];
        for (int s = 0; s < n; s++) {
            System.arraycopy(data.x(s), 0, flat, 2 * s, 2);
            ny[s] = -data.y(s);
        }
        x = manager.create(flat, new Shape(n, 2));
        negY = manager.create(ny, new Shape(n, 1));
        MLP model = Demo.model(hidden);
        List<Layer> layers = model.layers();
        w = new NDArray[layers.size()];
        b = new NDArray[layers.size()];
        nins = new int[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            List<Neuron> neurons = layers.get(l).neurons();
            int nout = neurons.size();
            int nin = neurons.get(0).nin();
            double[] wl = new double[nin * nout];
            double[] bl = new double[nout];
            for (int j = 0; j < nout; j++) {
                List<Value> weights = neurons.get(j).weights();
                for (int k = 0; k < nin; k++) {
                    wl[k * nout + j] = weights.get(k).data();
                }
                bl[j] = neurons.get(j).bias().data();
            }
            w[l] = manager.create(wl, new Shape(nin, nout));
            b[l] = manager.create(bl);
            w[l].setRequiresGradient(true);
            b[l].setRequiresGradient(true);
            nins[l] = nin;
        }
    }

    @Override
    public double step() {
        double loss;
        try (NDScope scope = new NDScope(); GradientCollector collector = engine.newGradientCollector()) {
            NDArray h = x;
            for (int l = 0; l < w.length; l++) {
                h = h.matMul(w[l]).add(b[l]);
                if (l < w.length - 1) {
                    h = h.maximum(0.0);
                }
            }
            NDArray dataLoss = h.mul(negY).add(1.0).maximum(0.0).mean();
            NDArray reg = null;
            for (int l = 0; l < w.length; l++) {
                NDArray layer = w[l].mul(w[l]).sum().add(b[l].mul(b[l]).sum());
                reg = reg == null ? layer : reg.add(layer);
            }
            NDArray total = dataLoss.add(reg.mul(Demo.ALPHA));
            collector.backward(total);
            loss = total.getDouble();
        }
        try (NDScope scope = new NDScope()) {
            for (int l = 0; l < w.length; l++) {
                update(w[l]);
                update(b[l]);
            }
        }
        return loss;
    }

    private static void update(NDArray p) {
        NDArray g = p.getGradient();
        p.subi(g.mul(Demo.LEARNING_RATE));
        g.subi(g);   // zero_grad(), in place
    }

    @Override
    public double[] parameters() {
        int count = 0;
        for (int l = 0; l < w.length; l++) {
            count += (int) w[l].size() + (int) b[l].size();
        }
        double[] p = new double[count];
        int i = 0;
        for (int l = 0; l < w.length; l++) {
            double[] wl = w[l].toDoubleArray();
            double[] bl = b[l].toDoubleArray();
            int nout = bl.length;
            for (int j = 0; j < nout; j++) {
                for (int k = 0; k < nins[l]; k++) {
                    p[i++] = wl[k * nout + j];
                }
                p[i++] = bl[j];
            }
        }
        return p;
    }

    @Override
    public void close() {
        manager.close();
    }
}
