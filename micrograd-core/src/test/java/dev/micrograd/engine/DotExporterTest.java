package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lecture's {@code draw_dot}: record nodes {@code { label | data | grad }} and a node per op. */
class DotExporterTest {

    @Test
    void drawsRecordNodesAndOpNodes() {
        Value L = LectureExamples.exampleOne().L();
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

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
