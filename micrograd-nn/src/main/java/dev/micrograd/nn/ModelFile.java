package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import dev.micrograd.nn.io.AtomicFiles;
import dev.micrograd.nn.io.FileWriteException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

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
 * {@code NaN}, {@code Infinity}); activation names are read without regard to case. A classifier
 * of K classes is a model whose last size is K ({@code nouts 16 16 3}). The hidden layers share one
 * nonlinearity (the {@link MLP} constructors build no other kind). Saving the same model twice gives the same bytes.
 *
 * <p>Failures: {@link #load} and {@link #loadInto} read and check the whole file before they
 * build or change anything, so on a {@link ModelFileException} (missing, unreadable, truncated,
 * corrupted, wrong-version or, for {@code loadInto}, wrong-architecture file) the model in memory
 * is unchanged. {@link #save} writes through {@link AtomicFiles} (a temporary file in the target's directory,
 * forced to disk, moved over the target atomically where the file system can), so the target is
 * either the old file or the complete new one, and a failed save removes its temporary file and
 * throws an {@link IOException} whose message names the target file and the problem. The
 * target's directory must exist: {@code save} creates no directories.
 *
 * <p>Threads: the methods keep no state; a model must not be changed by another thread while it
 * is saved or loaded into.
 */
public final class ModelFile {
    /** The first word of every model file. */
    public static final String MAGIC = "micrograd-mlp";
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;

    private ModelFile() {
    }

    /**
     * Writes {@code model} to {@code file}, replacing it if it exists, through a temporary file in
     * the same directory and an atomic move ({@link AtomicFiles}). The directory must exist.
     *
     * @param model the model
     * @param file the file
     * @throws IOException if the file cannot be written, with a message that names {@code file} and
     *         the problem (e.g. {@code cannot save the model to m.mlp: No space left on device}, or
     *         {@code ... the directory d does not exist}) and the file system's exception as its cause;
     *         the old file, if any, is left as it was, and no temporary file remains
     * @throws NullPointerException if an argument is null
     */
    public static void save(MLP model, Path file) throws IOException {
        save(model, file, UnaryOperator.identity());
    }

    /** {@link #save(MLP, Path)} writing through {@code wrap}, so tests can fail a write halfway. */
    static void save(MLP model, Path file, UnaryOperator<OutputStream> wrap) throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(file, "file");
        byte[] bytes = ModelFileFormat.format(model).getBytes(StandardCharsets.US_ASCII);
        try {
            AtomicFiles.write(file, out -> {
                OutputStream through = wrap.apply(out);
                through.write(bytes);
                through.flush();
            });
        } catch (FileWriteException e) {
            throw new IOException("cannot save the model to " + file + ": " + e.problem(), e.getCause());
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
        ModelFileParser.Parsed p = ModelFileParser.parse(Objects.requireNonNull(file, "file"));
        List<Activation> acts = p.activations();
        Activation output = acts.get(acts.size() - 1);
        Activation hidden = acts.size() > 1 ? acts.get(0) : output;
        MLP model = new MLP(p.nin(), p.nouts(), hidden, output, BiasInit.ZERO, new SplittableRandom(0));
        assign(model, p.parameters());
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
        ModelFileParser.Parsed p = ModelFileParser.parse(Objects.requireNonNull(file, "file"));
        if (p.nin() != model.nin()) {
            throw new ModelFileException(file, p.ninLine(), "'nin " + model.nin() + "' (the model's)",
                    "'nin " + p.nin() + "'");
        }
        if (!p.nouts().equals(model.nouts())) {
            throw new ModelFileException(file, p.noutsLine(),
                    "'nouts " + ModelFileFormat.sizes(model.nouts()) + "' (the model's)",
                    "'nouts " + ModelFileFormat.sizes(p.nouts()) + "'");
        }
        if (!p.activations().equals(model.activations())) {
            throw new ModelFileException(file, p.activationsLine(),
                    "'activations " + ModelFileFormat.names(model.activations()) + "' (the model's)",
                    "'activations " + ModelFileFormat.names(p.activations()) + "'");
        }
        assign(model, p.parameters());
    }

    private static void assign(MLP model, double[] values) {
        List<Value> params = model.parameters();
        for (int i = 0; i < values.length; i++) {
            params.get(i).setData(values[i]);
        }
    }
}
