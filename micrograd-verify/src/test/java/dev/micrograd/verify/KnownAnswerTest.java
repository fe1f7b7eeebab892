package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.micrograd.verify.Expr.Binary;
import dev.micrograd.verify.Expr.BinaryOp;
import dev.micrograd.verify.Expr.Const;
import dev.micrograd.verify.Expr.Pow;
import dev.micrograd.verify.Expr.Unary;
import dev.micrograd.verify.Expr.UnaryOp;
import dev.micrograd.verify.Expr.Var;
import dev.micrograd.verify.Expr.WithConstant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers beside the random property, each with its source, run through the same
 * {@link Plan}/{@link Evaluation} path as the random expressions: if the harness itself were wrong
 * (both engines fed the wrong graph), these published numbers would catch it, which a comparison
 * of two engines alone could not.
 *
 * <p>Each engine is held to the published number within {@link #MICROGRAD_TOL}, the source's own
 * tolerance (the lecture prints four digits). The two engines are held to each other, node by
 * node, by the same rule as the random expressions ({@link ExpressionVerdict}, {@link Ulps}).
 */
class KnownAnswerTest {
    /** micrograd's own tests compare with PyTorch to this absolute tolerance. */
    static final double MICROGRAD_TOL = 1e-6;

    /** micrograd {@code test/test_engine.py::test_sanity_check}: y = -20, dy/dx = 46 at x = -4. */
    @Test
    void microgradSanityCheck() {
        Expr x = new Var(0);
        Expr z = new Binary(BinaryOp.ADD, new WithConstant(BinaryOp.ADD, new WithConstant(BinaryOp.MUL, x, 2), 2), x);
        Expr q = new Binary(BinaryOp.ADD, new Unary(UnaryOp.RELU, z), new Binary(BinaryOp.MUL, z, x));
        Expr h = new Unary(UnaryOp.RELU, new Binary(BinaryOp.MUL, z, z));
        Expr y = new Binary(BinaryOp.ADD, new Binary(BinaryOp.ADD, h, q), new Binary(BinaryOp.MUL, q, x));
        check(y, new double[] {-4.0}, -20.0, new double[] {46.0});
    }

    /**
     * micrograd {@code test/test_engine.py::test_more_ops}: g = 24.70408163265306,
     * dg/da = 138.83381924198252, dg/db = 645.5772594752186 at a = -4, b = 2.
     */
    @Test
    void microgradMoreOps() {
        Expr a = new Var(0);
        Expr b = new Var(1);
        Expr c = new Binary(BinaryOp.ADD, a, b);
        Expr d = new Binary(BinaryOp.ADD, new Binary(BinaryOp.MUL, a, b), new Pow(b, 3));
        c = new Binary(BinaryOp.ADD, c, new WithConstant(BinaryOp.ADD, c, 1));                       // c += c + 1
        c = new Binary(BinaryOp.ADD, c, new Binary(BinaryOp.ADD, new WithConstant(BinaryOp.ADD, c, 1),
                new Unary(UnaryOp.NEG, a)));                                                         // c += 1 + c + (-a)
        d = new Binary(BinaryOp.ADD, d, new Binary(BinaryOp.ADD, new WithConstant(BinaryOp.MUL, d, 2),
                new Unary(UnaryOp.RELU, new Binary(BinaryOp.ADD, b, a))));                           // d += d * 2 + (b + a).relu()
        d = new Binary(BinaryOp.ADD, d, new Binary(BinaryOp.ADD, new WithConstant(BinaryOp.MUL, d, 3),
                new Unary(UnaryOp.RELU, new Binary(BinaryOp.SUB, b, a))));                           // d += 3 * d + (b - a).relu()
        Expr e = new Binary(BinaryOp.SUB, c, d);
        Expr f = new Pow(e, 2);
        Expr g = new WithConstant(BinaryOp.DIV, f, 2.0);
        g = new Binary(BinaryOp.ADD, g, new Binary(BinaryOp.DIV, new Const(10.0), f));             // g += 10.0 / f
        check(g, new double[] {-4.0, 2.0}, 24.70408163265306, new double[] {138.83381924198252, 645.5772594752186});
    }

    /**
     * The lecture's neuron (52:52 and, in PyTorch, 1:39:31): o = tanh(x1 w1 + x2 w2 + b) = 0.7071,
     * grads x1 = -1.5, w1 = 1, x2 = 0.5, w2 = 0.
     */
    @Test
    void lectureNeuron() {
        Expr x1 = new Var(0);
        Expr x2 = new Var(1);
        Expr w1 = new Var(2);
        Expr w2 = new Var(3);
        Expr n = new WithConstant(BinaryOp.ADD,
                new Binary(BinaryOp.ADD, new Binary(BinaryOp.MUL, x1, w1), new Binary(BinaryOp.MUL, x2, w2)),
                6.8813735870195432);
        Expr o = new Unary(UnaryOp.TANH, n);
        check(o, new double[] {2.0, 0.0, -3.0, 1.0}, Math.sqrt(0.5), new double[] {-1.5, 0.5, 1.0, 0.0});
    }

    private static void check(Expr root, double[] inputs, double value, double[] grads) {
        Torch.assumeAvailable();
        Plan plan = Plan.of(root, inputs.length);
        Evaluation mg = Evaluation.micrograd(plan, inputs);
        Evaluation pt = Evaluation.pytorch(plan, inputs);
        int last = plan.size() - 1;
        double[] mgGrads = new double[inputs.length];
        double[] ptGrads = new double[inputs.length];
        for (int i = 0; i < plan.size(); i++) {
            if (plan.nodes().get(i) instanceof Var v) {
                mgGrads[v.index()] = mg.grad()[i];
                ptGrads[v.index()] = pt.grad()[i];
            }
        }
        assertAll(
                () -> assertEquals(List.of(), ExpressionVerdict.judge(plan, mg, pt).mismatches(), "micrograd against PyTorch"),
                () -> assertEquals(value, mg.data()[last], MICROGRAD_TOL, "micrograd for Java's value"),
                () -> assertEquals(value, pt.data()[last], MICROGRAD_TOL, "PyTorch's value"),
                () -> assertGradients(grads, mgGrads, "micrograd for Java"),
                () -> assertGradients(grads, ptGrads, "PyTorch"));
    }

    private static void assertGradients(double[] expected, double[] actual, String who) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], MICROGRAD_TOL, who + "'s gradient of x" + i);
        }
    }
}
