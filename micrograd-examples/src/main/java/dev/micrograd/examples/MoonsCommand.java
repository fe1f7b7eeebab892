package dev.micrograd.examples;

import dev.micrograd.engine.Value;
import dev.micrograd.examples.plot.BoundaryChart;
import dev.micrograd.examples.plot.TrainingChart;
import dev.micrograd.nn.MLP;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
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
        sortOptions = false,
        description = {"micrograd's demo: trains MLP(2, [16, 16, 1]) on two moons with the max-margin loss "
                + "(+ 1e-4 L2) and SGD, then draws moons-boundary.png (the decision regions and the data) "
                + "and moons-training.png (loss and accuracy per step) in DIR.",
                "The defaults are the demo's."})
final class MoonsCommand implements Callable<Integer> {
    /** The picture sizes, in pixels. */
    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    /** Where the training's updates come from. */
    enum OptimizerKind { SGD, ADAM }

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
            description = "A constant learning rate (default: the demo's 1.0 - 0.9*k/steps for sgd, 0.01 for adam).")
    Double lr;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Samples per step, drawn at random each step (default: all of them, the demo's full batch).")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd",
            description = "sgd or adam (default: sgd).")
    OptimizerKind optimizer;

    @Option(names = "--compiled",
            description = "Build the loss graph once and replay it each step (full batch or fixed batch size).")
    boolean compiled;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the trained model to FILE.")
    Path save;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Folder for the pictures (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json",
            description = "End with one line of JSON: task, steps, loss, accuracy, parameters, msPerStep.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        validate();
        PrintWriter w = spec.commandLine().getOut();
        // with --json, standard output carries the result only; the step log goes to standard error
        PrintWriter log = json ? spec.commandLine().getErr() : w;
        List<Integer> nouts = new ArrayList<>(hidden);
        nouts.add(1);

        Moons data = Moons.make(samples, noise, new Random(seed));
        MLP model = new MLP(2, nouts, new SplittableRandom(seed));
        log.println(String.format(Locale.ROOT, "moons: %d samples, noise %s; %s, %d parameters; %s, %d steps",
                samples, noise, describe(nouts), model.parameterCount(), optimizer.name().toLowerCase(Locale.ROOT),
                steps));

        double[] losses = new double[steps];
        double[] accuracies = new double[steps];
        long start = System.nanoTime();
        try (Progress progress = Progress.create(System.console() != null && !json, "moons", steps, log)) {
            for (int k = 0; k < steps; k++) {
                Result r = loss(model, data);
                model.zeroGrad();
                r.loss.backward();
                double rate = lr != null ? lr : 1.0 - 0.9 * k / steps;
                for (Value p : model.parameters()) {
                    p.setData(p.data() - rate * p.grad());
                }
                losses[k] = r.loss.data();
                accuracies[k] = r.accuracy;
                progress.step(k, losses[k], accuracies[k]);
            }
        }
        double msPerStep = (System.nanoTime() - start) / 1e6 / steps;
        Result last = loss(model, data);

        String subtitle = String.format(Locale.ROOT, "%s, %d parameters, %d steps of %s: accuracy %.1f%%",
                describe(nouts), model.parameterCount(), steps, optimizer.name().toLowerCase(Locale.ROOT),
                100 * last.accuracy);
        JFreeChart boundary = BoundaryChart.create(data.xs, data.ys,
                (x1, x2) -> model.forward(x1, x2).get(0).data(),
                "micrograd moons: decision regions", subtitle);
        JFreeChart training = TrainingChart.create(losses, accuracies, "micrograd moons: training", subtitle);
        Path boundaryPng = OutputFiles.write(out.resolve("moons-boundary.png"),
                o -> ChartUtils.writeChartAsPNG(o, boundary, WIDTH, HEIGHT));
        Path trainingPng = OutputFiles.write(out.resolve("moons-training.png"),
                o -> ChartUtils.writeChartAsPNG(o, training, WIDTH, HEIGHT));

        w.println(String.format(Locale.ROOT, "trained: loss %.6f, accuracy %.1f%%, %.2f ms per step",
                last.loss.data(), 100 * last.accuracy, msPerStep));
        w.println("pictures: " + boundaryPng + ", " + trainingPng);
        if (json) {
            w.println(String.format(Locale.ROOT,
                    "{\"task\":\"moons\",\"steps\":%d,\"loss\":%s,\"accuracy\":%s,\"parameters\":%d,\"msPerStep\":%s}",
                    steps, jsonNumber(last.loss.data()), jsonNumber(last.accuracy), model.parameterCount(),
                    jsonNumber(msPerStep)));
        }
        w.flush();
        return 0;
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
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }

    private static String describe(List<Integer> nouts) {
        return "MLP(2, " + nouts + ")";
    }

    /** A JSON number; JSON has no NaN or infinity, so those become null. */
    static String jsonNumber(double x) {
        return Double.isFinite(x) ? Double.toString(x) : "null";
    }

    private record Result(Value loss, double accuracy) {
    }

    /** The demo's loss: mean of relu(1 - y*score) plus 1e-4 * Σ p². */
    private static Result loss(MLP model, Moons data) {
        List<Value> margins = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < data.xs.length; i++) {
            Value score = model.forward(data.xs[i]).get(0);
            margins.add(score.mul(-data.ys[i]).add(1).relu());
            if ((score.data() > 0) == (data.ys[i] > 0)) {
                correct++;
            }
        }
        Value dataLoss = Value.sum(margins).mul(1.0 / margins.size());
        List<Value> squares = new ArrayList<>();
        for (Value p : model.parameters()) {
            squares.add(p.mul(p));
        }
        Value total = dataLoss.add(Value.sum(squares).mul(1e-4));
        return new Result(total, (double) correct / data.xs.length);
    }

    /** scikit-learn's make_moons, labels -1/+1 (temporary until micrograd-nn's Datasets lands). */
    private record Moons(double[][] xs, double[] ys) {
        static Moons make(int n, double noise, Random rng) {
            int outer = n / 2;
            int inner = n - outer;
            double[][] xs = new double[n][];
            double[] ys = new double[n];
            for (int i = 0; i < outer; i++) {
                double t = outer == 1 ? 0 : Math.PI * i / (outer - 1);
                xs[i] = new double[] {Math.cos(t) + noise * rng.nextGaussian(), Math.sin(t) + noise * rng.nextGaussian()};
                ys[i] = -1;
            }
            for (int i = 0; i < inner; i++) {
                double t = inner == 1 ? 0 : Math.PI * i / (inner - 1);
                xs[outer + i] = new double[] {1 - Math.cos(t) + noise * rng.nextGaussian(),
                    1 - Math.sin(t) - 0.5 + noise * rng.nextGaussian()};
                ys[outer + i] = 1;
            }
            return new Moons(xs, ys);
        }
    }
}
