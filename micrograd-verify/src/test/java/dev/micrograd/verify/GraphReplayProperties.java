package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.fail;

import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * {@code Graph.compile} replays a fixed graph: after new leaf data ({@code setData}), its
 * {@code forward()} and {@code backward()} must equal, bit for bit, building the same expression
 * afresh and calling {@code Value.backward()}. Outside PyTorch, so it runs everywhere; new inputs
 * may leave the ops' domains (NaN, infinities), which must replay identically too.
 *
 * <p>Both sides are the same engine on the same CPU, and micrograd's transcendental ops are
 * {@code StrictMath} (fdlibm, the same bits on every CPU), so the project's rule ({@link Ulps})
 * applies with a bound of 0 ulps for every op: the same double, the sign of a zero included.
 */
@AddLifecycleHook(ParityRun.class)
class GraphReplayProperties {

    @Provide
    Arbitrary<Expr> expressions() {
        return Expressions.cases();
    }

    @Provide
    Arbitrary<List<Double>> newInputs() {
        return Arbitraries.doubles().between(-3.0, 3.0).ofScale(12).list().ofSize(Expressions.MAX_VARIABLES);
    }

    @Property(tries = 2_000, edgeCases = EdgeCasesMode.NONE)
    void compiledReplayEqualsDynamicGraphBitForBit(@ForAll("expressions") Expr sample,
                                                   @ForAll("newInputs") List<Double> next) {
        Value root = sample.root();
        root.backward();
        Graph graph = Graph.compile(root);
        Value[] built = graph.nodes().toArray(new Value[0]);

        List<String> diffs = new ArrayList<>();
        // 1. replay on the same data equals the first dynamic pass
        double[] data = new double[built.length];
        double[] grad = new double[built.length];
        for (int i = 0; i < built.length; i++) {
            data[i] = built[i].data();
            grad[i] = built[i].grad();
        }
        zeroLeafGradients(graph);
        graph.forward();
        graph.backward();
        compare("same inputs", built, data, grad, diffs);

        // 2. new leaf data through setData, replayed, equals a fresh build from the new data
        double[] inputs = new double[sample.inputs().length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = next.get(i);
        }
        for (Value v : built) {
            if (v.label().startsWith("x")) {
                v.setData(inputs[Integer.parseInt(v.label().substring(1))]);
            }
        }
        zeroLeafGradients(graph);
        graph.forward();
        graph.backward();
        Value freshRoot = new Expr(inputs, sample.nodes()).root();
        freshRoot.backward();
        Value[] fresh = Graph.compile(freshRoot).nodes().toArray(new Value[0]);
        for (int i = 0; i < fresh.length; i++) {
            data[i] = fresh[i].data();
            grad[i] = fresh[i].grad();
        }
        compare("new inputs " + java.util.Arrays.toString(inputs), built, data, grad, diffs);
        ParityLedger.get().replay();
        if (!diffs.isEmpty()) {
            fail("compiled replay differs from the dynamic graph:\n  " + String.join("\n  ", diffs) + "\nexpression:" + sample);
        }
    }

    private static void zeroLeafGradients(Graph graph) {
        for (Value leaf : graph.leaves()) {
            leaf.setGrad(0.0);
        }
    }

    private static void compare(String when, Value[] replayed, double[] data, double[] grad, List<String> diffs) {
        for (int i = 0; i < replayed.length; i++) {
            if (!Ulps.valuesAgree(replayed[i].data(), data[i], 0)) {
                diffs.add(when + ": v" + i + " data " + replayed[i].data() + " vs " + data[i]);
            }
            if (!Ulps.valuesAgree(replayed[i].grad(), grad[i], 0)) {
                diffs.add(when + ": v" + i + " grad " + replayed[i].grad() + " vs " + grad[i]);
            }
        }
    }
}
