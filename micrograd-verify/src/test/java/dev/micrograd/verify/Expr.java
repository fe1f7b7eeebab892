package dev.micrograd.verify;

import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.List;
import java.util.Objects;

/**
 * A random expression over micrograd's operations, as data: evaluated once into {@code Value}s and
 * once into PyTorch tensors, so that both engines see the same graph.
 *
 * <p>Sharing is by identity: an {@code Expr} instance used twice (as both operands of a
 * {@link Binary}, or by two later nodes) becomes one node, used twice, in both engines. This is how
 * the generator builds DAGs with shared sub-expressions, where the lecture's "a node used several
 * times" bug lives; two equal but distinct instances are two nodes.
 */
public sealed interface Expr {

    /**
     * The binary operations, each with its {@code Value} method name and the core op it becomes
     * ({@code pow} with a {@code Value} exponent is {@link Op#POW_VALUE}).
     */
    enum BinaryOp {
        ADD("add", Op.ADD), SUB("sub", Op.SUB), MUL("mul", Op.MUL), DIV("div", Op.DIV),
        POW("pow", Op.POW_VALUE), MAX("max", Op.MAX), MIN("min", Op.MIN);

        final String method;
        final Op op;

        BinaryOp(String method, Op op) {
            this.method = method;
            this.op = op;
        }

        /** The value as micrograd computes it (max and min keep {@code a} on a tie, as core does). */
        double apply(double a, double b) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> a / b;
                case POW -> StrictMath.pow(a, b);
                case MAX -> a < b ? b : a;
                case MIN -> b < a ? b : a;
            };
        }

        /** The operation on two micrograd nodes: {@code a.add(b)}, {@code a.sub(b)}, … */
        Value apply(Value a, Value b) {
            return switch (this) {
                case ADD -> a.add(b);
                case SUB -> a.sub(b);
                case MUL -> a.mul(b);
                case DIV -> a.div(b);
                case POW -> a.pow(b);
                case MAX -> a.max(b);
                case MIN -> a.min(b);
            };
        }

        /**
         * The operation with a constant operand, through the {@code double} overload: {@code a.add(c)}, …;
         * {@code pow} has none with this meaning ({@code pow(double)} is {@link Op#POW}, an {@link Pow} node).
         *
         * @throws IllegalArgumentException for {@code POW}
         */
        Value apply(Value a, double c) {
            return switch (this) {
                case ADD -> a.add(c);
                case SUB -> a.sub(c);
                case MUL -> a.mul(c);
                case DIV -> a.div(c);
                case MAX -> a.max(c);
                case MIN -> a.min(c);
                case POW -> throw new IllegalArgumentException(
                        "expected an op with a constant overload of its own, found POW (use Expr.Pow)");
            };
        }
    }

    /** The unary operations without a parameter, each with its {@code Value} method name. */
    enum UnaryOp {
        NEG("neg"), EXP("exp"), LOG("log"), TANH("tanh"), RELU("relu"), SIGMOID("sigmoid"),
        SIN("sin"), COS("cos"), SQRT("sqrt"), ABS("abs"), SOFTPLUS("softplus");

        /** Where softplus switches from {@code log1p(exp(a))} to {@code a} (PyTorch's default threshold). */
        static final double SOFTPLUS_THRESHOLD = 20.0;

        final String method;

        UnaryOp(String method) {
            this.method = method;
        }

        double apply(double a) {
            return switch (this) {
                case NEG -> -a;
                case EXP -> Math.exp(a);
                case LOG -> Math.log(a);
                case TANH -> Math.tanh(a);
                case RELU -> a > 0.0 || Double.isNaN(a) ? a : 0.0;
                case SIGMOID -> 1.0 / (1.0 + Math.exp(-a));
                case SIN -> StrictMath.sin(a);
                case COS -> StrictMath.cos(a);
                case SQRT -> StrictMath.sqrt(a);
                case ABS -> Math.abs(a);
                case SOFTPLUS -> a > SOFTPLUS_THRESHOLD ? a : StrictMath.log1p(StrictMath.exp(a));
            };
        }

        /** The operation on a micrograd node: {@code a.neg()}, {@code a.exp()}, … */
        Value apply(Value a) {
            return switch (this) {
                case NEG -> a.neg();
                case EXP -> a.exp();
                case LOG -> a.log();
                case TANH -> a.tanh();
                case RELU -> a.relu();
                case SIGMOID -> a.sigmoid();
                case SIN -> a.sin();
                case COS -> a.cos();
                case SQRT -> a.sqrt();
                case ABS -> a.abs();
                case SOFTPLUS -> a.softplus();
            };
        }
    }

    /**
     * The {@code index}-th input variable, a leaf whose gradient is compared.
     *
     * @param index 0 to 3
     */
    record Var(int index) implements Expr {
    }

    /**
     * A constant leaf, {@code Value.of(value)}.
     *
     * @param value the constant
     */
    record Const(double value) implements Expr {
    }

    /**
     * {@code left.op(right)} with two {@code Value}s, e.g. {@code a.mul(b)}.
     *
     * @param op the operation
     * @param left the left operand
     * @param right the right operand
     */
    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {
        public Binary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /**
     * {@code left.op(constant)} through the {@code double} overload, e.g. {@code a.mul(2.5)}.
     *
     * @param op the operation
     * @param left the left operand
     * @param constant the right operand
     */
    record WithConstant(BinaryOp op, Expr left, double constant) implements Expr {
        public WithConstant {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
        }
    }

    /**
     * {@code base.pow(exponent)} with a constant exponent, integer or not.
     *
     * @param base the base
     * @param exponent the exponent
     */
    record Pow(Expr base, double exponent) implements Expr {
        public Pow {
            Objects.requireNonNull(base, "base");
        }
    }

    /**
     * {@code operand.op()}, e.g. {@code a.tanh()}.
     *
     * @param op the operation
     * @param operand the operand
     */
    record Unary(UnaryOp op, Expr operand) implements Expr {
        public Unary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(operand, "operand");
        }
    }

    /**
     * {@code Value.sum(terms)}.
     *
     * @param terms two or more terms (a term may repeat)
     */
    record Sum(List<Expr> terms) implements Expr {
        public Sum {
            terms = List.copyOf(terms);
        }
    }

    /**
     * {@code Value.dot(weights, inputs, bias)} = {@code bias + Σ weights[i] * inputs[i]}.
     *
     * @param weights the weights
     * @param inputs the inputs, as many as the weights
     * @param bias the bias
     */
    record Dot(List<Expr> weights, List<Expr> inputs, Expr bias) implements Expr {
        public Dot {
            weights = List.copyOf(weights);
            inputs = List.copyOf(inputs);
            Objects.requireNonNull(bias, "bias");
            if (weights.size() != inputs.size()) {
                throw new IllegalArgumentException(
                        "dot needs as many inputs as weights: " + weights.size() + " vs " + inputs.size());
            }
        }
    }
}
