package dev.micrograd.examples;

import dev.micrograd.examples.plot.BoundaryChart;
import dev.micrograd.examples.plot.TrainingChart;
import dev.micrograd.nn.Adam;
import dev.micrograd.nn.Dataset;
import dev.micrograd.nn.Datasets;
import dev.micrograd.nn.LearningRate;
import dev.micrograd.nn.Loss;
import dev.micrograd.nn.MLP;
import dev.micrograd.nn.ModelFile;
import dev.micrograd.nn.Optimizer;
import dev.micrograd.nn.Sgd;
import dev.micrograd.nn.StepReport;
import dev.micrograd.nn.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
        header = "micrograd's demo: train MLP(2, [16, 16, 1]) on two moons and draw what it learned.",
        sortOptions = false,
        description = {"Trains MLP(2, [16, 16, 1]) on two moons with the max-margin loss "
                + "(+ 1e-4 L2) and SGD, then draws moons-boundary.png (the decision regions and the data) "
                + "and moons-training.png (loss and accuracy per step) in DIR.",
                "The defaults are the demo's."})
final class MoonsCommand implements Callable<Integer> {
    /** The picture sizes, in pixels. */
    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    /** The demo's L2 strength: {@code alpha = 1e-4}. */
    static final double L2 = 1e-4;
    /** Adam's learning rate when {@code --lr} is not given. */
    static final double ADAM_LR = 0.05;

    /** The exit code of a run whose loss stopped being a finite number (without {@code --keep-going}). */
    static final int EXIT_DIVERGED = 3;

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

    @Option(names = "--compiled",
            description = "Build the loss graph once and replay it each step (full batch or fixed batch size).")
    boolean compiled;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Write the trained model to FILE (a model file, see ModelFile); FILE's folder must exist.")
    Path save;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Folder for the pictures (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json",
            description = "Print one JSON document on standard output and nothing else (the log goes to standard "
                    + "error): task, steps, loss, accuracy, parameters, msPerStep, diverged, divergedAtStep, "
                    + "pictures, model.")
    boolean json;

    @Option(names = "--keep-going",
            description = "Train all the steps and exit 0 even when the loss stops being a finite number "
                    + "(default: stop at that step, save no model, exit " + EXIT_DIVERGED + ").")
    boolean keepGoing;

