package dev.micrograd.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * Random expressions over every op of core, for the second-order comparison with PyTorch: a program
 * of steps, each adding one node built from earlier nodes (so expressions share sub-expressions),
 * resolved into a {@link Case} that builds the same graph as {@code Value}s and as PyTorch tensors.
 *
 * <p>Operands are chosen so that every op stays on its smooth domain with a margin: {@code log},
 * {@code sqrt}, a fractional power and a {@code Value}-exponent power see a base of at least 0.05, a
 * divisor has magnitude at least 0.1, {@code exp} an argument of at most 4, {@code relu} and
 * {@code abs} an argument at least 1e-6 from 0, {@code max} and {@code min} operands at least 1e-6
 * apart (so rounding cannot put the two engines on different branches), and every value within
 * ±100. A step with no fitting operand falls back to {@code tanh}. The root is the last node plus
 * {@code 0·(x₀ + … + xₙ₋₁)}, so that every variable reaches it (PyTorch leaves the gradient of an
 * unreached leaf undefined).
 */
final class SecondOrderExpressions {
    static final int MAX_VARIABLES = 4;
    static final int MAX_STEPS = 10;
    private static final double LIMIT = 100.0;
    private static final double MARGIN = 1e-6;
    private static final double[] INTEGER_EXPONENTS = {2, 3, -1, -2, 4};
    private static final double[] FRACTIONAL_EXPONENTS = {0.5, 1.5, -0.5, 1.0 / 3.0, 2.5};

    /** The ops a step can make: every op of core except the leaf. */
    static final Set<Op> OPS = EnumSet.complementOf(EnumSet.of(Op.LEAF));

    private SecondOrderExpressions() {
    }

    /**
     * One step of the program.
     *
     * @param op the operation
     * @param picks which earlier nodes, counted back from the newest
     * @param constant a constant operand or exponent choice
     */
    record Step(Op op, List<Integer> picks, double constant) {
    }

    /**
     * A resolved node: {@code op} applied to earlier nodes {@code operands} (indices into the
     * node list, variables first), with a constant {@code parameter} (the exponent of
     * {@link Op#POW}; the constant of a {@code MUL} or {@code MAX} with a constant when
     * {@code operands} has one element).
     */
    record Node(Op op, int[] operands, double parameter) {
    }

    /**
     * A random expression: the variables' values and the nodes after them, the root last.
     *
     * @param inputs the variables
     * @param nodes the computed nodes
     */
    record Case(double[] inputs, List<Node> nodes) {
        /** @return the expression over {@code vars} as {@code Value}s: its root */
        Value micrograd(List<Value> vars) {
            List<Value> pool = new ArrayList<>(vars);
            for (Node n : nodes) {
                pool.add(apply(n, pool));
            }
            return pool.get(pool.size() - 1).add(Value.sum(vars).mul(0.0));
        }

        /** @return the same expression over {@code vars} as PyTorch tensors: its root */
        NDArray pytorch(NDManager manager, NDArray[] vars) {
            List<NDArray> pool = new ArrayList<>(List.of(vars));
            for (Node n : nodes) {
                pool.add(applyTorch(manager, n, pool));
            }
            return pool.get(pool.size() - 1).add(Torch.sum(vars).mul(manager.create(0.0)));
        }

        /** @return the ops this case uses */
        Set<Op> ops() {
            Set<Op> ops = EnumSet.noneOf(Op.class);
            nodes.forEach(n -> ops.add(n.op()));
            return ops;
        }

        /** @return whether a node is an operand of two or more nodes */
        boolean shared() {
            int[] uses = new int[inputs.length + nodes.size()];
            for (Node n : nodes) {
                for (int o : n.operands()) {
                    if (++uses[o] > 1) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("\n  inputs ").append(java.util.Arrays.toString(inputs));
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                s.append("\n  n").append(inputs.length + i).append(" = ").append(n.op())
                        .append(java.util.Arrays.toString(n.operands())).append(" ").append(n.parameter());
            }
            return s.toString();
        }
    }

