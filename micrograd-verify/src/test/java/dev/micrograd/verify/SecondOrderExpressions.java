package dev.micrograd.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Map;
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
     * A random expression for the second-order comparison: {@link #expr} with the reach term added
     * to its root.
     *
     * @param expr the expression
     */
    record Case(Expr expr) {
        /** @return the variables' values */
        double[] inputs() {
            return expr.inputs();
        }

        /** @return the expression over {@code vars} as {@code Value}s: its root, plus {@code 0·(x₀ + … + xₙ₋₁)} */
        Value micrograd(List<Value> vars) {
            Value[] v = expr.values(vars);
            return v[v.length - 1].add(Value.sum(vars).mul(0.0));
        }

        /** @return the same expression over {@code vars} as PyTorch tensors ({@link Torch#replay}): its root */
        NDArray pytorch(NDManager manager, NDArray[] vars) {
            List<Value> leaves = new ArrayList<>(vars.length);
            Map<Value, NDArray> given = new IdentityHashMap<>();
            for (int i = 0; i < vars.length; i++) {
                leaves.add(Value.of(expr.inputs()[i]));
                given.put(leaves.get(i), vars[i]);
            }
            return Torch.replay(manager, micrograd(leaves),
                    leaf -> given.containsKey(leaf) ? given.get(leaf) : manager.create(leaf.data()));
        }

        /** @return the ops this case uses */
        Set<Op> ops() {
            Set<Op> ops = EnumSet.noneOf(Op.class);
            expr.nodes().forEach(n -> ops.add(n.op()));
            ops.remove(Op.LEAF);
            return ops;
        }

        /** @return whether a node is an operand of two or more nodes */
        boolean shared() {
            int[] uses = new int[expr.inputs().length + expr.nodes().size()];
            for (Expr.Node n : expr.nodes()) {
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
            return expr + "\n// the root is the last node plus 0·(x0 + ... + xn-1)";
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
        List<Value> entries = new ArrayList<>();   // variables, constants, nodes
        List<Integer> pool = new ArrayList<>();    // the entries a step may pick: variables and computed nodes
        for (double v : x) {
            pool.add(entries.size());
            entries.add(Value.of(v));
        }
        List<Expr.Node> nodes = new ArrayList<>();
        for (Step step : program) {
            List<Expr.Node> made = null;
            for (int shift = 0; shift < pool.size() && made == null; shift++) {
                List<Expr.Node> candidate = candidate(step, shift, pool, entries);
                if (candidate != null) {
                    double v = Expressions.evaluate(candidate, entries).data();
                    if (Double.isFinite(v) && Math.abs(v) <= LIMIT) {
                        made = candidate;
                    }
                }
            }
            if (made == null) {
                made = List.of(Expr.Node.of(Op.TANH, pool.get(Expressions.index(step.picks().get(0), 0, pool.size()))));
            }
            for (Expr.Node n : made) {
                Expr.append(entries, n);
                nodes.add(n);
            }
            pool.add(entries.size() - 1);
        }
        return new Case(new Expr(x, nodes));
    }

    /** The step's nodes (a constant operand first, as its own leaf), or null if an operand is out of the op's domain. */
    private static List<Expr.Node> candidate(Step step, int shift, List<Integer> pool, List<Value> entries) {
        int[] o = new int[step.picks().size()];
        for (int k = 0; k < o.length; k++) {
            o[k] = pool.get(Expressions.index(step.picks().get(k), shift, pool.size()));
        }
        double a = entries.get(o[0]).data();
        double b = entries.get(o[1]).data();
        double c = step.constant();
        int choice = (int) Math.floorMod(Math.round(c * 1000), 5);
        Op op = step.op();
        Expr.Node node = switch (op) {
            case ADD, SUB, MUL -> new Expr.Node(op, new int[] {o[0], o[1]}, 0.0);
            case DIV -> Math.abs(b) >= 0.1 ? new Expr.Node(op, new int[] {o[0], o[1]}, 0.0) : null;
            case NEG, TANH, SIGMOID, SIN, COS, SOFTPLUS -> new Expr.Node(op, new int[] {o[0]}, 0.0);
            case EXP -> a <= 4 ? new Expr.Node(op, new int[] {o[0]}, 0.0) : null;
            case LOG, SQRT -> a >= 0.05 ? new Expr.Node(op, new int[] {o[0]}, 0.0) : null;
            case RELU, ABS -> Math.abs(a) >= MARGIN ? new Expr.Node(op, new int[] {o[0]}, 0.0) : null;
            case POW -> c >= 0
                    ? (INTEGER_EXPONENTS[choice] > 0 || Math.abs(a) >= 0.1 ? new Expr.Node(op, new int[] {o[0]}, INTEGER_EXPONENTS[choice]) : null)
                    : (a >= 0.05 ? new Expr.Node(op, new int[] {o[0]}, FRACTIONAL_EXPONENTS[choice]) : null);
            case POW_VALUE -> a >= 0.05 && Math.abs(b) <= 3 && b != 0 ? new Expr.Node(op, new int[] {o[0], o[1]}, 0.0) : null;
            case MAX, MIN -> c >= 0
                    ? (Math.abs(a - b) >= MARGIN ? new Expr.Node(op, new int[] {o[0], o[1]}, 0.0) : null)
                    : (Math.abs(a - c) >= MARGIN ? new Expr.Node(op, new int[] {o[0], entries.size()}, 0.0) : null);
            case SUM -> new Expr.Node(op, new int[] {o[0], o[1], o[2]}, 0.0);
            case DOT -> new Expr.Node(op, new int[] {o[0], o[1], o[2], o[3], o[4]}, 0.0);
            case LEAF -> throw new IllegalArgumentException("a step computes a node; found LEAF");
        };
        if (node == null) {
            return null;
        }
        boolean withConstant = (op == Op.MAX || op == Op.MIN) && c < 0;
        return withConstant ? List.of(Expr.Node.constant(c), node) : List.of(node);
    }
}
