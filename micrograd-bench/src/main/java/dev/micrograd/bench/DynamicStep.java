package dev.micrograd.bench;

import dev.micrograd.nn.Dataset;
import dev.micrograd.nn.MLP;
import dev.micrograd.nn.Trainer;

/** micrograd's way, through {@link Trainer}: rebuild the whole graph every step, then {@code backward()}. */
final class DynamicStep implements TrainingStep {
    private final MLP model;
    private final Trainer trainer;

    DynamicStep(Dataset data, int hidden) {
        model = Demo.model(hidden);
        trainer = Demo.trainer(model, data, false);
    }

    @Override
    public double step() {
        return trainer.train(1).finalLoss();
    }

    @Override
    public double[] parameters() {
        return Demo.snapshot(model);
    }
}
