package dev.micrograd.engine;

/**
 * The operations a {@link Value} can come from, each with its forward formula and its local
 * derivative written side by side.
 *
 * <p>{@code forward} computes a node's data from its operands' data; {@code backward} adds the
 * node's contribution to its operands' gradients (chain rule: operand grad {@code +=} local
 * derivative {@code *} node grad). The backward formulas are those of PyTorch's autograd
 * ({@code tools/autograd/derivatives.yaml}), so that gradients agree with PyTorch at the numeric
 * edges too (infinities, NaN, {@code 0 * inf}).
 *
 * <p>{@code backwardGraph} is the same rule written with {@code Value} operations instead of
 * doubles: it builds each operand's gradient contribution as new nodes, so that
 * {@link Autograd#grad} can differentiate the gradient again. Both forms compute the same
 * floating-point operations in the same order, so a gradient built as a graph holds, to the last
 * bit, the number {@code backward} gives. Where PyTorch masks a gradient ({@code relu},
 * {@code max}, {@code pow} at 0), {@code backwardGraph} decides the branch from the current data:
 * the gradient graph is valid for the data it was built at.
 *
 * <p>{@code exp}, {@code log}, {@code pow}, {@code tanh}, {@code sigmoid}, {@code sin}, {@code cos}
 * and {@code softplus} use {@link StrictMath}
 * (fdlibm), not {@link Math}, whose intrinsics may differ in the last bit between JVMs and
 * processors: the same inputs give the same bits on every JVM, so a seeded training run and the
 * model file it saves are reproducible anywhere.
 *
 * <p>Below, {@code g} is the node's gradient, {@code y} its data, {@code a} and {@code b} its
 * operands' data.
 */
public enum Op {
    /** A leaf: a number the user supplied (an input, a parameter, a constant). Nothing to propagate. */
    LEAF("") {
        @Override
        double forward(Value node) {
            return node.data;
        }

        @Override
        void backward(Value node) {
            // a leaf has no operands
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            // a leaf has no operands
        }
    },

    /** {@code y = a + b}; {@code dy/da = 1}, {@code dy/db = 1}. */
    ADD("+") {
        @Override
        double forward(Value node) {
            return node.children[0].data + node.children[1].data;
        }

        @Override
        void backward(Value node) {
            node.children[0].grad += node.grad;
            node.children[1].grad += node.grad;
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            sink.add(node.children[0], g);
            sink.add(node.children[1], g);
        }
    },

    /** {@code y = a - b}; {@code dy/da = 1}, {@code dy/db = -1}. */
    SUB("-") {
        @Override
        double forward(Value node) {
            return node.children[0].data - node.children[1].data;
        }

        @Override
        void backward(Value node) {
            node.children[0].grad += node.grad;
            node.children[1].grad += -node.grad;
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            sink.add(node.children[0], g);
            sink.add(node.children[1], g.neg());
        }
    },

    /** {@code y = a * b}; {@code dy/da = b}, {@code dy/db = a}. */
    MUL("*") {
        @Override
        double forward(Value node) {
            return node.children[0].data * node.children[1].data;
        }

        @Override
        void backward(Value node) {
            Value a = node.children[0];
            Value b = node.children[1];
            double g = node.grad;
            a.grad += g * b.data;
            b.grad += g * a.data;
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Value a = node.children[0];
            Value b = node.children[1];
            sink.add(a, g.mul(b));
            sink.add(b, g.mul(a));
        }
    },

    /**
     * {@code y = a / b}; {@code dy/da = 1/b}, {@code dy/db = -a/b²}, computed as PyTorch does:
     * {@code g / b} and {@code -g * ((a / b) / b)}.
     */
    DIV("/") {
        @Override
        double forward(Value node) {
            return node.children[0].data / node.children[1].data;
        }

        @Override
        void backward(Value node) {
            Value a = node.children[0];
            Value b = node.children[1];
            double g = node.grad;
            a.grad += g / b.data;
            b.grad += -g * ((a.data / b.data) / b.data);
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Value a = node.children[0];
            Value b = node.children[1];
            sink.add(a, g.div(b));
            sink.add(b, g.neg().mul(node.div(b)));   // node is a / b
        }
    },

