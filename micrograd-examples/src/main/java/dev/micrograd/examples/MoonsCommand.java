package dev.micrograd.examples;

import dev.micrograd.examples.plot.BoundaryChart;
import dev.micrograd.examples.plot.TrainingChart;
import dev.micrograd.nn.Adam;
import dev.micrograd.nn.Dataset;
import dev.micrograd.nn.Datasets;
import dev.micrograd.nn.LearningRate;
import dev.micrograd.nn.Loss;
import dev.micrograd.nn.MLP;
import dev.micrograd.nn.Optimizer;
import dev.micrograd.nn.Sgd;
import dev.micrograd.nn.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * micrograd's {@code demo.ipynb}: a two-moons data set, {@code MLP(2, [16, 16, 1])}, the max-margin
 * loss with L2 regularisation, SGD with a decaying learning rate; then the two pictures.
 */
@Command(name = "moons",
        mixinStandardHelpOptions = true,
        header = "micrograd's demo: train MLP(2, [16, 16, 1]) on two moons and draw what it learned.",
        sortOptions = false,
        description = {"Trains MLP(2, [16, 16, 1]) on two moons with the max-margin loss "
                + "(+ 1e-4 L2) and SGD, then draws moons-boundary.png (the decision regions and the data) "
                + "and moons-training.png (loss and accuracy per step) in DIR.",
                "The defaults are the demo's."})
final class MoonsCommand implements Callable<Integer> {
    /** The demo's L2 strength: {@code alpha = 1e-4}. */
    static final double L2 = 1e-4;
    /** Adam's learning rate when {@code --lr} is not given. */
    static final double ADAM_LR = 0.05;

    /** Where the training's updates come from; written in lower case, as the command line takes them. */
    enum OptimizerKind {
        SGD, ADAM;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1337",
            description = "Seed of the data, the weights and the batches (default: ${DEFAULT-VALUE}, the demo's).")
    long seed;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100", description = "Points in the data set (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--noise", paramLabel = "SD", defaultValue = "0.1",
            description = "Standard deviation of the Gaussian noise on the points (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--hidden", split = ",", paramLabel = "SIZE", defaultValue = "16,16",
            description = "Sizes of the hidden layers, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "A constant learning rate (default: for sgd the demo's decay 1.0-0.9*k/steps, for adam 0.05).")
    Double lr;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Samples per step, drawn at random each step (default: all of them, the demo's full batch).")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd",
            description = "sgd or adam (default: ${DEFAULT-VALUE}).")
    OptimizerKind optimizer;

    @Mixin
    TrainingOptions options;

    @Option(names = "--json",
            description = "Print one JSON document on standard output and nothing else (the log goes to standard "
                    + "error): task, steps, loss, accuracy, parameters, msPerStep, diverged, divergedAtStep, "
                    + "pictures, model.")
    boolean json;

    @Option(names = "--keep-going",
            description = "Train all the steps and exit 0 even when the loss stops being a finite number "
                    + "(default: stop at that step, save no model, exit " + TrainingRun.EXIT_DIVERGED + ").")
    boolean keepGoing;

    @Override
    public Integer call() throws IOException {
        validate();
        TrainingRun training = new TrainingRun(spec, options, json, keepGoing);
        List<Integer> nouts = new ArrayList<>(hidden);
        nouts.add(1);

        Dataset data = Datasets.moons(samples, noise, new SplittableRandom(seed));
        MLP model = new MLP(2, nouts, new SplittableRandom(seed));
        Optimizer updates = optimizer == OptimizerKind.ADAM
                ? new Adam(model.parameters(), lr != null ? lr : ADAM_LR)
                : new Sgd(model.parameters(), lr != null ? LearningRate.constant(lr)
                        : LearningRate.linearDecay(1.0, 0.9, steps));
        training.log().println(String.format(Locale.ROOT,
                "moons: %d samples, noise %s; %s, %d parameters; %s, %d steps%s%s", samples, noise, describe(nouts),
                model.parameterCount(), describeOptimizer(), steps, batchSize == null ? "" : ", batches of " + batchSize,
                options.compiled ? ", compiled graph" : ""));

        TrainingRun.Result run = training.train(Trainer.builder(model, data)
                .loss(Loss.MAX_MARGIN)
                .l2(L2)
                .optimizer(updates)
                .batchSize(batchSize == null ? 0 : batchSize)
                .rng(new SplittableRandom(seed).split())
                .compiled(options.compiled), steps);

        String subtitle = String.format(Locale.ROOT, "%s, %d parameters, %d steps of %s: %s",
                describe(nouts), model.parameterCount(), run.done(), describeOptimizer(),
                run.diverged() ? "diverged at step " + run.divergedAt()
                        : String.format(Locale.ROOT, "accuracy %.1f%%", 100 * run.last().accuracy()));
        JFreeChart boundary = BoundaryChart.create(data.xs(), data.ys(),
                (x1, x2) -> model.forward(x1, x2).get(0).data(),
                "micrograd moons: decision regions", subtitle);
        JFreeChart curve = TrainingChart.create(run.trainedLosses(), run.trainedAccuracies(),
                "micrograd moons: training", subtitle);
        List<Path> pictures = training.writePictures(boundary, curve);
        return training.finish(run, model, pictures, describeOptimizer(), optimizer == OptimizerKind.SGD, "");
    }

    private void validate() {
        if (steps < 1) {
            fail("--steps must be at least 1, found " + steps);
        }
        if (samples < 2) {
            fail("--samples must be at least 2 (one per moon), found " + samples);
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            fail("--noise must be a number at least 0, found " + noise);
        }
        if (hidden.isEmpty()) {
            fail("--hidden must name at least one layer size, e.g. 16,16");
        }
        for (Integer size : hidden) {
            if (size == null || size < 1) {
                fail("--hidden sizes must each be at least 1, found " + hidden);
            }
        }
        if (lr != null && (!(lr > 0) || !Double.isFinite(lr))) {
            fail("--lr must be a positive number, found " + lr);
        }
        if (batchSize != null && (batchSize < 1 || batchSize > samples)) {
            fail("--batch-size must be between 1 and --samples (" + samples + "), found " + batchSize);
        }
        String problem = options.problem();
        if (problem != null) {
            fail(problem);
        }
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }

    private String describeOptimizer() {
        if (optimizer == OptimizerKind.ADAM) {
            return "Adam, lr " + (lr != null ? lr : ADAM_LR);
        }
        return "SGD, lr " + (lr != null ? lr.toString() : "1.0 - 0.9*k/" + steps);
    }

    private static String describe(List<Integer> nouts) {
        return "MLP(2, " + nouts + ")";
    }
}
