package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Topology}'s growth rule, its order on a graph larger than its first arrays, the negative-zero
 * test, and what a backward pass leaves in this thread's reusable arrays.
 */
class TopologyTest {

    /** Half as much again plus 16: 64 → 112 → 184; the last allowed size and the first refused one. */
    @Test
    void growsByHalfPlusSixteenUpToTheArrayLimit() {
        assertEquals(112, Topology.grow(64));
        assertEquals(184, Topology.grow(112));
        // 1431655749 + 715827874 + 16 = Integer.MAX_VALUE - 8, the largest capacity allowed
        assertEquals(Integer.MAX_VALUE - 8, Topology.grow(1_431_655_749));
        IllegalStateException tooLarge = assertThrows(IllegalStateException.class, () -> Topology.grow(1_431_655_750));
        assertEquals("graph too large to order: more than 1431655750 nodes", tooLarge.getMessage());
        // past Integer.MAX_VALUE the sum overflows to a negative number, which is refused too
        assertThrows(IllegalStateException.class, () -> Topology.grow(Integer.MAX_VALUE - 8));
    }

    /** A chain of 1000 additions is deeper and longer than the walk's first arrays of 64. */
    @Test
    void ordersAChainLongerThanItsFirstArrays() {
        List<Value> chain = new ArrayList<>();
        Value node = Value.of(0.0);
        chain.add(node);
        for (int i = 1; i <= 1000; i++) {
            node = node.add(1.0);
            chain.add(node.children[1]);
            chain.add(node);
        }
        Topology order = Topology.of(node);
        assertEquals(chain.size(), order.size());
        for (int i = 0; i < chain.size(); i++) {
            assertSame(chain.get(i), order.get(i), "position " + i);
        }
    }

    @Test
    void negativeZeroIsTheOnlyNegativeZero() {
        assertTrue(Topology.isNegativeZero(-0.0));
        assertFalse(Topology.isNegativeZero(0.0));
        assertFalse(Topology.isNegativeZero(-Double.MIN_VALUE));
        assertFalse(Topology.isNegativeZero(Double.NaN));
        assertFalse(Topology.isNegativeZero(-1.0));
    }

    /** A chain of {@code length} negations below a leaf: {@code length + 1} nodes, as deep as it is long. */
    private static Value negations(int length) {
        Value node = Value.of(1.0);
        for (int i = 0; i < length; i++) {
            node = node.neg();
        }
        return node;
    }

    /**
     * {@link #negations} after a {@link Topology#of} walk has marked every node: the marks replace
     * the creation stamps, so {@link Topology#forBackward} has to walk this chain (these tests are
     * about the walk's working arrays).
     */
    private static Value walkedNegations(int length) {
        Value root = negations(length);
        Topology.of(root);
        return root;
    }

    /**
     * Runs {@code body} on a new thread, whose reusable arrays no earlier walk has touched, and
     * rethrows what it threw.
     */
    static void onAFreshThread(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join();
        Throwable t = failure.get();
        if (t instanceof Error error) {
            throw error;
        }
        if (t != null) {
            throw new AssertionError(t);
        }
    }

    /** A backward pass allocates no walk of its own: the walk after a released one, {@link Value#backward()}'s included, is the same. */
    @Test
    void aReleasedWalkServesTheNextOneOnThisThread() throws InterruptedException {
        onAFreshThread(() -> {
            Topology first = Topology.forBackward(walkedNegations(10));
            first.release();
            negations(3).backward();
            Topology next = Topology.forBackward(walkedNegations(5));
            try {
                assertSame(first, next);
                assertEquals(6, next.size());
            } finally {
                next.release();
            }
        });
    }

    /** A walk started while this thread's arrays are in use gets arrays of its own and leaves the first walk's order intact. */
    @Test
    void aWalkStartedWhileAnotherIsInUseGetsItsOwnArrays() throws InterruptedException {
        onAFreshThread(() -> {
            Value outerRoot = walkedNegations(3);
            Topology outer = Topology.forBackward(outerRoot);
            try {
                Topology inner = Topology.forBackward(walkedNegations(7));
                try {
                    assertNotSame(outer, inner);
                    assertEquals(8, inner.size());
                } finally {
                    inner.release();
                }
                assertEquals(4, outer.size());
                assertSame(outerRoot, outer.get(3));
                assertSame(outerRoot.children[0], outer.get(2));
            } finally {
                outer.release();
            }
        });
    }

    /** Once {@link Value#backward()} returns, this thread's arrays hold no node: the graph can be collected. */
    @Test
    void afterBackwardTheGraphCanBeCollected() throws InterruptedException {
        WeakReference<Value> root = differentiatedAndForgotten();
        for (int i = 0; i < 100 && root.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(root.get(), "a node of a finished backward pass is still reachable");
    }

    private static WeakReference<Value> differentiatedAndForgotten() {
        Value root = negations(50).mul(Value.of(2.0)).tanh();
        root.backward();
        return new WeakReference<>(root);
    }

    /**
     * The memory promise of {@code KEPT_CAPACITY}: arrays grown past 2^18 entries are dropped after
     * the walk, smaller ones are kept for the next. Array sizes are not visible through the class's
     * methods, so they are read from its fields.
     */
    @Test
    void arraysGrownPastTheKeptCapacityAreDroppedAndSmallerOnesKept() throws InterruptedException {
        onAFreshThread(() -> {
            Topology huge = Topology.forBackward(walkedNegations(300_000));   // 300,001 nodes, 300,000 deep
            assertTrue(((Object[]) field(huge, "nodes")).length > 1 << 18);
            assertTrue(((Object[]) field(huge, "stack")).length > 1 << 18);
            huge.release();
            assertEquals(64, ((Object[]) field(huge, "nodes")).length);
            assertEquals(64, ((Object[]) field(huge, "stack")).length);
            assertEquals(64, ((int[]) field(huge, "resumeAt")).length);

            Topology small = Topology.forBackward(walkedNegations(100));
            assertSame(huge, small, "the same thread's arrays");
            Object nodes = field(small, "nodes");
            Object stack = field(small, "stack");
            Object resumeAt = field(small, "resumeAt");
            assertEquals(112, ((Object[]) nodes).length, "grown once from 64 for 101 nodes");
            small.release();
            assertSame(nodes, field(small, "nodes"));
            assertSame(stack, field(small, "stack"));
            assertSame(resumeAt, field(small, "resumeAt"));
            for (Object node : (Object[]) nodes) {
                assertNull(node);
            }
            for (Object node : (Object[]) stack) {
                assertNull(node);
            }
        });
    }

    /** A private field of {@code topology}, for the tests of its arrays' sizes (not visible through its methods). */
    static Object field(Topology topology, String name) {
        try {
            Field field = Topology.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(topology);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Topology has no field " + name, e);
        }
    }
}
