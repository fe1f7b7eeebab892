package dev.micrograd.bench;

import dev.micrograd.engine.Value;
import dev.micrograd.nn.MLP;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * micrograd's demo step, written with {@link Value} operations: the max-margin loss
 * {@code mean(relu(1 - yᵢ·scoreᵢ))} plus the L2 term {@code 1e-4 · Σ p²}, over the whole moons set.
 */
final class DemoLoss {
    static final List<Integer> LAYERS = List.of(16, 16, 1);
    static final long MODEL_SEED = 1337L;
    static final double ALPHA = 1e-4;
    /** A fixed learning rate, so that every variant takes the same steps. */
    static final double LEARNING_RATE = 0.05;

    private DemoLoss() {
    }

    /** micrograd's demo network, {@code MLP(2, [16, 16, 1])}, the same weights every call. */
    static MLP model() {
        return new MLP(2, LAYERS, new SplittableRandom(MODEL_SEED));
    }

    /**
     * The loss over {@code inputs} (two leaves per point), as one expression:
     * {@code sum(relu(1 - score·y)) · (1/n) + sum(p·p) · 1e-4}.
     */
    static Value build(MLP model, Value[] parameters, List<List<Value>> inputs, double[] y) {
        int n = y.length;
        List<Value> margins = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Value score = model.forward(inputs.get(i)).get(0);
            margins.add(Value.of(1.0).sub(score.mul(y[i])).relu());
        }
        Value dataLoss = Value.sum(margins).mul(1.0 / n);
        List<Value> squares = new ArrayList<>(parameters.length);
        for (Value p : parameters) {
            squares.add(p.mul(p));
        }
        Value regLoss = Value.sum(squares).mul(ALPHA);
        return dataLoss.add(regLoss);
    }

    /** Fresh input leaves for every point, as micrograd's {@code list(map(Value, xrow))}. */
    static List<List<Value>> inputs(Moons moons) {
        List<List<Value>> inputs = new ArrayList<>(moons.size);
        for (int i = 0; i < moons.size; i++) {
            inputs.add(List.of(Value.of(moons.x[2 * i]), Value.of(moons.x[2 * i + 1])));
        }
        return inputs;
    }

    /** SGD: {@code p -= lr · p.grad}. */
    static void update(Value[] parameters) {
        for (Value p : parameters) {
            p.setData(p.data() - LEARNING_RATE * p.grad());
        }
    }

    /** The parameters' current data, in {@code MLP.parameters()} order. */
    static double[] snapshot(Value[] parameters) {
        double[] p = new double[parameters.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = parameters[i].data();
        }
        return p;
    }

    /** micrograd's {@code zero_grad()} over a cached parameter array (MLP.parameters() allocates). */
    static void zeroGrad(Value[] parameters) {
        for (Value p : parameters) {
            p.setGrad(0.0);
        }
    }
}
