package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lecture's {@code draw_dot}: record nodes {@code { label | data | grad }} and a node per op. */
class DotExporterTest {

    private static Value lectureL() {
        Value a = Value.of(2.0, "a");
        Value b = Value.of(-3.0, "b");
        Value c = Value.of(10.0, "c");
        Value e = a.mul(b).label("e");
        Value d = e.add(c).label("d");
        Value f = Value.of(-2.0, "f");
        return d.mul(f).label("L");
    }

    @Test
    void drawsRecordNodesAndOpNodes() {
        Value L = lectureL();
        L.backward();
        String dot = DotExporter.toDot(L);

        assertTrue(dot.startsWith("digraph micrograd {"), dot);
        assertTrue(dot.contains("rankdir=LR;"), dot);
        assertTrue(dot.contains("label=\"{ a | data 2.0000 | grad 6.0000 }\""), dot);
        assertTrue(dot.contains("label=\"{ L | data -8.0000 | grad 1.0000 }\""), dot);
        // 7 values (a, b, c, f and e, d, L): 7 record nodes, 3 op nodes, 3 op->result edges, 6 operand->op edges
        assertEquals(7, count(dot, "shape=record"));
        assertEquals(3, count(dot, "shape=ellipse"));
        assertEquals(9, count(dot, " -> "));
        assertTrue(dot.contains("[label=\"*\""));
        assertTrue(dot.contains("[label=\"+\""));
    }

    @Test
    void drawsTheNewOpsByTheirNames() {
        Value x = Value.of(0.5, "x");
        Value y = Value.of(2.0, "y");
        Value out = x.sin().add(x.cos()).add(x.sqrt()).add(x.abs()).add(x.softplus()).add(x.pow(y))
                .add(x.max(y)).add(x.min(y));
        String dot = DotExporter.toDot(out);
        for (String op : List.of("sin", "cos", "sqrt", "abs", "softplus", "**", "max", "min")) {
            assertTrue(dot.contains("[label=\"" + op + "\""), () -> op + " missing in " + dot);
        }
    }

    @Test
    void topToBottomAndEscapedLabels() {
        Value x = Value.of(1.0, "{x|y}");
        String dot = DotExporter.toDot(x.tanh(), DotExporter.Direction.TOP_TO_BOTTOM);
        assertTrue(dot.contains("rankdir=TB;"));
        assertTrue(dot.contains("\\{x\\|y\\}"), dot);
    }

    @Test
    void writesDotFileWithNothingLeftBehind(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/L.dot");
        assertEquals(file, DotExporter.writeDot(lectureL(), file));
        assertEquals(DotExporter.toDot(lectureL()), Files.readString(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file remains");
        }
        assertReadableByAll(file);
    }

    /** The temporary file a picture starts as is private (rw-------); the picture itself is not. */
    private static void assertReadableByAll(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            assertTrue(permissions.containsAll(PosixFilePermissions.fromString("rw-r--r--")),
                    () -> file + " is " + PosixFilePermissions.toString(permissions));
        }
    }

    @Test
    void renderEitherDrawsOrSaysHowToInstallGraphviz(@TempDir Path dir) throws IOException {
        Path svg = dir.resolve("L.svg");
        if (DotExporter.graphvizAvailable()) {
            DotExporter.render(lectureL(), svg);
            assertTrue(Files.readString(svg).contains("<svg"));
        } else {
            DotExporter.GraphvizNotFoundException e = assertThrows(DotExporter.GraphvizNotFoundException.class,
                    () -> DotExporter.render(lectureL(), svg));
            assertTrue(e.getMessage().contains("apt-get install graphviz"), e.getMessage());
            assertFalse(Files.exists(svg));
        }
    }

    @Test
    void renderRefusesUnknownFormats(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DotExporter.render(lectureL(), dir.resolve("L.gif")));
        assertTrue(e.getMessage().contains(".svg, .png or .pdf"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DotExporter.render(lectureL(), dir.resolve("svg")));
        assertThrows(IllegalArgumentException.class, () -> DotExporter.render(lectureL(), dir.resolve(".png")));
    }

    // A stand-in for Graphviz, named through DotExporter.DOT_PROGRAM_PROPERTY, shows what render and
    // graphvizAvailable do with the program's output, exit code, messages and a hang, whether or not
    // Graphviz is installed. It is a shell script, so these tests run where /bin/sh does.

