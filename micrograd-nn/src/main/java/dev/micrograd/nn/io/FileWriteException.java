package dev.micrograd.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that {@link AtomicFiles} could not write. The message reads
 * {@code cannot write <target>: <problem>}, where the problem is said in words that never name the
 * temporary file (e.g. {@code the directory out does not exist}, {@code access denied},
 * {@code No space left on device}); the cause is the file system's own exception.
 */
public final class FileWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file that was to be written; {@code transient} because {@link Path} is not serializable. */
    private final transient Path target;
    /** What went wrong, without the file's name. */
    private final String problem;

    FileWriteException(Path target, String problem, IOException cause) {
        super("cannot write " + target + ": " + problem, cause);
        this.target = target;
        this.problem = problem;
    }

    /**
     * The file that was to be written, as the caller named it.
     *
     * @return the target (null after deserialization: paths are not serializable)
     */
    public Path target() {
        return target;
    }

    /**
     * What went wrong, without the file's name: the message after {@code cannot write <target>: }.
     *
     * @return the problem, e.g. {@code "it is a directory"}
     */
    public String problem() {
        return problem;
    }
}
