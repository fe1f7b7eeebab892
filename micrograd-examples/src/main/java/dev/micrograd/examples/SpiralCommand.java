package dev.micrograd.examples;

import dev.micrograd.examples.MoonsCommand.OptimizerKind;
import dev.micrograd.examples.plot.ClassRegionsChart;
import dev.micrograd.examples.plot.TrainingChart;
import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Value;
import dev.micrograd.nn.Adam;
import dev.micrograd.nn.Dataset;
import dev.micrograd.nn.Datasets;
import dev.micrograd.nn.LearningRate;
import dev.micrograd.nn.Loss;
import dev.micrograd.nn.Losses;
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
 * Beyond micrograd's demo: CS231n's spiral of K classes, an MLP with K outputs, softmax
 * cross-entropy (+ 1e-4 L2) and Adam; then the decision regions of every class and the training
 * curve. With {@code --json}, standard output carries exactly one JSON object and everything else
 * goes to standard error.
 */
@Command(name = "spiral",
        mixinStandardHelpOptions = true,
        header = "K classes: train MLP(2, [16, 16, K]) on CS231n's spiral with cross-entropy and draw its regions.",
        sortOptions = false,
        description = {"Trains MLP(2, [16, 16, K]) on CS231n's spiral (K arms of points) with softmax "
                + "cross-entropy (+ 1e-4 L2) and Adam, then draws spiral-boundary.png (each class's "
                + "decision region and the data) and spiral-training.png (loss and accuracy per step) in DIR.",
                "The defaults reach at least 95%% training accuracy."})
final class SpiralCommand implements Callable<Integer> {
    /** Adam's learning rate when {@code --lr} is not given. */
    static final double ADAM_LR = 0.02;
    /** SGD's constant learning rate when {@code --lr} is not given. */
    static final double SGD_LR = 0.5;

    @Spec
    private CommandSpec spec;

    @Option(names = "--classes", paramLabel = "K", defaultValue = "3",
            description = "Classes, one spiral arm each (default: ${DEFAULT-VALUE}, CS231n's).")
    int classes;

    @Option(names = "--points", paramLabel = "N", defaultValue = "100",
            description = "Points per class (default: ${DEFAULT-VALUE}, CS231n's).")
    int points;

