package dev.micrograd.bench;

import dev.micrograd.engine.Graph;
import dev.micrograd.nn.Dataset;
import dev.micrograd.nn.MLP;
import dev.micrograd.nn.Trainer;

/** {@link Trainer} with {@code compiled(true)}: the graph built once, each step replays it with {@link Graph}. */
final class CompiledStep implements TrainingStep {
    private final MLP model;
    private final Trainer trainer;

    CompiledStep(Dataset data, int hidden) {
        model = Demo.model(hidden);
        trainer = Demo.trainer(model, data, true);
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
