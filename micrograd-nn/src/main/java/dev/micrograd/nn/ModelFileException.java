package dev.micrograd.nn;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that cannot be loaded: missing, unreadable, truncated, corrupted, of another
 * version, or of another architecture than the model it is loaded into. The message reads
 * {@code <file>:<line>: expected <expected>, found <found>} (without {@code :<line>} when the
 * problem is the file as a whole, e.g. a missing file).
 */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file; {@code transient} because {@link Path} is not serializable. */
    private final transient Path file;
    /** The line at fault, from 1; 0 for the file as a whole. */
    private final int line;
    /** What the format required. */
    private final String expected;
    /** What the file held. */
    private final String found;

    ModelFileException(Path file, int line, String expected, String found) {
        this(file, line, expected, found, null);
    }

    ModelFileException(Path file, int line, String expected, String found, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": expected " + expected + ", found " + found, cause);
        this.file = file;
        this.line = line;
        this.expected = expected;
        this.found = found;
    }

    /**
     * The file.
     *
     * @return the path as given to {@link ModelFile} (null after deserialization: paths are not serializable)
     */
    public Path file() {
        return file;
    }

    /**
     * The line at fault, counted from 1; 0 when the problem is the file as a whole (missing, unreadable).
     *
     * @return the line number, or 0
     */
    public int line() {
        return line;
    }

    /**
     * What the format required there.
     *
     * @return a description, e.g. {@code "micrograd-mlp 1"}
     */
    public String expected() {
        return expected;
    }

    /**
     * What the file held instead.
     *
     * @return a description, e.g. {@code "'micrograd-mlp 2'"} or {@code "end of file"}
     */
    public String found() {
        return found;
    }
}
