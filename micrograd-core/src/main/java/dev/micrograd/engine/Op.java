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
 * <p>{@code exp}, {@code log}, {@code pow}, {@code tanh} and {@code sigmoid} use {@link StrictMath}
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
    },

    /**
     * {@code y = a^k} for a constant exponent {@code k}; {@code dy/da = k * a^(k-1)}, and exactly
     * 0 when {@code k = 0} (as PyTorch, so that {@code 0^0} has gradient 0, not NaN).
     */
    POW("**") {
        @Override
        double forward(Value node) {
            return StrictMath.pow(node.children[0].data, node.exponent);
        }

        @Override
        void backward(Value node) {
            double k = node.exponent;
            if (k == 0.0) {
                return;
            }
            Value a = node.children[0];
            a.grad += node.grad * (k * StrictMath.pow(a.data, k - 1.0));
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
    },

    /**
     * {@code y = b + w₀x₀ + w₁x₁ + … + wₙ₋₁xₙ₋₁}, a neuron's weighted sum in one node. The operands
     * are stored as {@code w₀ … wₙ₋₁, x₀ … xₙ₋₁, b} and added in micrograd's order
     * ({@code sum((wi*xi for ...), self.b)}: the bias first, then each product), so the value is
     * bit-identical to the unfused expression. {@code dy/dwᵢ = xᵢ}, {@code dy/dxᵢ = wᵢ},
     * {@code dy/db = 1}.
     */
    DOT("dot") {
        @Override
        double forward(Value node) {
            Value[] c = node.children;
            int n = c.length >>> 1;
            double sum = c[2 * n].data;
            for (int i = 0; i < n; i++) {
                sum += c[i].data * c[n + i].data;
            }
            return sum;
        }

        @Override
        void backward(Value node) {
            Value[] c = node.children;
            int n = c.length >>> 1;
            double g = node.grad;
            for (int i = 0; i < n; i++) {
                Value w = c[i];
                Value x = c[n + i];
                w.grad += g * x.data;
                x.grad += g * w.data;
            }
            c[2 * n].grad += g;
        }
    };

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    /**
     * The name micrograd gives this operation in {@code _op}: {@code ""} for a leaf, {@code "+"},
     * {@code "*"}, {@code "**"} (without its exponent; see {@link Value#op()}), {@code "tanh"},
     * {@code "ReLU"}, and so on.
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
