package dev.micrograd.engine;

/**
 * A {@link Op#DOT} node, {@code bias + w₀x₀ + w₁x₁ + …}, holding its weights and inputs as the
 * arrays of the {@link ValueVector}s it was built from, shared with every other node built from the
 * same vectors, rather than a copy of its own.
 *
 * <p>Its {@link #children} are what a walk from it must visit: when the weights and the bias are
 * leaves (a neuron's parameters), the shared input array alone, so that the walks can tell the
 * neurons of one layer read one array; otherwise every operand, in {@link #operands()} order.
 */
final class Dot extends Value {
    /** The weights; shared, never written. */
    final Value[] weights;
    /** The inputs, as many as the weights; shared, never written. */
    final Value[] inputs;
    final Value bias;

    private Dot(Value[] weights, Value[] inputs, Value bias, Value[] children) {
        super(Op.DOT, children);
        this.weights = weights;
        this.inputs = inputs;
        this.bias = bias;
    }

    /** The node, its data computed. The vectors are of equal size and {@code bias} is not null. */
    static Dot of(ValueVector weights, ValueVector inputs, Value bias) {
        boolean leafParameters = weights.allLeaves && bias.op == Op.LEAF;
        Value[] children = leafParameters ? inputs.items : concatenate(weights.items, inputs.items, bias);
        return computed(new Dot(weights.items, inputs.items, bias, children), Op.DOT);
    }

    /** The operands in {@link Value#children()} order: the weights, then the inputs, then the bias. */
    @Override
    Value[] operands() {
        return children != inputs ? children : concatenate(weights, inputs, bias);
    }

    /**
     * Whether a weight or the bias is a leaf whose gradient is {@code -0.0}, for walks that leave
     * them out (when they are all leaves); false where {@link #children} holds them, as the walk
     * meets them there.
     */
    boolean hasNegativeZeroLeaf() {
        if (children != inputs) {
            return false;
        }
        for (Value w : weights) {
            if (Topology.isNegativeZero(w.grad)) {
                return true;
            }
        }
        return Topology.isNegativeZero(bias.grad);
    }

    private static Value[] concatenate(Value[] weights, Value[] inputs, Value bias) {
        int n = weights.length;
        Value[] all = new Value[2 * n + 1];
        System.arraycopy(weights, 0, all, 0, n);
        System.arraycopy(inputs, 0, all, n, n);
        all[2 * n] = bias;
        return all;
    }
}
