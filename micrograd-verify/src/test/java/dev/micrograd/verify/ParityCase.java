package dev.micrograd.verify;

import java.util.Arrays;

/**
 * A random expression with values for its variables: one try of a parity property.
 *
 * <p>{@link #toString()} is Java code that rebuilds it with micrograd's API, which is what jqwik
 * prints for the (shrunk) failing sample.
 *
 * @param inputs the variables' values
 * @param root the expression
 * @param plan the expression laid out in topological order
 */
public record ParityCase(double[] inputs, Expr root, Plan plan) {

    /**
     * A case from its inputs and expression.
     *
     * @param inputs the variables' values
     * @param root the expression
     * @return the case
     */
    public static ParityCase of(double[] inputs, Expr root) {
        return new ParityCase(inputs.clone(), root, Plan.of(root, inputs.length));
    }

    @Override
    public String toString() {
        return "\n" + plan.toJava(inputs) + "\n// " + plan.size() + " nodes, inputs " + Arrays.toString(inputs);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
