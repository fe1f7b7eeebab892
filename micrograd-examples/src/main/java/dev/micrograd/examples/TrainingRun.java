package dev.micrograd.examples;

import dev.micrograd.nn.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the training commands ({@code moons}, {@code spiral}) share: the step loop that stops at
 * the first loss that is not a finite number, the check of {@code --save}'s folder, the message
 * of a diverged run and the JSON fields every command's {@code --json} document carries.
 */
final class TrainingRun {
    /** The exit code of a run whose loss stopped being a finite number (without {@code --keep-going}). */
    static final int EXIT_DIVERGED = 3;

    private TrainingRun() {
    }

    /**
     * How a run ended.
     *
     * @param done the steps trained
     * @param elapsedNanos the time spent in them
     * @param divergedAt the first step whose loss was not finite, or -1
     */
    record Result(int done, long elapsedNanos, int divergedAt) {
        /** Whether some step's loss was NaN or infinite. */
        boolean diverged() {
            return divergedAt >= 0;
        }

        /** Milliseconds per trained step: {@code elapsedNanos / 1e6 / done}. */
        double msPerStep() {
            return elapsedNanos / 1e6 / done;
        }
    }

    /**
     * Trains up to {@code steps} steps, one per call (train() continues the optimizer's schedule
     * from call to call), stopping after the first step whose loss is not finite unless
     * {@code keepGoing}: every step after it would be NaN too.
     *
     * @param trainer the trainer, with {@code curve} as its listener
     * @param curve records each step's loss and the first that is not finite
     * @param steps the steps to train, at least 1
     * @param keepGoing whether to train all the steps anyway
     * @return how the run ended
     */
    static Result train(Trainer trainer, TrainingCurve curve, int steps, boolean keepGoing) {
        int done = 0;
        long elapsedNanos = 0;
        while (done < steps && (curve.firstNotFinite() < 0 || keepGoing)) {
            elapsedNanos += trainer.train(1).elapsedNanos();
            done++;
        }
        return new Result(done, elapsedNanos, curve.firstNotFinite());
    }

    /**
     * What is wrong with {@code --save FILE}, checked before any work: FILE must not be a folder and
     * its folder must exist (as {@code ModelFile.save} requires; only {@code --out} is the program's
     * to create).
     *
     * @param save the file, or null when not given
     * @return null if usable, else the message
     */
    static String checkSave(Path save) {
        if (save == null) {
            return null;
        }
        if (Files.isDirectory(save)) {
            return "--save names a folder, expected a file: " + save;
        }
        Path folder = save.toAbsolutePath().getParent();
        String problem = OutputFiles.checkFolder(folder, "--save");
        if (problem != null) {
            return problem;
        }
        return Files.isDirectory(folder) ? null : "--save: the folder " + folder + " does not exist; create it first";
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
    static String divergence(String task, int step, double[] losses, String optimizer, boolean suggestAdam,
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
    static StringBuilder appendSharedFields(StringBuilder json, int divergedAt, List<Path> pictures, Path model) {
        json.append(",\"diverged\":").append(divergedAt >= 0);
        json.append(",\"divergedAtStep\":").append(divergedAt >= 0 ? Integer.toString(divergedAt) : "null");
        json.append(",\"pictures\":[");
        for (int i = 0; i < pictures.size(); i++) {
            json.append(i == 0 ? "" : ",").append(jsonString(pictures.get(i).toString()));
        }
        return json.append("],\"model\":").append(model == null ? "null" : jsonString(model.toString()));
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
