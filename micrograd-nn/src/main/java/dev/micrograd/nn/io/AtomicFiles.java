package dev.micrograd.nn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
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
import java.util.Objects;

/**
 * The one way this project writes a file: whole or not at all.
 *
 * <p>The policy, the same for every caller:
 * <ol>
 *   <li>the content goes to a new temporary file {@code .<name>.<random>.tmp} in the target's own
 *       directory (so the final move never crosses file systems), created with the permissions the
 *       process's umask gives a new file (typically {@code rw-r--r--});</li>
 *   <li>the temporary file is forced to the storage device ({@link FileChannel#force(boolean)});</li>
 *   <li>it is moved over the target atomically, replacing an existing file; where the file system
 *       cannot move atomically it is moved plainly;</li>
 *   <li>on any failure the temporary file is deleted and the target is left as it was (the old
 *       file, or none); the failure is a {@link FileWriteException} that names the target.</li>
 * </ol>
 *
 * <p>Directories are never created: a missing directory is a failure ({@code the directory … does
 * not exist}). A caller that owns an output folder creates it first.
 */
public final class AtomicFiles {
    /** What writes a file's content. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content to {@code out}; must not close it.
         *
         * @param out the temporary file's stream
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int MAX_ATTEMPTS = 100;

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to {@code target} by the policy of this class.
     *
     * @param target the file to write or replace
     * @param bytes its whole content
     * @return {@code target}
     * @throws FileWriteException if the file cannot be written; {@code target} is then unchanged and
     *         no temporary file remains
     * @throws NullPointerException if an argument is null
     */
    public static Path write(Path target, byte[] bytes) throws FileWriteException {
        Objects.requireNonNull(bytes, "bytes");
        return write(target, out -> out.write(bytes));
    }

    /**
     * Writes what {@code content} produces to {@code target} by the policy of this class.
     *
     * @param target the file to write or replace
     * @param content writes the whole content
     * @return {@code target}
     * @throws FileWriteException if the file cannot be written or {@code content} fails; {@code target}
     *         is then unchanged and no temporary file remains
     * @throws NullPointerException if an argument is null
     */
    public static Path write(Path target, Content content) throws FileWriteException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(content, "content");
        Path absolute = target.toAbsolutePath();
        try {
            writeThrough(absolute, content);
        } catch (IOException e) {
            throw new FileWriteException(target, problem(e, absolute), e);
        }
        return target;
    }

    /**
     * A failed write in words that do not depend on a temporary file's name, for messages of the
     * form {@code cannot write <target>: <problem>}.
     *
     * @param e the failure
     * @param target the file that was to be written
     * @return e.g. {@code the directory /x does not exist}, {@code access denied}, {@code it is a
     *         directory}, or the file system's reason ({@code No space left on device})
     * @throws NullPointerException if an argument is null
     */
    public static String problem(IOException e, Path target) {
        Objects.requireNonNull(e, "e");
        Path absolute = Objects.requireNonNull(target, "target").toAbsolutePath();
        Path dir = absolute.getParent();
        if (e instanceof NoSuchFileException && dir != null && !Files.isDirectory(dir)) {
            return "the directory " + dir + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "access denied";
        }
        if (e instanceof DirectoryNotEmptyException || Files.isDirectory(absolute)) {
            return "it is a directory";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName().replace("Exception", "");
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static void writeThrough(Path target, Content content) throws IOException {
        Path tmp = createTemp(target);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
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

    /** A new empty file beside {@code target}; not Files.createTempFile, whose rw------- would carry over. */
    private static Path createTemp(Path target) throws IOException {
        Path dir = target.getParent();
        String name = target.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(System.nanoTime(), 36) + attempt + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
