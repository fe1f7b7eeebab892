package dev.micrograd.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Draws an expression graph in Graphviz's DOT language: the lecture's {@code draw_dot}.
 *
 * <p>Each {@link Value} becomes a record node {@code { label | data 0.7071 | grad 1.0000 }}; each
 * computed node also gets a small node for its operation ({@code +}, {@code *}, {@code tanh}, …)
 * with an edge from every operand into it and one from it to the result. The text needs no
 * dependency; {@link #render(Value, Path)} turns it into SVG, PNG or PDF with Graphviz's
 * {@code dot} program when it is installed.
 *
 * <pre>{@code
 * String dot = DotExporter.toDot(L);                        // left to right, like the lecture
 * DotExporter.render(L, Path.of("out/L.svg"));              // needs Graphviz
 * }</pre>
 */
public final class DotExporter {
    /** The way the graph flows on the page: Graphviz's {@code rankdir}. */
    public enum Direction {
        /** Leaves on the left, the root on the right (the lecture's pictures). */
        LEFT_TO_RIGHT("LR"),
        /** Leaves at the top, the root at the bottom. */
        TOP_TO_BOTTOM("TB");

        private final String rankdir;

        Direction(String rankdir) {
            this.rankdir = rankdir;
        }
    }

    /** How to get Graphviz, printed when {@code dot} cannot be run. */
    public static final String INSTALL_HINT = "install Graphviz to render pictures "
            + "(Debian/Ubuntu: sudo apt-get install graphviz; Fedora: sudo dnf install graphviz; "
            + "macOS: brew install graphviz; Windows: winget install graphviz), "
            + "or paste the .dot text into any Graphviz viewer";

    /**
     * The system property naming the Graphviz program to run, {@value}: a path such as
     * {@code /opt/graphviz/bin/dot} when {@code dot} is not on the {@code PATH}. Unset, {@code dot}
     * is looked up on the {@code PATH}.
     */
    public static final String DOT_PROGRAM_PROPERTY = "micrograd.dot";

    private DotExporter() {
    }

    /**
     * The graph below {@code root}, left to right.
     *
     * @param root the output node
     * @return DOT text
     * @throws NullPointerException if {@code root} is null
     */
    public static String toDot(Value root) {
        return toDot(root, Direction.LEFT_TO_RIGHT);
    }

    /**
     * The graph below {@code root} in DOT text, nodes in topological order.
     *
     * @param root the output node
     * @param direction the way the graph flows
     * @return DOT text
     * @throws NullPointerException if an argument is null
     */
    public static String toDot(Value root, Direction direction) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(direction, "direction");
        Topology order = Topology.of(root);
        Map<Value, Integer> ids = new IdentityHashMap<>(order.size() * 2);
        StringBuilder dot = new StringBuilder(128 + 96 * order.size());
        dot.append("digraph micrograd {\n");
        dot.append("  rankdir=").append(direction.rankdir).append(";\n");
        dot.append("  node [fontname=\"Helvetica\", fontsize=11];\n");
        for (int i = 0; i < order.size(); i++) {
            Value node = order.get(i);
            ids.put(node, i);
            dot.append("  v").append(i).append(" [shape=record, label=\"{ ")
                    .append(escapeRecord(node.label())).append(" | data ").append(format(node.data))
                    .append(" | grad ").append(format(node.grad)).append(" }\"];\n");
            if (!node.isLeaf()) {
                dot.append("  v").append(i).append("_op [label=\"").append(escapeString(node.op()))
                        .append("\", shape=ellipse, width=0.3, height=0.3, margin=0.02];\n");
                dot.append("  v").append(i).append("_op -> v").append(i).append(";\n");
                for (Value child : node.children) {
                    dot.append("  v").append(ids.get(child)).append(" -> v").append(i).append("_op;\n");
                }
            }
        }
        dot.append("}\n");
        return dot.toString();
    }

    /**
     * Writes the DOT text of the graph below {@code root} to {@code file}, through a temporary file
     * moved into place, so a failure never leaves half a file.
     *
     * @param root the output node
     * @param file where to write, usually ending in {@code .dot}
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    public static Path writeDot(Value root, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] text = toDot(root).getBytes(StandardCharsets.UTF_8);
        writeAtomically(file, text);
        return file;
    }

    /**
     * Whether Graphviz's {@code dot} program (from the {@code PATH}, or as named by
     * {@link #DOT_PROGRAM_PROPERTY}) can be run.
     *
     * @return true if {@code dot -V} runs and exits with 0 within 10 seconds; false otherwise (a
     *     {@code dot} still running then is stopped), and false if the calling thread is interrupted
     *     while waiting (its interrupt status is kept)
     */
    public static boolean graphvizAvailable() {
        Process process = null;
        try {
            process = new ProcessBuilder(dotProgram(), "-V").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (process != null) {
                process.destroy();   // a no-op once dot has exited; stops one that hangs
            }
        }
    }

    /**
     * Renders the graph below {@code root} with Graphviz, in the format named by the file's
     * extension ({@code .svg}, {@code .png} or {@code .pdf}). The picture is written to a temporary
     * file and moved into place only when {@code dot} succeeds.
     *
     * <p>{@code dot} is run from the {@code PATH}, or as named by {@link #DOT_PROGRAM_PROPERTY}.
     *
     * @param root the output node
     * @param file the picture to write
     * @return {@code file}
     * @throws IllegalArgumentException if the extension is not svg, png or pdf
     * @throws GraphvizNotFoundException if {@code dot} cannot be run; its message says how to install it
     * @throws IOException if {@code dot} fails or the file cannot be written, or if the calling thread
     *     is interrupted while {@code dot} runs (its interrupt status is kept, and {@code dot} is stopped)
     */
    public static Path render(Value root, Path file) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(file, "file");
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String format = dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        if (!format.equals("svg") && !format.equals("png") && !format.equals("pdf")) {
            throw new IllegalArgumentException(
                    "cannot tell the picture format of '" + file + "': expected a name ending in .svg, .png or .pdf");
        }
        byte[] text = toDot(root).getBytes(StandardCharsets.UTF_8);
        // dot's messages go to a file, so that a chatty dot can never block on a full stderr pipe
        Path errors = Files.createTempFile("micrograd-dot", ".log");
        try {
            String program = dotProgram();
            Process process;
            try {
                process = new ProcessBuilder(program, "-T" + format).redirectError(errors.toFile()).start();
            } catch (IOException e) {
                throw new GraphvizNotFoundException("Graphviz's '" + program + "' program could not be run ("
                        + e.getMessage() + "): " + INSTALL_HINT, e);
            }
            byte[] picture;
            int status;
            try {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(text);
                }
                try (InputStream out = process.getInputStream()) {
                    picture = out.readAllBytes();
                }
                status = process.waitFor();
            } catch (IOException e) {
                throw new IOException("Graphviz's dot failed rendering " + file + ": " + e.getMessage()
                        + " " + Files.readString(errors).strip(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while Graphviz rendered " + file, e);
            } finally {
                process.destroy();   // a no-op once dot has exited
            }
            if (status != 0) {
                throw new IOException("Graphviz's dot failed with exit code " + status + " rendering " + file + ": "
                        + Files.readString(errors).strip());
            }
            writeAtomically(file, picture);
        } finally {
            Files.deleteIfExists(errors);
        }
        return file;
    }

    private static String dotProgram() {
        return System.getProperty(DOT_PROGRAM_PROPERTY, "dot");
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            makeReadable(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temporary files are private to their owner; a picture should be as readable as any new file. */
    private static void makeReadable(Path tmp) throws IOException {
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static String format(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    /** Escapes the characters that have a meaning inside a DOT record label. */
    private static String escapeRecord(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("{}|<>\"\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c == '\n' ? ' ' : c);
        }
        return out.toString();
    }

    private static String escapeString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Thrown when Graphviz's {@code dot} is needed but cannot be run; the message says how to install it. */
    public static final class GraphvizNotFoundException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        GraphvizNotFoundException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
