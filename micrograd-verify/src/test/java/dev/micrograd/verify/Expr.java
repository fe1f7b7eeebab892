package dev.micrograd.verify;

import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A random expression as data: values for its variables, then nodes, each a core {@link Op}
 * applied to earlier entries (variables first, then nodes, in order), the root last. It becomes a
 * {@code Value} graph ({@link #values}), which {@link Parity} (and {@link Exact}) judge and
 * {@link Torch#replay} builds in PyTorch; each op is applied in one place, {@link #apply}.
 *
 * <p>Sharing is by index: an entry used twice (as both operands of a node, or by two later nodes)
 * is one {@code Value}, used twice, which is how the generators build DAGs with shared
 * sub-expressions, where the lecture's "a node used several times" bug lives. Nodes the root does
 * not reach are built but are not part of its graph.
 *
 * <p>{@link #toString()} is Java code that rebuilds the expression with micrograd's API, which is
 * what jqwik prints for the (shrunk) failing sample.
 *
 * @param inputs the variables' values
 * @param nodes the nodes after the variables, the root last
 */
public record Expr(double[] inputs, List<Node> nodes) {

    /**
     * One node: {@code op} applied to earlier entries.
     *
     * @param op the op; {@link Op#LEAF} for a constant, {@code Value.of(constant)}
     * @param operands the entries it is applied to, in the op's operand order (dot: weights, inputs, bias)
     * @param constant the constant of a leaf, the exponent of {@link Op#POW}; 0 otherwise
     */
    public record Node(Op op, int[] operands, double constant) {
        public Node {
            Objects.requireNonNull(op, "op");
            operands = operands.clone();
        }

        /** @return a constant leaf, {@code Value.of(c)} */
        static Node constant(double c) {
            return new Node(Op.LEAF, new int[0], c);
        }

        /** @return {@code op} applied to {@code operands} */
        static Node of(Op op, int... operands) {
            return new Node(op, operands, 0.0);
        }

        /** @return {@code a.pow(k)} */
        static Node pow(int a, double k) {
            return new Node(Op.POW, new int[] {a}, k);
        }
    }

    public Expr {
        inputs = inputs.clone();
        nodes = List.copyOf(nodes);
    }

    /**
     * {@code op} applied to {@code operands} with micrograd's API, as a user writes it: {@code a.add(b)},
     * {@code a.tanh()}, {@code a.pow(k)}, {@code Value.sum(terms)}, {@code Value.dot(w, x, bias)}.
     *
     * @param op the op, not {@link Op#LEAF}
     * @param operands its operands, in the op's operand order
     * @param exponent the exponent of {@link Op#POW} (ignored by the others)
     * @return the new node
     * @throws IllegalArgumentException for {@link Op#LEAF}
     */
    static Value apply(Op op, List<Value> operands, double exponent) {
        Value a = operands.get(0);
        return switch (op) {
            case ADD -> a.add(operands.get(1));
            case SUB -> a.sub(operands.get(1));
            case MUL -> a.mul(operands.get(1));
            case DIV -> a.div(operands.get(1));
            case NEG -> a.neg();
            case POW -> a.pow(exponent);
            case EXP -> a.exp();
            case LOG -> a.log();
            case TANH -> a.tanh();
            case RELU -> a.relu();
            case SIGMOID -> a.sigmoid();
            case SIN -> a.sin();
            case COS -> a.cos();
            case SQRT -> a.sqrt();
            case ABS -> a.abs();
            case SOFTPLUS -> a.softplus();
            case POW_VALUE -> a.pow(operands.get(1));
            case MAX -> a.max(operands.get(1));
            case MIN -> a.min(operands.get(1));
            case SUM -> Value.sum(operands);
            case DOT -> {
                int n = operands.size() >>> 1;
                yield Value.dot(operands.subList(0, n), operands.subList(n, 2 * n), operands.get(2 * n));
            }
            case LEAF -> throw new IllegalArgumentException("a leaf is not applied to operands: expected an op, found LEAF");
        };
    }

    /**
     * The name of {@code op}'s method on {@code Value} ({@code pow} for both powers).
     *
     * @param op an op other than {@link Op#LEAF}
     * @return e.g. {@code "add"}, {@code "tanh"}
     */
    static String method(Op op) {
        return op == Op.POW_VALUE ? "pow" : op.name().toLowerCase(Locale.ROOT);
    }

    /** @return every entry as a {@code Value} over fresh variables labelled {@code x0, x1, ...}; the root is the last */
    public Value[] values() {
        List<Value> vars = new ArrayList<>(inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            vars.add(Value.of(inputs[i], "x" + i));
        }
        return values(vars);
    }

    /**
     * Every entry as a {@code Value} over the given variables.
     *
     * @param vars one {@code Value} per input
     * @return the variables, then one {@code Value} per node; the root is the last
     */
    public Value[] values(List<Value> vars) {
        List<Value> v = new ArrayList<>(vars.subList(0, inputs.length));
        for (Node n : nodes) {
            append(v, n);
        }
        return v.toArray(new Value[0]);
    }

    /**
     * Builds {@code node} over {@code entries} (its operands are indices into them) and appends it.
     *
     * @param entries the entries so far: variables, then nodes
     * @param node the next node
     * @return its {@code Value}, now the last entry
     */
    static Value append(List<Value> entries, Node node) {
        Value v;
        if (node.op() == Op.LEAF) {
            v = Value.of(node.constant());
        } else {
            List<Value> operands = new ArrayList<>(node.operands().length);
            for (int o : node.operands()) {
                operands.add(entries.get(o));
            }
            v = apply(node.op(), operands, node.constant());
        }
        entries.add(v);
        return v;
    }

    /** @return the root of a fresh {@code Value} graph ({@link #values()}) */
    public Value root() {
        Value[] v = values();
        return v[v.length - 1];
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("\n");
        for (int i = 0; i < inputs.length; i++) {
            out.append("Value v").append(i).append(" = Value.of(").append(literal(inputs[i])).append(", \"x").append(i)
                    .append("\");\n");
        }
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            int[] o = n.operands();
            out.append("Value v").append(inputs.length + k).append(" = ");
            switch (n.op()) {
                case LEAF -> out.append("Value.of(").append(literal(n.constant())).append(')');
                case POW -> out.append('v').append(o[0]).append(".pow(").append(literal(n.constant())).append(')');
                case SUM -> out.append("Value.sum(").append(list(o, 0, o.length)).append(')');
                case DOT -> out.append("Value.dot(").append(list(o, 0, o.length >>> 1)).append(", ")
                        .append(list(o, o.length >>> 1, o.length - 1)).append(", v").append(o[o.length - 1]).append(')');
                default -> {
                    out.append('v').append(o[0]).append('.').append(method(n.op())).append('(');
                    if (o.length > 1) {
                        out.append('v').append(o[1]);
                    }
                    out.append(')');
                }
            }
            out.append(";\n");
        }
        int root = inputs.length + nodes.size() - 1;
        return out.append('v').append(root).append(".backward();\n// inputs ").append(Arrays.toString(inputs)).toString();
    }

    private static String list(int[] o, int from, int to) {
        StringBuilder s = new StringBuilder("List.of(");
        for (int k = from; k < to; k++) {
            s.append(k > from ? ", v" : "v").append(o[k]);
        }
        return s.append(')').toString();
    }

    /**
     * A Java literal that reads back as exactly {@code x}.
     *
     * @param x a double
     * @return e.g. {@code 1.5}, {@code -0.0}, {@code Double.NaN}
     */
    static String literal(double x) {
        if (Double.isNaN(x)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(x);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
