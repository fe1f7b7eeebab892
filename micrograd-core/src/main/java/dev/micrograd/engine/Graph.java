package dev.micrograd.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;

/**
 * A graph compiled once and replayed: for training loops whose graph shape does not change
 * (full-batch training, or a fixed batch size whose inputs are written with
 * {@link Value#setData(double)}).
 *
 * <p>{@link #compile(Value)} records the topological order once. Each step then calls
 * {@link #forward()} to recompute every computed node from the leaves' current data, and
 * {@link #backward()} to recompute the gradients. A step allocates nothing and gives results equal,
 * to the last bit, to rebuilding the same expression and calling {@link Value#backward()} on it.
 *
 * <pre>{@code
 * Value loss = ...;                 // built once from parameters and inputs
 * Graph graph = Graph.compile(loss);
 * for (int step = 0; step < 100; step++) {
 *     graph.forward();              // picks up parameters changed by the last update
 *     model.zeroGrad();
 *     graph.backward();
 *     // update parameters with p.setData(p.data() - lr * p.grad())
 * }
 * }</pre>
 *
 * <p>Not synchronized: one graph is used by one thread at a time.
 */
public final class Graph {
    /** How a computed node is replayed: a dot product over consecutive slots, a ReLU, or its {@link Op}'s Value form. */
    private static final byte DENSE_DOT = 0;
    private static final byte RELU = 1;
    private static final byte GENERIC = 2;

    private final Value root;
    /** Every node, leaves included, in topological order. */
    private final Value[] order;
    /** The computed (non-leaf) nodes, in topological order. */
    private final Value[] computed;
    private final Value[] leaves;
    private final int[] leafSlot;
    /** Per computed node: its slot in {@link #data} and {@link #grad}, how it is replayed, and its operands' slots. */
    private final int[] slot;
    private final byte[] kind;
    /** DENSE_DOT: {weights' first slot, inputs' first slot, n, bias slot}; RELU: {operand slot}; GENERIC: every operand's slot. */
    private final int[][] operands;
    private final double[] data;
    private final double[] grad;

    private Graph(Value root, Value[] order) {
        this.root = root;
        this.order = order;
        List<Value> computedNodes = new ArrayList<>();
        List<Value> leafNodes = new ArrayList<>();
        for (Value node : order) {
            (node.op == Op.LEAF ? leafNodes : computedNodes).add(node);
        }
        this.computed = computedNodes.toArray(new Value[0]);
        this.leaves = leafNodes.toArray(new Value[0]);
        // Slots: each dot product's weights and inputs get consecutive slots where they are still free
        // (a neuron's weights; the previous layer's outputs, shared by every neuron of the layer), so that
        // replaying a dot reads two runs of an array, as hand-written code does; every other node after.
        IdentityHashMap<Value, Integer> slots = new IdentityHashMap<>(order.length * 2);
        for (Value node : computed) {
            if (node.op == Op.DOT) {
                int n = node.children.length >>> 1;
                assignRun(slots, node.children, 0, n);
                assignRun(slots, node.children, n, n);
            }
        }
        for (Value node : order) {
            slots.putIfAbsent(node, slots.size());
        }
        this.data = new double[slots.size()];
        this.grad = new double[slots.size()];
        this.leafSlot = new int[leaves.length];
        for (int i = 0; i < leaves.length; i++) {
            leafSlot[i] = slots.get(leaves[i]);
        }
        this.slot = new int[computed.length];
        this.kind = new byte[computed.length];
        this.operands = new int[computed.length][];
        for (int i = 0; i < computed.length; i++) {
            Value node = computed[i];
            Value[] c = node.children;
            slot[i] = slots.get(node);
            int[] childSlots = new int[c.length];
            for (int k = 0; k < c.length; k++) {
                childSlots[k] = slots.get(c[k]);
            }
            if (node.op == Op.DOT && consecutive(childSlots, 0, c.length >>> 1)
                    && consecutive(childSlots, c.length >>> 1, c.length >>> 1)) {
                int n = c.length >>> 1;
                kind[i] = DENSE_DOT;
                operands[i] = new int[] {n == 0 ? 0 : childSlots[0], n == 0 ? 0 : childSlots[n], n, childSlots[2 * n]};
            } else if (node.op == Op.RELU) {
                kind[i] = RELU;
                operands[i] = childSlots;
            } else {
                kind[i] = GENERIC;
                operands[i] = childSlots;
            }
        }
    }

