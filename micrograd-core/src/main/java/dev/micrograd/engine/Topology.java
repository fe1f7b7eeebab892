package dev.micrograd.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nodes of a graph in topological order (every node after its operands), found without
 * recursion: micrograd's {@code build_topo} with an explicit stack, so a chain of ten million
 * operations needs no deep call stack.
 *
 * <p>Visited nodes are marked with a fresh epoch number instead of being put in a hash set; the
 * epoch counter is shared and atomic, so walks of separate graphs on separate threads never see
 * each other's marks.
 */
final class Topology {
    private static final AtomicLong EPOCH = new AtomicLong();
    /**
     * Each thread's working arrays for {@link Value#backward()}, reused from call to call so that a
     * training loop's backward passes allocate nothing. Arrays grown beyond this many entries are
     * dropped after the walk, so one huge graph does not pin its size in memory for the thread's life.
     */
    private static final int KEPT_CAPACITY = 1 << 18;
    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);
    private static final ThreadLocal<Topology> SCRATCH = ThreadLocal.withInitial(Topology::new);

    private Value[] nodes = new Value[64];
    private int size;
    // The suspended ancestors and, for each, the index of the operand to resume at.
    private Value[] stack = new Value[64];
    private int[] resumeAt = new int[64];
    private int maxDepth;
    private boolean inUse;
    /** Whether the last {@link #forBackward} walk met a leaf whose gradient is {@code -0.0}. */
    private boolean negativeZeroLeaf;

    private Topology() {
    }

    /**
     * Orders the graph below {@code root}: the same order as micrograd's depth-first
     * {@code build_topo} (operands visited in operand order, a node emitted after its operands).
     */
    static Topology of(Value root) {
        Topology order = new Topology();
        order.walk(root, false);
        return order;
    }

    /**
     * As {@link #of}, into this thread's reusable arrays, and sets each computed node's gradient to 0
     * as it is emitted, which is before any backward rule runs: {@link Value#backward()} needs the
     * reset and this saves it a pass. The caller must {@link #release()} the result when done.
     */
    static Topology forBackward(Value root) {
        Topology order = SCRATCH.get();
        if (order.inUse) {   // not reached today (backward rules call no user code); stays correct if one ever does
            order = new Topology();
        }
        order.inUse = true;
        order.walk(root, true);
        return order;
    }

    /** Forgets the nodes (so the graph can be collected) and hands the arrays back to this thread. */
    void release() {
        if (nodes.length > KEPT_CAPACITY) {
            nodes = new Value[64];
        } else {
            Arrays.fill(nodes, 0, size, null);
        }
        if (stack.length > KEPT_CAPACITY) {
            stack = new Value[64];
            resumeAt = new int[64];
        } else {
            Arrays.fill(stack, 0, maxDepth, null);
        }
        size = 0;
        maxDepth = 0;
        inUse = false;
    }

    private void walk(Value root, boolean resetComputedGrads) {
        negativeZeroLeaf = false;
        long epoch = EPOCH.incrementAndGet();
        Value[] order = nodes;
        int size = 0;
        Value[] stack = this.stack;
        int[] resumeAt = this.resumeAt;
        int depth = 0;
        int maxDepth = 0;
        // The node being scanned lives in locals, so the common case, an operand already visited (a
        // shared parameter, an input used by every neuron of the next layer), costs one load and one compare.
        Value node = root;
        Value[] operands = root.children;
        int next = 0;
        root.visited = epoch;
        while (true) {
            while (next < operands.length) {
                Value child = operands[next++];
                if (child.visited == epoch) {
                    continue;
                }
                child.visited = epoch;
                if (depth == stack.length) {
                    stack = Arrays.copyOf(stack, grow(depth));
                    resumeAt = Arrays.copyOf(resumeAt, stack.length);
                }
                stack[depth] = node;
                resumeAt[depth] = next;
                depth++;
                if (depth > maxDepth) {
                    maxDepth = depth;
                }
                node = child;
                operands = child.children;
                next = 0;
            }
            if (size == order.length) {
                order = Arrays.copyOf(order, grow(size));
            }
            if (resetComputedGrads) {
                if (node.op != Op.LEAF) {
                    node.grad = 0.0;
                } else if (isNegativeZero(node.grad)) {
                    negativeZeroLeaf = true;
                }
            }
            order[size++] = node;
            if (depth == 0) {
                break;
            }
            depth--;
            node = stack[depth];
            operands = node.children;
            next = resumeAt[depth];
        }
        this.nodes = order;
        this.size = size;
        this.stack = stack;
        this.resumeAt = resumeAt;
        this.maxDepth = maxDepth;
    }

    /**
     * The next capacity of a full array of {@code length} slots: half as much again plus 16, at most
     * {@code Integer.MAX_VALUE - 8} (the largest array some JVMs allocate).
     *
     * @throws IllegalStateException if that would exceed the limit
     */
    static int grow(int length) {
        int grown = length + (length >> 1) + 16;
        if (grown < 0 || grown > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("graph too large to order: more than " + length + " nodes");
        }
        return grown;
    }

    /**
     * Whether {@link Op#backwardOf(Value, boolean)} may skip zero contributions in the pass over
     * this order: after {@link #forBackward}, true unless some leaf's gradient is {@code -0.0}.
     */
    boolean exactSkip() {
        return !negativeZeroLeaf;
    }

    /** Whether {@code x} is {@code -0.0} (and not {@code +0.0}), the gradient the zero skip must not meet. */
    static boolean isNegativeZero(double x) {
        return Double.doubleToRawLongBits(x) == NEGATIVE_ZERO;
    }

    int size() {
        return size;
    }

    Value get(int index) {
        return nodes[index];
    }

    /** The ordered nodes, trimmed to size. */
    Value[] toArray() {
        return Arrays.copyOf(nodes, size);
    }
}
