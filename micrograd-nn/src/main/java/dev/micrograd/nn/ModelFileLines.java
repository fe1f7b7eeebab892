package dev.micrograd.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The model file's lexer: reads ASCII lines ({@code \n} or {@code \r\n}) byte by byte, so that a bad
 * byte is reported at its own line, and keeps the line number for messages.
 */
final class ModelFileLines {
    private static final int MAX_LINE = 1 << 16;
    private final Path file;
    private final InputStream in;
    private final StringBuilder sb = new StringBuilder();
    private int number;

    ModelFileLines(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    /** The file, as the caller named it. */
    Path file() {
        return file;
    }

    /** The number of the line last returned, from 1; 0 before the first. */
    int number() {
        return number;
    }

    /** The next line without its line end, or null at the end of the file. */
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

    /** The next line, which must exist: its absence is a truncated file. */
    String require(String expected) throws ModelFileException {
        String line = next();
        if (line == null) {
            throw new ModelFileException(file, number + 1, expected, "end of file (the file is truncated)");
        }
        return line;
    }

    /** A failure at the line last returned. */
    ModelFileException error(String expected, String found) {
        return new ModelFileException(file, number, expected, found);
    }
}
