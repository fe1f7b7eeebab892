package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Topology}'s growth rule, and its order on a graph larger than its first arrays. */
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
}
