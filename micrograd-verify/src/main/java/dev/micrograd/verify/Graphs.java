package dev.micrograd.verify;

import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A user's graph as the checks see it: its nodes in micrograd's topological order, each node's
 * position, and the gradients of one backward pass from the root, taken without changing what the
 * nodes hold.
 */
final class Graphs {
    /** Every node, operands before the nodes computed from them, the root last (micrograd's order). */
    final List<Value> nodes;
    private final Map<Value, Integer> index;

    private Graphs(List<Value> nodes) {
        this.nodes = nodes;
        this.index = new IdentityHashMap<>(nodes.size() * 2);
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i), i);
        }
    }

    /**
     * Orders the graph below {@code root}.
     *
     * @param root the output
     * @return its layout
     * @throws NullPointerException if {@code root} is null
     */
    static Graphs of(Value root) {
        return new Graphs(Graph.compile(Objects.requireNonNull(root, "root")).nodes());
    }

    /** @return the position of {@code node} in {@link #nodes} */
    int indexOf(Value node) {
        return index.get(node);
    }

    /** @return the positions of node {@code i}'s operands, in operand order */
    int[] operands(int i) {
        List<Value> children = nodes.get(i).children();
        int[] at = new int[children.size()];
        for (int j = 0; j < at.length; j++) {
            at[j] = index.get(children.get(j));
        }
        return at;
    }

    /** @return the root, the last node */
    Value root() {
        return nodes.get(nodes.size() - 1);
    }

    /**
     * The gradient of the root with respect to every node from one {@link Value#backward()} from the
     * root, with every leaf's gradient started at 0; afterwards every node's gradient is set back to
     * what it held before, so the user's accumulated gradients are unchanged.
     *
     * @return the gradients, by node position
     */
    double[] oneBackwardPass() {
        double[] saved = new double[nodes.size()];
        for (int i = 0; i < saved.length; i++) {
            saved[i] = nodes.get(i).grad();
        }
        double[] grads = new double[saved.length];
        try {
            for (Value node : nodes) {
                if (node.isLeaf()) {
                    node.setGrad(0.0);
                }
            }
            root().backward();
            for (int i = 0; i < grads.length; i++) {
                grads[i] = nodes.get(i).grad();
            }
        } finally {
            for (int i = 0; i < saved.length; i++) {
                nodes.get(i).setGrad(saved[i]);
            }
        }
        return grads;
    }

    /**
     * How a row names node {@code i}: {@code #i} and its label, if it has one.
     *
     * @param i a position
     * @return the name
     */
    String name(int i) {
        String label = nodes.get(i).label();
        return label.isEmpty() ? "#" + i : "#" + i + " " + label;
    }

    /**
     * Applies {@code f} to one fresh leaf per input, labelled {@code x0}, {@code x1}, ..., as
     * {@code GradientCheck} does.
     *
     * @param f the function
     * @param inputs the point; at least one
     * @return the function's output node
     * @throws NullPointerException if {@code f} or {@code inputs} is null, or {@code f} returns null
     * @throws IllegalArgumentException if there are no inputs
     */
    static Value apply(Function<List<Value>, Value> f, double... inputs) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.length == 0) {
            throw new IllegalArgumentException("a check needs at least one input, found 0");
        }
        List<Value> leaves = new ArrayList<>(inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            leaves.add(Value.of(inputs[i], "x" + i));
        }
        return Objects.requireNonNull(f.apply(Collections.unmodifiableList(leaves)),
                "the function under check returned null");
    }

    /**
     * The largest of the rows' distances in ulps, value or gradient, for a check's {@code maxUlps()}.
     *
     * @param rows a check's rows
     * @param value a row's value distance
     * @param grad a row's gradient distance
     * @param <R> the row type
     * @return the largest distance, 0 for no rows
     */
    static <R> long maxUlps(List<R> rows, ToLongFunction<R> value, ToLongFunction<R> grad) {
        long max = 0;
        for (R r : rows) {
            max = Math.max(max, Math.max(value.applyAsLong(r), grad.applyAsLong(r)));
        }
        return max;
    }
}
