package dev.micrograd.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One scalar in an expression graph, and its gradient: micrograd's {@code Value}.
 *
 * <p>Every operation returns a new {@code Value} that remembers its operands
 * ({@link #children()}) and the operation that produced it ({@link #op()}); these never change
 * after construction. What does change: {@link #data()} (through {@link #setData(double)}, or
 * {@link Graph#forward()}), {@link #grad()} (through {@link #backward()}, {@link Graph#backward()}
 * or {@link #setGrad(double)}), and the {@link #label()} used in pictures.
 *
 * <p>micrograd's Python reads directly as Java:
 *
 * <table>
 *   <caption>micrograd to micrograd for Java</caption>
 *   <tr><th>micrograd</th><th>Java</th></tr>
 *   <tr><td>{@code Value(2.0, label='a')}</td><td>{@code Value.of(2.0, "a")}</td></tr>
 *   <tr><td>{@code a + b}, {@code a - b}, {@code a * b}, {@code a / b}</td>
 *       <td>{@code a.add(b)}, {@code a.sub(b)}, {@code a.mul(b)}, {@code a.div(b)}</td></tr>
 *   <tr><td>{@code 2 * x}, {@code x ** 3}, {@code -x}</td>
 *       <td>{@code x.mul(2)}, {@code x.pow(3)}, {@code x.neg()}</td></tr>
 *   <tr><td>{@code 10 / f}</td><td>{@code Value.of(10).div(f)}</td></tr>
 *   <tr><td>{@code x.relu()}, {@code x.tanh()}, {@code x.exp()}</td>
 *       <td>{@code x.relu()}, {@code x.tanh()}, {@code x.exp()}</td></tr>
 *   <tr><td>{@code L.backward()}</td><td>{@code L.backward()}</td></tr>
 *   <tr><td>{@code torch.autograd.grad(L, [x], create_graph=True)}</td>
 *       <td>{@code Autograd.grad(L, List.of(x))}</td></tr>
 * </table>
 *
 * <p>Numbers follow IEEE 754 and PyTorch rather than throwing: {@code log(0) = -Infinity},
 * {@code log(-1) = NaN}, {@code x / 0 = ±Infinity}, NaN propagates. Each operation's Javadoc
 * states its formula, its derivative and its edges.
 *
 * <p>Identity: two {@code Value}s are the same node only if they are the same object;
 * {@code equals} and {@code hashCode} are {@code Object}'s.
 *
 * <p>Threads: a {@code Value} is not synchronized. Separate graphs may be built, differentiated
 * and read on separate threads at the same time; a graph (or any node shared between graphs)
 * must be used by one thread at a time.
 */
public sealed class Value permits Dot {
    private static final Value[] NO_CHILDREN = {};
    private static final AtomicLong NEGATIVE_ZERO_WRITES = new AtomicLong();

    double data;
    double grad;
    final Op op;
    final Value[] children;
    /** The constant exponent of a {@link Op#POW} node; 0 for every other node. */
    final double exponent;
    private String label;
    /**
     * Negative on a computed node no walk has visited yet: minus its creation stamp
     * ({@link Topology#stamp()}), from which {@link Value#backward()} may prove its order. Otherwise
     * the epoch of the last graph walk that visited this node, or 0 (see {@link Topology}).
     */
    long mark;

    private Value(double data, Op op, Value[] children, double exponent, String label) {
        this.data = data;
        this.op = op;
        this.children = children;
        this.exponent = exponent;
        this.label = label;
    }

    /** A computed node of a subclass, without data until {@link #computed} gives it. */
    Value(Op op, Value[] children) {
        this(0.0, op, children, 0.0, "");
    }

    /** Builds an operation node and computes its data with the operation's forward formula. */
    private static Value node(Op op, double exponent, Value... children) {
        return computed(new Value(0.0, op, children, exponent, ""), op);
    }

    /**
     * {@code out}, a new computed node of operation {@code op}, with its data computed and its
     * creation stamp taken. {@code op} is passed rather than read back from the node so that where
     * the caller's operation is a constant (every factory above) the forward call is direct.
     */
    static <T extends Value> T computed(T out, Op op) {
        out.data = op.forward(out);
        out.mark = -Topology.stamp();
        return out;
    }

    /**
     * Every operand, in {@link #children()} order: the array a walk that must meet every leaf
     * visits. For most nodes it is {@link #children} itself.
     */
    Value[] operands() {
        return children;
    }

    /**
     * A leaf holding {@code data}, with no label: an input, a parameter or a constant.
     *
     * @param data the number (any double, NaN and infinities included)
     * @return a new leaf with gradient 0
     */
    public static Value of(double data) {
        return new Value(data, Op.LEAF, NO_CHILDREN, 0.0, "");
    }

    /**
     * A leaf holding {@code data}, labelled for pictures, as micrograd's {@code Value(data, label='a')}.
     *
     * @param data the number
     * @param label the name shown in graph pictures
     * @return a new leaf with gradient 0
     * @throws NullPointerException if {@code label} is null
     */
    public static Value of(double data, String label) {
        return new Value(data, Op.LEAF, NO_CHILDREN, 0.0, Objects.requireNonNull(label, "label"));
    }

    // ---------------------------------------------------------------- binary operations

    /**
     * {@code this + other}; both gradients receive the output's gradient unchanged.
     *
     * @param other the right operand
     * @return a new node
     * @throws NullPointerException if {@code other} is null
     */
    public Value add(Value other) {
        return node(Op.ADD, 0.0, this, Objects.requireNonNull(other, "other"));
    }

    /**
     * {@code this + c}, with {@code c} as a new constant leaf (micrograd's {@code x + 2}).
     *
     * @param c the constant
     * @return a new node
     */
    public Value add(double c) {
        return add(of(c));
    }

    /**
     * {@code this - other}; {@code d/dthis = 1}, {@code d/dother = -1}.
     *
     * @param other the right operand
     * @return a new node
     * @throws NullPointerException if {@code other} is null
     */
    public Value sub(Value other) {
        return node(Op.SUB, 0.0, this, Objects.requireNonNull(other, "other"));
    }

    /**
     * {@code this - c}, with {@code c} as a new constant leaf.
     *
     * @param c the constant
     * @return a new node
     */
    public Value sub(double c) {
        return sub(of(c));
    }

    /**
     * {@code this * other}; {@code d/dthis = other}, {@code d/dother = this}. As in IEEE 754,
     * {@code 0 * Infinity} is NaN, in the value and in the gradients.
     *
     * @param other the right operand
     * @return a new node
     * @throws NullPointerException if {@code other} is null
     */
    public Value mul(Value other) {
        return node(Op.MUL, 0.0, this, Objects.requireNonNull(other, "other"));
    }

    /**
     * {@code this * c}, with {@code c} as a new constant leaf (micrograd's {@code 2 * x}).
     *
     * @param c the constant
     * @return a new node
     */
    public Value mul(double c) {
        return mul(of(c));
    }

    /**
     * {@code this / other}; {@code d/dthis = 1/other}, {@code d/dother = -this/other²}. Division
     * by zero gives {@code ±Infinity} ({@code 0/0} is NaN), as in IEEE 754 and PyTorch; it never
     * throws. micrograd builds this as {@code this * other**-1}; the gradients are the same, written
     * directly.
     *
     * @param other the divisor
     * @return a new node
     * @throws NullPointerException if {@code other} is null
     */
    public Value div(Value other) {
        return node(Op.DIV, 0.0, this, Objects.requireNonNull(other, "other"));
    }

    /**
     * {@code this / c}, with {@code c} as a new constant leaf. For {@code c / this}, write
     * {@code Value.of(c).div(this)}.
     *
     * @param c the divisor
     * @return a new node
     */
    public Value div(double c) {
        return div(of(c));
    }

    /**
     * {@code this ** exponent} with a {@code Value} exponent, so that the exponent is differentiated
     * too (PyTorch's {@code pow(Tensor, Tensor)}): {@code d/dthis = exponent * this^(exponent-1)},
     * exactly 0 where the exponent is 0; {@code d/dexponent = this^exponent * ln this}, exactly 0
     * where {@code this = 0} and the exponent is at least 0. Edges as {@link #pow(double)}; a
     * negative base has {@code d/dexponent = NaN} (its logarithm is NaN), and a NaN value unless the
     * exponent is an integer. For a constant base, write {@code Value.of(2).pow(x)}.
     *
     * @param exponent the exponent
     * @return a new node, whose {@link #op()} is {@code "**"}
     * @throws NullPointerException if {@code exponent} is null
     */
    public Value pow(Value exponent) {
        return node(Op.POW_VALUE, 0.0, this, Objects.requireNonNull(exponent, "exponent"));
    }

    /**
     * The larger of {@code this} and {@code other}, NaN if either is NaN ({@code torch.maximum}).
     * The larger operand receives the gradient; on a tie each receives half of it, as in PyTorch.
     *
     * @param other the other operand
     * @return a new node
     * @throws NullPointerException if {@code other} is null
     */
    public Value max(Value other) {
        return node(Op.MAX, 0.0, this, Objects.requireNonNull(other, "other"));
    }

    /**
     * {@code max(this, c)}, with {@code c} as a new constant leaf ({@code x.max(0)} is a ReLU whose
     * gradient at 0 is 1/2).
     *
     * @param c the constant
     * @return a new node
     */
    public Value max(double c) {
        return max(of(c));
    }

    /**
     * The smaller of {@code this} and {@code other}, NaN if either is NaN ({@code torch.minimum}).
     * The smaller operand receives the gradient; on a tie each receives half of it, as in PyTorch.
     *
     * @param other the other operand
     * @return a new node
     * @throws NullPointerException if {@code other} is null
     */
    public Value min(Value other) {
        return node(Op.MIN, 0.0, this, Objects.requireNonNull(other, "other"));
    }

    /**
     * {@code min(this, c)}, with {@code c} as a new constant leaf.
     *
     * @param c the constant
     * @return a new node
     */
    public Value min(double c) {
        return min(of(c));
    }

    // ---------------------------------------------------------------- unary operations

    /**
     * {@code this ** k} for a constant exponent; {@code d/dthis = k * this^(k-1)}, and exactly 0
     * when {@code k = 0}. Edges as C's {@code pow} (and PyTorch's): a negative base with a non-integer
     * exponent is NaN; {@code 0 ** -1} is {@code Infinity}; {@code 1 ** k} is 1 for every {@code k},
     * NaN and infinities included (where Java's {@link StrictMath#pow} gives NaN).
     *
     * @param k the exponent
     * @return a new node, whose {@link #op()} is micrograd's {@code "**k"}
     */
    public Value pow(double k) {
        return node(Op.POW, k, this);
    }

    /**
     * {@code -this}; {@code d/dthis = -1}.
     *
     * @return a new node
     */
    public Value neg() {
        return node(Op.NEG, 0.0, this);
    }

    /**
     * {@code e^this}; {@code d/dthis = e^this}. Overflows to {@code Infinity} above about 709.78.
     *
     * @return a new node
     */
    public Value exp() {
        return node(Op.EXP, 0.0, this);
    }

    /**
     * The natural logarithm; {@code d/dthis = 1/this}. {@code log(0) = -Infinity} (gradient
     * {@code Infinity}), {@code log(x < 0) = NaN} (gradient {@code 1/x}, as PyTorch).
     *
     * @return a new node
     */
    public Value log() {
        return node(Op.LOG, 0.0, this);
    }

    /**
     * The hyperbolic tangent; {@code d/dthis = 1 - tanh²(this)}, computed from the output as
     * PyTorch does. {@code tanh(±Infinity) = ±1} with gradient 0.
     *
     * @return a new node
     */
    public Value tanh() {
        return node(Op.TANH, 0.0, this);
    }

    /**
     * {@code max(0, this)}; {@code d/dthis = 1} where the output is positive, 0 elsewhere, so
     * {@code relu'(0) = 0}. NaN stays NaN (and, as in PyTorch, passes its gradient through);
     * {@code -0.0} stays {@code -0.0}, as in PyTorch.
     *
     * @return a new node, whose {@link #op()} is micrograd's {@code "ReLU"}
     */
    public Value relu() {
        return node(Op.RELU, 0.0, this);
    }

    /**
     * The logistic function {@code 1 / (1 + e^-this)}; {@code d/dthis = σ(1 - σ)}.
     * {@code sigmoid(-1000) = 0} and {@code sigmoid(1000) = 1}, both with gradient 0.
     *
     * @return a new node
     */
    public Value sigmoid() {
        return node(Op.SIGMOID, 0.0, this);
    }

    /**
     * The sine; {@code d/dthis = cos(this)}. {@code sin(±Infinity) = NaN}.
     *
     * @return a new node
     */
    public Value sin() {
        return node(Op.SIN, 0.0, this);
    }

    /**
     * The cosine; {@code d/dthis = -sin(this)}. {@code cos(±Infinity) = NaN}.
     *
     * @return a new node
     */
    public Value cos() {
        return node(Op.COS, 0.0, this);
    }

    /**
     * The square root; {@code d/dthis = 1 / (2 sqrt(this))}, computed from the output as PyTorch
     * does, so {@code sqrt(0)} has gradient {@code +Infinity}. {@code sqrt(-0.0) = -0.0} (gradient
     * {@code -Infinity}); a negative number gives NaN.
     *
     * @return a new node
     */
    public Value sqrt() {
        return node(Op.SQRT, 0.0, this);
    }

    /**
     * The absolute value; {@code d/dthis = sgn(this)}: 1 above 0, -1 below, and 0 at 0, as PyTorch's
     * {@code abs'(0) = 0} (and 0 at NaN, as PyTorch's {@code sgn}).
     *
     * @return a new node
     */
    public Value abs() {
        return node(Op.ABS, 0.0, this);
    }

    /**
     * {@code ln(1 + e^this)}, computed as PyTorch's {@code softplus} (beta 1, threshold 20): the
     * input itself above 20, else {@code log1p(exp(this))}, so {@code softplus(1000) = 1000} and
     * {@code softplus(-1000) = 0}, both finite. {@code d/dthis = sigmoid(this)}, exactly 1 above 20.
     *
     * @return a new node
     */
    public Value softplus() {
        return node(Op.SOFTPLUS, 0.0, this);
    }

    // ---------------------------------------------------------------- fused n-ary operations

    /**
     * The sum of {@code terms}, added left to right, as one node (the empty sum is 0); each term's
     * gradient receives the output's gradient. Equal in value to chaining {@link #add(Value)}, with
     * one node instead of {@code n - 1}.
     *
     * @param terms the terms, in order
     * @return a new node
     * @throws NullPointerException if {@code terms} or one of its elements is null
     */
    public static Value sum(List<Value> terms) {
        Objects.requireNonNull(terms, "terms");
        Value[] children = new Value[terms.size()];
        for (int i = 0; i < children.length; i++) {
            children[i] = requireElement(terms, i, "terms");
        }
        return node(Op.SUM, 0.0, children);
    }

    /**
     * A neuron's weighted sum {@code bias + w₀x₀ + w₁x₁ + …} as one node, added in micrograd's
     * order so that the value is bit-identical to {@code bias.add(w0.mul(x0)).add(w1.mul(x1))…}.
     * {@code d/dwᵢ = xᵢ}, {@code d/dxᵢ = wᵢ}, {@code d/dbias = 1}. Its operands, in
     * {@link #children()}, are the weights, then the inputs, then the bias.
     *
     * @param weights the weights
     * @param inputs the inputs, as many as the weights
     * @param bias the bias
     * @return a new node
     * @throws NullPointerException if an argument or an element is null
     * @throws IllegalArgumentException if the two lists differ in size
     */
    public static Value dot(List<Value> weights, List<Value> inputs, Value bias) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(inputs, "inputs");
        return dot(weights.toArray(new Value[0]), inputs.toArray(new Value[0]), bias);
    }

    /**
     * {@link #dot(List, List, Value)} over arrays, for callers that hold their operands in arrays:
     * the same node, the same value.
     *
     * @param weights the weights (the array is copied, not kept)
     * @param inputs the inputs, as many as the weights (copied, not kept)
     * @param bias the bias
     * @return a new node
     * @throws NullPointerException if an argument or an element is null
     * @throws IllegalArgumentException if the two arrays differ in length
     */
    public static Value dot(Value[] weights, Value[] inputs, Value bias) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(bias, "bias");
        checkSizes(weights.length, inputs.length);
        Value[] w = weights.clone();
        Value[] x = inputs.clone();
        for (int i = 0; i < w.length; i++) {
            if (w[i] == null) {
                throw new NullPointerException("weights[" + i + "] is null");
            }
            if (x[i] == null) {
                throw new NullPointerException("inputs[" + i + "] is null");
            }
        }
        return Dot.of(ValueVector.owning(w), ValueVector.owning(x), bias);
    }

    /**
     * {@link #dot(List, List, Value)} over vectors, which the node keeps rather than copies: the
     * same node, the same value, and no copy of the operands. A layer that builds one
     * {@link ValueVector} of its inputs for all its neurons, each holding its weights as a vector,
     * so builds a graph that holds each input array once.
     *
     * @param weights the weights
     * @param inputs the inputs, as many as the weights
     * @param bias the bias
     * @return a new node
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the two vectors differ in size
     */
    public static Value dot(ValueVector weights, ValueVector inputs, Value bias) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(bias, "bias");
        checkSizes(weights.size(), inputs.size());
        return Dot.of(weights, inputs, bias);
    }

    private static void checkSizes(int weights, int inputs) {
        if (inputs != weights) {
            throw new IllegalArgumentException(
                    "dot needs as many inputs as weights: expected " + weights + " inputs, found " + inputs);
        }
    }

    // ---------------------------------------------------------------- backpropagation

    /**
     * Reverse-mode differentiation from this node, micrograd's {@code backward()}: orders the graph
     * topologically (without recursion, so a chain of millions of operations is fine), sets this
     * node's gradient to 1, then visits the nodes from this one back to the leaves, each adding its
     * local derivative times its own gradient into its operands' gradients.
     *
     * <p>Gradients accumulate ({@code +=}), as in micrograd: a node used on several paths gets the
     * sum over its paths (the lecture's {@code b = a + a} gives {@code da = 2}), and the leaves
     * (inputs, parameters) keep what earlier calls gave them, so calling {@code backward()} twice
     * without resetting gives every leaf twice its gradient, and {@code l1.backward(); l2.backward()}
     * gives the gradient of {@code l1 + l2}. Reset leaf gradients to 0 before each training step,
     * with {@link #setGrad(double)} or a module's {@code zeroGrad()}.
     *
     * <p>The order is micrograd's depth-first {@code build_topo} order, and so are the gradients, to
     * the last bit. A graph built forward, each node's operands made (in operand order) before it,
     * as a model's forward pass and then each sample's loss term build it, gets that order from its
     * nodes' creation stamps in one pass, which is faster than the walk; a graph built otherwise
     * (all scores first, then all loss terms; nodes made before and reused) is walked. Building each
     * sample's term right after its forward pass, as {@code Trainer} does, is the fast way.
     *
     * <p>The computed nodes of this graph start each call from 0 (as in PyTorch, and as
     * {@link Graph#backward()} does). micrograd does not reset them, so in micrograd a second call
     * pushes the first call's intermediate gradients down again ({@code y = x*2*3} gives
     * {@code dx = 6}, then 18 rather than 12); here it gives 12.
     */
    public void backward() {
        Topology order = Topology.forBackward(this);   // computed nodes' grads reset to 0 on the way
        try {
            grad = 1.0;
            boolean exactSkip = order.exactSkip();
            for (int i = order.size() - 1; i >= 0; i--) {
                Op.backwardOf(order.get(i), exactSkip);
            }
        } finally {
            order.release();
        }
    }

    // ---------------------------------------------------------------- accessors

    /**
     * The number this node holds.
     *
     * @return the data
     */
    public double data() {
        return data;
    }

    /**
     * The derivative of the last {@link #backward()} root with respect to this node, accumulated.
     *
     * @return the gradient (0 until a backward pass reaches this node)
     */
    public double grad() {
        return grad;
    }

    /**
     * Replaces this node's data, as micrograd's {@code p.data += -lr * p.grad}. On a leaf this is
     * the way to update a parameter or feed a new input; nodes computed from it keep their old
     * data until the graph is rebuilt or recomputed by {@link Graph#forward()}.
     *
     * @param data the new data
     */
    public void setData(double data) {
        this.data = data;
    }

    /**
     * Replaces this node's gradient; {@code setGrad(0)} is micrograd's {@code p.grad = 0}.
     *
     * @param grad the new gradient
     */
    public void setGrad(double grad) {
        this.grad = grad;
        if (Topology.isNegativeZero(grad)) {
            NEGATIVE_ZERO_WRITES.incrementAndGet();
        }
    }

    /**
     * How many times {@link #setGrad(double)} has written {@code -0.0}, on any thread: the one way
     * a leaf's gradient becomes {@code -0.0} (see {@link Graph}'s check before it skips zeros).
     */
    static long negativeZeroWrites() {
        return NEGATIVE_ZERO_WRITES.get();
    }

    /**
     * The name shown in pictures; {@code ""} unless one was given.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * Names this node for pictures, as the lecture's {@code e.label = 'e'}.
     *
     * @param label the new label
     * @return this node, so that {@code Value e = a.mul(b).label("e")} reads as the lecture
     * @throws NullPointerException if {@code label} is null
     */
    public Value label(String label) {
        this.label = Objects.requireNonNull(label, "label");
        return this;
    }

    /**
     * The operands this node was computed from, in operand order ({@code a.sub(b)} gives
     * {@code [a, b]}); empty for a leaf. A constant operand ({@code x.mul(2)}) appears as a leaf.
     *
     * @return an unmodifiable list
     */
    public List<Value> children() {
        return Collections.unmodifiableList(Arrays.asList(operands()));
    }

    /**
     * The operation that produced this node, printed as micrograd's {@code _op}: {@code ""} for a
     * leaf, {@code "+"}, {@code "-"}, {@code "*"}, {@code "/"}, {@code "neg"}, {@code "**3"} (the
     * exponent included), {@code "exp"}, {@code "log"}, {@code "tanh"}, {@code "ReLU"},
     * {@code "sigmoid"}, {@code "sin"}, {@code "cos"}, {@code "sqrt"}, {@code "abs"}, {@code "softplus"},
     * {@code "max"}, {@code "min"}, {@code "sum"}, {@code "dot"}; {@code "**"} for a {@code Value}
     * exponent ({@link #pow(Value)}).
     *
     * @return the operation's name
     */
    public String op() {
        return op == Op.POW ? op.symbol() + formatExponent(exponent) : op.symbol();
    }

    /**
     * The operation that produced this node, as an enum constant ({@link Op#LEAF} for a leaf).
     *
     * @return the operation
     */
    public Op operation() {
        return op;
    }

    /**
     * The constant exponent of a node made by {@link #pow(double)}.
     *
     * @return the exponent
     * @throws IllegalStateException if this node was not made by {@code pow}
     */
    public double exponent() {
        if (op != Op.POW) {
            throw new IllegalStateException("only a pow node has an exponent; this node's op is '" + op() + "'");
        }
        return exponent;
    }

    /**
     * Whether this node is a leaf (an input, a parameter or a constant) rather than computed.
     *
     * @return true for a leaf
     */
    public boolean isLeaf() {
        return op == Op.LEAF;
    }

    /**
     * As micrograd prints it: {@code Value(data=0.7071067811865476, grad=1.0)}.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "Value(data=" + data + ", grad=" + grad + ")";
    }

    private static Value requireElement(List<Value> list, int index, String name) {
        Value element = list.get(index);
        if (element == null) {
            throw new NullPointerException(name + "[" + index + "] is null");
        }
        return element;
    }

    private static String formatExponent(double k) {
        if (k == Math.rint(k) && Math.abs(k) < 1e15) {
            return Long.toString((long) k);
        }
        return Double.toString(k);
    }
}
