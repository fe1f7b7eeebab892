package dev.micrograd.verify;

import dev.micrograd.engine.Op;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One expression judged node by node: micrograd's value and gradient against PyTorch's, each by
 * the project's rule for composite results, {@link Ulps#compositeAgree}, against that node's
 * {@link ErrorScale}. A gradient below a ReLU that the two engines branched differently on is
 * indeterminate: not judged, but counted.
 *
 * @param plan the expression
 * @param micrograd micrograd's evaluation
 * @param pytorch PyTorch's evaluation
 * @param scale the rounding scale of every node
 */
public record ExpressionVerdict(Plan plan, Evaluation micrograd, Evaluation pytorch, ErrorScale scale) {

    /**
     * Evaluates a case with both engines and judges it.
     *
     * @param sample the expression and its inputs
     * @return the verdict
     */
    public static ExpressionVerdict of(ParityCase sample) {
        Plan plan = sample.plan();
        return judge(plan, Evaluation.micrograd(plan, sample.inputs()), Evaluation.pytorch(plan, sample.inputs()));
    }

    /**
     * Judges two evaluations of the same plan.
     *
     * @param plan the expression
     * @param micrograd micrograd's evaluation (or any evaluation under test)
     * @param pytorch the reference evaluation
     * @return the verdict
     */
    public static ExpressionVerdict judge(Plan plan, Evaluation micrograd, Evaluation pytorch) {
        return new ExpressionVerdict(plan, micrograd, pytorch, ErrorScale.of(plan, micrograd, pytorch));
    }

    /** @return node {@code i}'s value difference in units of ε·max(|a|, |b|, scale) ({@link Ulps#scaledDistance}) */
    double valueError(int i) {
        return Ulps.scaledDistance(micrograd.data()[i], pytorch.data()[i], scale.value(i));
    }

    /** @return whether node {@code i}'s gradient can be judged (no ReLU above it branched differently) */
    boolean gradientDeterminate(int i) {
        return scale.gradient(i) != Double.POSITIVE_INFINITY;
    }

    /** @return node {@code i}'s gradient difference in units of ε·max(|a|, |b|, scale); NaN scale (a harness bug) fails */
    double gradientError(int i) {
        return Ulps.scaledDistance(micrograd.grad()[i], pytorch.grad()[i], gradientDeterminate(i) ? scale.gradient(i) : 0.0);
    }

    /** @return each disagreement, one line per node and quantity; empty if the engines agree */
    public List<String> mismatches() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Op op = Plan.op(plan.nodes().get(i));
            double rel = valueError(i);
            if (!(rel <= Ulps.COMPOSITE_BOUND)) {
                out.add(String.format("v%d (%s) value: micrograd %s, PyTorch %s (%.3g ε of its scale)",
                        i, op, micrograd.data()[i], pytorch.data()[i], rel));
            }
            double grel = gradientError(i);
            if (gradientDeterminate(i) && !(grel <= Ulps.COMPOSITE_BOUND)) {
                out.add(String.format("v%d (%s) gradient: micrograd %s, PyTorch %s (%.3g ε of its scale)",
                        i, op, micrograd.grad()[i], pytorch.grad()[i], grel));
            }
        }
        return out;
    }

    /**
     * Adds this expression's comparisons to the ledger (values by the node's op, gradients by the
     * ops of the nodes whose backward wrote them).
     *
     * @param ledger the run's ledger
     */
    public void record(ParityLedger ledger) {
        ledger.expression(plan.hasSharedNode());
        List<Set<Op>> consumers = consumers(plan);
        for (int i = 0; i < plan.size(); i++) {
            Op op = Plan.op(plan.nodes().get(i));
            double rel = valueError(i);
            ledger.value(op, absolute(micrograd.data()[i], pytorch.data()[i]), rel, rel <= Ulps.COMPOSITE_BOUND);
            double grel = gradientError(i);
            boolean determinate = gradientDeterminate(i);
            ledger.gradient(consumers.get(i), absolute(micrograd.grad()[i], pytorch.grad()[i]), grel,
                    !determinate || grel <= Ulps.COMPOSITE_BOUND, determinate);
        }
    }

    /** |a - b|, 0 for NaN and NaN and for equal infinities (what the report shows beside the judged measure). */
    static double absolute(double a, double b) {
        return Ulps.scaledDistance(a, b, 0.0) == 0.0 ? 0.0 : Math.abs(a - b);
    }

    /** For each node, the ops of the nodes that use it (whose backward writes its gradient). */
    private static List<Set<Op>> consumers(Plan plan) {
        List<Set<Op>> out = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            out.add(EnumSet.noneOf(Op.class));
        }
        for (int i = 0; i < plan.size(); i++) {
            for (int o : plan.operands(i)) {
                out.get(o).add(Plan.op(plan.nodes().get(i)));
            }
        }
        return out;
    }
}
