package dev.micrograd.examples;

import java.nio.file.FileSystemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code micrograd} program: {@code moons} (micrograd's demo), {@code spiral} (K classes),
 * {@code lecture} (the lecture's numbers, chapter by chapter) and {@code graph} (an expression
 * graph in DOT).
 *
 * <pre>{@code
 * java -jar micrograd-examples/target/micrograd.jar moons
 * java -jar micrograd-examples/target/micrograd.jar spiral --classes 3
 * java -jar micrograd-examples/target/micrograd.jar lecture --out out/lecture
 * java -jar micrograd-examples/target/micrograd.jar graph "tanh(x1*w1 + x2*w2 + b)" --set x1=2,w1=-3,x2=0,w2=1,b=6.8814
 * }</pre>
 *
 * <p>Tests run the same command line in-process through {@link #commandLine()}.
 */
@Command(name = "micrograd",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "micrograd for Java: a scalar autograd engine and a tiny neural-net library, with "
                + "micrograd's demo and the lecture's examples.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {MoonsCommand.class, SpiralCommand.class, LectureCommand.class, GraphCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Creates the top-level command; picocli calls it. */
    public Main() {
    }

    /**
     * Runs the program and exits with picocli's exit code: 0 on success, 2 for a bad command line,
     * 1 when a command fails.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // the charts are drawn off-screen; no display is needed or wanted
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /**
     * The program's command line, ready to {@link CommandLine#execute(String...) execute}; tests
     * redirect its output with {@link CommandLine#setOut} and {@link CommandLine#setErr}.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // graph's EXPR may start with '-' ("-a*b"): there an unknown option is the expression, not an error
        cl.getSubcommands().get("graph").setUnmatchedOptionsArePositionalParams(true);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            // a failure the user can act on: one clear line, not a stack trace
            line.getErr().println(line.getColorScheme().errorText("micrograd " + line.getCommandName()
                    + ": " + describe(ex)));
            return line.getCommandSpec().exitCodeOnExecutionException();
        });
        return cl;
    }

    /** A failure in words: file-system errors carry only a path as their message. */
    static String describe(Exception ex) {
        if (ex instanceof FileSystemException fs) {
            String what = fs.getClass().getSimpleName().replace("Exception", "");
            return "cannot write " + fs.getFile() + " (" + what + (fs.getReason() != null ? ": " + fs.getReason() : "")
                    + ")";
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.toString();
    }

    /** Without a command: say so, and show the commands. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required command: moons, spiral, lecture or graph");
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"micrograd " + (version == null ? "(development build)" : version)};
        }
    }
}
