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
        long epoch = EPOCH.incrementAndGet();
        Value[] order = new Value[64];
        int size = 0;
        Value[] stack = new Value[64];
        int[] nextChild = new int[64];
        int top = 0;
        root.visited = epoch;
        stack[0] = root;
        nextChild[0] = 0;
        top = 1;
        while (top > 0) {
            Value node = stack[top - 1];
            int i = nextChild[top - 1];
            if (i < node.children.length) {
                nextChild[top - 1] = i + 1;
                Value child = node.children[i];
                if (child.visited != epoch) {
                    child.visited = epoch;
                    if (top == stack.length) {
                        stack = Arrays.copyOf(stack, grow(top));
                        nextChild = Arrays.copyOf(nextChild, stack.length);
                    }
                    stack[top] = child;
                    nextChild[top] = 0;
                    top++;
                }
            } else {
                top--;
                stack[top] = null;
                if (size == order.length) {
                    order = Arrays.copyOf(order, grow(size));
                }
                order[size++] = node;
            }
        }
        return new Topology(order, size);
    }

    private static int grow(int length) {
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
