package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        DotExporter.writeDot(lectureL(), file);
        assertEquals(DotExporter.toDot(lectureL()), Files.readString(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file remains");
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

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
