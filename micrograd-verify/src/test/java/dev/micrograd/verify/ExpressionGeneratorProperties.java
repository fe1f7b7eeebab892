package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The generator itself: its expressions stay in each op's domain (so that the parity comparison
 * is about gradients, not NaN), sharing is by identity, and the Java a failure prints is the
 * expression. No PyTorch needed.
 */
@AddLifecycleHook(ParityRun.class)
class ExpressionGeneratorProperties {

    @Provide
    Arbitrary<ParityCase> expressions() {
        return Expressions.cases();
    }

    @Property(tries = 1_000)
    void valuesStayInEachOpsDomain(@ForAll("expressions") ParityCase sample) {
        Plan plan = sample.plan();
        Evaluation mg = Evaluation.micrograd(plan, sample.inputs());
        for (int i = 0; i < plan.size(); i++) {
            Expr e = plan.nodes().get(i);
            double y = mg.data()[i];
            String where = "v" + i + " in" + sample;
            assertTrue(Double.isFinite(y) && Math.abs(y) <= Expressions.MAX_MAGNITUDE, "value " + y + " of " + where);
            assertTrue(Double.isFinite(mg.grad()[i]), "gradient " + mg.grad()[i] + " of " + where);
            if (e instanceof Expr.Unary u && (u.op() == Expr.UnaryOp.LOG || u.op() == Expr.UnaryOp.SQRT)) {
                assertTrue(mg.data()[plan.operand(i, 0)] >= 0.05, u.op().method + " argument of " + where);
            } else if (e instanceof Expr.Unary u && u.op() == Expr.UnaryOp.SOFTPLUS) {
                assertTrue(Math.abs(mg.data()[plan.operand(i, 0)] - Expr.UnaryOp.SOFTPLUS_THRESHOLD)
                        > Expressions.SOFTPLUS_MARGIN, "softplus argument off its branch point in " + where);
            } else if (e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.POW) {
                assertTrue(mg.data()[plan.operand(i, 0)] >= 0.05, "base of pow(Value) in " + where);
            } else if (e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.DIV) {
                assertTrue(Math.abs(mg.data()[plan.operand(i, 1)]) >= 0.1, "divisor of " + where);
            } else if (e instanceof Expr.WithConstant w && w.op() == Expr.BinaryOp.DIV) {
                assertTrue(Math.abs(w.constant()) >= 0.25, "constant divisor of " + where);
            } else if (e instanceof Expr.Pow p && p.exponent() != Math.rint(p.exponent())) {
                assertTrue(mg.data()[plan.operand(i, 0)] >= 0.05, "base of a fractional power in " + where);
            } else if (e instanceof Expr.Pow p && p.exponent() < 0) {
                assertTrue(Math.abs(mg.data()[plan.operand(i, 0)]) >= 0.1, "base of a negative power in " + where);
            }
        }
    }

    @Example
    void aNodeUsedTwiceIsOneNode() {
        Expr x = new Expr.Var(0);
        Expr square = new Expr.Binary(Expr.BinaryOp.MUL, x, x);
        Plan plan = Plan.of(new Expr.Binary(Expr.BinaryOp.ADD, square, square), 1);
        assertEquals(3, plan.size(), "x, x*x, (x*x)+(x*x)");
        assertTrue(plan.hasSharedNode());
        Value[] v = plan.toValues(new double[] {3.0});
        v[2].backward();
        assertEquals(18.0, v[2].data());
        assertEquals(12.0, v[0].grad(), "d(2x²)/dx at 3; the lecture's 'a + a' bug would give less");

        Plan tree = Plan.of(new Expr.Unary(Expr.UnaryOp.TANH, x), 1);
        assertFalse(tree.hasSharedNode());
    }

    @Example
    void aFailurePrintsJavaThatRebuildsTheExpression() {
        Expr x = new Expr.Var(0);
        Expr y = new Expr.Var(1);
        Expr root = new Expr.Dot(List.of(x), List.of(new Expr.Binary(Expr.BinaryOp.DIV, new Expr.Const(10.0), y)),
                new Expr.Pow(new Expr.WithConstant(Expr.BinaryOp.SUB, x, 0.5), 1.5));
        assertEquals("""
                Value v0 = Value.of(2.0, "x0");
                Value v1 = Value.of(10.0);
                Value v2 = Value.of(-4.0, "x1");
                Value v3 = v1.div(v2);
                Value v4 = v0.sub(0.5);
                Value v5 = v4.pow(1.5);
                Value v6 = Value.dot(List.of(v0), List.of(v3), v5);
                v6.backward();""", Plan.of(root, 2).toJava(new double[] {2.0, -4.0}));
    }
}
