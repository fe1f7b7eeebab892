package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** {@link Graph}: a replayed graph gives, to the last bit, what rebuilding the expression gives. */
class GraphTest {

    /** A small neuron-and-loss expression over parameters p and inputs x, built fresh each time. */
    private static Value build(List<Value> p, List<Value> x) {
        Value h0 = Value.dot(p.subList(0, 2), x, p.get(2)).relu();
        Value h1 = x.get(0).mul(p.get(3)).add(x.get(1).mul(p.get(4))).add(p.get(5)).tanh();
        Value score = h0.mul(p.get(6)).add(h1.div(p.get(7))).sub(p.get(8).pow(2)).add(p.get(8).exp().log());
        Value margin = Value.of(1.0).sub(score.mul(-1.0)).relu();
        return Value.sum(List.of(margin, p.get(0).mul(p.get(0)).mul(1e-4), score.sigmoid(), score.neg()));
    }

    /**
     * The same with the ops beyond micrograd's: sin, cos, sqrt, abs, softplus, a Value exponent,
     * max and min (whose branches change as the data do).
     */
    private static Value buildWithNewOps(List<Value> p, List<Value> x) {
        Value h = x.get(0).mul(p.get(0)).sin().add(x.get(1).mul(p.get(1)).cos());
        Value r = p.get(2).mul(p.get(2)).add(0.5).sqrt().mul(x.get(0).sub(p.get(3)).abs());
        Value s = h.mul(p.get(4)).softplus().pow(p.get(5).sigmoid());
        Value m = r.max(s).add(h.min(p.get(6))).max(x.get(1).mul(p.get(7)).min(p.get(8)));
        return m.add(r.mul(s));
    }

    private static List<Value> leaves(double[] data) {
        List<Value> v = new ArrayList<>();
        for (double d : data) {
            v.add(Value.of(d));
        }
        return v;
    }

    @Test
    void replayEqualsRebuildBitForBitAcrossTrainingSteps() {
        assertReplayEqualsRebuild(GraphTest::build);
    }

    @Test
    void replayOfTheNewOpsEqualsRebuildBitForBit() {
        assertReplayEqualsRebuild(GraphTest::buildWithNewOps);
    }

    private static void assertReplayEqualsRebuild(BiFunction<List<Value>, List<Value>, Value> build) {
        SplittableRandom rng = new SplittableRandom(7);
        double[] params = rng.doubles(9, -1, 1).toArray();
        params[7] = 1.5;
        List<Value> p = leaves(params);
        List<Value> x = leaves(new double[] {0.3, -0.8});
        Graph graph = Graph.compile(build.apply(p, x));

        for (int step = 0; step < 20; step++) {
            double[] input = {rng.nextDouble(-2, 2), rng.nextDouble(-2, 2)};
            x.get(0).setData(input[0]);
            x.get(1).setData(input[1]);
            for (Value v : p) {
                v.setGrad(0.0);
            }
            graph.forward();
            graph.backward();

            List<Value> freshP = leaves(p.stream().mapToDouble(Value::data).toArray());
            Value fresh = build.apply(freshP, leaves(input));
            fresh.backward();

            assertEquals(Double.doubleToRawLongBits(fresh.data()), Double.doubleToRawLongBits(graph.root().data()),
                    "loss at step " + step);
            for (int i = 0; i < p.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(freshP.get(i).grad()), Double.doubleToRawLongBits(p.get(i).grad()),
                        "grad of p" + i + " at step " + step);
                p.get(i).setData(p.get(i).data() - 0.05 * p.get(i).grad());
            }
        }
    }

    @Test
    void nodesAreInTopologicalOrderWithTheRootLast() {
        Value a = Value.of(1.0);
        Value b = Value.of(2.0);
        Value c = a.mul(b).add(a);
        Graph graph = Graph.compile(c);
        List<Value> nodes = graph.nodes();

        assertEquals(4, graph.size());
        assertEquals(c, nodes.get(nodes.size() - 1));
        assertEquals(List.of(a, b), graph.leaves());
        for (Value node : nodes) {
            for (Value child : node.children()) {
                assertEquals(true, nodes.indexOf(child) < nodes.indexOf(node), "child before parent");
            }
        }
    }
}
