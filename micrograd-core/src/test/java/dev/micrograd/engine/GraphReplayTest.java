package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The performance work must not change a single bit: a replayed {@link Graph} equals a rebuilt graph
 * on an MLP-shaped training step, and {@link Topology}'s iterative walk gives exactly the order of
 * micrograd's recursive {@code build_topo} (the order gradients accumulate in).
 */
class GraphReplayTest {
    private static final int[] WIDTHS = {2, 8, 8, 1};
    private static final int POINTS = 20;

    /** The parameters of a 2-8-8-1 network, neuron by neuron, weights then bias. */
    static List<Value> parameters(SplittableRandom rng) {
        List<Value> p = new ArrayList<>();
        for (int l = 1; l < WIDTHS.length; l++) {
            for (int j = 0; j < WIDTHS[l]; j++) {
                for (int k = 0; k <= WIDTHS[l - 1]; k++) {
                    p.add(Value.of(k < WIDTHS[l - 1] ? rng.nextDouble(-1, 1) : 0.0));
                }
            }
        }
        return p;
    }

    /**
     * micrograd's demo step on {@link #WIDTHS}: ReLU hidden layers built from fused dot nodes, a
     * linear output, {@code mean(relu(1 - y·score)) + 1e-4·Σp²}. {@code hidden} collects the first
     * hidden layer's outputs, to check that computed nodes show replayed data too.
     */
    static Value loss(List<Value> p, List<List<Value>> x, double[] y, List<Value> hidden) {
        List<Value> margins = new ArrayList<>();
        for (int s = 0; s < y.length; s++) {
            List<Value> in = x.get(s);
            int next = 0;
            for (int l = 1; l < WIDTHS.length; l++) {
                List<Value> out = new ArrayList<>();
                for (int j = 0; j < WIDTHS[l]; j++) {
                    int nin = WIDTHS[l - 1];
                    Value dot = Value.dot(p.subList(next, next + nin), in, p.get(next + nin));
                    next += nin + 1;
                    out.add(l < WIDTHS.length - 1 ? dot.relu() : dot);
                }
                if (l == 1) {
                    hidden.addAll(out);
                }
                in = out;
            }
            margins.add(Value.of(1.0).sub(in.get(0).mul(y[s])).relu());
        }
        List<Value> squares = new ArrayList<>();
        for (Value v : p) {
            squares.add(v.mul(v));
        }
        return Value.sum(margins).mul(1.0 / y.length).add(Value.sum(squares).mul(1e-4));
    }

    static List<List<Value>> inputs(double[][] points) {
        List<List<Value>> x = new ArrayList<>();
        for (double[] point : points) {
            x.add(List.of(Value.of(point[0]), Value.of(point[1])));
        }
        return x;
    }

