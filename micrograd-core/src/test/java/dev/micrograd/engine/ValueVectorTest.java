package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ValueVector}: an immutable copy, checked once, read through a view. */
class ValueVectorTest {
    private final Value a = Value.of(1.0, "a");
    private final Value b = Value.of(2.0, "b");

    @Test
    void holdsItsElementsInOrder() {
        ValueVector v = ValueVector.of(a, b, a);
        assertEquals(3, v.size());
        assertSame(a, v.get(0));
        assertSame(b, v.get(1));
        assertSame(a, v.get(2));
        assertEquals(List.of(a, b, a), v.asList());
        assertEquals(List.of(a, b, a).toString(), v.toString());
    }

    @Test
    void copiesItsArgumentSoLaterWritesDoNotReachIt() {
        Value[] array = {a, b};
        List<Value> list = new ArrayList<>(List.of(a, b));
        ValueVector fromArray = ValueVector.of(array);
        ValueVector fromList = ValueVector.of(list);
        array[0] = b;
        list.set(0, b);
        assertSame(a, fromArray.get(0));
        assertSame(a, fromList.get(0));
    }

    @Test
    void itsListIsReadOnly() {
        List<Value> view = ValueVector.of(a, b).asList();
        assertThrows(UnsupportedOperationException.class, () -> view.set(0, b));
        assertThrows(UnsupportedOperationException.class, () -> view.add(a));
        assertThrows(IndexOutOfBoundsException.class, () -> view.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> view.get(-1));
    }

    @Test
    void refusesAnIndexOutOfRange() {
        ValueVector v = ValueVector.of(a);
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(-1));
    }

    @Test
    void refusesNullsNamingTheIndex() {
        assertEquals("values", assertThrows(NullPointerException.class, () -> ValueVector.of((Value[]) null)).getMessage());
        assertEquals("values", assertThrows(NullPointerException.class, () -> ValueVector.of((List<Value>) null)).getMessage());
        assertEquals("values[1] is null", assertThrows(NullPointerException.class,
                () -> ValueVector.of(a, null)).getMessage());
        assertEquals("values[0] is null", assertThrows(NullPointerException.class,
                () -> ValueVector.of(Arrays.asList(null, a))).getMessage());
    }

    @Test
    void anEmptyVectorIsEmpty() {
        assertEquals(0, ValueVector.of().size());
        assertTrue(ValueVector.of(List.of()).asList().isEmpty());
    }

    @Test
    void knowsWhetherEveryElementIsALeaf() {
        assertTrue(ValueVector.of(a, b).allLeaves);
        assertTrue(ValueVector.of().allLeaves);
        assertEquals(false, ValueVector.of(a, a.add(b)).allLeaves);
        assertEquals(false, ValueVector.of(a.add(b), a).allLeaves);
    }
}
