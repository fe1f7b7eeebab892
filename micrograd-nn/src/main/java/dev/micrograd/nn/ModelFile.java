package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Saves an {@link MLP} (architecture and every parameter) to a text file and loads it back bit-exactly.
 *
 * <p>The format, version 1: ASCII lines ending in {@code \n}, exactly these, in this order:
 *
 * <pre>
 * micrograd-mlp 1                  the format and its version
 * nin 2                            the number of inputs
 * nouts 16 16 1                    each layer's size, the output layer last
 * activations relu relu linear     each layer's nonlinearity: relu, tanh, sigmoid or linear
 * parameters 337                   the parameter count, which must match the architecture
 * -0.5107426229238213              one parameter per line, in {@link MLP#parameters()} order:
 * 0.2773287524283328               layer by layer, neuron by neuron, each neuron's weights then its bias
 * …
 * end
 * </pre>
 *
 * <p>Parameters are written with {@link Double#toString(double)}, which {@link Double#parseDouble}
 * reads back to the same bits; {@code NaN}, {@code Infinity}, {@code -Infinity} and {@code -0.0}
 * are written as such (a NaN loads as the canonical NaN: bit-exact up to the NaN's payload). A
 * person may edit a number by hand; it is read as a decimal ({@code 1}, {@code -0.5e-3},
 * {@code NaN}, {@code Infinity}), a nonlinearity's name case-insensitively, as
 * {@link Activation#parse}. A classifier of K classes is a model whose last size is K
 * ({@code nouts 32 32 3}). The hidden layers share one nonlinearity (the {@link MLP}
 * constructors build no other kind). Saving the same model twice gives the same bytes.
 *
 * <p>Failures: {@link #load} and {@link #loadInto} read and check the whole file before they
 * build or change anything, so on a {@link ModelFileException} (missing, unreadable, truncated,
 * corrupted, wrong-version or, for {@code loadInto}, wrong-architecture file) the model in memory
 * is unchanged. {@link #save} writes a temporary file in the target's directory, forces it to
 * disk, then moves it over the target atomically (where the file system can), so the target is
 * either the old file or the complete new one, and a failed save removes its temporary file and
 * throws an {@link IOException} whose message names the target file and the problem.
 *
 * <p>Threads: the methods keep no state; a model must not be changed by another thread while it
 * is saved or loaded into.
 */
public final class ModelFile {
    /** The first word of every model file. */
    public static final String MAGIC = "micrograd-mlp";
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;

    private static final int MAX_PARAMETERS = Integer.MAX_VALUE - 8;
    private static final Pattern NUMBER =
            Pattern.compile("[-+]?(NaN|Infinity|([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?)");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,10}");

    private ModelFile() {
    }

    /**
     * Writes {@code model} to {@code file}, replacing it if it exists, through a temporary file in
     * the same directory and an atomic move.
     *
     * @param model the model
     * @param file the file
     * @throws IOException if the file cannot be written, with a message that names {@code file} and
     *         the problem (e.g. {@code cannot save the model to m.mlp: No space left on device}) and the
     *         original exception as its cause; the old file, if any, is left as it was, and no
     *         temporary file remains
     * @throws NullPointerException if an argument is null
     */
    public static void save(MLP model, Path file) throws IOException {
        save(model, file, UnaryOperator.identity());
    }

    /** {@link #save(MLP, Path)} writing through {@code wrap}, so tests can fail a write halfway. */
    static void save(MLP model, Path file, UnaryOperator<OutputStream> wrap) throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(file, "file");
        byte[] bytes = format(model).getBytes(StandardCharsets.US_ASCII);
        Path target = file.toAbsolutePath();
        try {
            write(bytes, target, wrap);
        } catch (IOException e) {
            // the raw exception names the temporary file, or nothing at all ("No space left on device")
            throw new IOException("cannot save the model to " + file + ": " + problem(e, target), e);
        }
    }

    /** What went wrong, in words that do not depend on the temporary file's name. */
    private static String problem(IOException e, Path target) {
        Path dir = target.getParent();
        if (e instanceof NoSuchFileException && dir != null && !Files.isDirectory(dir)) {
            return "the directory " + dir + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "access denied";
        }
        if (e instanceof DirectoryNotEmptyException || Files.isDirectory(target)) {
            return "it is a directory";
        }
        if (e instanceof FileSystemException fs) {
            String what = fs.getClass().getSimpleName().replace("Exception", "");
            return fs.getReason() != null ? fs.getReason() : what;
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static void write(byte[] bytes, Path target, UnaryOperator<OutputStream> wrap) throws IOException {
        Path dir = target.getParent();
        Path tmp = createTemp(dir, target.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = wrap.apply(Channels.newOutputStream(channel))) {
                for (int off = 0; off < bytes.length; off += 8192) {
                    out.write(bytes, off, Math.min(8192, bytes.length - off));
                }
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Reads a model from {@code file}.
     *
     * @param file the file
     * @return a new model with the file's architecture and parameters
     * @throws ModelFileException if the file is missing, unreadable or not a valid version-1 model file
     * @throws IOException if reading fails otherwise
     * @throws NullPointerException if {@code file} is null
     */
    public static MLP load(Path file) throws IOException {
        Parsed p = parse(Objects.requireNonNull(file, "file"));
        List<Activation> acts = p.activations;
        Activation output = acts.get(acts.size() - 1);
        Activation hidden = acts.size() > 1 ? acts.get(0) : output;
        MLP model = new MLP(p.nin, p.nouts, hidden, output, BiasInit.ZERO, new SplittableRandom(0));
        assign(model, p.parameters);
        return model;
    }

    /**
     * Reads the parameters in {@code file} into {@code model}, whose architecture (inputs, layer
     * sizes, nonlinearities) must be the file's.
     *
     * @param model the model to update
     * @param file the file
     * @throws ModelFileException if the file is missing, unreadable, invalid, or of another
     *         architecture (the message gives the model's and the file's); the model is then unchanged
     * @throws IOException if reading fails otherwise
     * @throws NullPointerException if an argument is null
     */
    public static void loadInto(MLP model, Path file) throws IOException {
        Objects.requireNonNull(model, "model");
        Parsed p = parse(Objects.requireNonNull(file, "file"));
        if (p.nin != model.nin()) {
            throw new ModelFileException(file, p.ninLine, "'nin " + model.nin() + "' (the model's)",
                    "'nin " + p.nin + "'");
        }
        if (!p.nouts.equals(model.nouts())) {
            throw new ModelFileException(file, p.noutsLine, "'nouts " + join(model.nouts()) + "' (the model's)",
                    "'nouts " + join(p.nouts) + "'");
        }
        if (!p.activations.equals(model.activations())) {
            throw new ModelFileException(file, p.activationsLine,
                    "'activations " + names(model.activations()) + "' (the model's)",
                    "'activations " + names(p.activations) + "'");
        }
        assign(model, p.parameters);
    }

    /** The file's text for {@code model}. */
    static String format(MLP model) {
        List<Value> params = model.parameters();
        StringBuilder sb = new StringBuilder(64 + 24 * params.size());
        sb.append(MAGIC).append(' ').append(VERSION).append('\n');
        sb.append("nin ").append(model.nin()).append('\n');
        sb.append("nouts ").append(join(model.nouts())).append('\n');
        sb.append("activations ").append(names(model.activations())).append('\n');
        sb.append("parameters ").append(params.size()).append('\n');
        for (Value p : params) {
            sb.append(Double.toString(p.data())).append('\n');
        }
        sb.append("end\n");
        return sb.toString();
    }

    private static void assign(MLP model, double[] values) {
        List<Value> params = model.parameters();
        for (int i = 0; i < values.length; i++) {
            params.get(i).setData(values[i]);
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(System.nanoTime()) + attempt + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    // ---------------------------------------------------------------- parsing

    private static final class Parsed {
        int nin;
        int ninLine;
        List<Integer> nouts;
        int noutsLine;
        List<Activation> activations;
        int activationsLine;
        double[] parameters;
    }

    /**
     * Reads ASCII lines ({@code \n} or {@code \r\n}) byte by byte, so that a bad byte is reported
     * at its own line, and keeps the line number for messages.
     */
    private static final class Lines {
        private static final int MAX_LINE = 1 << 16;
        private final Path file;
        private final InputStream in;
        private final StringBuilder sb = new StringBuilder();
        int number;

        Lines(Path file, InputStream in) {
            this.file = file;
            this.in = in;
        }

        /** The next line, or null at the end of the file. */
        String next() throws ModelFileException {
            sb.setLength(0);
            int line = number + 1;
            try {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                while (b >= 0 && b != '\n') {
                    if (b >= 0x80 || (b < 0x20 && b != '\t' && b != '\r')) {
                        throw new ModelFileException(file, line, "ASCII text",
                                String.format(Locale.ROOT, "the byte 0x%02x, which is not text", b));
                    }
                    if (sb.length() == MAX_LINE) {
                        throw new ModelFileException(file, line, "a line of at most " + MAX_LINE + " characters",
                                "a longer line");
                    }
                    sb.append((char) b);
                    b = in.read();
                }
            } catch (ModelFileException e) {
                throw e;
            } catch (IOException e) {
                throw new ModelFileException(file, line, "a readable line", "a read error: " + e, e);
            }
            number = line;
            int end = sb.length();
            if (end > 0 && sb.charAt(end - 1) == '\r') {
                end--;
            }
            return sb.substring(0, end);
        }

        /** The next line, which must exist. */
        String require(String expected) throws ModelFileException {
            String line = next();
            if (line == null) {
                throw new ModelFileException(file, number + 1, expected, "end of file (the file is truncated)");
            }
            return line;
        }

        ModelFileException error(String expected, String found) {
            return new ModelFileException(file, number, expected, found);
        }
    }

    private static Parsed parse(Path file) throws IOException {
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
            return parse(new Lines(file, stream));
        }
    }

    private static Parsed parse(Lines in) throws ModelFileException {
        Parsed p = new Parsed();
        String header = MAGIC + " " + VERSION;
        String line = in.require("'" + header + "'");
        String[] t = tokens(line);
        if (t.length == 2 && t[0].equals(MAGIC) && !t[1].equals(String.valueOf(VERSION))) {
            throw in.error("'" + header + "' (format version " + VERSION + ")",
                    quote(line) + " (format version " + t[1] + ", which this library does not read)");
        }
        if (!line.equals(header)) {
            throw in.error("'" + header + "' (a micrograd model file)", quote(line));
        }

        t = keyed(in, "nin", "'nin <inputs, at least 1>'");
        if (t.length != 2) {
            throw in.error("'nin <inputs, at least 1>'", quote(join(t)));
        }
        p.nin = positive(in, t[1], "the input count");
        p.ninLine = in.number;

        t = keyed(in, "nouts", "'nouts <layer sizes, each at least 1>'");
        if (t.length < 2) {
            throw in.error("'nouts <layer sizes, each at least 1>'", quote(join(t)));
        }
        p.nouts = new ArrayList<>(t.length - 1);
        for (int i = 1; i < t.length; i++) {
            p.nouts.add(positive(in, t[i], "layer " + i + "'s size"));
        }
        p.noutsLine = in.number;

        int layers = p.nouts.size();
        t = keyed(in, "activations", "'activations <one of relu, tanh, sigmoid, linear per layer>'");
        if (t.length != layers + 1) {
            throw in.error(layers + " activations (one per layer)", (t.length - 1) + " in " + quote(join(t)));
        }
        p.activations = new ArrayList<>(layers);
        for (int i = 1; i < t.length; i++) {
            try {
                p.activations.add(Activation.parse(t[i]));
            } catch (IllegalArgumentException e) {
                throw in.error("an activation (relu, tanh, sigmoid or linear) for layer " + i, quote(t[i]));
            }
        }
        for (int i = 1; i < layers - 1; i++) {
            if (p.activations.get(i) != p.activations.get(0)) {
                throw in.error("the same activation on every hidden layer ('" + t[1] + "' as layer 1)",
                        quote(t[i + 1]) + " on layer " + (i + 1));
            }
        }
        p.activationsLine = in.number;

        long count = 0;
        int fanIn = p.nin;
        for (int size : p.nouts) {
            count += (long) size * (fanIn + 1L);
            if (count > MAX_PARAMETERS) {
                throw new ModelFileException(in.file, p.noutsLine, "an architecture of at most " + MAX_PARAMETERS
                        + " parameters", "more than that");
            }
            fanIn = size;
        }
        t = keyed(in, "parameters", "'parameters " + count + "'");
        if (t.length != 2 || !t[1].equals(Long.toString(count))) {
            throw in.error("'parameters " + count + "' (the count of nin " + p.nin + ", nouts "
                    + join(p.nouts) + ")", quote(join(t)));
        }

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
        p.parameters = values;

        String end = in.require("'end'");
        if (!end.equals("end")) {
            throw in.error("'end' after " + count + " parameters", quote(end));
        }
        for (String rest = in.next(); rest != null; rest = in.next()) {
            if (!rest.isEmpty()) {
                throw in.error("nothing after 'end'", quote(rest));
            }
        }
        return p;
    }

    private static String[] keyed(Lines in, String key, String expected) throws ModelFileException {
        String line = in.require(expected);
        String[] t = tokens(line);
        if (t.length == 0 || !t[0].equals(key)) {
            throw in.error(expected, quote(line));
        }
        return t;
    }

    private static int positive(Lines in, String token, String what) throws ModelFileException {
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

    private static String join(List<Integer> sizes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sizes.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(sizes.get(i));
        }
        return sb.toString();
    }

    private static String names(List<Activation> acts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < acts.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(acts.get(i).name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
