package dev.micrograd.bench;

import dev.micrograd.engine.Graph;
import dev.micrograd.nn.Dataset;
import dev.micrograd.nn.MLP;
import dev.micrograd.nn.Trainer;

/**
 * The demo step through {@link Trainer}, in its two modes: {@link #dynamic} is micrograd's way,
 * the whole graph rebuilt every step, then {@code backward()}; {@link #compiled} builds the graph
 * once and each step replays it with {@link Graph}.
 */
final class TrainerStep implements TrainingStep {
    private final MLP model;
    private final Trainer trainer;
    private final boolean compiled;

    private TrainerStep(Dataset data, int hidden, boolean compiled) {
        model = Demo.model(hidden);
        trainer = Demo.trainer(model, data, compiled);
        this.compiled = compiled;
    }

    /** {@code Trainer} with {@code compiled(false)}: a new graph per step. */
    static TrainerStep dynamic(Dataset data, int hidden) {
        return new TrainerStep(data, hidden, false);
    }

    /** {@code Trainer} with {@code compiled(true)}: one graph, replayed. */
    static TrainerStep compiled(Dataset data, int hidden) {
        return new TrainerStep(data, hidden, true);
    }

    @Override
    public double step() {
        return trainer.train(1).finalLoss();
    }

    @Override
    public double[] parameters() {
        return Demo.snapshot(model);
    }

    @Override
    public String name() {
        return compiled ? "the compiled step" : "the dynamic step";
    }
}
