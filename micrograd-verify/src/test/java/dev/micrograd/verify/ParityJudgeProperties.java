package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * The judge of the parity property, {@link Parity}, tested both ways: it must not call rounding a
 * mismatch (expressions whose results, computed end to end, differ far beyond any relative bound
 * between the two engines, each found by a random run: Parity compares each node's op applied to
 * the same operands, so a cancellation below does not reach it), and it must still catch a wrong
 * engine (a PyTorch with one op's value or local derivative off by one part in a million).
 */
@AddLifecycleHook(RequiresPyTorch.class)
@AddLifecycleHook(ParityRun.class)
class ParityJudgeProperties {
    /** The relative error given to the mutated op's value or local derivative. */
    static final double PERTURBATION = 1e-6;
    /**
     * The share of expressions, per op, in which a mutant whose error reaches some value or
     * gradient must be caught. The rest are gradients whose allowance is larger than the mutant's
     * error: contributions through a transcendental op's derivative computed from its output
     * ({@code 1 - y²} near saturation keeps few digits in either engine).
     */
    static final double CAUGHT_PERCENT = 90.0;

    /**
     * Random run, seed 7: {@code tanh(x) - x} for x = -1.7429e-8 is 0 in micrograd (StrictMath's
     * tanh returns x) and one ulp of x in PyTorch; squared, 0 against 1e-47 end to end.
     */
    @Example
    void aSquaredDifferenceOfTanhAndItsArgumentIsRounding() {
        Expr e = new Expr(new double[] {-1.7429e-8}, List.of(Expr.Node.of(Op.TANH, 0), Expr.Node.of(Op.SUB, 1, 0),
                Expr.Node.of(Op.MUL, 2, 2), Expr.Node.of(Op.TANH, 3)));
        agreeOnlyWithinRounding(e);
    }

    /**
     * Random run, seed 7: the same cancellation raised to the 4th power; micrograd's gradient
     * through it is 4·0³ = 0, PyTorch's end to end -6.6e-116.
     */
    @Example
    void aPowerOfACancelledValueHasAGradientOfRoundingSize() {
        // v1 = tanh x, v2 = -x, v3 = sum(v2, v1), v4 = v3 + v3, v5 = v3·v1, v6 = v5⁴, v7 = v4 - v6, v8 = v7·v7, v9 = 0.25, v10 = v8 / v9
        Expr e = new Expr(new double[] {2.0514e-8}, List.of(Expr.Node.of(Op.TANH, 0), Expr.Node.of(Op.NEG, 0),
                Expr.Node.of(Op.SUM, 2, 1), Expr.Node.of(Op.ADD, 3, 3), Expr.Node.of(Op.MUL, 3, 1), Expr.Node.pow(5, 4.0),
                Expr.Node.of(Op.SUB, 4, 6), Expr.Node.of(Op.MUL, 7, 7), Expr.Node.constant(0.25),
                Expr.Node.of(Op.DIV, 8, 9)));
        agreeOnlyWithinRounding(e);
    }

    @Provide
    Arbitrary<Expr> expressions() {
        return Expressions.cases();
    }

    /**
     * A PyTorch whose op has its local derivative off by one part in a million (in every node of
     * that op) is caught, op by op, wherever the error reaches a gradient at all.
     */
    @Property(tries = 1_000, edgeCases = EdgeCasesMode.NONE)
    void aBackwardOffByOnePartInAMillionIsCaught(@ForAll("expressions") Expr sample) {
        mutantsAreCaught(sample, "backward", 0.0, PERTURBATION);
    }

    /** A PyTorch whose op has its forward value off by one part in a million is caught, op by op. */
    @Property(tries = 1_000, edgeCases = EdgeCasesMode.NONE)
    void aForwardOffByOnePartInAMillionIsCaught(@ForAll("expressions") Expr sample) {
        mutantsAreCaught(sample, "forward", PERTURBATION, 0.0);
    }

    /**
     * PyTorch's rule of {@code op} made wrong on purpose: with {@code sg} PyTorch's stop-gradient
     * (detach) and {@code t} the true result, a forward error {@code f} makes it {@code t + f·sg(t)}
     * (value {@code t(1 + f)}, derivative unchanged), and a backward error {@code b} makes it
     * {@code t + b·(t - sg(t))} (value exactly {@code t}, derivative {@code (1 + b)·t'}); every
     * other op as {@link Torch#rule}.
     *
     * @param mutated the op made wrong
     * @param forwardError relative error of its value
     * @param backwardError relative error of its local derivatives
     * @return the reference
     */
    static Function<Op, OpTables.TorchRule> mutant(Op mutated, double forwardError, double backwardError) {
        return op -> {
            OpTables.TorchRule rule = Torch.rule(op);
            if (op != mutated) {
                return rule;
            }
            return (manager, node, operands) -> {
                NDArray t = rule.apply(manager, node, operands);
                NDArray out = t;
                if (backwardError != 0.0) {
                    out = out.add(t.sub(t.stopGradient()).mul(backwardError));
                }
                if (forwardError != 0.0) {
                    out = out.add(t.stopGradient().mul(forwardError));
                }
                return out;
            };
        };
    }

    /**
     * Every op of the sample, made wrong in turn ({@link #mutant}), is caught wherever its error
     * reaches a value or gradient; the catch rate per op is collected and covered.
     */
    static void mutantsAreCaught(Expr sample, String what, double forwardError, double backwardError) {
        Value root = sample.root();
        Parity.Result right = Parity.check(root, Torch::rule);
        assertTrue(right.passed(), () -> "unmutated, the engines agree:\n" + right + sample);
        Set<Op> ops = EnumSet.noneOf(Op.class);
        Graph.compile(root).nodes().forEach(node -> ops.add(node.operation()));
        ops.remove(Op.LEAF);
        for (Op op : ops) {
            Parity.Result wrong = Parity.check(root, mutant(op, forwardError, backwardError));
            if (sameReference(right, wrong)) {
                continue; // the error reached nothing (a gradient of 0 through the op, a value of 0)
            }
            Statistics.label(what + " of " + op).collect(wrong.passed() ? "missed" : "caught");
        }
        for (Op op : Expressions.OPS) {
            Statistics.label(what + " of " + op).coverage(coverage ->
                    coverage.check("caught").percentage(p -> p >= CAUGHT_PERCENT));
        }
    }

    private static boolean sameReference(Parity.Result a, Parity.Result b) {
        for (int i = 0; i < a.rows().size(); i++) {
            Parity.Row x = a.rows().get(i);
            Parity.Row y = b.rows().get(i);
            if (Double.compare(x.pytorchValue(), y.pytorchValue()) != 0 || Double.compare(x.pytorchGrad(), y.pytorchGrad()) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * End to end, the two engines differ somewhere by more than {@link Ulps#COMPOSITE_BOUND} ε of
     * their own values (the root's value, or a variable's gradient), and {@link Parity} still finds
     * every node equal.
     */
    private static void agreeOnlyWithinRounding(Expr sample) {
        Value[] v = sample.values();
        Value root = v[v.length - 1];
        double[] mg = new double[1 + sample.inputs().length];
        double[] pt = endToEnd(sample);
        root.backward();
        mg[0] = root.data();
        for (int i = 0; i < sample.inputs().length; i++) {
            mg[1 + i] = v[i].grad();
        }
        double naive = 0;
        for (int i = 0; i < mg.length; i++) {
            naive = Math.max(naive, Ulps.scaledDistance(mg[i], pt[i], 0.0));
        }
        assertTrue(naive > Ulps.COMPOSITE_BOUND, "end to end the engines should differ here beyond "
                + Ulps.COMPOSITE_BOUND + " ε of themselves (largest " + naive + " ε):" + sample);
        Parity.Result r = Parity.check(sample.root(), Torch::rule);
        assertTrue(r.passed(), () -> "rounding judged a mismatch:\n" + r + sample);
    }

    /** PyTorch's root value and variables' gradients, the whole graph built in PyTorch ({@link Torch#replay}). */
    private static double[] endToEnd(Expr sample) {
        Value[] v = sample.values();
        int n = sample.inputs().length;
        double[] out = new double[1 + n];
        try (NDManager m = Torch.newManager(); GradientCollector collector = Torch.collector(m)) {
            Map<Value, NDArray> vars = new IdentityHashMap<>();
            for (int i = 0; i < n; i++) {
                vars.put(v[i], Torch.leaf(m, v[i].data()));
            }
            NDArray y = Torch.replay(m, v[v.length - 1], leaf -> vars.containsKey(leaf) ? vars.get(leaf) : m.create(leaf.data()));
            collector.backward(y);
            out[0] = Torch.scalar(y);
            for (int i = 0; i < n; i++) {
                out[1 + i] = Torch.grad(vars.get(v[i]));
            }
        }
        return out;
    }
}
