package dev.micrograd.verify;

import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * The generator of random expressions: a small program of steps, each adding one node built from
 * nodes already made (the variables to start with). Because a step may pick any earlier node, and
 * the same node twice, expressions are DAGs with shared sub-expressions, not only trees.
 *
 * <p>Values stay in each op's domain, so that the comparison with PyTorch is about gradients and
 * not about NaN: a step's operands are chosen among the earlier nodes so that {@code log} sees at
 * least 0.05, a divisor has magnitude at least 0.1, a non-integer power has a base of at least
 * 0.05 and a negative integer power a base of magnitude at least 0.1, {@code sqrt} and the base of
 * {@code pow} with a {@code Value} exponent see at least 0.05, softplus stays off its branch point
 * ({@link #SOFTPLUS_MARGIN}), and every value stays finite
 * and within ±10⁴. If no earlier node fits, the step falls back to {@code tanh}, which takes
 * anything. A step's candidate is built with micrograd's {@code Value}s ({@link Expr#apply}) to
 * see its value. jqwik shrinks the program (fewer steps, earlier ops, smaller picks), so a failure
 * shrinks to a short expression.
 */
public final class Expressions {
    /** At most this many variables. */
    public static final int MAX_VARIABLES = 4;
    /** At most this many steps (computed nodes before sharing). */
    public static final int MAX_STEPS = 14;
    static final double MAX_MAGNITUDE = 1e4;

    /** The operations this generator builds, which its coverage checks require: every op of core but the leaf. */
    public static final Set<Op> OPS = EnumSet.complementOf(EnumSet.of(Op.LEAF));
    /** Softplus arguments are kept this far from its branch point, so that both engines take the same branch. */
    static final double SOFTPLUS_MARGIN = 1e-6;
    /** Where softplus switches from {@code log1p(exp(a))} to {@code a} (PyTorch's default threshold, and core's). */
    static final double SOFTPLUS_THRESHOLD = 20.0;

    static final double[] INTEGER_EXPONENTS = {2, 3, -1, 0, 1, -2, 4, -3};
    static final double[] FRACTIONAL_EXPONENTS = {0.5, 1.5, -0.5, 1.0 / 3.0, 2.5, -1.25, 0.75, 3.7};

    /** What one step does. */
    public enum Kind {
        ADD, SUB, MUL, DIV, ADD_CONSTANT, SUB_CONSTANT, MUL_CONSTANT, DIV_CONSTANT, CONSTANT_DIV,
        POW_INTEGER, POW_FRACTION, NEG, EXP, LOG, TANH, RELU, SIGMOID, SUM, DOT,
        SIN, COS, SQRT, ABS, SOFTPLUS, POW_VALUE, MAX, MIN
    }

    /**
     * One step of the program.
     *
     * @param kind the op
     * @param picks which earlier nodes, counted back from the newest (taken modulo the pool size)
     * @param constant the constant operand, if any
     * @param exponent which exponent, if a power
     * @param arity sum: 1 to 3 extra terms; dot: 1 to 3 products
     */
    public record Step(Kind kind, List<Integer> picks, double constant, int exponent, int arity) {
    }

    private Expressions() {
    }

    /** @return random expressions with their inputs */
    public static Arbitrary<Expr> cases() {
        // Counts are drawn apart from the elements (uniformly), and shrink towards 1: a failing
        // case shrinks to few variables and few steps.
        Arbitrary<Integer> variables = Arbitraries.integers().between(1, MAX_VARIABLES)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<List<Double>> inputs = Arbitraries.doubles().between(-3.0, 3.0).ofScale(12)
                .list().ofSize(MAX_VARIABLES);
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 63).list().ofSize(7),
                Arbitraries.doubles().between(-4.0, 4.0).ofScale(3),
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(1, 3)).as(Step::new);
        Arbitrary<Integer> steps = Arbitraries.integers().between(1, MAX_STEPS)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<List<Step>> program = step.list().ofSize(MAX_STEPS);
        return Combinators.combine(variables, inputs, steps, program)
                .as((n, x, k, p) -> build(x.subList(0, n), p.subList(0, k)));
    }

    /**
     * Runs a program: the expression it builds over the given inputs.
     *
     * @param inputs the variables' values
     * @param program the steps
     * @return the expression, whose root is the last step's node
     */
    public static Expr build(List<Double> inputs, List<Step> program) {
        double[] x = new double[inputs.size()];
        List<Expr.Node> nodes = new ArrayList<>();
        List<Value> entries = new ArrayList<>();   // every entry's Value: variables, constants, nodes
        List<Integer> pool = new ArrayList<>();    // the entries a step may pick: variables and computed nodes
        for (int i = 0; i < x.length; i++) {
            x[i] = inputs.get(i);
            entries.add(Value.of(x[i]));
            pool.add(i);
        }
        for (Step step : program) {
            List<Expr.Node> made = null;
            for (int shift = 0; shift < pool.size() && made == null; shift++) {
                List<Expr.Node> candidate = candidate(step, shift, pool, entries);
                if (candidate != null) {
                    double v = evaluate(candidate, entries).data();
                    if (Double.isFinite(v) && Math.abs(v) <= MAX_MAGNITUDE) {
                        made = candidate;
                    }
                }
            }
            if (made == null) {
                made = List.of(Expr.Node.of(Op.TANH, pool.get(index(step.picks().get(0), 0, pool.size()))));
            }
            for (Expr.Node n : made) {
                Expr.append(entries, n);
                nodes.add(n);
            }
            pool.add(entries.size() - 1);
        }
        return new Expr(x, nodes);
    }

    /**
     * Pool index of a pick, counted back from the newest node, {@code shift} trying the next ones.
     * Picks 0 to 47 (three in four) choose among the three newest nodes, so that expressions grow
     * deep and most steps stay reachable from the root; 48 to 63 reach up to 16 nodes back, to the
     * variables and to nodes that then become shared.
     */
    static int index(int pick, int shift, int size) {
        int back = pick < 48 ? pick % 3 : pick - 48;
        return size - 1 - Math.floorMod(back + shift, size);
    }

    /**
     * The step's nodes with operands shifted by {@code shift} (a constant operand first, as its own
     * leaf, then the op's node), or null if an operand is out of the op's domain.
     */
    private static List<Expr.Node> candidate(Step step, int shift, List<Integer> pool, List<Value> entries) {
        int[] o = new int[step.picks().size()];
        for (int k = 0; k < o.length; k++) {
            o[k] = pool.get(index(step.picks().get(k), shift, pool.size()));
        }
        double a = entries.get(o[0]).data();
        double b = entries.get(o[1]).data();
        double c = step.constant();
        int constant = entries.size();   // where a constant leaf goes, before its node
        double divisor = Math.copySign(Math.max(Math.abs(c), 0.25), c);
        return switch (step.kind()) {
            case ADD -> List.of(Expr.Node.of(Op.ADD, o[0], o[1]));
            case SUB -> List.of(Expr.Node.of(Op.SUB, o[0], o[1]));
            case MUL -> List.of(Expr.Node.of(Op.MUL, o[0], o[1]));
            case DIV -> Math.abs(b) >= 0.1 ? List.of(Expr.Node.of(Op.DIV, o[0], o[1])) : null;
            case ADD_CONSTANT -> List.of(Expr.Node.constant(c), Expr.Node.of(Op.ADD, o[0], constant));
            case SUB_CONSTANT -> List.of(Expr.Node.constant(c), Expr.Node.of(Op.SUB, o[0], constant));
            case MUL_CONSTANT -> List.of(Expr.Node.constant(c), Expr.Node.of(Op.MUL, o[0], constant));
            case DIV_CONSTANT -> List.of(Expr.Node.constant(divisor), Expr.Node.of(Op.DIV, o[0], constant));
            case CONSTANT_DIV -> Math.abs(a) >= 0.1
                    ? List.of(Expr.Node.constant(c), Expr.Node.of(Op.DIV, constant, o[0])) : null;
            case POW_INTEGER -> {
                double k = INTEGER_EXPONENTS[step.exponent()];
                yield k >= 0 || Math.abs(a) >= 0.1 ? List.of(Expr.Node.pow(o[0], k)) : null;
            }
            case POW_FRACTION -> a >= 0.05 ? List.of(Expr.Node.pow(o[0], FRACTIONAL_EXPONENTS[step.exponent()])) : null;
            case LOG, SQRT -> a >= 0.05 ? List.of(Expr.Node.of(Op.valueOf(step.kind().name()), o[0])) : null;
            case SOFTPLUS -> Math.abs(a - SOFTPLUS_THRESHOLD) > SOFTPLUS_MARGIN ? List.of(Expr.Node.of(Op.SOFTPLUS, o[0])) : null;
            case NEG, EXP, TANH, RELU, SIGMOID, SIN, COS, ABS -> List.of(Expr.Node.of(Op.valueOf(step.kind().name()), o[0]));
            case POW_VALUE -> a >= 0.05 ? List.of(Expr.Node.of(Op.POW_VALUE, o[0], o[1])) : null;
            case MAX, MIN -> List.of(Expr.Node.of(Op.valueOf(step.kind().name()), o[0], o[1]));
            case SUM -> List.of(Expr.Node.of(Op.SUM, Arrays.copyOf(o, step.arity() + 1)));
            case DOT -> {
                int m = step.arity();
                int[] operands = new int[2 * m + 1];
                System.arraycopy(o, 0, operands, 0, 2 * m + 1);
                yield List.of(Expr.Node.of(Op.DOT, operands));
            }
        };
    }

    /** The last of {@code made}'s nodes as micrograd computes it, over {@code entries} (a constant first, if any). */
    static Value evaluate(List<Expr.Node> made, List<Value> entries) {
        List<Value> local = new ArrayList<>(entries);
        Value last = null;
        for (Expr.Node n : made) {
            last = Expr.append(local, n);
        }
        return last;
    }
}
