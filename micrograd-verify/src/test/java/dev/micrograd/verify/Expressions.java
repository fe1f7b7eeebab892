package dev.micrograd.verify;

import dev.micrograd.engine.Op;
import java.util.ArrayList;
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
 * anything. jqwik shrinks the program (fewer steps, earlier ops, smaller picks), so a failure
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
    public static Arbitrary<ParityCase> cases() {
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
     * @return the case, whose root is the last step's node
     */
    public static ParityCase build(List<Double> inputs, List<Step> program) {
        double[] x = new double[inputs.size()];
        List<Expr> pool = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            x[i] = inputs.get(i);
            pool.add(new Expr.Var(i));
            values.add(x[i]);
        }
        for (Step step : program) {
            Expr node = null;
            double value = Double.NaN;
            for (int shift = 0; shift < pool.size() && node == null; shift++) {
                Expr candidate = candidate(step, shift, pool, values);
                if (candidate != null) {
                    double v = evaluate(candidate, pool, values);
                    if (Double.isFinite(v) && Math.abs(v) <= MAX_MAGNITUDE) {
                        node = candidate;
                        value = v;
                    }
                }
            }
            if (node == null) {
                int a = index(step.picks().get(0), 0, pool.size());
                node = new Expr.Unary(Expr.UnaryOp.TANH, pool.get(a));
                value = Math.tanh(values.get(a));
            }
            pool.add(node);
            values.add(value);
        }
        return ParityCase.of(x, pool.get(pool.size() - 1));
    }

    /**
     * Pool index of a pick, counted back from the newest node, {@code shift} trying the next ones.
     * Picks 0 to 47 (three in four) choose among the three newest nodes, so that expressions grow
     * deep and most steps stay reachable from the root; 48 to 63 reach up to 16 nodes back, to the
     * variables and to nodes that then become shared.
     */
    private static int index(int pick, int shift, int size) {
        int back = pick < 48 ? pick % 3 : pick - 48;
        return size - 1 - Math.floorMod(back + shift, size);
    }

    /** The step's node with operands shifted by {@code shift}, or null if an operand is out of the op's domain. */
    private static Expr candidate(Step step, int shift, List<Expr> pool, List<Double> values) {
        int n = pool.size();
        int[] o = new int[step.picks().size()];
        for (int k = 0; k < o.length; k++) {
            o[k] = index(step.picks().get(k), shift, n);
        }
        double a = values.get(o[0]);
        double b = values.get(o[1]);
        double c = step.constant();
        double divisor = Math.copySign(Math.max(Math.abs(c), 0.25), c);
        switch (step.kind()) {
            case ADD: return new Expr.Binary(Expr.BinaryOp.ADD, pool.get(o[0]), pool.get(o[1]));
            case SUB: return new Expr.Binary(Expr.BinaryOp.SUB, pool.get(o[0]), pool.get(o[1]));
            case MUL: return new Expr.Binary(Expr.BinaryOp.MUL, pool.get(o[0]), pool.get(o[1]));
            case DIV:
                return Math.abs(b) >= 0.1 ? new Expr.Binary(Expr.BinaryOp.DIV, pool.get(o[0]), pool.get(o[1])) : null;
            case ADD_CONSTANT: return new Expr.WithConstant(Expr.BinaryOp.ADD, pool.get(o[0]), c);
            case SUB_CONSTANT: return new Expr.WithConstant(Expr.BinaryOp.SUB, pool.get(o[0]), c);
            case MUL_CONSTANT: return new Expr.WithConstant(Expr.BinaryOp.MUL, pool.get(o[0]), c);
            case DIV_CONSTANT: return new Expr.WithConstant(Expr.BinaryOp.DIV, pool.get(o[0]), divisor);
            case CONSTANT_DIV:
                return Math.abs(a) >= 0.1 ? new Expr.Binary(Expr.BinaryOp.DIV, new Expr.Const(c), pool.get(o[0])) : null;
            case POW_INTEGER: {
                double k = INTEGER_EXPONENTS[step.exponent()];
                return k >= 0 || Math.abs(a) >= 0.1 ? new Expr.Pow(pool.get(o[0]), k) : null;
            }
            case POW_FRACTION:
                return a >= 0.05 ? new Expr.Pow(pool.get(o[0]), FRACTIONAL_EXPONENTS[step.exponent()]) : null;
            case NEG: return new Expr.Unary(Expr.UnaryOp.NEG, pool.get(o[0]));
            case EXP: return new Expr.Unary(Expr.UnaryOp.EXP, pool.get(o[0]));
            case LOG: return a >= 0.05 ? new Expr.Unary(Expr.UnaryOp.LOG, pool.get(o[0])) : null;
            case TANH: return new Expr.Unary(Expr.UnaryOp.TANH, pool.get(o[0]));
            case RELU: return new Expr.Unary(Expr.UnaryOp.RELU, pool.get(o[0]));
            case SIGMOID: return new Expr.Unary(Expr.UnaryOp.SIGMOID, pool.get(o[0]));
            case SIN: return new Expr.Unary(Expr.UnaryOp.SIN, pool.get(o[0]));
            case COS: return new Expr.Unary(Expr.UnaryOp.COS, pool.get(o[0]));
            case SQRT: return a >= 0.05 ? new Expr.Unary(Expr.UnaryOp.SQRT, pool.get(o[0])) : null;
            case ABS: return new Expr.Unary(Expr.UnaryOp.ABS, pool.get(o[0]));
            case SOFTPLUS:
                return Math.abs(a - Expr.UnaryOp.SOFTPLUS_THRESHOLD) > SOFTPLUS_MARGIN
                        ? new Expr.Unary(Expr.UnaryOp.SOFTPLUS, pool.get(o[0])) : null;
            case POW_VALUE:
                return a >= 0.05 ? new Expr.Binary(Expr.BinaryOp.POW, pool.get(o[0]), pool.get(o[1])) : null;
            case MAX: return new Expr.Binary(Expr.BinaryOp.MAX, pool.get(o[0]), pool.get(o[1]));
            case MIN: return new Expr.Binary(Expr.BinaryOp.MIN, pool.get(o[0]), pool.get(o[1]));
            case SUM: {
                List<Expr> terms = new ArrayList<>();
                for (int k = 0; k <= step.arity(); k++) {
                    terms.add(pool.get(o[k]));
                }
                return new Expr.Sum(terms);
            }
            default: {
                int m = step.arity();
                List<Expr> w = new ArrayList<>();
                List<Expr> in = new ArrayList<>();
                for (int k = 0; k < m; k++) {
                    w.add(pool.get(o[k]));
                    in.add(pool.get(o[m + k]));
                }
                return new Expr.Dot(w, in, pool.get(o[2 * m]));
            }
        }
    }

    /** The value of a new node from its operands' values in the pool (plain doubles, as micrograd computes them). */
    private static double evaluate(Expr e, List<Expr> pool, List<Double> values) {
        if (e instanceof Expr.Binary b) {
            double l = b.left() instanceof Expr.Const c ? c.value() : valueOf(b.left(), pool, values);
            return b.op().apply(l, valueOf(b.right(), pool, values));
        } else if (e instanceof Expr.WithConstant w) {
            return w.op().apply(valueOf(w.left(), pool, values), w.constant());
        } else if (e instanceof Expr.Pow p) {
            return Math.pow(valueOf(p.base(), pool, values), p.exponent());
        } else if (e instanceof Expr.Unary u) {
            return u.op().apply(valueOf(u.operand(), pool, values));
        } else if (e instanceof Expr.Sum s) {
            double sum = 0;
            for (Expr t : s.terms()) {
                sum += valueOf(t, pool, values);
            }
            return sum;
        }
        Expr.Dot d = (Expr.Dot) e;
        double sum = valueOf(d.bias(), pool, values);
        for (int k = 0; k < d.weights().size(); k++) {
            sum += valueOf(d.weights().get(k), pool, values) * valueOf(d.inputs().get(k), pool, values);
        }
        return sum;
    }

    private static double valueOf(Expr e, List<Expr> pool, List<Double> values) {
        for (int i = pool.size() - 1; i >= 0; i--) {
            if (pool.get(i) == e) {
                return values.get(i);
            }
        }
        throw new IllegalStateException("operand not in the pool: " + e.getClass().getSimpleName());
    }
}
