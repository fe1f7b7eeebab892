package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Value;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Known answers beside the random property, each with its source, through the same path as the
 * random expressions (a {@code Value} graph, {@link Parity} with {@link Torch#rule}, and the same
 * graph built whole in PyTorch by {@link Torch#replay}): if the harness itself were wrong (both
 * engines fed the wrong graph), these published numbers would catch it, which a comparison of two
 * engines alone could not.
 *
 * <p>Each engine is held to the published number within {@link #MICROGRAD_TOL}, the source's own
 * tolerance (the lecture prints four digits). The two engines are held to each other, node by
 * node, by {@link Parity}.
 */
class KnownAnswerTest {
    /** micrograd's own tests compare with PyTorch to this absolute tolerance. */
    static final double MICROGRAD_TOL = 1e-6;

    /** micrograd {@code test/test_engine.py::test_sanity_check}: y = -20, dy/dx = 46 at x = -4. */
    @Test
    void microgradSanityCheck() {
        check(v -> {
            Value x = v.get(0);
            Value z = x.mul(2).add(2).add(x);
            Value q = z.relu().add(z.mul(x));
            Value h = z.mul(z).relu();
            return h.add(q).add(q.mul(x));
        }, new double[] {-4.0}, -20.0, new double[] {46.0});
    }

    /**
     * micrograd {@code test/test_engine.py::test_more_ops}: g = 24.70408163265306,
     * dg/da = 138.83381924198252, dg/db = 645.5772594752186 at a = -4, b = 2.
     */
    @Test
    void microgradMoreOps() {
        check(v -> {
            Value a = v.get(0);
            Value b = v.get(1);
            Value c = a.add(b);
            Value d = a.mul(b).add(b.pow(3));
            c = c.add(c.add(1));                        // c += c + 1
            c = c.add(c.add(1).add(a.neg()));           // c += 1 + c + (-a)
            d = d.add(d.mul(2).add(b.add(a).relu()));   // d += d * 2 + (b + a).relu()
            d = d.add(d.mul(3).add(b.sub(a).relu()));   // d += 3 * d + (b - a).relu()
            Value e = c.sub(d);
            Value f = e.pow(2);
            Value g = f.div(2.0);
            return g.add(Value.of(10.0).div(f));        // g += 10.0 / f
        }, new double[] {-4.0, 2.0}, 24.70408163265306, new double[] {138.83381924198252, 645.5772594752186});
    }

    /**
     * The lecture's neuron (52:52 and, in PyTorch, 1:39:31): o = tanh(x1 w1 + x2 w2 + b) = 0.7071,
     * grads x1 = -1.5, w1 = 1, x2 = 0.5, w2 = 0.
     */
    @Test
    void lectureNeuron() {
        check(v -> v.get(0).mul(v.get(2)).add(v.get(1).mul(v.get(3))).add(6.8813735870195432).tanh(),
                new double[] {2.0, 0.0, -3.0, 1.0}, Math.sqrt(0.5), new double[] {-1.5, 0.5, 1.0, 0.0});
    }

    private static void check(Function<List<Value>, Value> f, double[] inputs, double value, double[] grads) {
        Torch.assumeAvailable();
        Value[] x = new Value[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = Value.of(inputs[i], "x" + i);
        }
        Value root = f.apply(List.of(x));
        Parity.Result parity = Parity.check(root, Torch::rule);
        root.backward();
        double[] mgGrads = new double[inputs.length];
        double[] ptGrads = new double[inputs.length];
        double ptValue;
        try (NDManager m = Torch.newManager(); GradientCollector collector = Torch.collector(m)) {
            Map<Value, NDArray> leaves = new IdentityHashMap<>();
            for (Value v : x) {
                leaves.put(v, Torch.leaf(m, v.data()));
            }
            NDArray y = Torch.replay(m, root, leaf -> leaves.containsKey(leaf) ? leaves.get(leaf) : m.create(leaf.data()));
            collector.backward(y);
            ptValue = Torch.scalar(y);
            for (int i = 0; i < x.length; i++) {
                mgGrads[i] = x[i].grad();
                ptGrads[i] = Torch.grad(leaves.get(x[i]));
            }
        }
        assertAll(
                () -> assertTrue(parity.passed(), () -> "micrograd against PyTorch:\n" + parity),
                () -> assertEquals(value, root.data(), MICROGRAD_TOL, "micrograd for Java's value"),
                () -> assertEquals(value, ptValue, MICROGRAD_TOL, "PyTorch's value"),
                () -> assertGradients(grads, mgGrads, "micrograd for Java"),
                () -> assertGradients(grads, ptGrads, "PyTorch"));
    }

    private static void assertGradients(double[] expected, double[] actual, String who) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], MICROGRAD_TOL, who + "'s gradient of x" + i);
        }
    }
}
