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
 *
 * <p>For {@link Value#backward()} there is a faster way to the same order. Every computed node is
 * stamped when it is created with a number unique in the JVM and increasing on its thread
 * ({@link #stamp()}). A graph built the way a model's forward pass builds it (each node's operands
 * made, in operand order, before it) has as its depth-first order exactly its computed nodes sorted
 * by stamp. {@link #forBackward} checks that claim in one pass from the root, node after node in
 * that order with no stack, and uses the walk only where the claim fails. The
 * check is a proof, not a guess: whatever the stamps, it accepts an order only if the walk would
 * produce it (see {@link #creationOrder}), so the gradients are the same to the last bit.
 */
final class Topology {
    private static final AtomicLong EPOCH = new AtomicLong();
    /**
     * Each thread's working arrays for the walk, reused from call to call so that walks allocate
     * nothing. Arrays grown beyond this many entries are
     * dropped after the walk, so one huge graph does not pin its size in memory for the thread's life.
     */
    private static final int KEPT_CAPACITY = 1 << 18;
    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);
    private static final ThreadLocal<Topology> SCRATCH = ThreadLocal.withInitial(Topology::new);
    /** How far {@link #creationOrder} lets a node's operand sit from it in the order (see there). */
    private static final int REACH = KEPT_CAPACITY;
    /** The end of the root's block in {@link #creationOrder} until the leftmost node is found. */
    private static final int OPEN = -1;
    private static final Value[] NO_OPERANDS = {};

    private Value[] nodes = new Value[64];
    private int size;
    // The suspended ancestors and, for each, the index of the operand to resume at.
    private Value[] stack = new Value[64];
    private int[] resumeAt = new int[64];
    private int maxDepth;
    private boolean inUse;
    /** Whether the last {@link #forBackward} walk met a leaf whose gradient is {@code -0.0}. */
    private boolean negativeZeroLeaf;
    /** Whether {@link #proved} holds the order: the computed nodes from the root down. */
    private boolean rootFirst;
    /**
     * {@link #creationOrder}'s slots: a new array for each pass, sized by the last proved order on
     * this thread. A reused array would be old, and G1's write barrier then costs more on every
     * reference stored into it than allocating a young one does (about 40% of the pass on the demo
     * graph, in a probe comparing G1 with the Parallel collector, whose barrier has no such path).
     */
    private Value[] proved;
    /** The size of the last order {@link #creationOrder} proved on this thread: the next one's first capacity. */
    private int provedSize = 64;

    private Topology() {
    }

    /**
     * A new creation stamp for a computed node: positive, never given twice in this JVM, and larger
     * than every stamp given before on the calling thread. Each thread draws from its own block of
     * numbers (a block of {@link Stamps#BLOCK} from a shared counter), so threads never contend.
     */
    static long stamp() {
        Stamps stamps = Stamps.recent;
        if (stamps.owner != Thread.currentThread()) {
            stamps = Stamps.mine();
        }
        return stamps.next();
    }

    /**
     * One thread's stamps. The thread that last took over {@link #recent} finds its own without a
     * thread-local lookup; another thread takes it over after {@link #TAKE_OVER} lookups in a row, so
     * two threads building graphs at once rarely write the shared field.
     */
    private static final class Stamps {
        static final long BLOCK = 1 << 20;
        static final int TAKE_OVER = 1 << 10;
        private static final AtomicLong BLOCKS = new AtomicLong();
        private static final ThreadLocal<Stamps> MINE = ThreadLocal.withInitial(Stamps::new);
        /** The stamps of the thread that last took over; read without a lock (its owner is final). */
        static Stamps recent = new Stamps();

        final Thread owner = Thread.currentThread();
        private long next;
        private long end;
        private int lookups;

        static Stamps mine() {
            Stamps stamps = MINE.get();
            if (++stamps.lookups >= TAKE_OVER) {
                stamps.lookups = 0;
                recent = stamps;
            }
            return stamps;
        }

        long next() {
            if (next == end) {
                next = BLOCKS.getAndAdd(BLOCK) + 1;
                end = next + BLOCK;
            }
            return next++;
        }
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
     * The order for {@link Value#backward()}: from the stamps if {@link #creationOrder} proves it
     * (then the order holds the computed nodes only, which are all that have rules to run), otherwise
     * as {@link #of} into this thread's reusable arrays (leaving out a dot's leaf weights and bias).
     * Either way each computed node's gradient is set to 0 on the way, before any backward rule runs:
     * {@code backward()} needs the reset and this saves it a pass. The caller must {@link #release()}
     * the result when done.
     */
    static Topology forBackward(Value root) {
        Topology order = SCRATCH.get();
        if (order.inUse) {   // not reached today (backward rules call no user code); stays correct if one ever does
            order = new Topology();
        }
        order.inUse = true;
        if (!order.creationOrder(root)) {
            order.walk(root, true);
        }
        return order;
    }

    /** Forgets the nodes (so the graph can be collected) and hands the arrays back to this thread. */
    void release() {
        if (rootFirst) {
            proved = null;
            rootFirst = false;
        } else if (nodes.length > KEPT_CAPACITY) {
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

    /**
     * Tries the order by stamps: if the depth-first order of the computed nodes below {@code root}
     * is the order of their stamps, puts them in {@link #proved} from the root down, sets each one's
     * gradient to 0, and returns true; otherwise returns false.
     *
     * <p>In the depth-first order every node ends a block: its own subgraph's nodes not visited before
     * it, then itself. Slot {@code i} is the node whose stamp is the root's minus {@code i} (the root
     * is slot 0, the order runs backwards), and the pass goes from slot 0 up. At each node it lays
     * out its block as the walk would: each computed operand, in operand order, was visited before if
     * its slot lies beyond the cursor (it sits in an earlier block), and otherwise starts the next
     * block, which must end at that operand's own slot; the blocks must meet the node's slot. Every
     * slot up to the last must be filled exactly once, and every operand taken as visited must lie
     * in a slot the pass fills. Then, by induction over the blocks, the walk's order is exactly the
     * slots' order. Stamps are unique, so a slot names one node. The root's block starts at the first
     * node of the order, which the pass finds last ({@link #OPEN} until then). A placed node keeps its
     * block's end in its gradient until the pass reaches it and sets the gradient to 0; a pass that
     * gives up leaves such ends only in computed nodes below the root, which the walk then resets.
     *
     * <p>It gives up as soon as a rule fails, and on graphs it cannot order cheaply: a node the walk
     * has marked (its stamp is gone), or an operand more than {@link #REACH} slots from its node.
     * Leaves have no rule to run, so the order holds computed nodes only; once {@link Value#setGrad}
     * has ever written {@code -0.0}, the pass looks at every leaf's gradient to tell whether the zero
     * skip is exact, as the walk does.
     */
    private boolean creationOrder(Value root) {
        long top = -root.mark;
        if (top <= 0) {
            return false;
        }
        boolean checkLeaves = Value.negativeZeroWrites() != 0;
        boolean negativeZero = false;
        Value[] slots = new Value[provedSize];
        slots[0] = root;
        root.grad = OPEN;
        int filled = 0;       // the highest slot holding a node
        int visitedUpTo = 0;  // the highest slot of an operand taken as visited
        // The last operand array of several nodes laid out, and its computed operands' lowest and
        // highest slots: a node over the same array finds them all visited if the lowest lies beyond its cursor.
        Value[] scanned = null;
        int scannedLow = 0;
        int scannedHigh = 0;
        for (int i = 0; i <= filled; i++) {
            Value node = slots[i];
            if (node == null) {
                return false;
            }
            int cursor = (int) node.grad;   // its block's end, kept there since it was placed
            Value[] operands = node.children;
            if (operands == scanned && cursor != OPEN && scannedLow > cursor) {
                visitedUpTo = Math.max(visitedUpTo, scannedHigh);
                operands = NO_OPERANDS;
            }
            int low = Integer.MAX_VALUE;
            int high = 0;
            for (Value child : operands) {
                long mark = child.mark;
                if (mark >= 0) {
                    if (child.op != Op.LEAF) {
                        return false;
                    }
                    negativeZero |= checkLeaves && isNegativeZero(child.grad);
                    continue;
                }
                long slot = top + mark;   // the root's stamp minus the child's
                if (slot <= i || slot - i > REACH) {
                    return false;
                }
                int c = (int) slot;
                low = Math.min(low, c);
                high = Math.max(high, c);
                if (cursor != OPEN && c > cursor) {   // in an earlier block: visited before
                    visitedUpTo = Math.max(visitedUpTo, c);
                    continue;
                }
                if (c >= slots.length) {
                    slots = Arrays.copyOf(slots, Math.max(c + 1, doubled(slots.length)));
                }
                if (slots[c] != null) {
                    return false;
                }
                slots[c] = child;
                child.grad = cursor;
                filled = Math.max(filled, c);
                cursor = c - 1;
            }
            if (operands.length > 1) {
                scanned = operands;
                scannedLow = low;
                scannedHigh = high;
            }
            node.grad = 0.0;
            negativeZero |= checkLeaves && node instanceof Dot && ((Dot) node).hasNegativeZeroLeaf();
            if (cursor == OPEN) {   // no computed operand: the first node of the order, so the last slot
                if (i != filled || visitedUpTo > i) {
                    return false;
                }
                size = i + 1;
                provedSize = size <= KEPT_CAPACITY ? Math.max(64, size) : 64;
                proved = slots;
                rootFirst = true;
                negativeZeroLeaf = negativeZero;
                return true;
            }
            if (cursor != i) {
                return false;
            }
        }
        return false;
    }

    /**
     * The depth-first walk. For {@link #of} ({@code forBackward} false) it emits every node, leaves
     * included. For {@link #forBackward} it sets each computed node's gradient to 0 as it emits it,
     * notes a leaf whose gradient is {@code -0.0}, and leaves out the leaf weights and bias of a
     * {@link Dot} (they have no rule to run; their gradients are checked only if
     * {@link Value#setGrad} has ever written {@code -0.0}).
     */
    private void walk(Value root, boolean forBackward) {
        rootFirst = false;
        negativeZeroLeaf = false;
        boolean checkDotLeaves = forBackward && Value.negativeZeroWrites() != 0;
        long epoch = EPOCH.incrementAndGet();
        Value[] order = nodes;
        int size = 0;
        Value[] stack = this.stack;
        int[] resumeAt = this.resumeAt;
        int depth = 0;
        int maxDepth = 0;
        // The node being scanned lives in locals, so the common case, an operand already visited (a
        // shared parameter, an input used by every neuron of the next layer), costs one load and one
        // compare. An operand array of several nodes scanned to its end is remembered: a node over the
        // same array (the next neuron of a layer, reading the layer's one input array) has nothing left
        // to visit.
        Value[] scanned = null;
        Value node = root;
        Value[] operands = root.children;
        int next = 0;
        root.mark = epoch;
        if (!forBackward && root instanceof Dot) {
            order = placeWeights((Dot) root, epoch, order, size);
            size = this.size;
        }
        while (true) {
            while (next < operands.length) {
                Value child = operands[next++];
                if (child.mark == epoch) {
                    continue;
                }
                child.mark = epoch;
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
                next = operands == scanned ? operands.length : 0;
                if (!forBackward && child instanceof Dot) {
                    order = placeWeights((Dot) child, epoch, order, size);
                    size = this.size;
                }
            }
            if (operands.length > 1) {
                scanned = operands;
            }
            if (!forBackward && node instanceof Dot) {
                order = placeBias((Dot) node, epoch, order, size);
                size = this.size;
            }
            if (size == order.length) {
                order = Arrays.copyOf(order, grow(size));
            }
            if (forBackward) {
                if (node.op != Op.LEAF) {
                    node.grad = 0.0;
                    if (checkDotLeaves && node instanceof Dot && ((Dot) node).hasNegativeZeroLeaf()) {
                        negativeZeroLeaf = true;
                    }
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
     * For {@link #of}: emits the unvisited weights of a {@link Dot} whose children leave them out,
     * where the walk over every operand would have met them, before its inputs. Leaves the new size
     * in {@link #size} and returns the (possibly grown) order.
     */
    private Value[] placeWeights(Dot dot, long epoch, Value[] order, int size) {
        if (dot.children == dot.inputs) {
            for (Value w : dot.weights) {
                order = place(w, epoch, order, size);
                size = this.size;
            }
        }
        this.size = size;
        return order;
    }

    /** As {@link #placeWeights}, for the bias, which the walk meets after the inputs. */
    private Value[] placeBias(Dot dot, long epoch, Value[] order, int size) {
        this.size = size;
        return dot.children == dot.inputs ? place(dot.bias, epoch, order, size) : order;
    }

    /** Emits {@code leaf} unless visited: marks it and appends it, leaving the new size in {@link #size}. */
    private Value[] place(Value leaf, long epoch, Value[] order, int size) {
        if (leaf.mark != epoch) {
            leaf.mark = epoch;
            if (size == order.length) {
                order = Arrays.copyOf(order, grow(size));
            }
            order[size++] = leaf;
        }
        this.size = size;
        return order;
    }

    /**
     * Twice {@code length}, at most {@code Integer.MAX_VALUE - 8}: a fresh array per pass grows to its
     * size in about twice its final bytes ({@link #grow}'s 1.5 would take three times). The pass asks
     * for no more than {@link #REACH} slots beyond the one it is at, so the cap is never the limit.
     */
    static int doubled(int length) {
        return (int) Math.min(2L * length, Integer.MAX_VALUE - 8);
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

    /** Whether the last {@link #forBackward} took the order from the stamps rather than the walk. */
    boolean byStamps() {
        return rootFirst;
    }

    /** The {@code index}-th node in topological order (operands first, the root last). */
    Value get(int index) {
        return rootFirst ? proved[size - 1 - index] : nodes[index];
    }

    /** The ordered nodes, trimmed to size, in {@link #get}'s order. */
    Value[] toArray() {
        Value[] order = new Value[size];
        for (int i = 0; i < size; i++) {
            order[i] = get(i);
        }
        return order;
    }
}
