package dev.micrograd.verify;

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

    /** The binary operations, each with its {@code Value} method name. */
    enum BinaryOp {
        ADD("add"), SUB("sub"), MUL("mul"), DIV("div");

        final String method;

        BinaryOp(String method) {
            this.method = method;
        }

        double apply(double a, double b) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> a / b;
            };
        }

        /** The operation on two micrograd nodes: {@code a.add(b)}, {@code a.sub(b)}, … */
        Value apply(Value a, Value b) {
            return switch (this) {
                case ADD -> a.add(b);
                case SUB -> a.sub(b);
                case MUL -> a.mul(b);
                case DIV -> a.div(b);
            };
        }

        /** The operation with a constant operand, through the {@code double} overload: {@code a.add(c)}, … */
        Value apply(Value a, double c) {
            return switch (this) {
                case ADD -> a.add(c);
                case SUB -> a.sub(c);
                case MUL -> a.mul(c);
                case DIV -> a.div(c);
            };
        }
    }

    /** The unary operations without a parameter, each with its {@code Value} method name. */
    enum UnaryOp {
        NEG("neg"), EXP("exp"), LOG("log"), TANH("tanh"), RELU("relu"), SIGMOID("sigmoid");

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