    @Override
    public Integer call() throws IOException {
        validate();
        PrintWriter w = spec.commandLine().getOut();
        // with --json, standard output carries the result only; the step log goes to standard error
        PrintWriter log = json ? spec.commandLine().getErr() : w;
        List<Integer> nouts = new ArrayList<>(hidden);
        nouts.add(1);

        Dataset data = Datasets.moons(samples, noise, new SplittableRandom(seed));
        MLP model = new MLP(2, nouts, new SplittableRandom(seed));
        Optimizer updates = optimizer == OptimizerKind.ADAM
                ? new Adam(model.parameters(), lr != null ? lr : ADAM_LR)
                : new Sgd(model.parameters(), lr != null ? LearningRate.constant(lr)
                        : LearningRate.linearDecay(1.0, 0.9, steps));
        log.println(String.format(Locale.ROOT, "moons: %d samples, noise %s; %s, %d parameters; %s, %d steps%s%s",
                samples, noise, describe(nouts), model.parameterCount(), describeOptimizer(), steps, batchSize == null ? "" : ", batches of " + batchSize, compiled ? ", compiled graph" : ""));

        double[] losses = new double[steps];
        double[] accuracies = new double[steps];
        int[] firstNotFinite = {-1};
        int done = 0;
        long elapsedNanos = 0;
        StepReport last;
        // System.console() is null unless a terminal is attached on JDK 17 (our target) and again on 25;
        // JDK 22-24 return a console even when the output is redirected, and would need Console.isTerminal()
        try (Progress progress = Progress.create(System.console() != null, "moons", steps, log)) {
            Trainer trainer = Trainer.builder(model, data)
                    .loss(Loss.MAX_MARGIN)
                    .l2(L2)
                    .optimizer(updates)
                    .batchSize(batchSize == null ? 0 : batchSize)
                    .rng(new SplittableRandom(seed).split())
                    .compiled(compiled)
                    .listener(r -> {
                        losses[r.step()] = r.loss();
                        accuracies[r.step()] = r.accuracy();
                        if (!Double.isFinite(r.loss()) && firstNotFinite[0] < 0) {
                            firstNotFinite[0] = r.step();
                        }
                        progress.step(r.step(), r.loss(), r.accuracy());
                    })
                    .build();
            // one step per call, so that a loss that is no longer finite can end the run: every step
            // after it would be NaN too (train() continues the optimizer's schedule from call to call)
            while (done < steps && (firstNotFinite[0] < 0 || keepGoing)) {
                elapsedNanos += trainer.train(1).elapsedNanos();
                done++;
            }
            last = trainer.evaluate();
        }
        boolean diverged = firstNotFinite[0] >= 0;
        double msPerStep = elapsedNanos / 1e6 / done;
        double[] doneLosses = Arrays.copyOf(losses, done);
        double[] doneAccuracies = Arrays.copyOf(accuracies, done);

        String subtitle = String.format(Locale.ROOT, "%s, %d parameters, %d steps of %s: %s",
                describe(nouts), model.parameterCount(), done, describeOptimizer(),
                diverged ? "diverged at step " + firstNotFinite[0]
                        : String.format(Locale.ROOT, "accuracy %.1f%%", 100 * last.accuracy()));
        JFreeChart boundary = BoundaryChart.create(data.xs(), data.ys(),
                (x1, x2) -> model.forward(x1, x2).get(0).data(),
                "micrograd moons: decision regions", subtitle);
        JFreeChart training = TrainingChart.create(doneLosses, doneAccuracies, "micrograd moons: training", subtitle);
        Path boundaryPng = OutputFiles.write(out.resolve("moons-boundary.png"),
                o -> ChartUtils.writeChartAsPNG(o, boundary, WIDTH, HEIGHT));
        Path trainingPng = OutputFiles.write(out.resolve("moons-training.png"),
                o -> ChartUtils.writeChartAsPNG(o, training, WIDTH, HEIGHT));
        // the model last: a picture that fails leaves no model file behind; a diverged model only on request
        Path saved = null;
        if (save != null && (!diverged || keepGoing)) {
            ModelFile.save(model, save);
            saved = save;
        }

        log.println(String.format(Locale.ROOT, "trained: loss %s, accuracy %.1f%%, %.2f ms per step",
                Progress.loss(last.loss()), 100 * last.accuracy(), msPerStep));
        log.println("pictures: " + boundaryPng + ", " + trainingPng);
        if (saved != null) {
            log.println("model: " + saved);
        }
        if (diverged) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(divergence(firstNotFinite[0], losses, save != null && saved == null));
            err.flush();
        }
        if (json) {
            w.println(json(done, last, model.parameterCount(), msPerStep, diverged ? firstNotFinite[0] : -1,
                    List.of(boundaryPng, trainingPng), saved));
        }
        log.flush();
        w.flush();
        return diverged && !keepGoing ? EXIT_DIVERGED : 0;
    }

    /** What happened and what to try, when the loss stopped being a finite number at {@code step}. */
    private String divergence(int step, double[] losses, boolean modelNotSaved) {
        StringBuilder sb = new StringBuilder("moons: training diverged: the loss is ")
                .append(Progress.loss(losses[step])).append(" at step ").append(step);
        if (step > 0) {
            sb.append(" (step ").append(step - 1).append(": ").append(Progress.loss(losses[step - 1])).append(')');
        }
        sb.append("; try a smaller --lr (this run: ").append(describeOptimizer()).append(')');
        if (optimizer == OptimizerKind.SGD) {
            sb.append(" or --optimizer adam");
        }
        sb.append(". The pictures show ").append(keepGoing ? "every step" : "the steps up to it")
                .append(", the non-finite part in grey");
        if (modelNotSaved) {
            sb.append("; no model was saved");
        }
        sb.append('.');
        if (!keepGoing) {
            sb.append(" --keep-going trains all the steps anyway and exits 0.");
        }
        return sb.toString();
    }

    /** The --json document: one object on one line. */
    private static String json(int steps, StepReport last, int parameters, double msPerStep, int divergedAt,
                               List<Path> pictures, Path model) {
        StringBuilder sb = new StringBuilder("{\"task\":\"moons\"");
        sb.append(",\"steps\":").append(steps);
        sb.append(",\"loss\":").append(jsonNumber(last.loss()));
        sb.append(",\"accuracy\":").append(jsonNumber(last.accuracy()));
        sb.append(",\"parameters\":").append(parameters);
        sb.append(",\"msPerStep\":").append(jsonNumber(msPerStep));
        sb.append(",\"diverged\":").append(divergedAt >= 0);
        sb.append(",\"divergedAtStep\":").append(divergedAt >= 0 ? Integer.toString(divergedAt) : "null");
        sb.append(",\"pictures\":[");
        for (int i = 0; i < pictures.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(jsonString(pictures.get(i).toString()));
        }
        sb.append("],\"model\":").append(model == null ? "null" : jsonString(model.toString()));
        return sb.append('}').toString();
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
        String outProblem = OutputFiles.checkFolder(out, "--out");
        if (outProblem != null) {
            fail(outProblem);
        }
        if (save != null && Files.isDirectory(save)) {
            fail("--save names a folder, expected a file: " + save);
        }
        String saveProblem = save == null ? null : OutputFiles.checkFolder(save.toAbsolutePath().getParent(), "--save");
        if (saveProblem != null) {
            fail(saveProblem);
        }
        // as ModelFile.save: a model file goes into a folder that exists; only --out is the program's to create
        if (save != null && !Files.isDirectory(save.toAbsolutePath().getParent())) {
            fail("--save: the folder " + save.toAbsolutePath().getParent() + " does not exist; create it first");
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

    /** A JSON number; JSON has no NaN or infinity, so those become null. */
    static String jsonNumber(double x) {
        return Double.isFinite(x) ? Double.toString(x) : "null";
    }

    /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259, section 7). */
    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
