package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Dot nodes over shared {@link ValueVector}s are the same nodes as over copied lists: the same bits
 * forward and backward, the same operands, and, for {@link Graph}, the same order as micrograd's
 * recursive {@code build_topo} over {@link Value#children()}, leaves included, whichever way the
 * order is found.
 */
class SharedDotTest {
    private static final int[] WIDTHS = {3, 5, 4, 1};

    /** A network's parameters and how its layers are built: over vectors, or over fresh lists. */
    private static final class Net {
        final List<Value> params = new ArrayList<>();
        final List<ValueVector> weights = new ArrayList<>();
        final List<Value> biases = new ArrayList<>();

        Net(long seed, Function<Double, Value> biasMaker) {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int l = 1; l < WIDTHS.length; l++) {
                for (int j = 0; j < WIDTHS[l]; j++) {
                    List<Value> w = new ArrayList<>();
                    for (int k = 0; k < WIDTHS[l - 1]; k++) {
                        w.add(Value.of(rng.nextDouble(-1, 1)));
                    }
                    Value bias = biasMaker.apply(rng.nextDouble(-1, 1));
                    params.addAll(w);
                    params.add(bias);
                    weights.add(ValueVector.of(w));
                    biases.add(bias);
                }
            }
        }

        /** The loss over {@code points}; {@code shared} builds each layer's dots over one input vector. */
        Value loss(double[][] points, boolean shared) {
            List<Value> terms = new ArrayList<>();
            for (double[] point : points) {
                List<Value> in = new ArrayList<>();
                for (double x : point) {
                    in.add(Value.of(x));
                }
                int neuron = 0;
                for (int l = 1; l < WIDTHS.length; l++) {
                    ValueVector vector = ValueVector.of(in);
                    List<Value> out = new ArrayList<>();
                    for (int j = 0; j < WIDTHS[l]; j++, neuron++) {
                        ValueVector w = weights.get(neuron);
                        Value dot = shared ? Value.dot(w, vector, biases.get(neuron))
                                : Value.dot(new ArrayList<>(w.asList()), new ArrayList<>(in), biases.get(neuron));
                        out.add(l < WIDTHS.length - 1 ? dot.relu() : dot);
                    }
                    in = out;
                }
                terms.add(in.get(0).mul(in.get(0)));
            }
            return Value.sum(terms);
        }
    }

    private static double[][] points(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] p = new double[n][WIDTHS[0]];
        for (double[] row : p) {
            for (int i = 0; i < row.length; i++) {
                row[i] = rng.nextDouble(-2, 2);
            }
        }
        return p;
    }

    /** micrograd's {@code build_topo}, recursive, over the public operand lists. */
    private static void buildTopo(Value v, Map<Value, Boolean> visited, List<Value> topo) {
        if (visited.put(v, Boolean.TRUE) == null) {
            for (Value child : v.children()) {
                buildTopo(child, visited, topo);
            }
            topo.add(v);
        }
    }

    private static List<Value> referenceOrder(Value root) {
        List<Value> topo = new ArrayList<>();
        buildTopo(root, new IdentityHashMap<>(), topo);
        return topo;
    }

    private static long[] gradBits(List<Value> values) {
        long[] bits = new long[values.size()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values.get(i).grad());
        }
        return bits;
    }

    private static void assertSameBits(long[] expected, long[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], what + " [" + i + "]");
        }
    }

    /** Leaf biases: the dots hold only their inputs as children; computed biases: every operand. */
    private static final List<Function<Double, Value>> BIASES = List.of(Value::of, x -> Value.of(x).mul(1.0));

    @Test
    void sharedAndCopiedDotsGiveTheSameLossAndGradientsHoweverTheOrderIsFound() {
        double[][] pts = points(7, 6);
        for (int kind = 0; kind < BIASES.size(); kind++) {
            Function<Double, Value> bias = BIASES.get(kind);
            Net copied = new Net(11, bias);
            Value reference = copied.loss(pts, false);
            Graph.compile(reference).backward();   // the walk over copied operand arrays
            long[] expected = gradBits(copied.params);

            Net byStamps = new Net(11, bias);
            Value proved = byStamps.loss(pts, true);
            Topology order = Topology.forBackward(proved);
            boolean fast = order.byStamps();
            order.release();
            // Computed biases are made with the network, before any sample's nodes, yet the walk meets
            // each first inside the first sample: their stamps contradict the walk, so it walks.
            assertEquals(kind == 0, fast, kind == 0 ? "leaf biases: ordered by stamps" : "computed biases: walked");
            proved.backward();
            assertEquals(Double.doubleToRawLongBits(reference.data()), Double.doubleToRawLongBits(proved.data()));
            assertSameBits(expected, gradBits(byStamps.params), "stamps");

            Net walked = new Net(11, bias);
            Value root = walked.loss(pts, true);
            Topology.of(root);   // marks every node, so backward() has to walk
            root.backward();
            assertSameBits(expected, gradBits(walked.params), "walk");
        }
    }

    @Test
    void aGraphOfSharedDotsListsItsNodesAsBuildTopoDoes() {
        for (Function<Double, Value> bias : BIASES) {
            Value root = new Net(3, bias).loss(points(5, 3), true);
            List<Value> expected = referenceOrder(root);
            List<Value> actual = Graph.compile(root).nodes();
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSame(expected.get(i), actual.get(i), "node " + i);
            }
        }
    }

    @Test
    void aSharedDotRootListsItsLeavesInOperandOrder() {
        Value w0 = Value.of(1.0);
        Value w1 = Value.of(2.0);
        Value x = Value.of(3.0);
        Value bias = Value.of(4.0);
        Value dot = Value.dot(ValueVector.of(w0, w1), ValueVector.of(x, w0), bias);
        assertEquals(List.of(w0, w1, x, w0, bias), dot.children());
        assertEquals(List.of(w0, w1, x, bias, dot), Graph.compile(dot).nodes());
        assertEquals(4.0 + 1.0 * 3.0 + 2.0 * 1.0, dot.data());
    }

    @Test
    void aDotOverVectorsIsTheDotOverLists() {
        Value a = Value.of(0.3);
        Value b = Value.of(-1.7);
        Value c = a.mul(b);
        Value bias = Value.of(0.1);
        for (List<Value> w : List.of(List.of(a, b), List.of(c, a))) {
            List<Value> x = List.of(b, c);
            Value overLists = Value.dot(w, x, bias);
            Value overVectors = Value.dot(ValueVector.of(w), ValueVector.of(x), bias);
            assertEquals(Double.doubleToRawLongBits(overLists.data()), Double.doubleToRawLongBits(overVectors.data()));
            assertEquals(overLists.children(), overVectors.children());
            assertEquals("dot", overVectors.op());
        }
    }

    @Test
    void aDotOverVectorsRefusesNullsAndMismatchedSizes() {
        ValueVector two = ValueVector.of(Value.of(1), Value.of(2));
        ValueVector one = ValueVector.of(Value.of(1));
        Value v = Value.of(0);
        assertEquals("weights", assertThrows(NullPointerException.class, () -> Value.dot(null, two, v)).getMessage());
        assertEquals("inputs", assertThrows(NullPointerException.class, () -> Value.dot(two, null, v)).getMessage());
        assertEquals("bias", assertThrows(NullPointerException.class, () -> Value.dot(two, two, null)).getMessage());
        assertEquals("dot needs as many inputs as weights: expected 2 inputs, found 1",
                assertThrows(IllegalArgumentException.class, () -> Value.dot(two, one, v)).getMessage());
    }

    /**
     * A weight whose gradient is {@code -0.0} before the pass, under a dot whose gradient is 0: the
     * exact rule adds {@code 0 · x = +0.0} and so makes it {@code +0.0}, which the zero skip must not
     * prevent. The twin spells the dot out with {@code mul} and {@code add}, whose rules the walk meets.
     */
    @Test
    void aNegativeZeroWeightGradientUnderASharedDotIsTreatedExactly() {
        for (boolean shared : new boolean[] {true, false}) {
            Value w = Value.of(0.5);
            Value x = Value.of(2.0);
            Value bias = Value.of(-3.0);
            Value dot = shared ? Value.dot(ValueVector.of(w), ValueVector.of(x), bias)
                    : bias.add(w.mul(x));
            Value root = dot.relu();   // relu of -2: gradient 0 below it
            w.setGrad(-0.0);
            root.backward();
            assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(w.grad()),
                    shared ? "shared dot" : "unfused twin");
            assertFalse(Topology.isNegativeZero(w.grad()));
        }
    }

    /**
     * Whether the zero skip is exact is decided from every leaf, the ones the walks leave out
     * included: a shared dot's bias, or a weight, at {@code -0.0} makes it inexact; a dot that holds
     * every operand as children leaves its leaves to the walk. Read from the order itself, since the
     * gradients come out the same either way when nothing is skipped.
     */
    @Test
    void aSharedDotsLeafParametersDecideWhetherTheZeroSkipIsExact() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            Value.of(0.0).setGrad(-0.0);   // so that the passes look at leaf gradients at all
            for (int which = 0; which < 3; which++) {
                Value w = Value.of(0.5);
                Value bias = Value.of(1.0);
                Value dot = Value.dot(ValueVector.of(w), ValueVector.of(Value.of(2.0).neg()), bias);
                if (which == 1) {
                    w.setGrad(-0.0);
                } else if (which == 2) {
                    bias.setGrad(-0.0);
                }
                Value root = dot.relu();
                for (boolean walked : new boolean[] {false, true}) {
                    if (walked) {
                        Topology.of(root);   // erases the stamps: the walk decides
                    }
                    Topology order = Topology.forBackward(root);
                    assertEquals(!walked, order.byStamps());
                    assertEquals(which == 0, order.exactSkip(), "case " + which + (walked ? ", walked" : ", by stamps"));
                    order.release();
                }
            }
            // computed weights: the dot's children are all its operands, and no leaf is at -0.0
            Value w = Value.of(0.5).neg();
            Value root = Value.dot(ValueVector.of(w), ValueVector.of(Value.of(2.0)), Value.of(1.0)).relu();
            Topology order = Topology.forBackward(root);
            assertTrue(order.byStamps());
            assertTrue(order.exactSkip());
            order.release();
        });
    }

    /**
     * The stamp pass skips an operand array it has laid out already only when every computed operand
     * in it lies beyond the cursor; one that lies exactly at the cursor starts the next block. Here
     * {@code d2} lays out {@code [x, 5]} first (x visited before it), then {@code d1}, whose block starts at x.
     */
    @Test
    void aSharedArrayWhoseOperandStartsTheNextBlockIsLaidOutAgain() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            Value z = Value.of(1.0).neg();
            Value x = Value.of(2.0).neg();
            ValueVector inputs = ValueVector.of(x, Value.of(5.0));   // two operands: arrays of one are not remembered
            Value d1 = Value.dot(ValueVector.of(Value.of(3.0), Value.of(3.0)), inputs, Value.of(0.0));
            Value d2 = Value.dot(ValueVector.of(Value.of(4.0), Value.of(4.0)), inputs, Value.of(0.0));
            Value root = z.mul(d1.add(d2));
            Topology order = Topology.forBackward(root);
            assertTrue(order.byStamps());
            assertEquals(List.of(z, x, d1, d2, root.children().get(1), root), List.of(order.toArray()));
            order.release();
        });
    }

    /** Only a {@code -0.0} written through {@code setGrad} is counted: the counter the passes consult. */
    @Test
    void setGradCountsOnlyNegativeZero() {
        Value v = Value.of(1.0);
        long before = Value.negativeZeroWrites();
        v.setGrad(0.0);
        v.setGrad(3.0);
        v.setGrad(Double.NaN);
        assertEquals(before, Value.negativeZeroWrites());
        v.setGrad(-0.0);
        assertTrue(Value.negativeZeroWrites() > before);
    }
}
