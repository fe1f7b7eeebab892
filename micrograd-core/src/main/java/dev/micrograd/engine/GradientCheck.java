package dev.micrograd.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares the gradients {@link Value#backward()} computes with central finite differences, as
 * {@code torch.autograd.gradcheck} does: a reference for numerical checks of your own expressions.
 *
 * <p>For each input {@code xᵢ} the numerical derivative is
 * {@code (f(x + eps·eᵢ) - f(x - eps·eᵢ)) / (2·eps)}, and the input passes when
 * {@code |analytic - numerical| <= atol + rtol·|numerical|} (NaN never passes). Defaults are
 * PyTorch's: {@code eps = 1e-6}, {@code atol = 1e-5}, {@code rtol = 1e-3}.
 *
 * <pre>{@code
 * GradientCheck.Result r = GradientCheck.defaults().check(x -> x.get(0).mul(x.get(1)).tanh(), 0.5, -1.5);
 * System.out.println(r);            // a table: input, analytic, numerical, abs error, rel error
 * GradientCheck.defaults().checkOrThrow(f, 0.5, -1.5);   // throws GradientCheck.MismatchException
 * }</pre>
 *
 * <p>The function is called {@code 1 + 2n} times with fresh leaves; it must build its result from
 * the leaves it is given and have no other side effects. Finite differences lose accuracy near
 * kinks ({@code relu} at 0) and where the function is steep; keep inputs away from those points.
 */
public final class GradientCheck {
    private static final GradientCheck DEFAULTS = new GradientCheck(1e-6, 1e-5, 1e-3);

    private final double eps;
    private final double atol;
    private final double rtol;

    private GradientCheck(double eps, double atol, double rtol) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
    }

    /**
     * The checker with PyTorch's defaults: eps 1e-6, atol 1e-5, rtol 1e-3.
     *
     * @return the default checker
     */
    public static GradientCheck defaults() {
        return DEFAULTS;
    }

    /**
     * A checker with its own step and tolerances.
     *
     * @param eps the finite-difference step, positive and finite
     * @param atol the absolute tolerance, at least 0
     * @param rtol the relative tolerance, at least 0
     * @return a checker
     * @throws IllegalArgumentException if a number is out of range
     */
    public static GradientCheck of(double eps, double atol, double rtol) {
        if (!(eps > 0.0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be positive and finite, found " + eps);
        }
        if (!(atol >= 0.0) || !(rtol >= 0.0)) {
            throw new IllegalArgumentException("atol and rtol must be at least 0, found atol=" + atol + ", rtol=" + rtol);
        }
        return new GradientCheck(eps, atol, rtol);
    }

    /**
     * Evaluates {@code f} at {@code inputs}, differentiates it with {@link Value#backward()} and by
     * central differences, and compares the two per input.
     *
     * @param f the function, given one fresh leaf per input (in order)
     * @param inputs the point at which to differentiate; at least one
     * @return the comparison, which prints as a table
     * @throws NullPointerException if {@code f} or {@code inputs} is null, or {@code f} returns null
     * @throws IllegalArgumentException if there are no inputs
     */
    public Result check(Function<List<Value>, Value> f, double... inputs) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.length == 0) {
            throw new IllegalArgumentException("gradient check needs at least one input, found 0");
        }
        List<Value> leaves = leaves(inputs);
        Value out = evaluate(f, leaves);
        out.backward();
        double[] point = inputs.clone();
        List<Row> rows = new ArrayList<>(inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            double x = point[i];
            point[i] = x + eps;
            double up = evaluate(f, leaves(point)).data();
            point[i] = x - eps;
            double down = evaluate(f, leaves(point)).data();
            point[i] = x;
            double numerical = (up - down) / (2.0 * eps);
            double analytic = leaves.get(i).grad();
            double absError = Math.abs(analytic - numerical);
            double scale = Math.max(Math.abs(analytic), Math.abs(numerical));
            double relError = scale == 0.0 ? absError : absError / scale;
            boolean passed = absError <= atol + rtol * Math.abs(numerical);
            rows.add(new Row(i, x, analytic, numerical, absError, relError, passed));
        }
        return new Result(out.data(), rows, eps, atol, rtol);
    }

    /**
     * As {@link #check}, but throws when any input fails.
     *
     * @param f the function, given one fresh leaf per input
     * @param inputs the point at which to differentiate
     * @return the comparison, when every input passed
     * @throws MismatchException if an analytic gradient differs from the numerical one; its message holds the table
     */
    public Result checkOrThrow(Function<List<Value>, Value> f, double... inputs) {
        Result result = check(f, inputs);
        if (!result.passed()) {
            throw new MismatchException(result);
        }
        return result;
    }

    private static List<Value> leaves(double[] point) {
        List<Value> leaves = new ArrayList<>(point.length);
        for (int i = 0; i < point.length; i++) {
            leaves.add(Value.of(point[i], "x" + i));
        }
        return Collections.unmodifiableList(leaves);
    }

    private static Value evaluate(Function<List<Value>, Value> f, List<Value> leaves) {
        return Objects.requireNonNull(f.apply(leaves), "the function under check returned null");
    }

    /**
     * One input's comparison.
     *
     * @param index the input's position
     * @param input the input's value
     * @param analytic the gradient from {@link Value#backward()}
     * @param numerical the central-difference estimate
     * @param absError {@code |analytic - numerical|}
     * @param relError {@code absError / max(|analytic|, |numerical|)} (the absolute error where both are 0)
     * @param passed whether {@code absError <= atol + rtol·|numerical|}
     */
    public record Row(int index, double input, double analytic, double numerical,
                      double absError, double relError, boolean passed) {
    }

    /** The outcome of a check: one {@link Row} per input; {@link #toString()} is a readable table. */
    public static final class Result {
        private final double output;
        private final List<Row> rows;
        private final double eps;
        private final double atol;
        private final double rtol;

        Result(double output, List<Row> rows, double eps, double atol, double rtol) {
            this.output = output;
            this.rows = List.copyOf(rows);
            this.eps = eps;
            this.atol = atol;
            this.rtol = rtol;
        }

        /**
         * The function's value at the checked point.
         *
         * @return f(inputs)
         */
        public double output() {
            return output;
        }

        /**
         * One row per input, in order.
         *
         * @return an unmodifiable list
         */
        public List<Row> rows() {
            return rows;
        }

        /**
         * Whether every input passed.
         *
         * @return true if all analytic gradients agree with the numerical ones
         */
        public boolean passed() {
            for (Row row : rows) {
                if (!row.passed()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The largest absolute error over the inputs (NaN if any error is NaN).
         *
         * @return the largest {@code |analytic - numerical|}
         */
        public double maxAbsError() {
            double max = 0.0;
            for (Row row : rows) {
                if (Double.isNaN(row.absError())) {
                    return Double.NaN;
                }
                max = Math.max(max, row.absError());
            }
            return max;
        }

        @Override
        public String toString() {
            StringBuilder table = new StringBuilder();
            table.append(String.format(Locale.ROOT, "gradient check (eps %.0e, atol %.0e, rtol %.0e): %s, f = %s%n",
                    eps, atol, rtol, passed() ? "passed" : "FAILED", output));
            table.append(String.format(Locale.ROOT, "%5s  %14s  %22s  %22s  %10s  %10s  %s%n",
                    "input", "value", "analytic", "numerical", "abs error", "rel error", ""));
            for (Row row : rows) {
                table.append(String.format(Locale.ROOT, "%5s  %14.6g  %22.15g  %22.15g  %10.2e  %10.2e  %s%n",
                        "x" + row.index(), row.input(), row.analytic(), row.numerical(),
                        row.absError(), row.relError(), row.passed() ? "ok" : "MISMATCH"));
            }
            return table.toString();
        }
    }

    /** Thrown by {@link #checkOrThrow}: an analytic gradient differs from its finite-difference estimate. */
    public static final class MismatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Result result;

        MismatchException(Result result) {
            super("analytic and numerical gradients differ:" + System.lineSeparator() + result);
            this.result = result;
        }

        /**
         * The full comparison.
         *
         * @return the result that failed
         */
        public Result result() {
            return result;
        }
    }
}