    /** {@code y = -a}; {@code dy/da = -1}. */
    NEG("neg") {
        @Override
        double forward(Value node) {
            return -node.children[0].data;
        }

        @Override
        void backward(Value node) {
            node.children[0].grad += -node.grad;
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            sink.add(node.children[0], g.neg());
        }
    },

    /**
     * {@code y = a^k} for a constant exponent {@code k}; {@code dy/da = k * a^(k-1)}, and exactly
     * 0 when {@code k = 0} (as PyTorch, so that {@code 0^0} has gradient 0, not NaN).
     */
    POW("**") {
        @Override
        double forward(Value node) {
            return pow(node.children[0].data, node.exponent);
        }

        @Override
        void backward(Value node) {
            double k = node.exponent;
            if (k == 0.0) {
                return;
            }
            Value a = node.children[0];
            a.grad += node.grad * (k * pow(a.data, k - 1.0));
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            double k = node.exponent;
            if (k == 0.0) {
                return;
            }
            Value a = node.children[0];
            sink.add(a, g.mul(a.pow(k - 1.0).mul(k)));
        }
    },

    /** {@code y = e^a}; {@code dy/da = e^a = y}. */
    EXP("exp") {
        @Override
        double forward(Value node) {
            return StrictMath.exp(node.children[0].data);
        }

        @Override
        void backward(Value node) {
            node.children[0].grad += node.grad * node.data;
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            sink.add(node.children[0], g.mul(node));
        }
    },

    /** {@code y = ln a}; {@code dy/da = 1/a} (computed as {@code g / a}). */
    LOG("log") {
        @Override
        double forward(Value node) {
            return StrictMath.log(node.children[0].data);
        }

        @Override
        void backward(Value node) {
            Value a = node.children[0];
            a.grad += node.grad / a.data;
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Value a = node.children[0];
            sink.add(a, g.div(a));
        }
    },

    /** {@code y = tanh a}; {@code dy/da = 1 - tanh²a = 1 - y²} (PyTorch: {@code g * (1 - y*y)}). */
    TANH("tanh") {
        @Override
        double forward(Value node) {
            return StrictMath.tanh(node.children[0].data);
        }

        @Override
        void backward(Value node) {
            double y = node.data;
            node.children[0].grad += node.grad * (1.0 - y * y);
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            sink.add(node.children[0], g.mul(Value.of(1.0).sub(node.mul(node))));
        }
    },

    /**
     * {@code y = max(0, a)} (NaN and {@code -0.0} pass unchanged, as in PyTorch); {@code dy/da = 1}
     * where {@code y > 0}, else 0, so
     * {@code relu'(0) = 0}. As PyTorch's {@code threshold_backward}, the gradient passes where
     * {@code y <= 0} is false, which includes NaN.
     */
    RELU("ReLU") {
        @Override
        double forward(Value node) {
            double a = node.children[0].data;
            return a < 0.0 ? 0.0 : a;   // keeps NaN and -0.0, as PyTorch
        }

        @Override
        void backward(Value node) {
            if (!(node.data <= 0.0)) {
                node.children[0].grad += node.grad;
            }
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            if (!(node.data <= 0.0)) {
                sink.add(node.children[0], g);
            }
        }
    },

    /** {@code y = 1 / (1 + e^-a)}; {@code dy/da = y (1 - y)} (PyTorch: {@code g * (1 - y) * y}). */
    SIGMOID("sigmoid") {
        @Override
        double forward(Value node) {
            return 1.0 / (1.0 + StrictMath.exp(-node.children[0].data));
        }

        @Override
        void backward(Value node) {
            double y = node.data;
            node.children[0].grad += node.grad * (1.0 - y) * y;
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            sink.add(node.children[0], g.mul(Value.of(1.0).sub(node)).mul(node));
        }
    },