    private static void assertSameBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                () -> what + ": expected " + expected + ", found " + actual);
    }

    @Test
    void replayedTrainingEqualsRebuiltTrainingBitForBit() {
        SplittableRandom rng = new SplittableRandom(2024);
        double[][] points = new double[POINTS][2];
        double[] y = new double[POINTS];
        for (int s = 0; s < POINTS; s++) {
            points[s][0] = rng.nextDouble(-1.5, 2.5);
            points[s][1] = rng.nextDouble(-1, 1.5);
            y[s] = s % 2 == 0 ? 1.0 : -1.0;
        }
        List<Value> replayed = parameters(new SplittableRandom(7));
        List<Value> rebuilt = parameters(new SplittableRandom(7));
        List<List<Value>> replayInputs = inputs(points);
        List<Value> replayHidden = new ArrayList<>();
        Graph graph = Graph.compile(loss(replayed, replayInputs, y, replayHidden));

        for (int step = 0; step < 12; step++) {
            if (step == 6) {   // new inputs through setData, as a fixed-size batch is fed
                for (int s = 0; s < POINTS; s++) {
                    points[s][0] = -points[s][0];
                    replayInputs.get(s).get(0).setData(points[s][0]);
                }
            }
            graph.forward();
            replayed.forEach(v -> v.setGrad(0.0));
            graph.backward();

            List<Value> freshHidden = new ArrayList<>();
            Value fresh = loss(rebuilt, inputs(points), y, freshHidden);
            rebuilt.forEach(v -> v.setGrad(0.0));
            fresh.backward();

            assertSameBits(fresh.data(), graph.root().data(), "loss at step " + step);
            for (int i = 0; i < freshHidden.size(); i++) {
                assertSameBits(freshHidden.get(i).data(), replayHidden.get(i).data(), "hidden " + i + " data at step " + step);
                assertSameBits(freshHidden.get(i).grad(), replayHidden.get(i).grad(), "hidden " + i + " grad at step " + step);
            }
            double lr = 1.0 - 0.9 * step / 12;
            for (int i = 0; i < replayed.size(); i++) {
                assertSameBits(rebuilt.get(i).grad(), replayed.get(i).grad(), "grad of p" + i + " at step " + step);
                replayed.get(i).setData(replayed.get(i).data() - lr * replayed.get(i).grad());
                rebuilt.get(i).setData(rebuilt.get(i).data() - lr * rebuilt.get(i).grad());
            }
        }
    }

    /** micrograd's {@code build_topo}, recursive as in engine.py: the reference order. */
    private static void buildTopo(Value v, Map<Value, Boolean> visited, List<Value> topo) {
        if (visited.put(v, Boolean.TRUE) == null) {
            for (Value child : v.children()) {
                buildTopo(child, visited, topo);
            }
            topo.add(v);
        }
    }

    static List<Value> referenceOrder(Value root) {
        List<Value> topo = new ArrayList<>();
        buildTopo(root, new IdentityHashMap<>(), topo);
        return topo;
    }

    private static List<Value> topologyOrder(Value root) {
        Topology order = Topology.of(root);
        List<Value> list = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            list.add(order.get(i));
        }
        return list;
    }

    @Test
    void topologyIsMicrogradsBuildTopoOrderForKnownGraphs() {
        Value a = Value.of(2.0);
        Value b = Value.of(-3.0);
        Value doubled = a.add(a);                        // a shared operand: a appears once
        assertEquals(List.of(a, doubled), topologyOrder(doubled));

        Value empty = Value.sum(List.of());              // a computed node without operands
        Value c = a.mul(b).add(empty).add(a);
        assertEquals(referenceOrder(c), topologyOrder(c));
        assertEquals(List.of(a, b, c.children().get(0).children().get(0), empty, c.children().get(0), c),
                topologyOrder(c));

        List<Value> hidden = new ArrayList<>();
        Value mlp = loss(parameters(new SplittableRandom(1)), inputs(new double[][] {{0.5, -0.2}, {1.0, 0.3}}),
                new double[] {1.0, -1.0}, hidden);
        assertEquals(referenceOrder(mlp), topologyOrder(mlp));
    }

    @Test
    void topologyIsMicrogradsBuildTopoOrderForRandomSharedGraphs() {
        SplittableRandom rng = new SplittableRandom(99);
        for (int trial = 0; trial < 200; trial++) {
            List<Value> pool = new ArrayList<>();
            for (int i = 0; i < 1 + rng.nextInt(4); i++) {
                pool.add(Value.of(rng.nextDouble()));
            }
            int ops = 1 + rng.nextInt(40);
            for (int i = 0; i < ops; i++) {
                Value x = pool.get(rng.nextInt(pool.size()));
                Value z = pool.get(rng.nextInt(pool.size()));
                Value made = switch (rng.nextInt(5)) {
                    case 0 -> x.add(z);
                    case 1 -> x.mul(Value.of(0.5));
                    case 2 -> x.tanh();
                    case 3 -> Value.sum(List.of(x, z, pool.get(rng.nextInt(pool.size()))));
                    default -> Value.dot(List.of(x, z), List.of(z, x), pool.get(0));
                };
                pool.add(made);
            }
            Value root = pool.get(pool.size() - 1);
            assertEquals(referenceOrder(root), topologyOrder(root), "trial " + trial);
        }
    }
}
