package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's boundary: no class of {@code dev.micrograd.engine} (DotExporter included) touches
 * files, streams, processes or the network. Pictures and files are the program's job.
 *
 * <p>The check reads each compiled class's constant pool, where every class a class refers to is
 * named; a reference to a forbidden package there means the code can reach it.
 */
class EngineDoesNoIoTest {
    /** Internal names of what I/O needs (a prefix match: {@code java/lang/Process} covers ProcessBuilder). */
    private static final List<String> FORBIDDEN = List.of("java/nio/file/", "java/io/File", "java/io/InputStream",
            "java/io/OutputStream", "java/io/Reader", "java/io/Writer", "java/io/PrintStream", "java/lang/Process",
            "java/net/");

    @Test
    void noEngineClassRefersToFilesStreamsOrProcesses() throws IOException, URISyntaxException {
        Path dir = Path.of(Value.class.getResource("Value.class").toURI()).getParent();
        List<String> found = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                classes++;
                String pool = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String name : FORBIDDEN) {
                    if (pool.contains(name)) {
                        found.add(file.getFileName() + " refers to " + name);
                    }
                }
            }
        }
        assertTrue(classes >= 5, "the engine's classes were found in " + dir);
        assertEquals(List.of(), found);
    }

    @Test
    void theCheckSeesAReferenceWhenThereIsOne() throws IOException {
        // this test class itself reads files: the same scan must flag it
        try (InputStream in = getClass().getResourceAsStream(getClass().getSimpleName() + ".class")) {
            String pool = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(pool.contains("java/nio/file/"));
        }
    }
}