    /** @return random expressions of 1 to 4 variables */
    static Arbitrary<Case> cases() {
        return cases(1, MAX_VARIABLES);
    }

    /**
     * @param minVariables the fewest variables
     * @param maxVariables the most
     * @return random expressions
     */
    static Arbitrary<Case> cases(int minVariables, int maxVariables) {
        Arbitrary<Integer> variables = Arbitraries.integers().between(minVariables, maxVariables)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<List<Double>> inputs = Arbitraries.doubles().between(-2.0, 2.0).ofScale(12).list().ofSize(MAX_VARIABLES);
        Arbitrary<Step> step = Combinators.combine(Arbitraries.of(OPS), Arbitraries.integers().between(0, 63).list().ofSize(7),
                Arbitraries.doubles().between(-3.0, 3.0).ofScale(3)).as(Step::new);
        Arbitrary<Integer> steps = Arbitraries.integers().between(1, MAX_STEPS).withDistribution(RandomDistribution.uniform());
        return Combinators.combine(variables, inputs, steps, step.list().ofSize(MAX_STEPS))
                .as((n, x, k, p) -> resolve(x.subList(0, n), p.subList(0, k)));
    }

    /** Runs the program on micrograd's values, keeping each step's first candidate that fits its domain. */
    static Case resolve(List<Double> inputs, List<Step> program) {
        double[] x = inputs.stream().mapToDouble(Double::doubleValue).toArray();
        List<Value> pool = new ArrayList<>();
        for (double v : x) {
            pool.add(Value.of(v));
        }
        List<Node> nodes = new ArrayList<>();
        for (Step step : program) {
            Node node = null;
            for (int shift = 0; shift < pool.size() && node == null; shift++) {
                Node candidate = candidate(step, shift, pool);
                if (candidate != null) {
                    double v = apply(candidate, pool).data();
                    if (Double.isFinite(v) && Math.abs(v) <= LIMIT) {
                        node = candidate;
                    }
                }
            }
            if (node == null) {
                node = new Node(Op.TANH, new int[] {index(step.picks().get(0), 0, pool.size())}, 0.0);
            }
            pool.add(apply(node, pool));
            nodes.add(node);
        }
        return new Case(x, List.copyOf(nodes));
    }

    /** As in {@link Expressions}: picks 0 to 47 choose among the three newest nodes, 48 to 63 reach further back. */
    private static int index(int pick, int shift, int size) {
        int back = pick < 48 ? pick % 3 : pick - 48;
        return size - 1 - Math.floorMod(back + shift, size);
    }

    private static Node candidate(Step step, int shift, List<Value> pool) {
        int[] o = new int[step.picks().size()];
        for (int k = 0; k < o.length; k++) {
            o[k] = index(step.picks().get(k), shift, pool.size());
        }
        double a = pool.get(o[0]).data();
        double b = pool.get(o[1]).data();
        double c = step.constant();
        int choice = (int) Math.floorMod(Math.round(c * 1000), 5);
        Op op = step.op();
        return switch (op) {
            case ADD, SUB, MUL -> new Node(op, new int[] {o[0], o[1]}, 0.0);
            case DIV -> Math.abs(b) >= 0.1 ? new Node(op, new int[] {o[0], o[1]}, 0.0) : null;
            case NEG, TANH, SIGMOID, SIN, COS, SOFTPLUS -> new Node(op, new int[] {o[0]}, 0.0);
            case EXP -> a <= 4 ? new Node(op, new int[] {o[0]}, 0.0) : null;
            case LOG, SQRT -> a >= 0.05 ? new Node(op, new int[] {o[0]}, 0.0) : null;
            case RELU, ABS -> Math.abs(a) >= MARGIN ? new Node(op, new int[] {o[0]}, 0.0) : null;
            case POW -> c >= 0
                    ? (INTEGER_EXPONENTS[choice] > 0 || Math.abs(a) >= 0.1 ? new Node(op, new int[] {o[0]}, INTEGER_EXPONENTS[choice]) : null)
                    : (a >= 0.05 ? new Node(op, new int[] {o[0]}, FRACTIONAL_EXPONENTS[choice]) : null);
            case POW_VALUE -> a >= 0.05 && Math.abs(b) <= 3 && b != 0 ? new Node(op, new int[] {o[0], o[1]}, 0.0) : null;
            case MAX, MIN -> c >= 0
                    ? (Math.abs(a - b) >= MARGIN ? new Node(op, new int[] {o[0], o[1]}, 0.0) : null)
                    : (Math.abs(a - c) >= MARGIN ? new Node(op, new int[] {o[0]}, c) : null);
            case SUM -> new Node(op, new int[] {o[0], o[1], o[2]}, 0.0);
            case DOT -> new Node(op, new int[] {o[0], o[1], o[2], o[3], o[4]}, 0.0);
            case LEAF -> throw new IllegalArgumentException("a step computes a node; found LEAF");
        };
    }

