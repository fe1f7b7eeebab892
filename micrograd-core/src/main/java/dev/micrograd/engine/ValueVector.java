package dev.micrograd.engine;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable sequence of {@link Value}s, for operands that many nodes share: a neuron's weights,
 * which every sample's weighted sum reads, and a layer's inputs, which each of its neurons reads.
 * {@link Value#dot(ValueVector, ValueVector, Value)} keeps a reference to its vectors instead of
 * copying their elements into each node, so a layer of {@code n} neurons over {@code m} inputs holds
 * one copy of the inputs rather than {@code n}.
 *
 * <p>The elements are fixed at creation (the factories copy their argument); the {@code Value}s
 * themselves stay mutable as always. Two vectors are equal only if they are the same object.
 */
public final class ValueVector {
    private static final ValueVector EMPTY = new ValueVector(new Value[0]);

    /** The elements; never written after construction, and never handed out. */
    final Value[] items;
    /** Whether every element is a leaf, as {@link Value#isLeaf()} (which never changes for a node). */
    final boolean allLeaves;

    private ValueVector(Value[] items) {
        this.items = items;
        boolean leaves = true;
        for (Value v : items) {
            leaves &= v.op == Op.LEAF;
        }
        this.allLeaves = leaves;
    }

    /**
     * A vector of the elements of {@code values}, in order.
     *
     * @param values the elements (copied, not kept)
     * @return a new vector
     * @throws NullPointerException if {@code values} or one of its elements is null; the message
     *     names the element's index
     */
    public static ValueVector of(List<Value> values) {
        Objects.requireNonNull(values, "values");
        Value[] items = values.toArray(new Value[0]);
        return checked(items);
    }

    /**
     * A vector of {@code values}, in order.
     *
     * @param values the elements (the array is copied, not kept)
     * @return a new vector
     * @throws NullPointerException if {@code values} or one of its elements is null; the message
     *     names the element's index
     */
    public static ValueVector of(Value... values) {
        Objects.requireNonNull(values, "values");
        return checked(values.clone());
    }

    /** A vector of {@code items}, which the caller hands over: not copied, not checked for null. */
    static ValueVector owning(Value[] items) {
        return new ValueVector(items);
    }

    private static ValueVector checked(Value[] items) {
        for (int i = 0; i < items.length; i++) {
            if (items[i] == null) {
                throw new NullPointerException("values[" + i + "] is null");
            }
        }
        return items.length == 0 ? EMPTY : new ValueVector(items);
    }

    /**
     * The number of elements.
     *
     * @return the size
     */
    public int size() {
        return items.length;
    }

    /**
     * The element at {@code index}.
     *
     * @param index the position, from 0
     * @return the element
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public Value get(int index) {
        Objects.checkIndex(index, items.length);
        return items[index];
    }

    /**
     * The elements as a list.
     *
     * @return an unmodifiable view, in order
     */
    public List<Value> asList() {
        return new View(items);
    }

    @Override
    public String toString() {
        return asList().toString();
    }

    /** A read-only view of an array that is never written. */
    private static final class View extends AbstractList<Value> implements RandomAccess {
        private final Value[] items;

        View(Value[] items) {
            this.items = items;
        }

        @Override
        public Value get(int index) {
            Objects.checkIndex(index, items.length);
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }
}