    /**
     * {@code y = sin a}; {@code dy/da = cos a} (PyTorch: {@code g * cos(a)}). {@code sin(±Infinity)}
     * is NaN.
     */
    SIN("sin") {
        @Override
        double forward(Value node) {
            return StrictMath.sin(node.children[0].data);
        }

        @Override
        void backward(Value node) {
            Value a = node.children[0];
            a.grad += node.grad * StrictMath.cos(a.data);
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Value a = node.children[0];
            sink.add(a, g.mul(a.cos()));
        }
    },

    /** {@code y = cos a}; {@code dy/da = -sin a} (PyTorch: {@code g * -sin(a)}). */
    COS("cos") {
        @Override
        double forward(Value node) {
            return StrictMath.cos(node.children[0].data);
        }

        @Override
        void backward(Value node) {
            Value a = node.children[0];
            a.grad += node.grad * -StrictMath.sin(a.data);
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Value a = node.children[0];
            sink.add(a, g.mul(a.sin().neg()));
        }
    },

    /**
     * {@code y = √a}; {@code dy/da = 1 / (2√a) = 1 / (2y)} (PyTorch: {@code g / (2 * y)}), so
     * {@code sqrt'(0) = +Infinity}; {@code sqrt(-0.0) = -0.0}, {@code sqrt(a < 0) = NaN}. Correctly
     * rounded by IEEE 754.
     */
    SQRT("sqrt") {
        @Override
        double forward(Value node) {
            return StrictMath.sqrt(node.children[0].data);
        }

        @Override
        void backward(Value node) {
            node.children[0].grad += node.grad / (2.0 * node.data);
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            sink.add(node.children[0], g.div(node.mul(2.0)));
        }
    },

    /**
     * {@code y = |a|}; {@code dy/da = sgn a} (PyTorch: {@code g * sgn(a)}), which is 0 at
     * {@code a = ±0} ({@code abs'(0) = 0}) and, as PyTorch's {@code sgn}, 0 at NaN.
     */
    ABS("abs") {
        @Override
        double forward(Value node) {
            return Math.abs(node.children[0].data);
        }

        @Override
        void backward(Value node) {
            Value a = node.children[0];
            a.grad += node.grad * sgn(a.data);
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Value a = node.children[0];
            sink.add(a, g.mul(sgn(a.data)));
        }
    },

    /**
     * {@code y = ln(1 + e^a)}, as PyTorch's {@code softplus} with its defaults (beta 1, threshold
     * 20): {@code y = a} where {@code a > 20}, else {@code log1p(exp(a))}, so that neither a large
     * nor a very negative {@code a} overflows. {@code dy/da = σ(a) = z / (z + 1)} with
     * {@code z = e^a}, and exactly 1 where {@code a > 20} (PyTorch's {@code softplus_backward}:
     * {@code g * z / (z + 1)}).
     */
    SOFTPLUS("softplus") {
        @Override
        double forward(Value node) {
            double a = node.children[0].data;
            return a > SOFTPLUS_THRESHOLD ? a : StrictMath.log1p(StrictMath.exp(a));
        }

        @Override
        void backward(Value node) {
            Value a = node.children[0];
            if (a.data > SOFTPLUS_THRESHOLD) {
                a.grad += node.grad;
            } else {
                double z = StrictMath.exp(a.data);
                a.grad += node.grad * z / (z + 1.0);
            }
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Value a = node.children[0];
            if (a.data > SOFTPLUS_THRESHOLD) {
                sink.add(a, g);
            } else {
                Value z = a.exp();
                sink.add(a, g.mul(z).div(z.add(1.0)));
            }
        }
    },

