package dev.micrograd.examples;

import dev.micrograd.nn.MLP;
import dev.micrograd.nn.ModelFile;
import dev.micrograd.nn.StepReport;
import dev.micrograd.nn.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One run of a training command ({@code moons}, {@code spiral}), what those commands share: the
 * step loop that stops at the first loss that is not a finite number, the two pictures, the saved
 * model, the summary, the message of a diverged run and the {@code --json} document.
 */
final class TrainingRun {
    /** The exit code of a run whose loss stopped being a finite number (without {@code --keep-going}). */
    static final int EXIT_DIVERGED = 3;
    /** The picture sizes, in pixels. */
    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    private final CommandSpec spec;
    private final TrainingOptions options;
    private final boolean json;
    private final boolean keepGoing;
    private final PrintWriter log;

    /**
     * A run of the command {@code spec}, its name the task's.
     *
     * @param spec the command, for its name and its output streams
     * @param options where the results go
     * @param json whether standard output carries the JSON document only (then the log goes to standard error)
     * @param keepGoing whether to train all the steps even after the loss stopped being finite
     */
    TrainingRun(CommandSpec spec, TrainingOptions options, boolean json, boolean keepGoing) {
        this.spec = spec;
        this.options = options;
        this.json = json;
        this.keepGoing = keepGoing;
        this.log = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    }

    /**
     * How a run ended.
     *
     * @param done the steps trained
     * @param elapsedNanos the time spent in them
     * @param divergedAt the first step whose loss was not finite, or -1
     * @param losses the loss of each step, one entry for each step asked for
     * @param accuracies the accuracy of each step, as {@code losses}
     * @param last the model's loss and accuracy after the last step
     */
    record Result(int done, long elapsedNanos, int divergedAt, double[] losses, double[] accuracies,
                  StepReport last) {
        /** Whether some step's loss was NaN or infinite. */
        boolean diverged() {
            return divergedAt >= 0;
        }

        /** Milliseconds per trained step: {@code elapsedNanos / 1e6 / done}. */
        double msPerStep() {
            return elapsedNanos / 1e6 / done;
        }

        /** The loss of each trained step, for the training picture. */
        double[] trainedLosses() {
            return Arrays.copyOf(losses, done);
        }

        /** The accuracy of each trained step, for the training picture. */
        double[] trainedAccuracies() {
            return Arrays.copyOf(accuracies, done);
        }
    }

    /**
     * Where the run's log goes: standard error with {@code --json}, else standard output.
     *
     * @return the log
     */
    PrintWriter log() {
        return log;
    }

    /**
     * Trains up to {@code steps} steps, one per call (train() continues the optimizer's schedule
     * from call to call), showing each on a {@link Progress} display, and stops after the first
     * step whose loss is not finite unless {@code --keep-going}: every step after it would be NaN too.
     *
     * @param settings the trainer to build; its listener is the run's
     * @param steps the steps to train, at least 1
     * @return how the run ended
     */
    Result train(Trainer.Builder settings, int steps) {
        // System.console() is null unless a terminal is attached on JDK 17 (our target) and again on 25;
        // JDK 22-24 return a console even when the output is redirected, and would need Console.isTerminal()
        try (Progress progress = Progress.create(System.console() != null, spec.name(), steps, log)) {
            TrainingCurve curve = new TrainingCurve(steps, progress);
            Trainer trainer = settings.listener(curve).build();
            int done = 0;
            long elapsedNanos = 0;
            while (done < steps && (curve.firstNotFinite() < 0 || keepGoing)) {
                elapsedNanos += trainer.train(1).elapsedNanos();
                done++;
            }
            return new Result(done, elapsedNanos, curve.firstNotFinite(), curve.losses(), curve.accuracies(),
                    trainer.evaluate());
        }
    }

    /**
     * Writes the two pictures into {@code --out} as PNG: TASK-boundary.png and TASK-training.png.
     *
     * @param boundary what the model learned, over the data
     * @param training the loss and the accuracy per step
     * @return the files written, the boundary first
     * @throws IOException if a picture cannot be written
     */
    List<Path> writePictures(JFreeChart boundary, JFreeChart training) throws IOException {
        Path boundaryPng = OutputFiles.write(options.out.resolve(spec.name() + "-boundary.png"),
                o -> ChartUtils.writeChartAsPNG(o, boundary, WIDTH, HEIGHT));
        Path trainingPng = OutputFiles.write(options.out.resolve(spec.name() + "-training.png"),
                o -> ChartUtils.writeChartAsPNG(o, training, WIDTH, HEIGHT));
        return List.of(boundaryPng, trainingPng);
    }

