package dev.micrograd.engine;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Draws an expression graph in Graphviz's DOT language: the lecture's {@code draw_dot}.
 *
 * <p>Each {@link Value} becomes a record node {@code { label | data 0.7071 | grad 1.0000 }}; each
 * computed node also gets a small node for its operation ({@code +}, {@code *}, {@code tanh}, …)
 * with an edge from every operand into it and one from it to the result.
 *
 * <p>This class only builds text: it reads no file, writes no file and starts no process, so the
 * engine stays free of I/O and of dependencies. Saving the text, or turning it into a picture, is
 * the caller's job: Graphviz's {@code dot -Tsvg} renders it, and the micrograd program
 * (micrograd-examples) draws the same graph as SVG and PNG in plain Java.
 *
 * <pre>{@code
 * String dot = DotExporter.toDot(L);                        // left to right, like the lecture
 * Files.writeString(Path.of("L.dot"), dot);                 // then: dot -Tsvg L.dot -o L.svg
 * }</pre>
 */
public final class DotExporter {
    /** The way the graph flows on the page: Graphviz's {@code rankdir}. */
    public enum Direction {
        /** Leaves on the left, the root on the right (the lecture's pictures). */
        LEFT_TO_RIGHT("LR"),
        /** Leaves at the top, the root at the bottom. */
        TOP_TO_BOTTOM("TB");

        private final String rankdir;

        Direction(String rankdir) {
            this.rankdir = rankdir;
        }
    }

    private DotExporter() {
    }

    /**
     * The graph below {@code root}, left to right.
     *
     * @param root the output node
     * @return DOT text
     * @throws NullPointerException if {@code root} is null
     */
    public static String toDot(Value root) {
        return toDot(root, Direction.LEFT_TO_RIGHT);
    }

    /**
     * The graph below {@code root} in DOT text, nodes in topological order.
     *
     * @param root the output node
     * @param direction the way the graph flows
     * @return DOT text
     * @throws NullPointerException if an argument is null
     */
    public static String toDot(Value root, Direction direction) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(direction, "direction");
        Topology order = Topology.of(root);
        Map<Value, Integer> ids = new IdentityHashMap<>(order.size() * 2);
        StringBuilder dot = new StringBuilder(128 + 96 * order.size());
        dot.append("digraph micrograd {\n");
        dot.append("  rankdir=").append(direction.rankdir).append(";\n");
        dot.append("  node [fontname=\"Helvetica\", fontsize=11];\n");
        for (int i = 0; i < order.size(); i++) {
            Value node = order.get(i);
            ids.put(node, i);
            dot.append("  v").append(i).append(" [shape=record, label=\"{ ")
                    .append(escapeRecord(node.label())).append(" | data ").append(format(node.data))
                    .append(" | grad ").append(format(node.grad)).append(" }\"];\n");
            if (!node.isLeaf()) {
                dot.append("  v").append(i).append("_op [label=\"").append(escapeString(node.op()))
                        .append("\", shape=ellipse, width=0.3, height=0.3, margin=0.02];\n");
                dot.append("  v").append(i).append("_op -> v").append(i).append(";\n");
                for (Value child : node.operands()) {
                    dot.append("  v").append(ids.get(child)).append(" -> v").append(i).append("_op;\n");
                }
            }
        }
        dot.append("}\n");
        return dot.toString();
    }

    private static String format(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    /** Escapes the characters that have a meaning inside a DOT record label. */
    private static String escapeRecord(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("{}|<>\"\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c == '\n' ? ' ' : c);
        }
        return out.toString();
    }

    private static String escapeString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
