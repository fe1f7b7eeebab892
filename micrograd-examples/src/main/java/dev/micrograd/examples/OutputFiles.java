package dev.micrograd.examples;

import dev.micrograd.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The program's output folders: checked before any work, created when the first file goes in.
 * The files themselves are written by {@link AtomicFiles} (whole or not at all).
 */
final class OutputFiles {
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
     * Writes {@code file} into an output folder the program owns (such as {@code --out}), creating
     * the folder if needed.
     *
     * @param file the file to write
     * @param content writes the content
     * @return {@code file}
     * @throws IOException if the folder cannot be created or the file cannot be written
     */
    static Path write(Path file, AtomicFiles.Content content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return AtomicFiles.write(file, content);
    }
}