    /**
     * Ends the run once its pictures are written: saves the model to {@code --save} (a diverged
     * one only with {@code --keep-going}), logs the result, explains a divergence on standard
     * error and, with {@code --json}, prints the document on standard output.
     *
     * @param run how training ended
     * @param model the trained model
     * @param pictures the pictures written
     * @param optimizer the optimizer and its rate as the run used them, e.g. "SGD, lr 1.0E300"
     * @param suggestAdam whether a divergence message suggests {@code --optimizer adam} (the run used SGD)
     * @param taskFields the JSON fields that follow "task" for this command, each with its leading comma, or ""
     * @return the exit code: 0, or {@link #EXIT_DIVERGED}
     * @throws IOException if the model cannot be saved
     */
    int finish(Result run, MLP model, List<Path> pictures, String optimizer, boolean suggestAdam,
               String taskFields) throws IOException {
        // the model last: a picture that fails leaves no model file behind; a diverged model only on request
        Path saved = null;
        if (options.save != null && (!run.diverged() || keepGoing)) {
            ModelFile.save(model, options.save);
            saved = options.save;
        }

        log.println(String.format(Locale.ROOT, "trained: loss %s, accuracy %.1f%%, %.2f ms per step",
                Progress.loss(run.last().loss()), 100 * run.last().accuracy(), run.msPerStep()));
        log.println("pictures: " + String.join(", ", pictures.stream().map(Path::toString).toList()));
        if (saved != null) {
            log.println("model: " + saved);
        }
        log.flush();
        if (run.diverged()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(divergence(spec.name(), run.divergedAt(), run.losses(), optimizer, suggestAdam, keepGoing,
                    options.save != null && saved == null));
            err.flush();
        }
        if (json) {
            StringBuilder document = new StringBuilder("{\"task\":").append(jsonString(spec.name()))
                    .append(taskFields)
                    .append(",\"steps\":").append(run.done())
                    .append(",\"loss\":").append(jsonNumber(run.last().loss()))
                    .append(",\"accuracy\":").append(jsonNumber(run.last().accuracy()))
                    .append(",\"parameters\":").append(model.parameterCount())
                    .append(",\"msPerStep\":").append(jsonNumber(run.msPerStep()));
            PrintWriter out = spec.commandLine().getOut();
            out.println(appendSharedFields(document, run.divergedAt(), pictures, saved).append('}'));
            out.flush();
        }
        return run.diverged() && !keepGoing ? EXIT_DIVERGED : 0;
    }

    /**
     * What happened and what to try, when the loss stopped being a finite number at {@code step}.
     *
     * @param task the command's name, first in the message
     * @param step the first step whose loss was not finite
     * @param losses the loss of each step trained
     * @param optimizer the optimizer and its rate as the run used them, e.g. "SGD, lr 1.0E300"
     * @param suggestAdam whether to suggest {@code --optimizer adam} (the run used SGD)
     * @param keepGoing whether the run went on with {@code --keep-going}
     * @param modelNotSaved whether {@code --save} was given and no model was saved
     * @return the message, one line
     */
    private static String divergence(String task, int step, double[] losses, String optimizer, boolean suggestAdam,
                             boolean keepGoing, boolean modelNotSaved) {
        StringBuilder sb = new StringBuilder(task).append(": training diverged: the loss is ")
                .append(Progress.loss(losses[step])).append(" at step ").append(step);
        if (step > 0) {
            sb.append(" (step ").append(step - 1).append(": ").append(Progress.loss(losses[step - 1])).append(')');
        }
        sb.append("; try a smaller --lr (this run: ").append(optimizer).append(')');
        if (suggestAdam) {
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

    /**
     * Appends the fields every command's JSON document ends with:
     * {@code ,"diverged":..,"divergedAtStep":..,"pictures":[..],"model":..}.
     *
     * @param json the document so far (an object not yet closed)
     * @param divergedAt the first step whose loss was not finite, or -1 (then null)
     * @param pictures the pictures written
     * @param model the model file written, or null
     * @return {@code json}
     */
    private static StringBuilder appendSharedFields(StringBuilder json, int divergedAt, List<Path> pictures, Path model) {
        json.append(",\"diverged\":").append(divergedAt >= 0);
        json.append(",\"divergedAtStep\":").append(divergedAt >= 0 ? Integer.toString(divergedAt) : "null");
        json.append(",\"pictures\":[");
        for (int i = 0; i < pictures.size(); i++) {
            json.append(i == 0 ? "" : ",").append(jsonString(pictures.get(i).toString()));
        }
        return json.append("],\"model\":").append(model == null ? "null" : jsonString(model.toString()));
    }

    /** A JSON number; JSON has no NaN or infinity, so those become null. */
    private static String jsonNumber(double x) {
        return Double.isFinite(x) ? Double.toString(x) : "null";
    }

    /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259, section 7). */
    private static String jsonString(String s) {
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
