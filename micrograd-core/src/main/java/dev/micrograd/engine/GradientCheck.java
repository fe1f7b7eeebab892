package dev.micrograd.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares the gradients {@link Value#backward()} computes with central finite differences, as
 * {@code torch.autograd.gradcheck} does (and the Hessians {@link Autograd} computes, as
 * {@code gradgradcheck}): a reference for numerical checks of your own expressions.
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
 * <p>{@link #checkSecondOrder} does the same one order higher, as {@code torch.autograd.gradgradcheck}:
 * the Hessian {@link Autograd#hessian} computes against central differences of the first-order
 * gradient, {@code H[i][j] ≈ (∂f/∂xᵢ(x + eps·eⱼ) - ∂f/∂xᵢ(x - eps·eⱼ)) / (2·eps)}, with the same
 * tolerances, entry by entry.
 *
 * <pre>{@code
 * GradientCheck.SecondOrderResult h = GradientCheck.defaults().checkSecondOrder(
 *         x -> x.get(0).pow(3).mul(x.get(1)).add(x.get(0).sin()), 2.0, 3.0);
 * System.out.println(h);            // a table: entry, analytic, numerical, abs error, rel error
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
            rows.add(new Row(i, x, analytic, numerical, absError, relError(analytic, numerical),
                    passes(absError, numerical)));
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

    /**
     * Computes the Hessian of {@code f} at {@code inputs} with {@link Autograd#hessian} and by
     * central differences of the gradient {@link Value#backward()} computes, and compares them
     * entry by entry: {@code torch.autograd.gradgradcheck}'s check, on the whole Hessian.
     *
     * @param f the function, given one fresh leaf per input (in order)
     * @param inputs the point at which to differentiate; at least one
     * @return the comparison, one row per Hessian entry (row-major), which prints as a table
     * @throws NullPointerException if {@code f} or {@code inputs} is null, or {@code f} returns null
     * @throws IllegalArgumentException if there are no inputs
     */
    public SecondOrderResult checkSecondOrder(Function<List<Value>, Value> f, double... inputs) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.length == 0) {
            throw new IllegalArgumentException("second-order check needs at least one input, found 0");
        }
        int n = inputs.length;
        List<Value> leaves = leaves(inputs);
        Value out = evaluate(f, leaves);
        double[][] analytic = Autograd.hessian(out, leaves);
        double[][] numerical = new double[n][n];
        double[] point = inputs.clone();
        for (int j = 0; j < n; j++) {
            double x = point[j];
            point[j] = x + eps;
            double[] up = gradient(f, point);
            point[j] = x - eps;
            double[] down = gradient(f, point);
            point[j] = x;
            for (int i = 0; i < n; i++) {
                numerical[i][j] = (up[i] - down[i]) / (2.0 * eps);
            }
        }
        List<SecondOrderRow> rows = new ArrayList<>(n * n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double absError = Math.abs(analytic[i][j] - numerical[i][j]);
                rows.add(new SecondOrderRow(i, j, analytic[i][j], numerical[i][j], absError,
                        relError(analytic[i][j], numerical[i][j]), passes(absError, numerical[i][j])));
            }
        }
        return new SecondOrderResult(out.data(), inputs.clone(), rows, eps, atol, rtol);
    }

    /** {@code |analytic - numerical| / max(|analytic|, |numerical|)}, the absolute error where both are 0. */
    private static double relError(double analytic, double numerical) {
        double absError = Math.abs(analytic - numerical);
        double scale = Math.max(Math.abs(analytic), Math.abs(numerical));
        return scale == 0.0 ? absError : absError / scale;
    }

    /** The tolerance test: {@code absError <= atol + rtol·|numerical|} (false for NaN). */
    private boolean passes(double absError, double numerical) {
        return absError <= atol + rtol * Math.abs(numerical);
    }

    /** The first-order gradient of {@code f} at {@code point}, by {@link Value#backward()} on fresh leaves. */
    private static double[] gradient(Function<List<Value>, Value> f, double[] point) {
        List<Value> leaves = leaves(point);
        evaluate(f, leaves).backward();
        double[] g = new double[point.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = leaves.get(i).grad();
        }
        return g;
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
                      double absError, double relError, boolean passed) implements Entry {
    }

    /** The outcome of a check: one {@link Row} per input; {@link #toString()} is a readable table. */
    public static final class Result extends Outcome<Row> {
        Result(double output, List<Row> rows, double eps, double atol, double rtol) {
            super("gradient check", "", output, rows, eps, atol, rtol);
        }

        @Override
        String header() {
            return String.format(Locale.ROOT, "%5s  %14s  %22s  %22s  %10s  %10s  %s%n",
                    "input", "value", "analytic", "numerical", "abs error", "rel error", "");
        }

        @Override
        String line(Row row) {
            return String.format(Locale.ROOT, "%5s  %14.6g  %22.15g  %22.15g  %10.2e  %10.2e  %s%n",
                    "x" + row.index(), row.input(), row.analytic(), row.numerical(),
                    row.absError(), row.relError(), row.passed() ? "ok" : "MISMATCH");
        }
    }

    /**
     * One Hessian entry's comparison.
     *
     * @param row {@code i} in {@code d²f / (dxᵢ dxⱼ)}
     * @param column {@code j}
     * @param analytic the entry from {@link Autograd#hessian}
     * @param numerical the central difference of the analytic gradient {@code dxᵢ} along {@code xⱼ}
     * @param absError {@code |analytic - numerical|}
     * @param relError {@code absError / max(|analytic|, |numerical|)} (the absolute error where both are 0)
     * @param passed whether {@code absError <= atol + rtol·|numerical|}
     */
    public record SecondOrderRow(int row, int column, double analytic, double numerical,
                                 double absError, double relError, boolean passed) implements Entry {
    }

    /** The outcome of a second-order check: one {@link SecondOrderRow} per Hessian entry; {@link #toString()} is a table. */
    public static final class SecondOrderResult extends Outcome<SecondOrderRow> {
        SecondOrderResult(double output, double[] inputs, List<SecondOrderRow> rows, double eps, double atol, double rtol) {
            super("second-order check", " at " + Arrays.toString(inputs), output, rows, eps, atol, rtol);
        }

        @Override
        String header() {
            return String.format(Locale.ROOT, "%12s  %22s  %22s  %10s  %10s  %s%n",
                    "entry", "analytic", "numerical", "abs error", "rel error", "");
        }

        @Override
        String line(SecondOrderRow row) {
            return String.format(Locale.ROOT, "%12s  %22.15g  %22.15g  %10.2e  %10.2e  %s%n",
                    "d2/dx" + row.row() + "dx" + row.column(), row.analytic(), row.numerical(),
                    row.absError(), row.relError(), row.passed() ? "ok" : "MISMATCH");
        }
    }

    /** What a row of either check reports about itself. */
    interface Entry {
        /** {@code |analytic - numerical|}. */
        double absError();

        /** Whether the entry is within the tolerances. */
        boolean passed();
    }

    /**
     * What both checks report: the function's value, one {@link Entry} per row, and a table of them
     * whose first line states the tolerances and the verdict.
     *
     * @param <R> the row type
     */
    abstract static class Outcome<R extends Entry> {
        private final String title;
        private final String point;
        private final double output;
        private final List<R> rows;
        private final double eps;
        private final double atol;
        private final double rtol;

        Outcome(String title, String point, double output, List<R> rows, double eps, double atol, double rtol) {
            this.title = title;
            this.point = point;
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
         * The rows in order: one per input for the first-order check, one per Hessian entry,
         * row-major ({@code (0,0), (0,1), …}), for the second-order check.
         *
         * @return an unmodifiable list
         */
        public List<R> rows() {
            return rows;
        }

        /**
         * Whether every row passed.
         *
         * @return true if all analytic derivatives agree with the numerical ones
         */
        public boolean passed() {
            for (R row : rows) {
                if (!row.passed()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The largest absolute error over the rows (NaN if any error is NaN).
         *
         * @return the largest {@code |analytic - numerical|}
         */
        public double maxAbsError() {
            double max = 0.0;
            for (R row : rows) {
                if (Double.isNaN(row.absError())) {
                    return Double.NaN;
                }
                max = Math.max(max, row.absError());
            }
            return max;
        }

        /** The table's column titles, one line. */
        abstract String header();

        /** One row of the table, one line. */
        abstract String line(R row);

        @Override
        public String toString() {
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                    "%s (eps %.0e, atol %.0e, rtol %.0e): %s, f = %s%s%n",
                    title, eps, atol, rtol, passed() ? "passed" : "FAILED", output, point));
            table.append(header());
            for (R row : rows) {
                table.append(line(row));
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
