package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the modules, with messages that say what was expected and found. */
final class Checks {
    private Checks() {
    }

    static void atLeastOne(int n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, found " + n);
        }
    }

    /**
     * Checks that {@code x} holds exactly {@code expected} non-null inputs for {@code who} and
     * returns them as a new array (read from the list once).
     */
    static Value[] inputs(List<Value> x, int expected, String who) {
        Objects.requireNonNull(x, "x");
        Value[] inputs = x.toArray(new Value[0]);
        if (inputs.length != expected) {
            throw new IllegalArgumentException(
                    who + " expects " + expected + " inputs, found " + inputs.length);
        }
        for (int i = 0; i < expected; i++) {
            if (inputs[i] == null) {
                throw new NullPointerException("x[" + i + "] is null");
            }
        }
        return inputs;
    }

    static List<Value> leaves(double[] x) {
        Objects.requireNonNull(x, "x");
        List<Value> values = new ArrayList<>(x.length);
        for (double xi : x) {
            values.add(Value.of(xi));
        }
        return values;
    }
}
