package dev.micrograd.examples;

import static dev.micrograd.examples.Decimals.num;

import dev.micrograd.engine.Value;
import dev.micrograd.examples.draw.GraphPicture;
import dev.micrograd.examples.draw.GraphTooLargeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Draws the graph of an expression, after {@code backward()}, as the lecture's {@code draw_dot}
 * does: DOT always, and an SVG or PNG picture drawn in Java (no Graphviz needed).
 */
@Command(name = "graph",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Draw an expression's graph after backward(): DOT, and an SVG or PNG picture.",
        description = {"EXPR is a preset (neuron, L, reuse) or an expression with + - * / ** (constant exponent), "
                + "parentheses and tanh exp log relu sigmoid; give each name a value with --set (and no other "
                + "name). EXPR may start with '-'; if it starts like -h or -V, give the options first, then -- EXPR.",
                "Examples:",
                "  micrograd graph neuron",
                "  micrograd graph \"(a*b + c)*f\" --set a=2,b=-3,c=10,f=-2",
                "  micrograd graph \"-a/b + 2**3\" --set a=1,b=4",
                "  micrograd graph \"tanh(x1*w1 + x2*w2 + b)\" --set x1=2,x2=0,w1=-3,w2=1,b=6.8814"})
final class GraphCommand implements Callable<Integer> {
    /** The lecture's expressions, by name: the text and the values of its names. */
    enum Preset {
        /** The tanh neuron of 52:52. */
        NEURON("neuron", "tanh(x1*w1 + x2*w2 + b)", Map.of("x1", 2.0, "x2", 0.0, "w1", -3.0, "w2", 1.0,
                "b", 6.8813735870195432)),
        /** L = (a*b + c)*f of 32:10. */
        L("L", "(a*b + c)*f", Map.of("a", 2.0, "b", -3.0, "c", 10.0, "f", -2.0)),
        /** The reuse bug of 1:22:28. */
        REUSE("reuse", "a + a", Map.of("a", 3.0));

        /** The name as help and the lecture write it, and the default base name of the files. */
        final String displayName;
        final String expression;
        final Map<String, Double> values;

        Preset(String displayName, String expression, Map<String, Double> values) {
            this.displayName = displayName;
            this.expression = expression;
            this.values = values;
        }
    }

    /** The files written: DOT only, or DOT and a picture; written in lower case, as the command line takes them. */
    enum Format {
        DOT, SVG, PNG;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The longest expression printed whole. */
    static final int MAX_SHOWN = 80;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPR", description = "A preset (neuron, L, reuse) or an expression.")
    private String expression;

    @Option(names = "--set", split = ",", paramLabel = "NAME=NUMBER",
            description = "The value of a name in EXPR, e.g. --set a=2,b=-3 (each name once).")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Folder for the files (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Base name of the files (default: the preset's name as written here: neuron, L, reuse; "
                    + "else 'graph').")
    private String name;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "svg",
            description = "Picture drawn besides the DOT file: svg, png, or dot for the DOT file only "
                    + "(default: ${DEFAULT-VALUE}).")
    private Format format;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        String text = expression;
        Map<String, Double> vars = new LinkedHashMap<>();
        String base = name;
        Map<String, Double> values = settings();
        Preset preset = preset(expression);
        if (preset != null) {
            text = preset.expression;
            vars.putAll(preset.values);
            if (base == null) {
                base = preset.displayName;
            }
        }
        vars.putAll(values);
        if (base == null) {
            base = "graph";
        }
        if (!base.matches("[A-Za-z0-9._-]+")) {
            throw new ParameterException(spec.commandLine(),
                    "--name must be a plain file name (letters, digits, . _ -), found '" + base + "'");
        }
        String outProblem = OutputFiles.checkFolder(out, "--out");
        if (outProblem != null) {
            throw new ParameterException(spec.commandLine(), outProblem);
        }
        Expression.Parsed parsed;
        try {
            parsed = Expression.parse(text, vars);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // a name the expression does not use is most likely a typo in the expression or in --set
        Set<String> extra = new LinkedHashSet<>(values.keySet());
        extra.removeAll(parsed.leaves().keySet());
        if (!extra.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--set: expected only names that " + shorten(text)
                    + " uses (" + (parsed.leaves().isEmpty() ? "none" : String.join(", ", parsed.leaves().keySet()))
                    + "), found extra: " + String.join(", ", extra));
        }
        Value root = parsed.root();
        root.backward();
        w.println(shorten(text) + " = " + num(root.data()));
        for (Map.Entry<String, Value> leaf : parsed.leaves().entrySet()) {
            w.println("  d/d" + leaf.getKey() + " = " + num(leaf.getValue().grad()));
        }
        Path dot = GraphFiles.writeDot(root, out.resolve(base + ".dot"));
        w.println("wrote " + dot);
        if (format != Format.DOT) {
            Path picture = out.resolve(base + "." + format);
            try {
                w.println("wrote " + GraphFiles.writePicture(GraphPicture.of(root), picture));
            } catch (GraphTooLargeException e) {
                spec.commandLine().getErr().println("no " + picture.getFileName() + ": " + e.getMessage());
            }
        }
        w.flush();
        return 0;
    }

    /** An expression as printed: at most {@link #MAX_SHOWN} characters, the rest cut with an ellipsis. */
    private static String shorten(String text) {
        String t = text.strip();
        return t.length() <= MAX_SHOWN ? t : t.substring(0, MAX_SHOWN - 1) + "…";
    }

    /** The --set values by name, each name once, in the order given. */
    private Map<String, Double> settings() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            String key = eq < 0 ? "" : setting.substring(0, eq).strip();
            if (key.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "--set: expected NAME=NUMBER, e.g. --set a=2,b=-3, found '" + setting + "'");
            }
            String number = setting.substring(eq + 1).strip();
            double x;
            try {
                x = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(),
                        "--set: expected a number for " + key + ", found '" + number + "'");
            }
            Double before = values.put(key, x);
            if (before != null) {
                throw new ParameterException(spec.commandLine(), "--set: expected each name once, found " + key
                        + " twice (" + num(before) + " and " + num(x) + ")");
            }
        }
        return values;
    }

    private static Preset preset(String text) {
        for (Preset p : Preset.values()) {
            if (p.displayName.equalsIgnoreCase(text.strip())) {
                return p;
            }
        }
        return null;
    }
}
