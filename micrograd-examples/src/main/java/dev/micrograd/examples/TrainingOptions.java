package dev.micrograd.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options the training commands ({@code moons}, {@code spiral}) take with the same meaning and
 * help, as one picocli mixin: how the graph is built ({@code --compiled}) and where the results go
 * ({@code --save FILE}, {@code --out DIR}); and the check of those places before any work.
 */
final class TrainingOptions {
    /** Whether the trainer builds the loss graph once and replays it ({@code Trainer.Builder.compiled}). */
    @Option(names = "--compiled", description = "Build the loss graph once and replay it each step (full batch or fixed batch size).")
    boolean compiled;

    /** Where the trained model goes, or null for nowhere. */
    @Option(names = "--save", paramLabel = "FILE", description = "Write the trained model to FILE (a model file, see ModelFile); FILE's folder must exist.")
    Path save;

    /** Where the pictures go; the program creates the folder. */
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Folder for the pictures (default: ${DEFAULT-VALUE}).")
    Path out;

    /**
     * What is wrong with {@code --out} or {@code --save}, checked before any work: {@code --out}
     * must be a folder or able to become one (the program creates it); {@code --save FILE} must not
     * be a folder and its folder must exist (as {@code ModelFile.save} requires).
     *
     * @return null if both are usable, else the message about the first that is not
     */
    String problem() {
        String outProblem = OutputFiles.checkFolder(out, "--out");
        if (outProblem != null || save == null) {
            return outProblem;
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
}
