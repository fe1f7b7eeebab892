package dev.micrograd.nn;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The model file's parser: reads and checks a whole version-1 file (see {@link ModelFile}) before
 * anything is built from it, so that a bad file changes nothing.
 */
final class ModelFileParser {
    private static final int MAX_PARAMETERS = Integer.MAX_VALUE - 8;
    private static final Pattern NUMBER =
            Pattern.compile("[-+]?(NaN|Infinity|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?)");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,10}");

    /**
     * A checked file's content, with the lines of the architecture for messages about a mismatch.
     *
     * @param nin the input count
     * @param ninLine the line of {@code nin}
     * @param nouts the layer sizes
     * @param noutsLine the line of {@code nouts}
     * @param activations one nonlinearity per layer
     * @param activationsLine the line of {@code activations}
     * @param parameters the parameters in {@link MLP#parameters()} order
     */
    record Parsed(int nin, int ninLine, List<Integer> nouts, int noutsLine, List<Activation> activations,
                  int activationsLine, double[] parameters) {
    }

    private ModelFileParser() {
    }

    /** Reads and checks {@code file}. */
    static Parsed parse(Path file) throws IOException {
        InputStream stream;
        try {
            stream = new BufferedInputStream(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, 0, "an existing model file", "no such file", e);
        } catch (AccessDeniedException e) {
            throw new ModelFileException(file, 0, "a readable model file", "access denied", e);
        } catch (IOException e) {
            throw new ModelFileException(file, 0, "a readable model file", e.toString(), e);
        }
        try (stream) {
            return parse(new ModelFileLines(file, stream));
        }
    }

    private static Parsed parse(ModelFileLines in) throws ModelFileException {
        String header = ModelFile.MAGIC + " " + ModelFile.VERSION;
        String line = in.require("'" + header + "'");
        String[] t = tokens(line);
        if (t.length == 2 && t[0].equals(ModelFile.MAGIC) && !t[1].equals(String.valueOf(ModelFile.VERSION))) {
            throw in.error("'" + header + "' (format version " + ModelFile.VERSION + ")",
                    quote(line) + " (format version " + t[1] + ", which this library does not read)");
        }
        if (!line.equals(header)) {
            throw in.error("'" + header + "' (a micrograd model file)", quote(line));
        }

        t = keyed(in, "nin", "'nin <inputs, at least 1>'");
        if (t.length != 2) {
            throw in.error("'nin <inputs, at least 1>'", quote(join(t)));
        }
        int nin = positive(in, t[1], "the input count");
        int ninLine = in.number();

        t = keyed(in, "nouts", "'nouts <layer sizes, each at least 1>'");
        if (t.length < 2) {
            throw in.error("'nouts <layer sizes, each at least 1>'", quote(join(t)));
        }
        List<Integer> nouts = new ArrayList<>(t.length - 1);
        for (int i = 1; i < t.length; i++) {
            nouts.add(positive(in, t[i], "layer " + i + "'s size"));
        }
        int noutsLine = in.number();

        int layers = nouts.size();
        t = keyed(in, "activations", "'activations <one of relu, tanh, sigmoid, linear per layer>'");
        if (t.length != layers + 1) {
            throw in.error(layers + " activations (one per layer)", (t.length - 1) + " in " + quote(join(t)));
        }
        List<Activation> activations = new ArrayList<>(layers);
        for (int i = 1; i < t.length; i++) {
            try {
                activations.add(Activation.parse(t[i]));
            } catch (IllegalArgumentException e) {
                throw in.error("an activation (relu, tanh, sigmoid or linear) for layer " + i, quote(t[i]));
            }
        }
        for (int i = 1; i < layers - 1; i++) {
            if (activations.get(i) != activations.get(0)) {
                throw in.error("the same activation on every hidden layer ('" + t[1] + "' as layer 1)",
                        quote(t[i + 1]) + " on layer " + (i + 1));
            }
        }
        int activationsLine = in.number();

        long count = 0;
        int fanIn = nin;
        for (int size : nouts) {
            count += (long) size * (fanIn + 1L);
            if (count > MAX_PARAMETERS) {
                throw new ModelFileException(in.file(), noutsLine, "an architecture of at most " + MAX_PARAMETERS
                        + " parameters", "more than that");
            }
            fanIn = size;
        }
        t = keyed(in, "parameters", "'parameters " + count + "'");
        if (t.length != 2 || !t[1].equals(Long.toString(count))) {
            throw in.error("'parameters " + count + "' (the count of nin " + nin + ", nouts "
                    + ModelFileFormat.sizes(nouts) + ")", quote(join(t)));
        }

        // grown as lines arrive, so a file that only claims a huge count costs no memory
        double[] values = new double[(int) Math.min(count, 1 << 16)];
        for (int i = 0; i < count; i++) {
            String expected = "parameter " + (i + 1) + " of " + count + " (a decimal number)";
            String s = in.require(expected);
            if (s.equals("end")) {
                throw in.error(expected, "'end' (the file is truncated)");
            }
            if (!NUMBER.matcher(s).matches()) {
                throw in.error(expected, quote(s));
            }
            if (i == values.length) {
                values = Arrays.copyOf(values, (int) Math.min(count, 2L * values.length));
            }
            values[i] = Double.parseDouble(s);
        }

        String end = in.require("'end'");
        if (!end.equals("end")) {
            throw in.error("'end' after " + count + " parameters", quote(end));
        }
        for (String rest = in.next(); rest != null; rest = in.next()) {
            if (!rest.isEmpty()) {
                throw in.error("nothing after 'end'", quote(rest));
            }
        }
        return new Parsed(nin, ninLine, nouts, noutsLine, activations, activationsLine, values);
    }

    private static String[] keyed(ModelFileLines in, String key, String expected) throws ModelFileException {
        String line = in.require(expected);
        String[] t = tokens(line);
        if (t.length == 0 || !t[0].equals(key)) {
            throw in.error(expected, quote(line));
        }
        return t;
    }

    private static int positive(ModelFileLines in, String token, String what) throws ModelFileException {
        if (COUNT.matcher(token).matches()) {
            long v = Long.parseLong(token);
            if (v >= 1 && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
        }
        throw in.error(what + " as a whole number of at least 1", quote(token));
    }

    private static String[] tokens(String line) {
        String s = line.strip();
        return s.isEmpty() ? new String[0] : s.split("\\s+");
    }

    private static String quote(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "'" + shown + "'";
    }

    private static String join(String[] t) {
        return String.join(" ", t);
    }
}
