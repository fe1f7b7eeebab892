package dev.micrograd.nn;

import dev.micrograd.engine.Value;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The checked parameter array an optimizer works on. */
final class Params {
    private Params() {
    }

    /** Copies {@code params}, rejecting null, empty lists, null elements and repeated parameters. */
    static Value[] of(List<Value> params) {
        Objects.requireNonNull(params, "params");
        if (params.isEmpty()) {
            throw new IllegalArgumentException("an optimizer needs at least one parameter, found 0");
        }
        Value[] out = new Value[params.size()];
        Map<Value, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < out.length; i++) {
            Value p = params.get(i);
            if (p == null) {
                throw new NullPointerException("params[" + i + "] is null");
            }
            Integer first = seen.putIfAbsent(p, i);
            if (first != null) {
                throw new IllegalArgumentException("expected distinct parameters, found params[" + first
                        + "] and params[" + i + "] to be the same Value");
            }
            out[i] = p;
        }
        return out;
    }

    static void zeroGrad(Value[] params) {
        for (Value p : params) {
            p.setGrad(0.0);
        }
    }
}
