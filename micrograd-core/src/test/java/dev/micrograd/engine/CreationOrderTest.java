package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Topology#forBackward}'s order by creation stamps, case by case: graphs built as a forward
 * pass builds them take it ({@link Topology#byStamps()}, computed nodes only, root last, operands
 * first); each way the stamps can fail to prove the walk's order (a contradicting order, a walked
 * node, an operand too far away, a gap, a -0.0 leaf, another thread's stamps) falls back to the
 * walk; either way the gradients are the walk's to the last bit, which a twin graph built the same
 * way and differentiated by {@link Graph#backward()} (compiling walks; it never uses stamps) shows.
 *
 * <p>Tests that expect the stamps' order run on a fresh thread: it draws a fresh block of stamps, so
 * no block boundary (where another thread's block may sit between this thread's two) falls inside
 * the graph.
 */
class CreationOrderTest {
    private static final int REACH = 1 << 18;

    /** The order {@link Topology#forBackward} gives {@code root}, read and released. */
    private record Order(boolean byStamps, List<Value> nodes, boolean exactSkip) {
    }

    private static Order orderOf(Value root) {
        Topology order = Topology.forBackward(root);
        try {
            List<Value> nodes = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                nodes.add(order.get(i));
            }
            return new Order(order.byStamps(), nodes, order.exactSkip());
        } finally {
            order.release();
        }
    }

    /** micrograd's {@code build_topo} order below {@code root} without its leaves: what the stamps' order must equal. */
    private static List<Value> computedInWalkOrder(Value root) {
        List<Value> computed = new ArrayList<>();
        for (Value node : GraphReplayTest.referenceOrder(root)) {
            if (!node.isLeaf()) {
                computed.add(node);
            }
        }
        return computed;
    }

    /**
     * The stamps' order: {@code root}'s computed nodes in the walk's order, the root last, every
     * node after its operands. Walks {@code root}'s graph, so its stamps are gone afterwards.
     */
    private static void assertStampOrder(Value root, Order order) {
        assertTrue(order.byStamps(), "a graph built as a forward pass builds it takes the order by stamps");
        List<Value> expected = new ArrayList<>();
        Topology walk = Topology.of(root);   // build_topo's order (GraphReplayTest); erases the stamps, which are read already
        for (int i = 0; i < walk.size(); i++) {
            if (!walk.get(i).isLeaf()) {
                expected.add(walk.get(i));
            }
        }
        assertEquals(expected.size(), order.nodes().size(), "the computed nodes, no leaf");
        assertSame(root, order.nodes().get(order.nodes().size() - 1), "the root last");
        Map<Value, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < order.nodes().size(); i++) {
            position.put(order.nodes().get(i), i);
        }
        for (int i = 0; i < order.nodes().size(); i++) {
            for (Value operand : order.nodes().get(i).children) {
                if (!operand.isLeaf()) {
                    assertTrue(position.get(operand) < i, "node " + i + " after its operands");
                }
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), order.nodes().get(i), "position " + i + " as build_topo");
        }
    }

    /**
     * Builds the graph twice ({@code build} returns its root first, then the values to compare),
     * differentiates the first with {@link Value#backward()} and the twin by the walk, {@code calls}
     * times each, and asserts every gradient bit for bit; returns the first graph's values.
     */
    private static List<Value> assertSameGradientsAsTheWalk(Supplier<List<Value>> build, int calls) {
        List<Value> fast = build.get();
        List<Value> walked = build.get();
        Graph twin = Graph.compile(walked.get(0));
        for (int call = 1; call <= calls; call++) {
            fast.get(0).backward();
            twin.backward();
            assertSameGradients(walked, fast, "call " + call);
        }
        return fast;
    }

    private static void assertSameGradients(List<Value> expected, List<Value> actual, String when) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.get(i).grad();
            double a = actual.get(i).grad();
            int node = i;
            assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(a),
                    () -> when + ", value " + node + ": backward() gave " + a + ", the walk " + e);
        }
    }

    private static List<Value> negationChain(int length) {
        List<Value> chain = new ArrayList<>();
        Value node = Value.of(0.75);
        Value leaf = node;
        for (int i = 0; i < length; i++) {
            node = node.neg();
            chain.add(node);
        }
        List<Value> values = new ArrayList<>();
        values.add(node);
        values.add(leaf);
        values.addAll(chain);
        return values;
    }

    @Test
    void aChainOfNegationsIsOrderedByItsStamps() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            List<Value> values = negationChain(1000);
            Value root = values.get(0);
            Order order = orderOf(root);
            assertStampOrder(root, order);
            assertEquals(values.subList(2, values.size()), order.nodes());
            assertSameGradientsAsTheWalk(() -> negationChain(1000), 2);
        });
    }

    /**
     * micrograd's demo loss ({@code mean(relu(1 - y·score)) + 1e-4·Σp²}) on a 2-8-8-1 network of
     * fused dot nodes, built as Trainer builds it: each sample's term right after its forward pass,
     * then their mean, then the L2 term.
     */
    private static List<Value> demoLoss() {
        int[] widths = {2, 8, 8, 1};
        SplittableRandom rng = new SplittableRandom(11);
        List<Value> parameters = GraphReplayTest.parameters(new SplittableRandom(5));
        List<Value> terms = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            List<Value> in = List.of(Value.of(rng.nextDouble(-1.5, 2.5)), Value.of(rng.nextDouble(-1, 1.5)));
            int next = 0;
            for (int l = 1; l < widths.length; l++) {
                List<Value> out = new ArrayList<>();
                for (int j = 0; j < widths[l]; j++) {
                    Value dot = Value.dot(parameters.subList(next, next + widths[l - 1]), in, parameters.get(next + widths[l - 1]));
                    next += widths[l - 1] + 1;
                    out.add(l < widths.length - 1 ? dot.relu() : dot);
                }
                in = out;
            }
            terms.add(Value.of(1.0).sub(in.get(0).mul(s % 3 == 0 ? 1.0 : -1.0)).relu());
        }
        Value data = Value.sum(terms).mul(1.0 / terms.size());
        List<Value> squares = new ArrayList<>();
        for (Value p : parameters) {
            squares.add(p.mul(p));
        }
        Value loss = data.add(Value.sum(squares).mul(1e-4));
        List<Value> values = new ArrayList<>();
        values.add(loss);
        values.addAll(parameters);
        values.addAll(computedInWalkOrder(loss));
        return values;
    }

    @Test
    void anMlpLossBuiltSampleBySampleIsOrderedByItsStamps() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            Value loss = demoLoss().get(0);
            assertStampOrder(loss, orderOf(loss));
            assertSameGradientsAsTheWalk(CreationOrderTest::demoLoss, 2);
        });
    }

    /** An operand visited before, down to the first node of the order: {@code x} is reached through {@code y} first. */
    @Test
    void anOperandVisitedBeforeKeepsTheStampsOrder() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            Supplier<List<Value>> build = () -> {
                Value a = Value.of(0.3);
                Value x = a.tanh();
                Value y = x.neg();
                Value out = y.add(x).mul(x);
                return List.of(out, a, x, y);
            };
            Value out = build.get().get(0);
            assertStampOrder(out, orderOf(out));
            assertSameGradientsAsTheWalk(build, 2);
        });
    }

    /** The computed node without operands (the empty sum) alone, and as an operand. */
    @Test
    void theEmptySumIsOrderedByItsStamp() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            Value empty = Value.sum(List.of());
            assertStampOrder(empty, orderOf(empty));
            Value a = Value.of(2.0);
            Value out = a.mul(Value.sum(List.of())).add(Value.sum(List.of()));
            assertStampOrder(out, orderOf(out));
        });
    }

    /**
     * Every graph of {@code n} computed nodes, node {@code k} a sum over a tuple of earlier nodes
     * (repeats allowed) and a leaf, made in index order, the last one the root: where the stamps'
     * order is taken it is build_topo's. Exhaustive for five nodes with up to three operands each and
     * six with up to two, so no small counterexample to the proof of {@link Topology#creationOrder}
     * exists; both branches are taken many times.
     */
    @Test
    void everySmallGraphTakesTheStampsOrderOnlyWhereItIsTheWalks() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            int[] counts = new int[2];
            everyGraph(5, 3, counts);
            everyGraph(6, 2, counts);
            assertTrue(counts[0] > 10_000, counts[0] + " graphs by stamps");
            assertTrue(counts[1] > 10_000, counts[1] + " graphs walked");
        });
    }

    private static void everyGraph(int n, int maxOperands, int[] counts) {
        List<List<int[]>> tuples = new ArrayList<>();   // for node k, every tuple of earlier nodes
        for (int k = 0; k < n; k++) {
            List<int[]> all = new ArrayList<>();
            for (int length = 0; length <= maxOperands; length++) {
                int combinations = (int) Math.pow(k, length);
                for (int code = 0; code < combinations; code++) {
                    int[] tuple = new int[length];
                    for (int j = 0, c = code; j < length; j++, c /= k) {
                        tuple[j] = c % k;
                    }
                    all.add(tuple);
                }
            }
            tuples.add(all);
        }
        int[] choice = new int[n];
        while (true) {
            Value leaf = Value.of(1.0);
            Value[] nodes = new Value[n];
            for (int k = 0; k < n; k++) {
                List<Value> operands = new ArrayList<>();
                for (int j : tuples.get(k).get(choice[k])) {
                    operands.add(nodes[j]);
                }
                operands.add(leaf);
                nodes[k] = Value.sum(operands);
            }
            Value root = nodes[n - 1];
            Order order = orderOf(root);
            if (order.byStamps()) {
                List<Value> expected = computedInWalkOrder(root);
                if (!expected.equals(order.nodes())) {
                    assertEquals(expected, order.nodes(), "graph " + Arrays.toString(choice));
                }
            }
            counts[order.byStamps() ? 0 : 1]++;
            int k = 1;
            while (k < n && ++choice[k] == tuples.get(k).size()) {
                choice[k++] = 0;
            }
            if (k == n) {
                return;
            }
        }
    }

    @Test
    void aLeafRootIsWalked() {
        Value leaf = Value.of(3.0);
        Order order = orderOf(leaf);
        assertFalse(order.byStamps());
        assertEquals(List.of(leaf), order.nodes());
    }

    /** The example of {@link Topology#creationOrder}: the walk visits {@code y2} before {@code y1}, the stamps say {@code y1} first. */
    @Test
    void stampsThatContradictTheWalkFallBackToIt() {
        Supplier<List<Value>> build = () -> {
            Value a = Value.of(0.7);
            Value b = Value.of(-1.3);
            Value x = a.mul(b);
            Value y1 = x.mul(2);
            Value y2 = x.mul(3);
            Value out = y2.add(y1);
            return List.of(out, a, b, x, y1, y2);
        };
        Value out = build.get().get(0);
        Order order = orderOf(out);
        assertFalse(order.byStamps());
        assertEquals(GraphReplayTest.referenceOrder(out), order.nodes(), "the walk's order, leaves included");
        assertSameGradientsAsTheWalk(build, 2);
    }

    /**
     * An operand the stamps take as visited before (it lies beyond the current block) but that no
     * block of the order holds: {@code d}, made before {@code p}, is reached only through {@code q}.
     */
    @Test
    void anOperandTakenAsVisitedThatNoBlockHoldsFallsBack() {
        Supplier<List<Value>> build = () -> {
            Value leaf = Value.of(0.4);
            Value d = leaf.tanh();
            Value p = leaf.neg();
            Value q = d.neg();
            Value out = p.add(q);
            return List.of(out, leaf, d, p, q);
        };
        Value out = build.get().get(0);
        assertFalse(orderOf(out).byStamps());
        assertSameGradientsAsTheWalk(build, 2);
    }

    /**
     * Why a wrong order would show: {@code x} has three consumers whose contributions reach it in
     * the walk's order as {@code (1 + 1e-16) + 1e-16} and in creation order as
     * {@code (1e-16 + 1e-16) + 1}. In IEEE 754 round-to-nearest, 1e-16 is less than half an ulp of 1
     * (2^-53 ≈ 1.11e-16), so the first sum rounds back to 1; 2e-16 is more than half, so the second
     * rounds up to 1 + 2^-52. {@code backward()} must give the first, and a pass in creation order
     * (the rules run in stamp order on a twin) gives the second.
     */
    @Test
    void aNodeWithThreeConsumersGetsTheirContributionsInTheWalksOrder() {
        double c1 = 1.0;
        double c2 = 1e-16;
        double c3 = 1e-16;
        double walkSum = ((0.0 + c1) + c2) + c3;
        double creationSum = ((0.0 + c3) + c2) + c1;
        assertNotEquals(Double.doubleToRawLongBits(walkSum), Double.doubleToRawLongBits(creationSum));

        Supplier<List<Value>> build = () -> {
            Value a = Value.of(1.5);
            Value b = Value.of(1.0);
            Value x = a.mul(b);
            Value y1 = x.mul(c1);
            Value y2 = x.mul(c2);
            Value y3 = x.mul(c3);
            Value out = Value.sum(List.of(y3, y2, y1));   // the walk visits y3 first, the stamps say y1
            return List.of(out, a, b, x, y1, y2, y3);
        };
        List<Value> fast = build.get();
        assertFalse(orderOf(fast.get(0)).byStamps());
        List<Value> differentiated = assertSameGradientsAsTheWalk(build, 1);
        assertEquals(Double.doubleToRawLongBits(walkSum), Double.doubleToRawLongBits(differentiated.get(3).grad()));

        List<Value> inCreationOrder = build.get();   // x, y1, y2, y3, out: the stamps' order
        List<Value> byStamp = List.of(inCreationOrder.get(3), inCreationOrder.get(4), inCreationOrder.get(5),
                inCreationOrder.get(6), inCreationOrder.get(0));
        inCreationOrder.get(0).grad = 1.0;
        for (int i = byStamp.size() - 1; i >= 0; i--) {
            Op.backwardOf(byStamp.get(i));
        }
        assertEquals(Double.doubleToRawLongBits(creationSum), Double.doubleToRawLongBits(inCreationOrder.get(3).grad()));
        assertNotEquals(Double.doubleToRawLongBits(differentiated.get(3).grad()),
                Double.doubleToRawLongBits(inCreationOrder.get(3).grad()));
    }

    @Test
    void aNodeAWalkHasMarkedFallsBack() {
        Supplier<List<Value>> build = () -> {
            Value a = Value.of(0.9);
            Value x = a.mul(a).tanh();
            Topology.of(x);   // as Graph.compile, DotExporter or Autograd would
            Value out = x.add(a).mul(x);
            return List.of(out, a, x);
        };
        List<Value> values = build.get();
        Value out = values.get(0);
        assertFalse(orderOf(out).byStamps());
        assertSameGradientsAsTheWalk(build, 2);

        Value walkedRoot = Value.of(0.2).exp().neg();
        Topology.of(walkedRoot);
        assertFalse(orderOf(walkedRoot).byStamps(), "a walked root");
    }

    /** {@code x = a.neg()}, then a chain of {@code between} negations, then {@code out = x + chain}: x sits {@code between + 1} slots from out. */
    private static List<Value> farOperand(int between) {
        Value a = Value.of(0.6);
        Value x = a.neg();
        Value leaf = Value.of(-0.2);
        Value chain = leaf;
        for (int i = 0; i < between; i++) {
            chain = chain.neg();
        }
        Value out = x.add(chain);
        return List.of(out, a, x, leaf);
    }

    @Test
    void anOperandUpToTheReachAwayKeepsTheStampsOrderAndOneFurtherFallsBack() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            Value atReach = farOperand(REACH - 1).get(0);
            assertStampOrder(atReach, orderOf(atReach));
            Value beyond = farOperand(REACH).get(0);
            assertFalse(orderOf(beyond).byStamps(), "an operand 2^18 + 1 slots away");
            assertSameGradientsAsTheWalk(() -> farOperand(REACH), 1);
        });
    }

    /** Nodes made on one thread and used on another: either order is allowed, the gradients are the walk's. */
    @Test
    void aGraphBuiltOnTwoThreadsMatchesTheWalk() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Supplier<List<Value>> build = () -> {
                Value a = Value.of(0.35);
                Value b = Value.of(-0.8);
                Value x = onThread(other, () -> a.mul(b).tanh());
                Value y = x.mul(a).add(b);
                Value z = onThread(other, () -> y.mul(x).sigmoid());
                Value out = z.add(y).mul(x);
                return List.of(out, a, b, x, y, z);
            };
            Value out = build.get().get(0);
            Order order = orderOf(out);
            if (order.byStamps()) {
                assertStampOrder(out, order);
            } else {
                assertEquals(GraphReplayTest.referenceOrder(out), order.nodes());
            }
            assertSameGradientsAsTheWalk(build, 2);
        } finally {
            other.shutdownNow();
        }
    }

    private static Value onThread(ExecutorService thread, Callable<Value> build) {
        try {
            return thread.submit(build).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A leaf whose gradient is {@code -0.0} must not meet the zero skip: {@code x + c} gets
     * gradient {@code 1 · 0 = +0} from the product, and IEEE 754 gives {@code -0.0 + +0.0 = +0.0},
     * which the skipped rule would not have written.
     */
    @Test
    void aLeafAtNegativeZeroKeepsTheExactZeroSkip() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            double expected = -0.0 + 0.0;
            Supplier<List<Value>> build = () -> {
                Value x = Value.of(1.0);
                Value c = Value.of(2.0);
                Value out = x.add(c).tanh().mul(0.0);
                x.setGrad(-0.0);
                return List.of(out, x, c);
            };
            List<Value> values = build.get();
            Order order = orderOf(values.get(0));
            assertTrue(order.byStamps(), "a -0.0 leaf does not stop the stamps: the pass looks at the leaves");
            assertFalse(order.exactSkip());
            values.get(0).backward();
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(values.get(1).grad()));
            assertSameGradientsAsTheWalk(build, 1);

            // the same with the -0.0 leaf deeper than the root's operands
            Supplier<List<Value>> deeper = () -> {
                Value x = Value.of(1.0);
                Value c = Value.of(2.0);
                Value out = x.add(c).neg().mul(0.0).add(Value.of(3.0).tanh());
                x.setGrad(-0.0);
                return List.of(out, x, c);
            };
            Order deep = orderOf(deeper.get().get(0));
            assertTrue(deep.byStamps());
            assertFalse(deep.exactSkip());
            assertSameGradientsAsTheWalk(deeper, 1);

            // a -0.0 leaf outside the graph stops nothing, and the last walk's -0.0 leaf is forgotten
            Value outside = Value.of(4.0);
            outside.setGrad(-0.0);
            Value clean = Value.of(1.0).add(Value.of(2.0)).mul(0.0);
            Order cleanOrder = orderOf(clean);
            assertStampOrder(clean, cleanOrder);
            assertTrue(cleanOrder.exactSkip());
        });
    }

    /** The slots {@link Topology#creationOrder} filled are empty again after it gives up and after release. */
    @Test
    void theSlotsAreEmptyForTheNextGraph() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            Value x = Value.of(1.0).neg();
            for (int i = 0; i < 100; i++) {
                Value.of(2.0).neg();   // a gap of 100 stamps between x and its consumer
            }
            Value gapped = x.add(Value.of(3.0));
            assertFalse(orderOf(gapped).byStamps(), "a gap in the stamps");
            Value chain = negationChain(300).get(0);
            assertStampOrder(chain, orderOf(chain));   // slot 101 held x once
            Value next = negationChain(300).get(0);
            assertStampOrder(next, orderOf(next));     // slots 0 to 299 held the last chain

            Topology order = Topology.forBackward(negationChain(200).get(0));
            assertTrue(order.byStamps());
            order.release();
            assertNull(TopologyTest.field(order, "proved"), "release drops the slots");
        });
    }

    /**
     * The stamp pass's slots are a new array per pass, started at the size of the last order proved
     * on this thread (at least 64), or at 64 after an order of more than 2^18 nodes, and dropped by
     * release, so no graph stays reachable from this thread.
     */
    @Test
    void theStampsSlotsAreSizedByTheLastOrderAndDroppedOnRelease() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            Topology order = Topology.forBackward(negationChain(1000).get(0));
            assertTrue(order.byStamps());
            Value[] first = (Value[]) TopologyTest.field(order, "proved");
            assertTrue(first.length >= 1000);
            order.release();
            assertNull(TopologyTest.field(order, "proved"));
            assertEquals(1000, TopologyTest.field(order, "provedSize"));

            order = Topology.forBackward(negationChain(10).get(0));
            Value[] second = (Value[]) TopologyTest.field(order, "proved");
            assertNotSame(first, second);
            assertEquals(1000, second.length, "started at the last order's size");
            order.release();
            assertEquals(64, TopologyTest.field(order, "provedSize"), "at least 64");

            order = Topology.forBackward(negationChain(REACH + 1).get(0));
            assertTrue(order.byStamps());
            order.release();
            assertEquals(64, TopologyTest.field(order, "provedSize"), "after more than 2^18 nodes");

            order = Topology.forBackward(negationChain(REACH).get(0));
            order.release();
            assertEquals(REACH, TopologyTest.field(order, "provedSize"), "2^18 nodes are remembered");
        });
    }

    // ---------------------------------------------------------------- stamps

    private static final long BLOCK = 1 << 20;

    /** Positive and strictly increasing on one thread, across block boundaries (three blocks' worth). */
    @Test
    void stampsIncreaseOnOneThread() {
        long last = Topology.stamp();
        assertTrue(last > 0);
        for (int i = 0; i < 3 * BLOCK; i++) {
            long next = Topology.stamp();
            if (next <= last) {
                assertTrue(next > last, "stamp " + next + " after " + last);
            }
            last = next;
        }
    }

    /** A thread draws a block of 2^20 consecutive stamps from a shared counter of blocks, then another. */
    @Test
    void aThreadDrawsBlocksOfConsecutiveStamps() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            long first = Topology.stamp();
            assertEquals(1, Math.floorMod(first, BLOCK), "a block starts one past a multiple of 2^20");
            for (long i = 1; i < BLOCK; i++) {
                long stamp = Topology.stamp();
                if (stamp != first + i) {
                    assertEquals(first + i, stamp, "stamp " + i + " of the block");
                }
            }
            long nextBlock = Topology.stamp();
            assertTrue(nextBlock >= first + BLOCK);
            assertEquals(1, Math.floorMod(nextBlock, BLOCK));
        });
    }

    /**
     * Each block comes from the shared counter: a block another thread drew while this one used
     * its own is skipped, so this thread's second block does not run into the other's.
     */
    @Test
    void aThreadsNextBlockSkipsTheBlocksOthersDrew() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            long first = Topology.stamp();
            long[] other = new long[1];
            try {
                TopologyTest.onAFreshThread(() -> other[0] = Topology.stamp());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertEquals(1, Math.floorMod(other[0], BLOCK));
            long last = first;
            for (long i = 1; i <= BLOCK; i++) {
                last = Topology.stamp();
            }
            assertTrue(last > other[0], "this thread's next block after the other's");
            assertTrue(last >= other[0] + BLOCK, "not inside the other thread's block: " + last + ", that block starts at " + other[0]);
        });
    }

    /**
     * The shared field that lets a thread find its stamps without a thread-local lookup: a thread
     * takes it over on its {@code TAKE_OVER = 1024}th lookup in a row, not before. Not visible
     * through the class's methods, so read from the field.
     */
    @Test
    void aThreadTakesTheSharedStampsOverOnItsThousandAndTwentyFourthLookup() throws InterruptedException {
        TopologyTest.onAFreshThread(() -> {
            for (int i = 0; i < 1023; i++) {
                Topology.stamp();
            }
            assertNotSame(Thread.currentThread(), recentOwner(), "after 1023 lookups");
            Topology.stamp();
            assertSame(Thread.currentThread(), recentOwner(), "after 1024 lookups");
            long before = Topology.stamp();
            assertTrue(Topology.stamp() > before, "and its stamps still increase");
        });
    }

    private static Object recentOwner() {
        try {
            Class<?> stamps = Class.forName("dev.micrograd.engine.Topology$Stamps");
            Field recent = stamps.getDeclaredField("recent");
            recent.setAccessible(true);
            Field owner = stamps.getDeclaredField("owner");
            owner.setAccessible(true);
            return owner.get(recent.get(null));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Topology.Stamps has no field recent or owner", e);
        }
    }

    /** Threads drawing stamps at once (taking the shared field over from one another) never draw the same one. */
    @Test
    void stampsFromSeveralThreadsAreDistinct() throws Exception {
        int threads = 4;
        int each = 300_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(threads);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.countDown();
                    start.await();
                    long[] stamps = new long[each];
                    for (int i = 0; i < each; i++) {
                        stamps[i] = Topology.stamp();
                    }
                    return stamps;
                }));
            }
            long[] all = new long[threads * each];
            for (int t = 0; t < threads; t++) {
                long[] stamps = futures.get(t).get();
                for (int i = 1; i < each; i++) {
                    if (stamps[i] <= stamps[i - 1]) {
                        assertTrue(stamps[i] > stamps[i - 1], "thread " + t + ": " + stamps[i] + " after " + stamps[i - 1]);
                    }
                }
                System.arraycopy(stamps, 0, all, t * each, each);
            }
            Arrays.sort(all);
            assertTrue(all[0] > 0);
            for (int i = 1; i < all.length; i++) {
                if (all[i] == all[i - 1]) {
                    assertNotEquals(all[i - 1], all[i], "stamp drawn twice");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
