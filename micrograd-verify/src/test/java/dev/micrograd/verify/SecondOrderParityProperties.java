package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.engine.EngineException;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Autograd;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Second order against PyTorch: the full Hessian {@link Autograd#hessian} computes for random
 * expressions over every op (shared sub-expressions, 1 to 4 variables) equals the one PyTorch's
 * double backward computes ({@code backward(create_graph=True)}, then backward of each gradient,
 * through DJL's {@code JniUtils}),
 * and so does the third derivative of 1-variable expressions ({@link Autograd#grad} three times).
 *
 * <p>Tolerance: special values exactly (NaN equals NaN, an infinity only itself); finite entries
 * within {@value #RELATIVE} of {@code max(1, |micrograd|, |PyTorch|)}. Both engines run the same
 * formulas in float64, but a second derivative passes each op's rounding through two more
 * derivative rules, and the ulps of exp, log, sin, ... differ between fdlibm and PyTorch's kernels
 * (see {@link Ulps}); over expressions of up to 10 steps with values within ±100 the largest error
 * seen is recorded and printed after the run.
 */
@AddLifecycleHook(RequiresPyTorch.class)
@AddLifecycleHook(ParityRun.class)
class SecondOrderParityProperties {
    static final double RELATIVE = 1e-9;
    static final int TRIES = 500;

    private static double worstHessian;
    private static double worstThird;
    private static long entries;
    private static long hessians;
    private static long thirds;

    @AfterContainer
    static void printTheLargestErrors() {
        ParityLedger.get().secondOrder(new ParityLedger.SecondOrderRow(hessians, entries, worstHessian, thirds, worstThird, RELATIVE));
        System.out.println(String.format(Locale.ROOT,
                "micrograd-verify: second order vs PyTorch: %d Hessian entries compared, largest scaled error %.3g;"
                        + " largest scaled third-derivative error %.3g (bound %.0e)", entries, worstHessian, worstThird, RELATIVE));
    }

    @Provide
    Arbitrary<SecondOrderExpressions.Case> expressions() {
        return SecondOrderExpressions.cases();
    }

    @Provide
    Arbitrary<SecondOrderExpressions.Case> oneVariable() {
        return SecondOrderExpressions.cases(1, 1);
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void hessiansEqualPyTorch(@ForAll("expressions") SecondOrderExpressions.Case sample) {
        List<Value> vars = leaves(sample.inputs());
        double[][] mg = Autograd.hessian(sample.micrograd(vars), vars);
        double[][] pt = pytorchHessian(sample);
        for (int i = 0; i < mg.length; i++) {
            for (int j = 0; j < mg.length; j++) {
                double e = scaledError(mg[i][j], pt[i][j]);
                worstHessian = Math.max(worstHessian, e);
                entries++;
                if (!(e <= RELATIVE)) {
                    fail("H[" + i + "][" + j + "]: micrograd " + mg[i][j] + ", PyTorch " + pt[i][j] + sample);
                }
            }
        }
        hessians++;
        collect(sample);
    }

    @Property(tries = TRIES / 2, edgeCases = EdgeCasesMode.NONE)
    void thirdDerivativesEqualPyTorch(@ForAll("oneVariable") SecondOrderExpressions.Case sample) {
        Value x = Value.of(sample.inputs()[0]);
        Value d1 = Autograd.grad(sample.micrograd(List.of(x)), List.of(x)).get(0);
        Value d2 = Autograd.grad(d1, List.of(x)).get(0);
        double mg = Autograd.grad(d2, List.of(x)).get(0).data();
        double pt = pytorchThird(sample);
        double e = scaledError(mg, pt);
        worstThird = Math.max(worstThird, e);
        thirds++;
        if (!(e <= RELATIVE)) {
            fail("f''': micrograd " + mg + ", PyTorch " + pt + sample);
        }
    }

    /**
     * The brief's check of the PyTorch side itself: {@code d²(x³y + sin x)/dx²} at (2, 3) is
     * {@code 6xy - sin x = 36 - sin 2}.
     */
    @Example
    void pytorchDoubleBackwardGivesTheClosedForm() {
        Torch.assumeAvailable();
        try (NDManager m = Torch.newManager(); GradientCollector ignored = Torch.collector(m)) {
            NDArray x = Torch.leaf(m, 2.0);
            NDArray y = Torch.leaf(m, 3.0);
            NDArray f = x.pow(m.create(3.0)).mul(y).add(x.sin());
            double[][] h = hessian(m, f, new NDArray[] {x, y});
            assertEquals(36 - StrictMath.sin(2.0), h[0][0], 1e-12);
            assertEquals(12.0, h[0][1], 1e-12);
            assertEquals(0.0, h[1][1]);
        }
    }

    private static void collect(SecondOrderExpressions.Case sample) {
        for (Op op : sample.ops()) {
            Statistics.label("op").collect(op.name());
        }
        Statistics.label("variables").collect(sample.inputs().length);
        Statistics.label("shape").collect(sample.shared() ? "DAG (shared sub-expression)" : "tree");
        int minimum = ParityRun.tries(TRIES) / 100;
        Statistics.label("op").coverage(coverage -> {
            for (Op op : SecondOrderExpressions.OPS) {
                coverage.check(op.name()).count(n -> n >= minimum);
            }
        });
        Statistics.label("variables").coverage(coverage -> {
            for (int v = 1; v <= SecondOrderExpressions.MAX_VARIABLES; v++) {
                coverage.check(v).count(n -> n >= minimum);
            }
        });
        Statistics.label("shape").coverage(coverage ->
                coverage.check("DAG (shared sub-expression)").percentage(p -> p >= 20.0));
    }

    /** {@code |a - b| / max(1, |a|, |b|)}; 0 for the same special value, infinite for different ones. */
    static double scaledError(double a, double b) {
        if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
            return 0.0;
        }
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(a - b) / Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static List<Value> leaves(double[] x) {
        List<Value> v = new ArrayList<>();
        for (double d : x) {
            v.add(Value.of(d));
        }
        return v;
    }

    private static double[][] pytorchHessian(SecondOrderExpressions.Case sample) {
        try (NDManager m = Torch.newManager(); GradientCollector ignored = Torch.collector(m)) {
            NDArray[] x = new NDArray[sample.inputs().length];
            for (int i = 0; i < x.length; i++) {
                x[i] = Torch.leaf(m, sample.inputs()[i]);
            }
            return hessian(m, sample.pytorch(m, x), x);
        }
    }

    private static double pytorchThird(SecondOrderExpressions.Case sample) {
        try (NDManager m = Torch.newManager(); GradientCollector ignored = Torch.collector(m)) {
            NDArray[] x = {Torch.leaf(m, sample.inputs()[0])};
            Pass pass = Pass.first(m, sample.pytorch(m, x), x);
            for (int order = 2; order <= 3 && pass != null; order++) {
                pass = pass.next(m, 0);
            }
            return pass == null ? 0.0 : Torch.scalar(pass.derivatives[0]);
        }
    }

    /** PyTorch's Hessian of {@code f}: one double-backward pass per row. */
    private static double[][] hessian(NDManager m, NDArray f, NDArray[] x) {
        Pass first = Pass.first(m, f, x);
        double[][] h = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
            Pass second = first.next(m, i);
            for (int j = 0; second != null && j < x.length; j++) {
                h[i][j] = Torch.scalar(second.derivatives[j]);
            }
        }
        return h;
    }

    /**
     * One backward pass with {@code create_graph}: the derivatives it produced, as tensors that
     * can be backpropagated again.
     *
     * <p>PyTorch accumulates into each leaf's {@code grad}, and with {@code create_graph} the sum
     * {@code grad + new} is itself a node whose graph includes the earlier gradient's. So a
     * derivative is taken as {@code grad after - grad before} (for a later pass, backpropagating
     * it sends {@code +1} and {@code -1} into the earlier gradient's graph, which PyTorch adds to 0
     * before going further), and each leaf's {@code grad} is then zeroed in place
     * ({@code JniUtils.zeroGrad}) so the next pass reads exactly what it adds.
     */
    private static final class Pass {
        final NDArray[] leaves;
        /** What each leaf's {@code grad} holds after this pass (zeroed). */
        final NDArray[] accumulated;
        final NDArray[] derivatives;

        private Pass(NDArray[] leaves, NDArray[] accumulated, NDArray[] derivatives) {
            this.leaves = leaves;
            this.accumulated = accumulated;
            this.derivatives = derivatives;
        }

        static Pass first(NDManager m, NDArray f, NDArray[] x) {
            return run(m, f, x, null);
        }

        /** Backpropagates derivative {@code i} of this pass; null if it is a constant (no graph: its derivatives are 0). */
        Pass next(NDManager m, int i) {
            return run(m, derivatives[i], leaves, accumulated);
        }

        private static Pass run(NDManager m, NDArray f, NDArray[] x, NDArray[] before) {
            try {
                JniUtils.backward((PtNDArray) f, (PtNDArray) m.create(1.0), true, true);
            } catch (EngineException e) {
                if (String.valueOf(e.getMessage()).contains("does not require grad")) {
                    return null;
                }
                throw e;
            }
            NDArray[] after = new NDArray[x.length];
            NDArray[] derivatives = new NDArray[x.length];
            for (int j = 0; j < x.length; j++) {
                after[j] = JniUtils.getGradient((PtNDArray) x[j]);
                derivatives[j] = before == null ? after[j] : after[j].sub(before[j]);
            }
            for (NDArray leaf : x) {
                JniUtils.zeroGrad((PtNDArray) leaf);
            }
            return new Pass(x, after, derivatives);
        }
    }
}
