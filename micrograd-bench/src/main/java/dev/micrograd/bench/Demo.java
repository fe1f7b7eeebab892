package dev.micrograd.bench;

import dev.micrograd.engine.Value;
import dev.micrograd.nn.Dataset;
import dev.micrograd.nn.Datasets;
import dev.micrograd.nn.LearningRate;
import dev.micrograd.nn.Loss;
import dev.micrograd.nn.MLP;
import dev.micrograd.nn.Sgd;
import dev.micrograd.nn.Trainer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * micrograd's demo step as a user of the library writes it: {@link Datasets#moons} (noise 0.1),
 * {@code MLP(2, [h, h, 1])}, the max-margin loss plus {@code 1e-4 · Σ p²} ({@link Loss#MAX_MARGIN},
 * {@code Trainer.Builder.l2}), full batch, plain SGD at a fixed rate, so that every variant can take
 * as many steps as a benchmark needs and still take the same ones.
 */
final class Demo {
    /** micrograd's demo: 100 moons, hidden width 16. */
    static final int SAMPLES = 100;
    static final int HIDDEN = 16;
    static final double NOISE = 0.1;
    static final long DATA_SEED = 42L;
    static final long MODEL_SEED = 1337L;
    static final double ALPHA = 1e-4;
    static final double LEARNING_RATE = 0.05;

    private Demo() {
    }

    /** {@code n} moons, the same every call. */
    static Dataset data(int n) {
        return Datasets.moons(n, NOISE, new SplittableRandom(DATA_SEED));
    }

    /** {@code MLP(2, [hidden, hidden, 1])}, the same weights every call. */
    static MLP model(int hidden) {
        return new MLP(2, List.of(hidden, hidden, 1), new SplittableRandom(MODEL_SEED));
    }

    /** The demo's trainer over {@code data}: max-margin, L2 1e-4, SGD at {@link #LEARNING_RATE}. */
    static Trainer trainer(MLP model, Dataset data, boolean compiled) {
        return Trainer.builder(model, data)
                .loss(Loss.MAX_MARGIN)
                .l2(ALPHA)
                .optimizer(new Sgd(model.parameters(), LearningRate.constant(LEARNING_RATE)))
                .compiled(compiled)
                .build();
    }

    /** The model's parameters' data, in {@code MLP.parameters()} order. */
    static double[] snapshot(MLP model) {
        List<Value> params = model.parameters();
        double[] p = new double[params.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = params.get(i).data();
        }
        return p;
    }
}
