package dev.micrograd.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
    private final Value root;
    /** Every node, leaves included, in topological order. */
    private final Value[] order;
    /** The computed (non-leaf) nodes, in topological order. */
    private final Value[] computed;
    /** The leaves, in topological order. */
    private final Value[] leaves;
    /** {@link Value#negativeZeroWrites()} at the last scan that found no leaf gradient at {@code -0.0}; -1 before. */
    private long cleanAt = -1;

    private Graph(Value root, Value[] order) {
        this.root = root;
        this.order = order;
        int count = 0;
        for (Value node : order) {
            if (node.op != Op.LEAF) {
                count++;
            }
        }
        Value[] nodes = new Value[count];
        Value[] leafNodes = new Value[order.length - count];
        int i = 0;
        int j = 0;
        for (Value node : order) {
            if (node.op != Op.LEAF) {
                nodes[i++] = node;
            } else {
                leafNodes[j++] = node;
            }
        }
        this.computed = nodes;
        this.leaves = leafNodes;
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
     * data. Leaves are never written.
     */
    public void forward() {
        for (Value node : computed) {
            node.data = Op.forwardOf(node);
        }
    }

    /**
     * Sets every computed node's gradient to 0 and the root's to 1, then propagates back to the
     * leaves, exactly as {@link Value#backward()} does on a freshly built graph. Leaf gradients
     * accumulate ({@code +=}); reset them first (a module's {@code zeroGrad()}).
     */
    public void backward() {
        backward(1.0);
    }

    /**
     * As {@link #backward()}, with the root's gradient set to {@code seed} instead of 1: the
     * gradients this graph's nodes receive when it is part of a larger graph whose backward pass
     * gives its root the gradient {@code seed} (PyTorch's {@code root.backward(gradient=seed)}). A
     * loss that is a sum of per-sample terms can so be differentiated one sample's graph at a time.
     *
     * @param seed the root's gradient (any double)
     */
    public void backward(double seed) {
        for (Value node : computed) {
            node.grad = 0.0;
        }
        root.setGrad(seed);   // counted if -0.0 (a leaf root would keep it)
        boolean exactSkip = noLeafAtNegativeZero();
        for (int i = computed.length - 1; i >= 0; i--) {
            Op.backwardOf(computed[i], exactSkip);
        }
    }

    /**
     * Whether no leaf's gradient is {@code -0.0}, the condition of {@link Op#backwardOf(Value,
     * boolean)}'s skip. A backward pass never turns a gradient that is not {@code -0.0} into
     * {@code -0.0}, so only {@link Value#setGrad(double)} can: the leaves are scanned again only
     * when it has written {@code -0.0} since the last scan that found none.
     */
    private boolean noLeafAtNegativeZero() {
        long writes = Value.negativeZeroWrites();
        if (writes == cleanAt) {
            return true;
        }
        for (Value leaf : leaves) {
            if (Topology.isNegativeZero(leaf.grad)) {
                return false;
            }
        }
        cleanAt = writes;
        return true;
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
        return new ArrayList<>(Arrays.asList(leaves));
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
