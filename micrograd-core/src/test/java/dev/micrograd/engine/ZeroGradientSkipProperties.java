package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The backward passes skip a node whose rule would add only {@code ±0} to its operands
 * ({@link Op#backwardOf(Value, boolean)}). The property: that skip never changes a bit. Each
 * random graph, with zeros, signed zeros, infinities and NaN among its data and leaf gradients that
 * start at {@code -0.0}, {@code +0.0} or a number, gets from {@link Value#backward()} and from
 * {@link Graph#backward()} exactly the gradients of the plain rule-by-rule pass, which runs every
 * rule and skips nothing.
 */
class ZeroGradientSkipProperties {

    private static final double[] SPECIAL = {
        0.0, -0.0, 1.0, -1.0, 2.0, 0.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e308, -3.0
    };

    private record Built(Value root, List<Value> leaves, List<Value> nodes) {
    }

    /** A random graph of ops whose rules are skipped (sums, products, dot, ReLU) and some that are not. */
    private static Built build(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Value> leaves = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double data = rng.nextInt(3) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextDouble(-2, 2);
            Value leaf = Value.of(data);
            int g = rng.nextInt(4);
            leaf.setGrad(g == 0 ? -0.0 : g == 1 ? 0.0 : g == 2 ? rng.nextDouble(-1, 1) : Double.NaN);
            leaves.add(leaf);
        }
        List<Value> nodes = new ArrayList<>(leaves);
        for (int i = 0; i < 40; i++) {
            Value a = nodes.get(rng.nextInt(nodes.size()));
            Value b = nodes.get(rng.nextInt(nodes.size()));
            Value c = nodes.get(rng.nextInt(nodes.size()));
            Value out = switch (rng.nextInt(11)) {
                case 0 -> a.add(b);
                case 1 -> a.sub(b);
                case 2 -> a.mul(b);
                case 3 -> a.neg();
                case 4, 5 -> a.relu();
                case 6 -> Value.sum(List.of(a, b, c));
                case 7 -> Value.dot(List.of(a, b), List.of(c, a), b);
                case 8 -> a.mul(0.0);
                case 9 -> a.tanh();
                default -> a.div(b);
            };
            nodes.add(out);
        }
        return new Built(nodes.get(nodes.size() - 1), leaves, nodes);
    }

    /** Every rule run, none skipped: the pass the skip must equal. */
    private static void plainBackward(Value root) {
        Value[] order = Topology.of(root).toArray();
        for (Value node : order) {
            if (node.op != Op.LEAF) {
                node.grad = 0.0;
            }
        }
        root.grad = 1.0;
        for (int i = order.length - 1; i >= 0; i--) {
            Op.backwardOf(order[i]);
        }
    }

    private static Map<Value, Long> gradientBits(List<Value> nodes) {
        Map<Value, Long> bits = new IdentityHashMap<>();
        for (Value node : nodes) {
            bits.put(node, Double.doubleToRawLongBits(node.grad));
        }
        return bits;
    }

    private static void restore(List<Value> leaves, double[] grads) {
        for (int i = 0; i < grads.length; i++) {
            leaves.get(i).setGrad(grads[i]);
        }
    }

    /**
     * Every gradient's bits equal, but for which NaN a NaN is: Java leaves a NaN result's sign and
     * payload unspecified, and the JIT may swap the operands of {@code +} and {@code *} (IEEE 754
     * commutative operations), which changes which operand's NaN x86 returns. The same pass compiled
     * in two places can so give NaNs of different signs; the skip is about every other bit.
     */
    private static void assertSameBits(Map<Value, Long> expected, List<Value> nodes, String pass) {
        for (int i = 0; i < nodes.size(); i++) {
            Value node = nodes.get(i);
            double want = Double.longBitsToDouble(expected.get(node));
            assertEquals(want, node.grad, () -> pass + ": gradient of node " + node + " differs from the plain pass");
            if (!Double.isNaN(want)) {
                assertEquals((long) expected.get(node), Double.doubleToRawLongBits(node.grad),
                        () -> pass + ": gradient bits of node " + node + " differ from the plain pass");
            }
        }
    }

    @Property(tries = 2000)
    void skippingZeroContributionsChangesNoBit(@ForAll long seed) {
        Built g = build(seed);
        double[] start = new double[g.leaves().size()];
        for (int i = 0; i < start.length; i++) {
            start[i] = g.leaves().get(i).grad;
        }
        plainBackward(g.root());
        Map<Value, Long> expected = gradientBits(g.nodes());

        restore(g.leaves(), start);
        g.root().backward();
        assertSameBits(expected, g.nodes(), "Value.backward");

        restore(g.leaves(), start);
        Graph.compile(g.root()).backward();
        assertSameBits(expected, g.nodes(), "Graph.backward");
    }

    /** A zero contribution still turns a leaf's {@code -0.0} into {@code +0.0}: IEEE {@code -0.0 + (+0.0 · 3)}. */
    @Test
    void aLeafAtNegativeZeroStillReceivesAPositiveZero() {
        double expected = -0.0 + 0.0 * 3.0;
        Value x = Value.of(-1.0);
        Value y = Value.of(3.0);
        Value out = x.mul(y).relu();   // relu(-3) = 0: the product node's gradient stays +0
        x.setGrad(-0.0);
        out.backward();
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(x.grad()));

        x.setGrad(-0.0);
        Graph.compile(out).backward();
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(x.grad()));
    }

    /** A compiled graph replayed after a leaf's gradient was set to {@code -0.0} sees it. */
    @Test
    void aReplayedGraphSeesANegativeZeroSetBetweenPasses() {
        double expected = -0.0 + 0.0 * 3.0;
        Value x = Value.of(-1.0);
        Value y = Value.of(3.0);
        Graph graph = Graph.compile(x.mul(y).relu());
        graph.backward();
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(x.grad()));
        x.setGrad(-0.0);
        graph.backward();
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(x.grad()));
    }

    /** A zero gradient times an infinite operand is NaN, so a product with an infinite operand is not skipped. */
    @Test
    void aZeroGradientThroughAnInfiniteOperandGivesNaN() {
        Value x = Value.of(Double.POSITIVE_INFINITY);
        Value y = Value.of(2.0);
        Value out = x.mul(y).mul(0.0);   // the product ∞·2 gets gradient 1·0 = 0; y gets 0·∞ = NaN
        out.backward();
        assertEquals(Double.NaN, y.grad());

        y.setGrad(0.0);
        Graph.compile(out).backward();
        assertEquals(Double.NaN, y.grad());
    }
}
