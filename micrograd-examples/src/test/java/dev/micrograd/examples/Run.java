package dev.micrograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/** One in-process run of the program, its exit code and what it printed. */
record Run(int exitCode, String out, String err) {
    static Run of(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Runs a training command ({@code moons}, {@code spiral}) with {@code --out} and {@code --save}
     * in {@code tmp} and then {@code options}, and asserts that it refused them before any work:
     * exit code 2, {@code message} and the command's usage line on standard error, and neither the
     * output folder nor the model file created.
     *
     * @param command the command's name
     * @param tmp an empty folder
     * @param options the options under test, separated by single spaces
     * @param message a part of the expected error message
     * @return the run, for further checks
     */
    static Run refusedTraining(String command, Path tmp, String options, String message) {
        Path out = tmp.resolve("out");
        Path model = tmp.resolve("model.mlp");
        Run run = of(Stream.concat(Stream.of(command, "--out", out.toString(), "--save", model.toString()),
                Stream.of(options.split(" "))).toArray(String[]::new));
        run.assertRefused(message);
        assertTrue(run.err().contains("Usage: micrograd " + command), run::toString);
        assertFalse(Files.exists(out), "no output folder");
        assertFalse(Files.exists(model), "no model file");
        return run;
    }

    /**
     * Asserts that the program refused its command line: exit code 2 and {@code message} on
     * standard error; the whole run is the failure message.
     *
     * @param message a part of the expected error message
     * @return this run, for further checks
     */
    Run assertRefused(String message) {
        assertEquals(2, exitCode, this::toString);
        assertTrue(err.contains(message), () -> "expected '" + message + "' in\n" + this);
        return this;
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    String lastLine() {
        List<String> lines = outLines();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
