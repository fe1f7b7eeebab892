package dev.micrograd.verify;

import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How far micrograd's values and gradients are from the truth: the graph replayed in exact
 * arithmetic ({@value #DIGITS} significant digits, big-math), each node's value and gradient
 * compared with the exactly rounded result, in ulps and in correct digits.
 *
 * <pre>{@code
 * Value x = Value.of(6.0, "x");
 * Exact.Result r = Exact.check(x.tanh());
 * System.out.println(r);      // x's gradient: 1 - tanh²(6) from the rounded tanh keeps about 8 digits
 * r.maxUlps();                // the largest distance of any value or gradient from the truth
 * }</pre>
 *
 * <p>The truth of a node is computed from the leaves' data, which are exact (a double is a
 * rational number), through every node above it; the truth of a gradient is the exact backward
 * pass from the root (root gradient 1). micrograd's side is what the graph holds now: its nodes'
 * data, and the gradients of one {@link Value#backward()} from the root with leaf gradients
 * started at 0, after which every gradient is set back to what it held.
 *
 * <p>A node whose digits are lost is named, with the reason: where a value has two or more
 * correct digits fewer than the operands it was computed from (cancellation in {@code a - b},
 * an ill-conditioned op), or a gradient two or more fewer than the gradients and values it was
 * computed from ({@code 1 - tanh²} at saturation, contributions that cancel).
 *
 * <p>Where the truth is not a real number (a leaf that is infinite or NaN, {@code log} of a
 * negative number, {@code 0/0}, and everything computed from such a node) the row says so and
 * its distance is not counted, except where the truth still rounds to a known double ({@code
 * log 0 = -Infinity}, {@code 1/0 = Infinity}, {@code exp} beyond ±100000): then that double is
 * the reference.
 */
public final class Exact {
    /** The working precision of the exact replay, in significant decimal digits. */
    public static final int DIGITS = 60;

    /** The most correct digits a row reports: a double holds 15.95 to 17; exact results show this. */
    public static final double ALL_DIGITS = 17.0;

    /** How many correct digits fewer than its inputs a number must have for its node to be named. */
    public static final double LOSS = 2.0;

    /** A distance that is not counted: the truth is not a real number. */
    public static final long UNJUDGED = -1;

    static final MathContext MC = new MathContext(DIGITS, RoundingMode.HALF_EVEN);
    private static final MathContext GUESS = new MathContext(20, RoundingMode.HALF_EVEN);

    private Exact() {
    }

    /**
     * Replays the graph below {@code root} exactly and compares every node.
     *
     * @param root the output
     * @return one row per node, in topological order (the root last)
     * @throws NullPointerException if {@code root} is null
     * @throws UnsupportedOperationException naming the op if a node's op has no exact rule
     */
    public static Result check(Value root) {
        Graphs graph = Graphs.of(root);
        List<Value> nodes = graph.nodes;
        for (Value node : nodes) {
            OpTables.exact(node.operation());
        }
        int n = nodes.size();
        double[] grads = graph.oneBackwardPass();

        // forward, exactly; null where the truth is not a real number
        BigDecimal[] value = new BigDecimal[n];
        double[] notReal = new double[n];
        int[][] operands = new int[n][];
        for (int i = 0; i < n; i++) {
            Value node = nodes.get(i);
            operands[i] = graph.operands(i);
            if (node.isLeaf()) {
                if (Double.isFinite(node.data())) {
                    value[i] = new BigDecimal(node.data());
                } else {
                    notReal[i] = node.data();
                }
                continue;
            }
            BigDecimal[] a = exactOperands(value, operands[i]);
            if (a == null) {
                notReal[i] = Double.NaN;
                continue;
            }
            try {
                value[i] = OpTables.exact(node.operation()).value().apply(a, node, MC);
            } catch (OpTables.NotReal e) {
                notReal[i] = e.rounded;
            }
        }

        // backward, exactly; null where a gradient depends on a node that is not real
        BigDecimal[] grad = new BigDecimal[n];
        boolean[] gradReal = new boolean[n];
        BigDecimal[] largestContribution = new BigDecimal[n];
        int[] largestFrom = new int[n];
        int[] consumers = new int[n];
        java.util.Arrays.fill(gradReal, true);
        java.util.Arrays.fill(largestFrom, -1);
        for (int i = 0; i < n; i++) {
            grad[i] = BigDecimal.ZERO;
        }
        grad[n - 1] = BigDecimal.ONE;
        for (int i = n - 1; i >= 0; i--) {
            Value node = nodes.get(i);
            if (node.isLeaf()) {
                continue;
            }
            BigDecimal[] a = exactOperands(value, operands[i]);
            BigDecimal[] d = null;
            if (gradReal[i] && a != null && value[i] != null) {
                try {
                    d = OpTables.exact(node.operation()).derivative().apply(a, value[i], node, MC);
                } catch (OpTables.NotReal e) {
                    d = null;
                }
            }
            for (int j = 0; j < operands[i].length; j++) {
                int c = operands[i][j];
                consumers[c]++;
                if (d == null) {
                    gradReal[c] = false;
                    continue;
                }
                BigDecimal contribution = d[j].multiply(grad[i], MC);
                grad[c] = grad[c].add(contribution, MC);
                if (largestContribution[c] == null || contribution.abs().compareTo(largestContribution[c]) > 0) {
                    largestContribution[c] = contribution.abs();
                    largestFrom[c] = i;
                }
            }
        }

        List<Row> rows = new ArrayList<>(n);
        double[] valueDigits = new double[n];
        double[] gradDigits = new double[n];
        for (int i = 0; i < n; i++) {
            valueDigits[i] = value[i] == null ? Double.NaN : digits(nodes.get(i).data(), value[i]);
            gradDigits[i] = gradReal[i] ? digits(grads[i], grad[i]) : Double.NaN;
        }
        // a gradient is computed from its consumers' gradients and values
        double[] gradInputDigits = new double[n];
        java.util.Arrays.fill(gradInputDigits, ALL_DIGITS);
        for (int k = 0; k < n; k++) {
            for (int c : operands[k]) {
                gradInputDigits[c] = Math.min(gradInputDigits[c], Math.min(gradDigits[k], valueDigits[k]));
            }
        }
        for (int i = 0; i < n; i++) {
            Value node = nodes.get(i);
            double v = node.data();
            double exactV = value[i] != null ? round(value[i]) : notReal[i];
            long vUlps = value[i] != null || !Double.isNaN(notReal[i]) ? Ulps.distance(v, exactV) : UNJUDGED;
            double exactG = gradReal[i] ? round(grad[i]) : Double.NaN;
            long gUlps = gradReal[i] ? Ulps.distance(grads[i], exactG) : UNJUDGED;
            String note = note(graph, i, value, valueDigits, gradDigits, gradInputDigits, gradReal, operands, grad,
                    largestContribution, largestFrom, consumers);
            rows.add(new Row(graph.name(i), node.op(), v, exactV, vUlps, valueDigits[i], grads[i], exactG, gUlps,
                    gradDigits[i], note));
        }
        return new Result(rows);
    }

    /**
     * As {@link #check(Value)}, for {@code f} applied to one fresh leaf per input (labelled
     * {@code x0}, {@code x1}, ...), as {@code GradientCheck} takes a function.
     *
     * @param f the function
     * @param inputs the point; at least one
     * @return the comparison
     * @throws NullPointerException if {@code f} or {@code inputs} is null, or {@code f} returns null
     * @throws IllegalArgumentException if there are no inputs
     * @throws UnsupportedOperationException naming the op if a node's op has no exact rule
     */
    public static Result check(Function<List<Value>, Value> f, double... inputs) {
        return check(Graphs.apply(f, inputs));
    }

    /**
     * The distance in ulps from {@code x} to the exactly rounded {@code truth}: 0 if {@code x} is
     * the correctly rounded result, 1 if it is a neighbour of it (faithful rounding), and so on
     * ({@link Ulps#distance}).
     *
     * @param x a computed double
     * @param truth the exact result
     * @return the distance in ulps
     */
    public static long ulps(double x, BigDecimal truth) {
        if (Double.isFinite(x) && x != 0.0 && Math.abs(x) < Double.MAX_VALUE) {
            // the common case, decided by one exact subtraction: x within half an ulp of the truth
            int c = new BigDecimal(x).subtract(truth).abs().compareTo(new BigDecimal(Math.ulp(x) / 2));
            if (c < 0 || (c == 0 && (Double.doubleToRawLongBits(x) & 1) == 0)) {
                return 0;
            }
        }
        return Ulps.distance(x, round(truth));
    }

    /**
     * {@code truth} rounded to the nearest double, ties to even, overflowing to an infinity: the
     * exactly rounded result. Decided by exact comparison with the two candidates around a short
     * approximation, so it is right for a truth of any length, one that lies exactly halfway
     * between two doubles included.
     *
     * @param truth an exact value
     * @return the nearest double
     */
    public static double round(BigDecimal truth) {
        // 20 digits are within an ulp of the truth, so the nearest double is the guess or a neighbour
        double guess = truth.round(GUESS).doubleValue();
        if (!Double.isFinite(guess) || guess == 0.0) {
            return truth.doubleValue();
        }
        double best = guess;
        BigDecimal bestError = new BigDecimal(guess).subtract(truth).abs();
        for (double candidate : new double[] {Math.nextDown(guess), Math.nextUp(guess)}) {
            if (!Double.isFinite(candidate)) {
                continue;
            }
            int c = new BigDecimal(candidate).subtract(truth).abs().compareTo(bestError);
            if (c < 0 || (c == 0 && (Double.doubleToRawLongBits(candidate) & 1) == 0)) {
                best = candidate;
                bestError = new BigDecimal(candidate).subtract(truth).abs();
            }
        }
        return best;
    }

    /**
     * The correct significant decimal digits of {@code x}: {@code -log10(|x - truth| / |truth|)},
     * between 0 and {@link #ALL_DIGITS} ({@link #ALL_DIGITS} when {@code x} is exactly the truth;
     * when the truth is 0, {@link #ALL_DIGITS} for {@code x = ±0} and 0 otherwise; 0 for a
     * non-finite {@code x}).
     *
     * @param x a computed double
     * @param truth the exact result
     * @return the correct digits
     */
    public static double digits(double x, BigDecimal truth) {
        if (!Double.isFinite(x)) {
            return 0.0;
        }
        if (truth.signum() == 0) {
            return x == 0.0 ? ALL_DIGITS : 0.0;
        }
        BigDecimal error = new BigDecimal(x).subtract(truth);
        if (error.signum() == 0) {
            return ALL_DIGITS;
        }
        double d = log10(truth) - log10(error);
        return Math.max(0.0, Math.min(ALL_DIGITS, d));
    }

    /** {@code log10 |v|} to about 15 digits, for any exponent (no double overflow or underflow), from the top 63 bits. */
    private static double log10(BigDecimal v) {
        java.math.BigInteger u = v.unscaledValue().abs();
        int shift = Math.max(0, u.bitLength() - 63);
        return Math.log10(u.shiftRight(shift).doubleValue()) + shift * LOG10_2 - v.scale();
    }

    private static final double LOG10_2 = Math.log10(2.0);

    private static BigDecimal[] exactOperands(BigDecimal[] value, int[] at) {
        BigDecimal[] a = new BigDecimal[at.length];
        for (int j = 0; j < at.length; j++) {
            a[j] = value[at[j]];
            if (a[j] == null) {
                return null;
            }
        }
        return a;
    }

    /** Why node {@code i}'s value or gradient lost digits, naming the node responsible; "" if none did. */
    private static String note(Graphs graph, int i, BigDecimal[] value, double[] valueDigits, double[] gradDigits,
                               double[] gradInputDigits, boolean[] gradReal, int[][] operands, BigDecimal[] grad,
                               BigDecimal[] largestContribution, int[] largestFrom, int[] consumers) {
        List<String> notes = new ArrayList<>(2);
        Value node = graph.nodes.get(i);
        if (value[i] == null) {
            notes.add("no real value (an operand is infinite or NaN, or outside the op's domain)");
        } else if (!node.isLeaf()) {
            double best = ALL_DIGITS;
            for (int c : operands[i]) {
                best = Math.min(best, valueDigits[c]);
            }
            if (valueDigits[i] <= best - LOSS) {
                String why = OpTables.exact(node.operation()).forwardLoss();
                notes.add(String.format(Locale.ROOT, "value lost %.1f digits here (%s)", best - valueDigits[i],
                        why.isEmpty() ? "rounding" : why));
            }
        }
        if (gradReal[i] && largestFrom[i] >= 0) {
            double best = gradInputDigits[i];
            if (gradDigits[i] <= best - LOSS) {
                int from = largestFrom[i];
                String why;
                if (consumers[i] > 1 && grad[i].abs().multiply(BigDecimal.valueOf(100))
                        .compareTo(largestContribution[i]) < 0) {
                    why = "cancellation: the contributions of its " + consumers[i] + " uses nearly cancel";
                } else {
                    Op op = graph.nodes.get(from).operation();
                    String loss = OpTables.exact(op).backwardLoss();
                    why = "in the backward of " + graph.name(from) + " " + graph.nodes.get(from).op() + ": "
                            + (loss.isEmpty() ? "rounding of its local derivative" : loss);
                }
                notes.add(String.format(Locale.ROOT, "gradient lost %.1f digits (%s)", best - gradDigits[i], why));
            }
        }
        return String.join("; ", notes);
    }

    /**
     * One node's comparison with the truth.
     *
     * @param node the node's name: {@code #i} (its position in topological order) and its label
     * @param op the node's op, as {@link Value#op()}
     * @param value micrograd's value (the node's data)
     * @param exactValue the exactly rounded true value (NaN if the truth is not a real number)
     * @param valueUlps ulps from {@code value} to {@code exactValue}, {@link #UNJUDGED} if not real
     * @param valueDigits correct digits of {@code value} (NaN if not real)
     * @param grad micrograd's gradient of the root with respect to this node, one backward pass
     * @param exactGrad the exactly rounded true gradient (NaN if not real)
     * @param gradUlps ulps from {@code grad} to {@code exactGrad}, {@link #UNJUDGED} if not real
     * @param gradDigits correct digits of {@code grad} (NaN if not real)
     * @param note where and why digits were lost at this node; empty if none were
     */
    public record Row(String node, String op, double value, double exactValue, long valueUlps, double valueDigits,
                      double grad, double exactGrad, long gradUlps, double gradDigits, String note) {
    }

    /** The outcome of {@link Exact#check}: one {@link Row} per node; {@link #toString()} is a table. */
    public static final class Result {
        private final List<Row> rows;

        Result(List<Row> rows) {
            this.rows = Collections.unmodifiableList(new ArrayList<>(rows));
        }

        /**
         * One row per node, operands before the nodes computed from them, the root last.
         *
         * @return an unmodifiable list
         */
        public List<Row> rows() {
            return rows;
        }

        /**
         * The largest distance, in ulps, of any node's value or gradient from the exactly rounded
         * result; 0 when every number is exactly rounded. Rows whose truth is not a real number are
         * not counted. {@link Ulps#INCOMPARABLE} if a finite number met an infinite or NaN truth.
         *
         * @return the largest distance
         */
        public long maxUlps() {
            return Graphs.maxUlps(rows, Row::valueUlps, Row::gradUlps);
        }

        /**
         * The fewest correct digits of any value or gradient ({@link Exact#ALL_DIGITS} if all are exact).
         *
         * @return the fewest correct digits
         */
        public double minDigits() {
            double min = ALL_DIGITS;
            for (Row r : rows) {
                if (!Double.isNaN(r.valueDigits())) {
                    min = Math.min(min, r.valueDigits());
                }
                if (!Double.isNaN(r.gradDigits())) {
                    min = Math.min(min, r.gradDigits());
                }
            }
            return min;
        }

        /**
         * The rows that name lost digits, each as {@code "node: note"}.
         *
         * @return the notes, in topological order
         */
        public List<String> losses() {
            List<String> out = new ArrayList<>();
            for (Row r : rows) {
                if (!r.note().isEmpty()) {
                    out.add(r.node() + " " + r.op() + ": " + r.note());
                }
            }
            return out;
        }

        /**
         * The table: node, op, value here and exact, ulps, digits, gradient here and exact, ulps,
         * digits, and the note.
         *
         * @return the printed table
         */
        @Override
        public String toString() {
            StringBuilder t = new StringBuilder();
            t.append(String.format(Locale.ROOT, "exact check (%d digits): max %s from the exactly rounded result, "
                    + "fewest correct digits %.1f%n", DIGITS, ulpsText(maxUlps()) + " ulps", minDigits()));
            t.append(String.format(Locale.ROOT, "%-12s %-8s %24s %24s %5s %6s %24s %24s %5s %6s  %s%n", "node", "op",
                    "value", "exact", "ulps", "digits", "gradient", "exact", "ulps", "digits", "note"));
            for (Row r : rows) {
                t.append(String.format(Locale.ROOT, "%-12s %-8s %24s %24s %5s %6s %24s %24s %5s %6s  %s%n",
                        r.node(), r.op(), r.value(), r.exactValue(), ulpsText(r.valueUlps()), digitsText(r.valueDigits()),
                        r.grad(), r.exactGrad(), ulpsText(r.gradUlps()), digitsText(r.gradDigits()), r.note()));
            }
            return t.toString();
        }
    }

    static String ulpsText(long ulps) {
        if (ulps == UNJUDGED) {
            return "-";
        }
        return ulps == Ulps.INCOMPARABLE ? "inf" : Long.toString(ulps);
    }

    static String digitsText(double digits) {
        return Double.isNaN(digits) ? "-" : String.format(Locale.ROOT, "%.1f", digits);
    }
}
