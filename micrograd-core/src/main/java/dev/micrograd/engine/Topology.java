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

    private final Value[] nodes;
    private final int size;

    private Topology(Value[] nodes, int size) {
        this.nodes = nodes;
        this.size = size;
    }

    /**
     * Orders the graph below {@code root}: the same order as micrograd's depth-first
     * {@code build_topo} (operands visited in operand order, a node emitted after its operands).
     */
    static Topology of(Value root) {
        return walk(root, false);
    }

    /**
     * As {@link #of}, and sets each computed node's gradient to 0 as it is emitted, which is before
     * any backward rule runs: {@link Value#backward()} needs the reset and this saves it a pass.
     */
    static Topology forBackward(Value root) {
        return walk(root, true);
    }

    private static Topology walk(Value root, boolean resetComputedGrads) {
        long epoch = EPOCH.incrementAndGet();
        Value[] order = new Value[64];
        int size = 0;
        // The suspended ancestors and, for each, the index of the operand to resume at. The node
        // being scanned lives in locals, so the common case, an operand already visited (a shared
        // parameter, an input used by every neuron of the next layer), costs one load and one compare.
        Value[] stack = new Value[64];
        int[] resumeAt = new int[64];
        int depth = 0;
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
                node = child;
                operands = child.children;
                next = 0;
            }
            if (size == order.length) {
                order = Arrays.copyOf(order, grow(size));
            }
            if (resetComputedGrads && node.op != Op.LEAF) {
                node.grad = 0.0;
            }
            order[size++] = node;
            if (depth == 0) {
                return new Topology(order, size);
            }
            depth--;
            node = stack[depth];
            operands = node.children;
            next = resumeAt[depth];
        }
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