    /**
     * {@code y = a^b} with a {@code Value} exponent (PyTorch's {@code pow.Tensor_Tensor}), edges as
     * C's {@code pow} ({@link #pow(double, double)}). {@code dy/da = b * a^(b-1)}, exactly 0 where {@code b = 0};
     * {@code dy/db = a^b * ln a = y ln a}, exactly 0 where {@code a = 0} and {@code b >= 0}
     * (PyTorch's {@code pow_backward_self} and {@code pow_backward_exponent}). A negative base gives
     * {@code dy/db = NaN} ({@code ln a} is NaN), and NaN for {@code y} too unless {@code b} is an
     * integer.
     */
    POW_VALUE("**") {
        @Override
        double forward(Value node) {
            return pow(node.children[0].data, node.children[1].data);
        }

        @Override
        void backward(Value node) {
            Value a = node.children[0];
            Value b = node.children[1];
            double g = node.grad;
            if (b.data != 0.0) {
                a.grad += g * (b.data * pow(a.data, b.data - 1.0));
            }
            if (!(a.data == 0.0 && b.data >= 0.0)) {
                b.grad += g * (node.data * StrictMath.log(a.data));
            }
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Value a = node.children[0];
            Value b = node.children[1];
            if (b.data != 0.0) {
                sink.add(a, g.mul(b.mul(a.pow(b.sub(1.0)))));
            }
            if (!(a.data == 0.0 && b.data >= 0.0)) {
                sink.add(b, g.mul(node.mul(a.log())));
            }
        }
    },

    /**
     * {@code y = max(a, b)}, NaN if either is NaN (as {@code torch.maximum}). {@code dy/da = 1}
     * where {@code a > b}, 0 where {@code a < b}, and {@code 1/2} to each on a tie
     * (PyTorch: {@code where(a == b, g / 2, g).masked_fill_(a < b, 0)}, and for {@code b} with
     * {@code a > b}); with a NaN operand neither mask applies and both receive {@code g}.
     */
    MAX("max") {
        @Override
        double forward(Value node) {
            double a = node.children[0].data;
            double b = node.children[1].data;
            return a != a || b != b ? a + b : (a < b ? b : a);   // NaN propagates; a tie keeps a
        }

        @Override
        void backward(Value node) {
            Value a = node.children[0];
            Value b = node.children[1];
            shareGradient(a, b, node.grad, a.data < b.data, a.data > b.data);
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Value a = node.children[0];
            Value b = node.children[1];
            shareGradient(a, b, g, a.data < b.data, a.data > b.data, sink);
        }
    },

    /**
     * {@code y = min(a, b)}, NaN if either is NaN (as {@code torch.minimum}). {@code dy/da = 1}
     * where {@code a < b}, 0 where {@code a > b}, and {@code 1/2} to each on a tie
     * (PyTorch: {@code where(a == b, g / 2, g).masked_fill_(a > b, 0)}, and for {@code b} with
     * {@code a < b}); with a NaN operand both receive {@code g}.
     */
    MIN("min") {
        @Override
        double forward(Value node) {
            double a = node.children[0].data;
            double b = node.children[1].data;
            return a != a || b != b ? a + b : (b < a ? b : a);   // NaN propagates; a tie keeps a
        }

        @Override
        void backward(Value node) {
            Value a = node.children[0];
            Value b = node.children[1];
            shareGradient(a, b, node.grad, a.data > b.data, a.data < b.data);
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Value a = node.children[0];
            Value b = node.children[1];
            shareGradient(a, b, g, a.data > b.data, a.data < b.data, sink);
        }
    },

    /**
     * {@code y = a₀ + a₁ + … + aₙ₋₁}, added left to right (the empty sum is 0); {@code dy/daᵢ = 1}.
     * One node instead of {@code n - 1} additions.
     */
    SUM("sum") {
        @Override
        double forward(Value node) {
            double sum = 0.0;
            for (Value child : node.children) {
                sum += child.data;
            }
            return sum;
        }

        @Override
        void backward(Value node) {
            double g = node.grad;
            for (Value child : node.children) {
                child.grad += g;
            }
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            for (Value child : node.children) {
                sink.add(child, g);
            }
        }
    },