    @Test
    void renderWritesWhatDotPrintsForTheDotText(@TempDir Path dir) throws Exception {
        // this dot checks its format argument and prints its input back: the "picture" is the DOT text
        Path fake = fakeDot(dir, "[ \"$1\" = -Tsvg ] || exit 9", "cat");
        Path svg = dir.resolve("pictures/L.svg");
        Path written = withDotProgram(fake, () -> DotExporter.render(lectureL(), svg));
        assertEquals(svg, written);
        assertEquals(DotExporter.toDot(lectureL()), Files.readString(svg));
        try (var files = Files.list(svg.getParent())) {
            assertEquals(1, files.count(), "no temporary file remains");
        }
        assertReadableByAll(svg);
    }

    @Test
    void renderReportsDotsExitCodeAndMessagesAndWritesNothing(@TempDir Path dir) throws Exception {
        Path fake = fakeDot(dir, "cat > /dev/null", "echo 'syntax error in line 1' >&2", "exit 3");
        Path svg = dir.resolve("L.svg");
        IOException e = assertThrows(IOException.class,
                () -> withDotProgram(fake, () -> DotExporter.render(lectureL(), svg)));
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error in line 1"), e.getMessage());
        assertFalse(Files.exists(svg));
    }

    @Test
    void renderSaysHowToInstallGraphvizWhenTheProgramCannotRun(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-dot");
        DotExporter.GraphvizNotFoundException e = assertThrows(DotExporter.GraphvizNotFoundException.class,
                () -> withDotProgram(missing, () -> DotExporter.render(lectureL(), dir.resolve("L.png"))));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(DotExporter.INSTALL_HINT), e.getMessage());
    }

    /** Interrupted while dot runs: render gives up, stops dot, and the thread stays interrupted. */
    @Test
    void renderStopsDotWhenInterrupted(@TempDir Path dir) throws Exception {
        Path fake = fakeDot(dir, HANG);
        Path svg = dir.resolve("L.svg");
        IOException e = assertThrows(IOException.class, () -> withDotProgram(fake, () -> {
            Thread.currentThread().interrupt();
            return DotExporter.render(lectureL(), svg);
        }));
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertFalse(Files.exists(svg));
        assertNoChildProcessLeft();
    }

    @Test
    void graphvizAvailableRunsDotMinusV(@TempDir Path dir) throws Exception {
        Path works = fakeDot(dir.resolve("works"), "[ \"$1\" = -V ] || exit 9", "echo 'dot - graphviz version 2.43.0'");
        Path fails = fakeDot(dir.resolve("fails"), "exit 1");
        assertTrue(withDotProgram(works, DotExporter::graphvizAvailable));
        assertFalse(withDotProgram(fails, DotExporter::graphvizAvailable));
        assertFalse(withDotProgram(dir.resolve("no-such-dot"), DotExporter::graphvizAvailable));
    }

    @Test
    void graphvizAvailableIsFalseWhenInterruptedAndStopsDot(@TempDir Path dir) throws Exception {
        Path fake = fakeDot(dir, HANG);
        boolean available = withDotProgram(fake, () -> {
            Thread.currentThread().interrupt();
            return DotExporter.graphvizAvailable();
        });
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
        assertFalse(available);
        assertNoChildProcessLeft();
    }

    /** A dot that closes its output (so reading it ends) and then never exits. */
    private static final String HANG = "exec >&- 2>&-; exec sleep 60";

    private static Path fakeDot(Path dir, String... lines) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the stand-in for dot is a /bin/sh script");
        Files.createDirectories(dir);
        Path script = dir.resolve("dot");
        Files.writeString(script, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        assertTrue(script.toFile().setExecutable(true));
        return script;
    }

    private static <T> T withDotProgram(Path program, Callable<T> action) throws Exception {
        String before = System.getProperty(DotExporter.DOT_PROGRAM_PROPERTY);
        System.setProperty(DotExporter.DOT_PROGRAM_PROPERTY, program.toString());
        try {
            return action.call();
        } finally {
            if (before == null) {
                System.clearProperty(DotExporter.DOT_PROGRAM_PROPERTY);
            } else {
                System.setProperty(DotExporter.DOT_PROGRAM_PROPERTY, before);
            }
        }
    }

    /** Every process this JVM started has ended, or ends once stopped (a hanging one would not). */
    private static void assertNoChildProcessLeft() throws Exception {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        for (ProcessHandle child : children) {
            assertNotNull(child.onExit().get(30, TimeUnit.SECONDS), () -> "still running: " + child.info());
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