    @Option(names = "--noise", paramLabel = "SD", defaultValue = "0.2",
            description = "Standard deviation of the noise on each point's angle, in radians (default: ${DEFAULT-VALUE}, CS231n's).")
    double noise;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "200", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1337",
            description = "Seed of the data, the weights and the batches (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hidden", split = ",", paramLabel = "SIZE", defaultValue = "16,16",
            description = "Sizes of the hidden layers, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "A constant learning rate (default: for adam 0.02, for sgd 0.5).")
    Double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "adam or sgd (default: adam).")
    OptimizerKind optimizer;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Samples per step, drawn at random each step (default: all of them).")
    Integer batchSize;

    @Mixin
    TrainingOptions options;

    @Option(names = "--json",
            description = "Print one JSON document on standard output and nothing else (the log goes to standard "
                    + "error): task, classes, steps, loss, accuracy, parameters, msPerStep, diverged, "
                    + "divergedAtStep, pictures, model.")
    boolean json;

    @Option(names = "--keep-going",
            description = "Train all the steps and exit 0 even when the loss stopped being a finite number "
                    + "(default: stop at that step, save no model, exit " + TrainingRun.EXIT_DIVERGED + ").")
    boolean keepGoing;

    @Override
    public Integer call() throws IOException {
        validate();
        TrainingRun training = new TrainingRun(spec, options, json, keepGoing);
        List<Integer> nouts = new ArrayList<>(hidden);
        nouts.add(classes);

        Dataset data = Datasets.spiral(points, classes, noise, new SplittableRandom(seed));
        MLP model = new MLP(2, nouts, new SplittableRandom(seed));
        double rate = lr != null ? lr : optimizer == OptimizerKind.ADAM ? ADAM_LR : SGD_LR;
        Optimizer updates = optimizer == OptimizerKind.ADAM
                ? new Adam(model.parameters(), rate)
                : new Sgd(model.parameters(), LearningRate.constant(rate));
        String described = String.format(Locale.ROOT, "MLP(2, %s), %d parameters, %d steps of %s (lr %s)",
                nouts, model.parameterCount(), steps, optimizer == OptimizerKind.ADAM ? "Adam" : "SGD", rate);
        training.log().println(String.format(Locale.ROOT, "spiral: %d classes of %d points, noise %s; %s%s%s",
                classes, points, noise, described, batchSize == null ? "" : ", batches of " + batchSize,
                options.compiled ? ", compiled graph" : ""));

        Trainer.Builder settings = Trainer.builder(model, data).loss(Loss.CROSS_ENTROPY).l2(MoonsCommand.L2)
                .optimizer(updates).compiled(options.compiled);
        if (batchSize != null) {
            settings.batchSize(batchSize).rng(new SplittableRandom(seed).split());
        }
        TrainingRun.Result run = training.train(settings, steps);

        String subtitle = String.format(Locale.ROOT, "%s: %s", described, run.diverged()
                ? "diverged at step " + run.divergedAt() + ", " + run.done() + " steps trained"
                : String.format(Locale.ROOT, "accuracy %.1f%%", 100 * run.last().accuracy()));
        JFreeChart boundary = ClassRegionsChart.create(data.xs(), data.classLabels(), classes, classifier(model),
                "micrograd spiral: decision regions of " + classes + " classes", subtitle);
        JFreeChart curve = TrainingChart.create(run.trainedLosses(), run.trainedAccuracies(),
                "micrograd spiral: training", subtitle);
        List<Path> pictures = training.writePictures(boundary, curve);
        return training.finish(run, model, pictures, (optimizer == OptimizerKind.ADAM ? "Adam" : "SGD") + ", lr " + rate,
                optimizer == OptimizerKind.SGD, ",\"classes\":" + classes);
    }

    /**
     * The model's predicted class at a point, {@code Losses.argmax(model.forward(x1, x2))}, or
     * {@link ClassRegionsChart#NO_CLASS} where a logit is NaN (a diverged model), with
     * the forward pass compiled once: the picture asks at some 90,000 grid points, and replaying
     * one graph allocates nothing where building one per point would build millions of nodes.
     */
    static ClassRegionsChart.Classifier classifier(MLP model) {
        Value x1 = Value.of(0.0);
        Value x2 = Value.of(0.0);
        List<Value> logits = model.forward(List.of(x1, x2));
        Graph graph = Graph.compile(Value.sum(logits));
        return (a, b) -> {
            x1.setData(a);
            x2.setData(b);
            graph.forward();
            int k = Losses.argmax(logits);
            // argmax picks a NaN logit if there is one: a diverged model predicts no class
            return Double.isNaN(logits.get(k).data()) ? ClassRegionsChart.NO_CLASS : k;
        };
    }

    private void validate() {
        atLeast(classes, 2, "--classes");
        atLeast(points, 2, "--points");
        atLeast(steps, 1, "--steps");
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            fail("--noise must be a number at least 0, found " + noise);
        }
        if (hidden.isEmpty() || hidden.stream().anyMatch(size -> size == null || size < 1)) {
            fail("--hidden sizes must each be at least 1, found " + hidden);
        }
        if (lr != null && (!(lr > 0) || !Double.isFinite(lr))) {
            fail("--lr must be a positive number, found " + lr);
        }
        long samples = (long) points * classes;
        if (batchSize != null && (batchSize < 1 || batchSize > samples)) {
            fail("--batch-size must be between 1 and --points x --classes (" + samples + "), found " + batchSize);
        }
        if (samples > 10_000_000) {
            fail("--points x --classes must be at most 10000000, found " + samples);
        }
        String problem = options.problem();
        if (problem != null) {
            fail(problem);
        }
    }

    private void atLeast(int value, int least, String option) {
        if (value < least) {
            fail(option + " must be at least " + least + ", found " + value);
        }
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }
}
