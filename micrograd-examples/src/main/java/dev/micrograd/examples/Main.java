package dev.micrograd.examples;

import dev.micrograd.nn.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
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
     * Runs the program and exits with its exit code: 0 on success, 1 when a command fails (a file
     * that cannot be written), 2 for a bad command line, 3 when {@code moons} training diverged
     * (see {@code docs/program.md}).
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
        cl.registerConverter(MoonsCommand.OptimizerKind.class, named(MoonsCommand.OptimizerKind.class));
        cl.registerConverter(GraphCommand.Format.class, named(GraphCommand.Format.class));
        // graph's EXPR may start with '-' ("-a*b"): there an unknown option is the expression, not an error
        cl.getSubcommands().get("graph").setUnmatchedOptionsArePositionalParams(true);
        cl.setParameterExceptionHandler(Main::badCommandLine);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            // a failure the user can act on: one clear line, not a stack trace
            line.getErr().println(line.getColorScheme().errorText("micrograd " + line.getCommandName()
                    + ": " + describe(ex)));
            return line.getCommandSpec().exitCodeOnExecutionException();
        });
        return cl;
    }

    /**
     * Reads an enum's constant by its lower-case name (its {@code toString()}), in any case; a wrong
     * name is answered with the names as help writes them.
     */
    static <E extends Enum<E>> CommandLine.ITypeConverter<E> named(Class<E> type) {
        return text -> {
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                if (constant.toString().equalsIgnoreCase(text.strip())) {
                    return constant;
                }
                names.add(constant.toString());
            }
            throw new CommandLine.TypeConversionException("expected "
                    + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1)
                    + ", found '" + text + "'");
        };
    }

    /** A failure in words: file-system errors carry only a path as their message. */
    static String describe(Exception ex) {
        if (ex instanceof FileSystemException fs && fs.getFile() != null) {
            return "cannot write " + fs.getFile() + ": " + AtomicFiles.problem(fs, Path.of(fs.getFile()));
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.toString();
    }

    /** A bad command line: the problem, the usage line and where the help is, not the whole help page. */
    static int badCommandLine(ParameterException ex, String[] args) {
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        err.println(line.getColorScheme().errorText(ex.getMessage()));
        UnmatchedArgumentException.printSuggestions(ex, err);
        CommandLine.Help help = line.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return line.getCommandSpec().exitCodeOnInvalidInput();
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
