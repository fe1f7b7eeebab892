package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Graphs far deeper and wider than micrograd's recursive {@code build_topo} can take (it fails
 * near a depth of 1,000): nothing here may recurse.
 */
class DeepGraphTest {
    private static final int CHAIN = 10_000_000;

    /** {@code -(-(…-(x)…))}: {@link #CHAIN} negations of {@code x}, each one node. */
    private static Value negatedChain(Value x) {
        Value y = x;
        for (int i = 0; i < CHAIN; i++) {
            y = y.neg();
        }
        return y;
    }

    /** {@code n} leaves, leaf {@code i} holding {@code value(i)}. */
    private static List<Value> leaves(int n, IntToDoubleFunction value) {
        List<Value> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            leaves.add(Value.of(value.applyAsDouble(i)));
        }
        return leaves;
    }

    /** {@code y = -(-(…-(x)…))} with ten million negations: {@code dy/dx = (-1)^n}. */
    @Test
    void tenMillionOperationChainGoesThroughBackward() {
        Value x = Value.of(1.5, "x");
        Value y = negatedChain(x);
        y.backward();

        assertEquals(1.5, y.data(), 0.0);
        assertEquals(1.0, x.grad(), 0.0);
    }

    /** The same chain, compiled and replayed after the input changes. */
    @Test
    void tenMillionOperationChainReplaysThroughGraph() {
        Value x = Value.of(1.5, "x");
        Value y = negatedChain(x);
        Graph graph = Graph.compile(y);
        x.setData(-2.0);
        graph.forward();
        graph.backward();

        assertEquals(CHAIN + 1, graph.size());
        assertEquals(-2.0, y.data(), 0.0);
        assertEquals(1.0, x.grad(), 0.0);
    }

    /** A sum of a million terms, as one fused node and as a chain of additions. */
    @Test
    void millionTermSum() {
        int n = 1_000_000;
        List<Value> terms = leaves(n, i -> i % 7);
        Value fused = Value.sum(terms).mul(2.0);
        fused.backward();
        Value chained = terms.get(0);
        for (int i = 1; i < n; i++) {
            chained = chained.add(terms.get(i));
        }

        assertEquals(chained.data() * 2.0, fused.data(), 0.0);
        for (Value t : terms) {
            assertEquals(2.0, t.grad(), 0.0);
        }
        for (Value t : terms) {
            t.setGrad(0.0);
        }
        chained.mul(3.0).backward();
        for (Value t : terms) {
            assertEquals(3.0, t.grad(), 0.0);
        }
    }

    /** The million-term sum, compiled, replayed after every term changes. */
    @Test
    void millionTermSumReplaysThroughGraph() {
        int n = 1_000_000;
        List<Value> terms = leaves(n, i -> 1.0);
        Value square = Value.sum(terms).pow(2);
        Graph graph = Graph.compile(square);
        for (int i = 0; i < n; i++) {
            terms.get(i).setData(i % 2 == 0 ? 0.5 : 1.5);   // the sum becomes n exactly
        }
        graph.forward();
        graph.backward();

        assertEquals((double) n * n, square.data(), 0.0);
        for (Value t : terms) {
            assertEquals(2.0 * n, t.grad(), 0.0);            // d(s²)/dtᵢ = 2s
        }
    }
}
