package dev.micrograd.verify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks a graph against PyTorch (float64, through DJL): every node's value and gradient, judged
 * by the project's rule ({@link Ulps}).
 *
 * <pre>{@code
 * Value x = Value.of(0.5, "x");
 * Value y = x.mul(x).tanh().label("y");
 * Parity.Result r = Parity.check(y);
 * System.out.println(r);      // node, op, value here / there, gradient here / there, ulps apart, agree
 * assertTrue(r.passed(), r::toString);   // or Parity.checkOrThrow(y)
 * }</pre>
 *
 * <p><b>What is compared.</b> The graph as the user built it: the data its nodes hold now (micrograd
 * is never recomputed, so a node whose data was changed by hand after it was built is a mismatch),
 * and the gradients of one {@link Value#backward()} from the root with every leaf's gradient
 * started at 0. Afterwards every node's gradient is set back to what it held, so the check leaves
 * the user's gradients as it found them.
 *
 * <p><b>How PyTorch replays it.</b> Node by node: each computed node's op is applied, in PyTorch,
 * to the data micrograd's operands hold, and PyTorch's autograd runs one backward pass through all
 * of these applications at once, each fed micrograd's gradient of that node. So every node is one
 * application of its op to the same operands in both engines, which is what the rule judges; a
 * last-bit difference in one node (two correct results of {@code tanh} may be 2 ulps apart) is
 * judged there and is not carried into the nodes above it. A node's gradient on PyTorch's side is
 * the sum of PyTorch's contributions into it, added in micrograd's order.
 *
 * <p><b>The rule.</b> Values: {@link Ulps#valuesAgree} with {@link Ulps#boundFor} the node's op
 * (special values exactly, exact ops bit for bit, transcendental ops within
 * {@value Ulps#TRANSCENDENTAL_BOUND} ulps). Gradients: {@link Ulps#derivativesAgree}, bit for bit
 * where every contribution came through an exact backward formula from the same numbers. Where a
 * contribution came through a transcendental op whose bound is {@code k} ulps, it may differ by
 * {@code (k + 1)·ε} of itself (a factor {@code k} ulps off, and one more rounding), and
 * where the op's derivative is computed from its output ({@code 1 - y²} for tanh) and the two
 * engines' outputs differ within the value bound, by what that output difference makes of the
 * formula (evaluated exactly); where the formula subtracts from 1, by the op's bound in ulps of 1
 * times the node's gradient (PyTorch may round {@code 1 - y²} with a fused multiply-add). The sum
 * of these, plus an ulp of each partial sum, is the allowed
 * difference. At tanh's saturation that may be many ulps: there neither engine keeps many digits
 * ({@link Exact} says how many).
 *
 * <p>PyTorch must load: {@link PyTorch#available()}.
 */
public final class Parity {
    private Parity() {
    }

    /**
     * Checks the graph below {@code root} against PyTorch.
     *
     * @param root the output
     * @return one row per node, in topological order (the root last)
     * @throws NullPointerException if {@code root} is null
     * @throws UnsupportedOperationException naming the op if a node's op has no PyTorch rule
     * @throws PyTorchUnavailableException if PyTorch cannot be loaded here, saying how to get it
     */
    public static Result check(Value root) {
        return check(root, OpTables::torch);
    }

    /**
     * As {@link #check(Value)}, against {@code reference}'s rules instead of {@link OpTables}'
     * PyTorch table: for the module's own tests, which check the rule against a PyTorch whose
     * results are moved on purpose (a wrong engine must fail, a CPU that rounds the other way must
     * pass).
     *
     * @param root the output
     * @param reference the PyTorch rule of each op
     * @return one row per node, in topological order (the root last)
     */
    static Result check(Value root, Function<Op, OpTables.TorchRule> reference) {
        Graphs graph = Graphs.of(root);
        List<Value> nodes = graph.nodes;
        for (Value node : nodes) {
            if (!node.isLeaf()) {
                reference.apply(node.operation());
            }
        }
        PyTorch.require();
        int n = nodes.size();
        double[] gradHere = graph.oneBackwardPass();
        double[] there = new double[n];
        double[][] contribution = new double[n][];
        int[][] operands = new int[n][];
        try (NDManager manager = PyTorch.newManager();
             GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray[][] in = new NDArray[n][];
            NDArray[] out = new NDArray[n];
            NDList weighted = new NDList();
            for (int i = 0; i < n; i++) {
                Value node = nodes.get(i);
                operands[i] = graph.operands(i);
                if (node.isLeaf()) {
                    there[i] = node.data();
                    continue;
                }
                in[i] = new NDArray[operands[i].length];
                for (int j = 0; j < in[i].length; j++) {
                    in[i][j] = manager.create(nodes.get(operands[i][j]).data());
                    in[i][j].setRequiresGradient(true);
                }
                out[i] = reference.apply(node.operation()).apply(manager, node, in[i]);
                weighted.add(out[i].mul(manager.create(gradHere[i])));
            }
            if (!weighted.isEmpty()) {
                collector.backward(NDArrays.stack(weighted).sum());
            }
            for (int i = 0; i < n; i++) {
                if (out[i] == null) {
                    continue;
                }
                there[i] = out[i].getDouble();
                contribution[i] = new double[in[i].length];
                for (int j = 0; j < in[i].length; j++) {
                    contribution[i][j] = in[i][j].getGradient().getDouble();
                }
            }
        }

        // PyTorch's gradient of each node: its contributions, added as micrograd's backward adds them
        double[] gradThere = new double[n];
        double[] tolerance = new double[n];
        gradThere[n - 1] = 1.0;
        for (int i = n - 1; i >= 0; i--) {
            Value node = nodes.get(i);
            if (node.isLeaf()) {
                continue;
            }
            double[] slack = contributionSlack(graph, i, there[i], gradHere[i], contribution[i]);
            for (int j : accumulationOrder(node.operation(), operands[i].length)) {
                int c = operands[i][j];
                gradThere[c] += contribution[i][j];
                if (slack[j] > 0.0 || tolerance[c] > 0.0) {
                    tolerance[c] += slack[j] + Math.ulp(gradThere[c]);
                }
            }
        }

        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Value node = nodes.get(i);
            double here = node.data();
            boolean valueAgrees = Ulps.valuesAgree(here, there[i], Ulps.boundFor(node.operation()));
            double g = gradHere[i];
            double gt = gradThere[i];
            boolean gradAgrees = Ulps.derivativesAgree(g, gt, tolerance[i]);
            rows.add(new Row(graph.name(i), node.op(), here, there[i], Ulps.distance(here, there[i]), valueAgrees,
                    g, gt, Ulps.distance(g, gt), gradAgrees));
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
     * @throws UnsupportedOperationException naming the op if a node's op has no PyTorch rule
     * @throws PyTorchUnavailableException if PyTorch cannot be loaded here
     */
    public static Result check(Function<List<Value>, Value> f, double... inputs) {
        return check(Graphs.apply(f, inputs));
    }

    /**
     * As {@link #check(Value)}, but throws when a node disagrees.
     *
     * @param root the output
     * @return the comparison, when every node agreed
     * @throws MismatchException with the table, if a value or gradient disagrees
     * @throws UnsupportedOperationException naming the op if a node's op has no PyTorch rule
     * @throws PyTorchUnavailableException if PyTorch cannot be loaded here
     */
    public static Result checkOrThrow(Value root) {
        return orThrow(check(root));
    }

    /**
     * As {@link #check(Function, double...)}, but throws when a node disagrees.
     *
     * @param f the function
     * @param inputs the point; at least one
     * @return the comparison, when every node agreed
     * @throws MismatchException with the table, if a value or gradient disagrees
     * @throws UnsupportedOperationException naming the op if a node's op has no PyTorch rule
     * @throws PyTorchUnavailableException if PyTorch cannot be loaded here
     */
    public static Result checkOrThrow(Function<List<Value>, Value> f, double... inputs) {
        return orThrow(check(f, inputs));
    }

    private static Result orThrow(Result result) {
        if (!result.passed()) {
            throw new MismatchException(result);
        }
        return result;
    }

    /**
     * The order in which micrograd's backward rule of {@code op} adds into its operands: operand
     * order, except {@code dot}, which adds {@code w₀, x₀, w₁, x₁, …} and the bias last. The order
     * matters when one node is two operands of the same node.
     */
    static int[] accumulationOrder(Op op, int arity) {
        int[] order = new int[arity];
        if (op == Op.DOT) {
            int n = arity >>> 1;
            for (int i = 0; i < n; i++) {
                order[2 * i] = i;
                order[2 * i + 1] = n + i;
            }
            order[2 * n] = 2 * n;
        } else {
            for (int j = 0; j < arity; j++) {
                order[j] = j;
            }
        }
        return order;
    }

    /**
     * How far each of PyTorch's contributions from node {@code i} may be from micrograd's without
     * either being wrong: the op's bound plus one, times ε of the contribution (and the op's bound in
     * ulps of the gradient times the
     * constant its backward formula subtracts from, as in {@code 1 - y²}, where an engine that
     * rounds the formula differently, with a fused multiply-add, say, differs by that), plus, where the two engines'
     * outputs differ, the change that output difference makes in the exact local derivative
     * times the node's gradient. 0 for an exact op fed the same numbers.
     */
    private static double[] contributionSlack(Graphs graph, int i, double yThere, double g, double[] contribution) {
        Value node = graph.nodes.get(i);
        long bound = Ulps.boundFor(node.operation());
        double[] slack = new double[contribution.length];
        if (bound == 0) {
            return slack;
        }
        double formulaScale = OpTables.exact(node.operation()).backwardRoundingScale();
        for (int j = 0; j < slack.length; j++) {
            // the derivative's factor may be bound ulps of itself off: a relative bound·ε, which is up to
            // 2·bound ulps of the contribution (the two lie at different places in their binades),
            // and the products after it round once more in each engine
            slack[j] = (bound + 1) * Ulps.EPSILON * Math.abs(contribution[j]) + bound * Math.ulp(g * formulaScale);
        }
        double yHere = node.data();
        if (OpTables.exact(node.operation()).fromOutput()
                && Double.doubleToLongBits(yHere) != Double.doubleToLongBits(yThere)
                && Double.isFinite(yHere) && Double.isFinite(yThere) && Double.isFinite(g)) {
            List<Value> children = node.children();
            BigDecimal[] a = new BigDecimal[children.size()];
            for (int j = 0; j < a.length; j++) {
                double x = children.get(j).data();
                if (!Double.isFinite(x)) {
                    return slack;
                }
                a[j] = new BigDecimal(x);
            }
            OpTables.ExactDerivative d = OpTables.exact(node.operation()).derivative();
            try {
                BigDecimal[] atHere = d.apply(a, new BigDecimal(yHere), node, Exact.MC);
                BigDecimal[] atThere = d.apply(a, new BigDecimal(yThere), node, Exact.MC);
                for (int j = 0; j < slack.length; j++) {
                    slack[j] += Math.abs(g) * atHere[j].subtract(atThere[j], Exact.MC).abs().doubleValue();
                }
            } catch (ArithmeticException outsideTheReals) {
                // no finite derivative to compare: the bound in ulps stands
            }
        }
        return slack;
    }

    /**
     * One node's comparison.
     *
     * @param node the node's name: {@code #i} (its position in topological order) and its label
     * @param op the node's op, as {@link Value#op()}
     * @param value micrograd's value (the node's data)
     * @param pytorchValue PyTorch's value of the same op on the same operands
     * @param valueUlps ulps between the two values ({@link Ulps#distance})
     * @param valueAgrees whether the values agree by the rule
     * @param grad micrograd's gradient of the root with respect to this node, one backward pass
     * @param pytorchGrad PyTorch's
     * @param gradUlps ulps between the two gradients
     * @param gradAgrees whether the gradients agree by the rule
     */
    public record Row(String node, String op, double value, double pytorchValue, long valueUlps, boolean valueAgrees,
                      double grad, double pytorchGrad, long gradUlps, boolean gradAgrees) {
        /** @return whether value and gradient agree */
        public boolean agrees() {
            return valueAgrees && gradAgrees;
        }
    }

    /** The outcome of {@link Parity#check}: one {@link Row} per node; {@link #toString()} is a table. */
    public static final class Result {
        private final List<Row> rows;

        Result(List<Row> rows) {
            this.rows = List.copyOf(rows);
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
         * Whether every node's value and gradient agree with PyTorch's.
         *
         * @return true if all agree
         */
        public boolean passed() {
            return mismatches().isEmpty();
        }

        /**
         * The rows that disagree.
         *
         * @return a new list, in topological order
         */
        public List<Row> mismatches() {
            List<Row> out = new ArrayList<>();
            for (Row r : rows) {
                if (!r.agrees()) {
                    out.add(r);
                }
            }
            return out;
        }

        /**
         * The largest distance in ulps between the engines, over values and gradients.
         *
         * @return the largest {@link Row#valueUlps()} or {@link Row#gradUlps()}
         */
        public long maxUlps() {
            return Graphs.maxUlps(rows, Row::valueUlps, Row::gradUlps);
        }

        /**
         * The table: node, op, value here / there, gradient here / there, ulps apart, agree.
         *
         * @return the printed table
         */
        @Override
        public String toString() {
            StringBuilder t = new StringBuilder();
            t.append(String.format(Locale.ROOT, "parity with PyTorch (float64): %s, %d nodes, %d disagree%n",
                    passed() ? "passed" : "FAILED", rows.size(), mismatches().size()));
            t.append(String.format(Locale.ROOT, "%-12s %-8s %24s %24s %24s %24s %11s  %s%n", "node", "op",
                    "value here", "value there", "gradient here", "gradient there", "ulps apart", "agree"));
            for (Row r : rows) {
                t.append(String.format(Locale.ROOT, "%-12s %-8s %24s %24s %24s %24s %11s  %s%n", r.node(), r.op(),
                        r.value(), r.pytorchValue(), r.grad(), r.pytorchGrad(),
                        Exact.ulpsText(r.valueUlps()) + " / " + Exact.ulpsText(r.gradUlps()),
                        r.agrees() ? "yes" : "NO (" + (r.valueAgrees() ? "" : "value") + (r.valueAgrees() || r.gradAgrees()
                                ? "" : ", ") + (r.gradAgrees() ? "" : "gradient") + ")"));
            }
            return t.toString();
        }
    }

    /** Thrown by {@link #checkOrThrow}: a node's value or gradient disagrees with PyTorch's. */
    public static final class MismatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Result result;

        MismatchException(Result result) {
            super("micrograd and PyTorch disagree:" + System.lineSeparator() + result);
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
