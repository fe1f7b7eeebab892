package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Op;
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
 * is about gradients, not NaN), sharing is by index, and the Java a failure prints is the
 * expression. No PyTorch needed.
 */
@AddLifecycleHook(ParityRun.class)
class ExpressionGeneratorProperties {

    @Provide
    Arbitrary<Expr> expressions() {
        return Expressions.cases();
    }

    @Property(tries = 1_000)
    void valuesStayInEachOpsDomain(@ForAll("expressions") Expr sample) {
        Value root = sample.root();
        root.backward();
        List<Value> nodes = Graph.compile(root).nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Value node = nodes.get(i);
            double y = node.data();
            String where = "#" + i + " " + node.op() + " in" + sample;
            assertTrue(Double.isFinite(y) && Math.abs(y) <= Expressions.MAX_MAGNITUDE, "value " + y + " of " + where);
            assertTrue(Double.isFinite(node.grad()), "gradient " + node.grad() + " of " + where);
            List<Value> c = node.children();
            switch (node.operation()) {
                case LOG, SQRT, POW_VALUE -> assertTrue(c.get(0).data() >= 0.05, "argument or base of " + where);
                case SOFTPLUS -> assertTrue(Math.abs(c.get(0).data() - Expressions.SOFTPLUS_THRESHOLD)
                        > Expressions.SOFTPLUS_MARGIN, "softplus argument off its branch point in " + where);
                case DIV -> assertTrue(Math.abs(c.get(1).data()) >= (c.get(1).isLeaf() && c.get(1).label().isEmpty()
                        ? 0.25 : 0.1), "divisor of " + where);
                case POW -> {
                    if (node.exponent() != Math.rint(node.exponent())) {
                        assertTrue(c.get(0).data() >= 0.05, "base of a fractional power in " + where);
                    } else if (node.exponent() < 0) {
                        assertTrue(Math.abs(c.get(0).data()) >= 0.1, "base of a negative power in " + where);
                    }
                }
                default -> {
                    // every other op takes any finite operand
                }
            }
        }
    }

    @Example
    void aNodeUsedTwiceIsOneNode() {
        // v0 = x, v1 = x * x, v2 = v1 + v1
        Expr e = new Expr(new double[] {3.0}, List.of(Expr.Node.of(Op.MUL, 0, 0), Expr.Node.of(Op.ADD, 1, 1)));
        Value root = e.root();
        List<Value> nodes = Graph.compile(root).nodes();
        assertEquals(3, nodes.size(), "x, x*x, (x*x)+(x*x)");
        assertTrue(ExpressionParityProperties.shared(nodes));
        root.backward();
        assertEquals(18.0, root.data());
        assertEquals(12.0, nodes.get(0).grad(), "d(2x²)/dx at 3; the lecture's 'a + a' bug would give less");

        Expr tree = new Expr(new double[] {3.0}, List.of(Expr.Node.of(Op.TANH, 0)));
        assertFalse(ExpressionParityProperties.shared(Graph.compile(tree.root()).nodes()));
    }

    @Example
    void aFailurePrintsJavaThatRebuildsTheExpression() {
        Expr e = new Expr(new double[] {2.0, -4.0}, List.of(Expr.Node.constant(10.0), Expr.Node.of(Op.DIV, 2, 1),
                Expr.Node.constant(0.5), Expr.Node.of(Op.SUB, 0, 4), Expr.Node.pow(5, 1.5), Expr.Node.of(Op.DOT, 0, 3, 6)));
        assertEquals("""

                Value v0 = Value.of(2.0, "x0");
                Value v1 = Value.of(-4.0, "x1");
                Value v2 = Value.of(10.0);
                Value v3 = v2.div(v1);
                Value v4 = Value.of(0.5);
                Value v5 = v0.sub(v4);
                Value v6 = v5.pow(1.5);
                Value v7 = Value.dot(List.of(v0), List.of(v3), v6);
                v7.backward();
                // inputs [2.0, -4.0]""", e.toString());
        Value root = e.root();
        Value expected = Value.dot(List.of(Value.of(2.0)), List.of(Value.of(10.0).div(-4.0)),
                Value.of(2.0).sub(0.5).pow(1.5));
        assertEquals(expected.data(), root.data(), "the printed code computes the expression");
    }
}