    /**
     * {@code y = b + w₀x₀ + w₁x₁ + … + wₙ₋₁xₙ₋₁}, a neuron's weighted sum in one node. Its operands
     * ({@link Value#children()}) are {@code w₀ … wₙ₋₁, x₀ … xₙ₋₁, b}, held by a {@link Dot}, and
     * added in micrograd's order
     * ({@code sum((wi*xi for ...), self.b)}: the bias first, then each product), so the value is
     * bit-identical to the unfused expression. {@code dy/dwᵢ = xᵢ}, {@code dy/dxᵢ = wᵢ},
     * {@code dy/db = 1}.
     */
    DOT("dot") {
        @Override
        double forward(Value node) {
            Dot d = (Dot) node;
            Value[] w = d.weights;
            Value[] x = d.inputs;
            double sum = d.bias.data;
            for (int i = 0; i < w.length; i++) {
                sum += w[i].data * x[i].data;
            }
            return sum;
        }

        @Override
        void backward(Value node) {
            Dot d = (Dot) node;
            Value[] w = d.weights;
            Value[] x = d.inputs;
            double g = node.grad;
            for (int i = 0; i < w.length; i++) {
                w[i].grad += g * x[i].data;
                x[i].grad += g * w[i].data;
            }
            d.bias.grad += g;
        }

        @Override
        void backwardGraph(Value node, Value g, GradientSink sink) {
            Dot d = (Dot) node;
            Value[] w = d.weights;
            Value[] x = d.inputs;
            for (int i = 0; i < w.length; i++) {
                sink.add(w[i], g.mul(x[i]));
                sink.add(x[i], g.mul(w[i]));
            }
            sink.add(d.bias, g);
        }
    };

    /**
     * {@link StrictMath#pow}, with C99's (and so PyTorch's) answer where Java's differs:
     * {@code 1^y = 1} for every {@code y}, NaN included, and {@code (-1)^±Infinity = 1}; Java gives
     * NaN for those. Every other case is the same in both.
     */
    static double pow(double a, double b) {
        if (a == 1.0 || (a == -1.0 && Double.isInfinite(b))) {
            return 1.0;
        }
        return StrictMath.pow(a, b);
    }

    /**
     * The backward of {@link #MAX} and {@link #MIN}: an operand that lost receives nothing, each
     * other one {@code g}, halved on a tie ({@code a == b}). With a NaN operand neither lost, and
     * both receive {@code g}.
     *
     * @param aLost whether {@code a} was not chosen ({@code a < b} for max, {@code a > b} for min)
     * @param bLost whether {@code b} was not chosen
     */
    private static void shareGradient(Value a, Value b, double g, boolean aLost, boolean bLost) {
        double share = a.data == b.data ? g / 2.0 : g;
        if (!aLost) {
            a.grad += share;
        }
        if (!bLost) {
            b.grad += share;
        }
    }

    /** {@link #shareGradient(Value, Value, double, boolean, boolean)} with the gradient as a graph. */
    private static void shareGradient(Value a, Value b, Value g, boolean aLost, boolean bLost, GradientSink sink) {
        Value share = a.data == b.data ? g.div(2.0) : g;
        if (!aLost) {
            sink.add(a, share);
        }
        if (!bLost) {
            sink.add(b, share);
        }
    }

    /** PyTorch's {@code sgn} of a real number: 1 above 0, -1 below, 0 at ±0 and at NaN. */
    static double sgn(double a) {
        return a > 0.0 ? 1.0 : a < 0.0 ? -1.0 : 0.0;
    }

    /** Above this input, {@code softplus} is its input: PyTorch's default {@code threshold}. */
    static final double SOFTPLUS_THRESHOLD = 20.0;

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    /**
     * The name micrograd gives this operation in {@code _op}: {@code ""} for a leaf, {@code "+"},
     * {@code "*"}, {@code "**"} (without its exponent; see {@link Value#op()}; a {@code Value}
     * exponent's {@link #POW_VALUE} is {@code "**"} too), {@code "tanh"}, {@code "ReLU"},
     * {@code "max"}, and so on.
     *
     * @return the operation's symbol
     */
    public String symbol() {
        return symbol;
    }