    /** {@code node} on micrograd's pool. */
    static Value apply(Node node, List<Value> pool) {
        int[] o = node.operands();
        Value a = pool.get(o[0]);
        return switch (node.op()) {
            case ADD -> a.add(pool.get(o[1]));
            case SUB -> a.sub(pool.get(o[1]));
            case MUL -> a.mul(pool.get(o[1]));
            case DIV -> a.div(pool.get(o[1]));
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
            case POW -> a.pow(node.parameter());
            case POW_VALUE -> a.pow(pool.get(o[1]));
            case MAX -> o.length == 1 ? a.max(node.parameter()) : a.max(pool.get(o[1]));
            case MIN -> o.length == 1 ? a.min(node.parameter()) : a.min(pool.get(o[1]));
            case SUM -> Value.sum(List.of(a, pool.get(o[1]), pool.get(o[2])));
            case DOT -> Value.dot(List.of(a, pool.get(o[1])), List.of(pool.get(o[2]), pool.get(o[3])), pool.get(o[4]));
            case LEAF -> throw new IllegalArgumentException("a node computes; found LEAF");
        };
    }

    /** {@code node} on PyTorch's pool, with the helpers the first-order parity tests use. */
    private static NDArray applyTorch(NDManager m, Node node, List<NDArray> pool) {
        int[] o = node.operands();
        NDArray a = pool.get(o[0]);
        return switch (node.op()) {
            case ADD -> Torch.binary(Expr.BinaryOp.ADD, a, pool.get(o[1]));
            case SUB -> Torch.binary(Expr.BinaryOp.SUB, a, pool.get(o[1]));
            case MUL -> Torch.binary(Expr.BinaryOp.MUL, a, pool.get(o[1]));
            case DIV -> Torch.binary(Expr.BinaryOp.DIV, a, pool.get(o[1]));
            case NEG, EXP, LOG, TANH, RELU, SIGMOID -> Torch.unary(Expr.UnaryOp.valueOf(node.op().name()), a);
            case SIN, COS, SQRT, ABS, SOFTPLUS -> Torch.apply(node.op(), a);
            case POW -> Torch.pow(m, a, node.parameter());
            case POW_VALUE -> Torch.apply(Op.POW_VALUE, a, pool.get(o[1]));
            case MAX, MIN -> Torch.apply(node.op(), a, o.length == 1 ? m.create(node.parameter()) : pool.get(o[1]));
            case SUM -> Torch.sum(a, pool.get(o[1]), pool.get(o[2]));
            case DOT -> Torch.dot(new NDArray[] {a, pool.get(o[1])}, new NDArray[] {pool.get(o[2]), pool.get(o[3])}, pool.get(o[4]));
            case LEAF -> throw new IllegalArgumentException("a node computes; found LEAF");
        };
    }
}
