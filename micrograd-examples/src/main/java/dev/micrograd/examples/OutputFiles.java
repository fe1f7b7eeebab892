package dev.micrograd.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file through a temporary file in the same folder, moved into place only when the
 * writing succeeded: an interrupted or failed run never leaves half a picture behind.
 */
final class OutputFiles {
    /** What writes the file's content. */
    @FunctionalInterface
    interface Writer {
        /**
         * Writes the content.
         *
         * @param out the temporary file's stream
         * @throws IOException if writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    private OutputFiles() {
    }

    /**
     * Checks, before any work, that {@code dir} is a folder or can become one.
     *
     * @param dir the output folder
     * @param option the option that named it, for the message
     * @return null if usable, else what is wrong
     */
    static String checkFolder(Path dir, String option) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : option + ": " + p + " is a file, not a folder";
            }
        }
        return null;
    }

    /**
     * Writes {@code file} atomically, creating its folder if needed.
     *
     * @param file the file to write
     * @param writer writes the content
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    static Path write(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // not Files.createTempFile: its owner-only permissions would carry over to the result
        Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toUnsignedString(System.nanoTime(), 36) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }
}