    /** Computes {@code node}'s data from its operands' current data. */
    abstract double forward(Value node);

    /** Adds {@code node}'s gradient, times the local derivative, into each operand's gradient. */
    abstract void backward(Value node);

    /**
     * The rule of {@link #backward(Value)} built from {@code Value} operations: hands {@code sink}
     * each operand's contribution {@code g * (local derivative)} as a new node (nothing where the
     * contribution is exactly 0 by the rule), in the order {@code backward} adds them, computing
     * the same floating-point operations. {@code g} is the node's gradient as a {@code Value}.
     */
    abstract void backwardGraph(Value node, Value g, GradientSink sink);

    /** Receives the operand gradients {@link #backwardGraph} builds. */
    interface GradientSink {
        /**
         * Adds one contribution to an operand's gradient.
         *
         * @param operand the operand (a child of the node)
         * @param gradient the contribution
         */
        void add(Value operand, Value gradient);
    }

    // Dispatch for the loops over a whole graph (Value.backward, Graph.forward/backward). Calling
    // node.op.forward(node) there is a megamorphic virtual call per node, which the JIT cannot
    // inline. DOT and RELU are nearly every node of an MLP's graph, so they are named: a call on
    // the constant itself is inlined into the loop. The same rules run, so results are unchanged
    // to the last bit; it only saves the call (about 20% of Graph.backward on the demo step).

    /** {@code node.op.forward(node)}, with the hot operations inlined. */
    static double forwardOf(Value node) {
        Op op = node.op;
        if (op == DOT) {
            return DOT.forward(node);
        }
        if (op == RELU) {
            return RELU.forward(node);
        }
        return op.forward(node);
    }

    /**
     * {@code node.op.backward(node)}, skipped where that would add exactly {@code ±0} to every
     * operand's gradient ({@link #addsOnlyZeros}) and the skip is exact: when no operand's gradient
     * can change from {@code -0.0} to {@code +0.0}. That holds for every computed node during a
     * backward pass (its gradient starts at {@code +0.0}, and a sum that starts at {@code +0.0} is
     * never {@code -0.0}), and for every leaf whose gradient is not {@code -0.0} when the pass starts
     * (it then never becomes {@code -0.0}); the caller passes {@code exactSkip = false} if some leaf's
     * gradient is {@code -0.0}. Every gradient is then the same, to the last bit, as with
     * {@link #backwardOf}: {@code x + ±0 = x} for every {@code x} but {@code -0.0}.
     */
    static void backwardOf(Value node, boolean exactSkip) {
        if (exactSkip && node.grad == 0.0 && addsOnlyZeros(node)) {
            return;
        }
        backwardOf(node);
    }

    /**
     * Whether {@code node}'s rule, with its gradient {@code ±0}, adds exactly {@code ±0} to each
     * operand: for sums, negation and ReLU, whose local derivatives are constants; for products and
     * dot products when the node's data is finite, because an infinite or NaN operand makes the
     * product infinite or NaN, so a finite result means every operand, and so every local
     * derivative, is finite. No other rule is skipped.
     */
    private static boolean addsOnlyZeros(Value node) {
        switch (node.op) {
            case ADD, SUB, NEG, SUM, RELU:
                return true;
            case MUL, DOT:
                return Double.isFinite(node.data);
            default:
                return false;
        }
    }

    /** {@code node.op.backward(node)}, with the hot operations inlined. */
    static void backwardOf(Value node) {
        Op op = node.op;
        if (op == DOT) {
            DOT.backward(node);
        } else if (op == RELU) {
            RELU.backward(node);
        } else {
            op.backward(node);
        }
    }
}