    private static void assignRun(IdentityHashMap<Value, Integer> slots, Value[] nodes, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (slots.containsKey(nodes[i])) {
                return;   // already placed (shared with an earlier run, or repeated): leave the run as it is
            }
        }
        for (int i = from; i < from + n; i++) {
            slots.putIfAbsent(nodes[i], slots.size());
        }
    }

    private static boolean consecutive(int[] slots, int from, int n) {
        for (int i = 1; i < n; i++) {
            if (slots[from + i] != slots[from] + i) {
                return false;
            }
        }
        return true;
    }

    /**
     * Records the graph below {@code root} for replay.
     *
     * @param root the output, usually a loss
     * @return the compiled graph
     * @throws NullPointerException if {@code root} is null
     */
    public static Graph compile(Value root) {
        Objects.requireNonNull(root, "root");
        return new Graph(root, Topology.of(root).toArray());
    }

    /**
     * Recomputes the data of every computed node, in topological order, from the leaves' current
     * data, and writes it into the nodes. Leaves are never written.
     */
    public void forward() {
        double[] data = this.data;
        for (int i = 0; i < leaves.length; i++) {
            data[leafSlot[i]] = leaves[i].data;
        }
        for (int i = 0; i < computed.length; i++) {
            int[] in = operands[i];
            double y;
            switch (kind[i]) {
                case DENSE_DOT -> y = Op.dotForward(data, in[0], in[1], in[2], in[3]);
                case RELU -> y = Op.reluForward(data[in[0]]);
                default -> y = Op.forwardOf(computed[i]);   // operands' data is current in the nodes
            }
            data[slot[i]] = y;
            computed[i].data = y;
        }
    }

    /**
     * Sets every computed node's gradient to 0 and the root's to 1, then propagates back to the
     * leaves, exactly as {@link Value#backward()} does on a freshly built graph. Leaf gradients
     * accumulate ({@code +=}); reset them first (a module's {@code zeroGrad()}). The nodes' data must
     * be as the last {@link #forward()} (or the build) left it.
     */
    public void backward() {
        double[] data = this.data;
        double[] grad = this.grad;
        for (int i = 0; i < computed.length; i++) {
            grad[slot[i]] = 0.0;
            data[slot[i]] = computed[i].data;
        }
        for (int i = 0; i < leaves.length; i++) {
            grad[leafSlot[i]] = leaves[i].grad;
            data[leafSlot[i]] = leaves[i].data;
        }
        if (root.op == Op.LEAF) {
            root.grad = 1.0;   // a graph of one leaf: nothing to propagate
            return;
        }
        grad[slot[computed.length - 1]] = 1.0;
        for (int i = computed.length - 1; i >= 0; i--) {
            Value node = computed[i];
            int[] in = operands[i];
            double g = grad[slot[i]];
            switch (kind[i]) {
                case DENSE_DOT -> Op.dotBackward(data, grad, in[0], in[1], in[2], in[3], g);
                case RELU -> {
                    if (Op.reluPasses(data[slot[i]])) {
                        grad[in[0]] += g;
                    }
                }
                default -> {
                    // the Value form of the rule: operands' gradients in, the rule, and out again
                    Value[] c = node.children;
                    for (int k = 0; k < c.length; k++) {
                        c[k].grad = grad[in[k]];
                    }
                    node.grad = g;
                    Op.backwardOf(node);
                    for (int k = 0; k < c.length; k++) {
                        grad[in[k]] = c[k].grad;
                    }
                }
            }
            node.grad = g;
        }
        for (int i = 0; i < leaves.length; i++) {
            leaves[i].grad = grad[leafSlot[i]];
        }
    }

    /**
     * The output this graph was compiled from.
     *
     * @return the root
     */
    public Value root() {
        return root;
    }

    /**
     * Every node, leaves included, in topological order (each after its operands; the root last).
     *
     * @return an unmodifiable list
     */
    public List<Value> nodes() {
        return Collections.unmodifiableList(Arrays.asList(order));
    }

    /**
     * The leaves (inputs, parameters, constants) in topological order.
     *
     * @return a new list
     */
    public List<Value> leaves() {
        List<Value> leaves = new ArrayList<>(order.length - computed.length);
        for (Value node : order) {
            if (node.op == Op.LEAF) {
                leaves.add(node);
            }
        }
        return leaves;
    }

    /**
     * The number of nodes, leaves included.
     *
     * @return the node count
     */
    public int size() {
        return order.length;
    }
}
