package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.verify.Expr.Binary;
import dev.micrograd.verify.Expr.BinaryOp;
import dev.micrograd.verify.Expr.Dot;
import dev.micrograd.verify.Expr.Pow;
import dev.micrograd.verify.Expr.Sum;
import dev.micrograd.verify.Expr.Unary;
import dev.micrograd.verify.Expr.UnaryOp;
import dev.micrograd.verify.Expr.Var;
import dev.micrograd.verify.Expr.WithConstant;
import dev.micrograd.engine.Op;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * The judge of the parity property, {@link ErrorScale}, tested both ways: it must not call
 * rounding a mismatch (expressions where the two engines legitimately differ far beyond
 * {@link Ulps#COMPOSITE_BOUND} ε of their own values, each found by a random run), and it must
 * still catch a wrong engine (a PyTorch with one op's value or local derivative off by one part in
 * a million, about 7·10<sup>4</sup> times the bound).
 */
@AddLifecycleHook(RequiresPyTorch.class)
@AddLifecycleHook(ParityRun.class)
class ErrorScaleProperties {
    /** The relative error given to the mutated op's value or local derivative. */
    static final double PERTURBATION = 1e-6;
    /**
     * The share of expressions, per op, in which a mutant whose error reaches some value or
     * gradient must be caught; the rest are nodes whose answers are rounding noise of what
     * cancelled ({@code x/x}, {@code log(exp(x))} at tiny x), where no float64 comparison can see it.
     */
    static final double CAUGHT_PERCENT = 70.0;

    /**
     * The dot product cancels (x·x - x·x) and keeps 1e-60 where PyTorch, summing
     * in another order, keeps the bias 1e-48; cubed, the values are 8e-180 and 8e-144. The scale must
     * come from the size of what cancelled, also after the cube (whose slope at 1e-60 is nearly 0).
     */
    @Example
    void aCancelledDotProductCubedIsRounding() {
        Expr x = new Var(0);
        Expr x4 = new Pow(x, 4.0);
        Expr v2 = new Binary(BinaryOp.ADD, x4, x);
        Expr dot = new Dot(List.of(v2, v2, v2), List.of(v2, new Unary(UnaryOp.NEG, x), x4), x4);
        Expr root = new Pow(new Binary(BinaryOp.ADD, dot, dot), 3.0);
        agreeOnlyWithinRounding(ParityCase.of(new double[] {1e-12}, root));
    }

    /**
     * Random run, seed 7: {@code tanh(x) - x} for x = -1.7429e-8 is 0 in micrograd (StrictMath's
     * tanh returns x) and one ulp of x in PyTorch; squared, 0 against 1e-47.
     */
    @Example
    void aSquaredDifferenceOfTanhAndItsArgumentIsRounding() {
        Expr x = new Var(0);
        Expr d = new Binary(BinaryOp.SUB, new Unary(UnaryOp.TANH, x), x);
        Expr root = new Unary(UnaryOp.TANH, new Binary(BinaryOp.MUL, d, d));
        agreeOnlyWithinRounding(ParityCase.of(new double[] {-1.7429e-8}, root));
    }

    /**
     * Random run, seed 7: the same cancellation raised to the 4th power; micrograd's gradient
     * through it is 4·0³ = 0, PyTorch's -6.6e-116: the slope of the power must be taken over the
     * interval the base may lie in, not at micrograd's 0.
     */
    @Example
    void aPowerOfACancelledValueHasAGradientOfRoundingSize() {
        Expr x = new Var(0);
        Expr t = new Unary(UnaryOp.TANH, x);
        Expr v3 = new Sum(List.of(new Unary(UnaryOp.NEG, x), t));
        Expr v7 = new Binary(BinaryOp.SUB, new Binary(BinaryOp.ADD, v3, v3), new Pow(new Binary(BinaryOp.MUL, v3, t), 4.0));
        Expr root = new WithConstant(BinaryOp.DIV, new Binary(BinaryOp.MUL, v7, v7), 0.25);
        agreeOnlyWithinRounding(ParityCase.of(new double[] {2.0514e-8}, root));
    }

    @Provide
    Arbitrary<ParityCase> expressions() {
        return Expressions.cases();
    }

    /**
     * A PyTorch whose op has its local derivative off by one part in a million (in every node of
     * that op) is caught, op by op, wherever the error reaches a gradient at all.
     */
    @Property(tries = 1_000, edgeCases = EdgeCasesMode.NONE)
    void aBackwardOffByOnePartInAMillionIsCaught(@ForAll("expressions") ParityCase sample) {
        mutantsAreCaught(sample, "backward", op -> new Evaluation.Mutation(op, 0.0, PERTURBATION));
    }

    /** A PyTorch whose op has its forward value off by one part in a million is caught, op by op. */
    @Property(tries = 1_000, edgeCases = EdgeCasesMode.NONE)
    void aForwardOffByOnePartInAMillionIsCaught(@ForAll("expressions") ParityCase sample) {
        mutantsAreCaught(sample, "forward", op -> new Evaluation.Mutation(op, PERTURBATION, 0.0));
    }

    /**
     * Every op of the sample, made wrong by {@code mutant} in turn, is caught wherever its error
     * reaches a value or gradient; the catch rate per op is collected and covered.
     */
    static void mutantsAreCaught(ParityCase sample, String what, Function<Op, Evaluation.Mutation> mutant) {
        Plan plan = sample.plan();
        Evaluation mg = Evaluation.micrograd(plan, sample.inputs());
        Evaluation pt = Evaluation.pytorch(plan, sample.inputs());
        assertEquals(List.of(), ExpressionVerdict.judge(plan, mg, pt).mismatches(), "unmutated, the engines agree");
        Set<Op> ops = EnumSet.noneOf(Op.class);
        plan.nodes().forEach(e -> ops.add(Plan.op(e)));
        ops.remove(Op.LEAF);
        for (Op op : ops) {
            Evaluation wrong = Evaluation.pytorch(plan, sample.inputs(), mutant.apply(op));
            if (Arrays.equals(wrong.data(), pt.data()) && Arrays.equals(wrong.grad(), pt.grad())) {
                continue; // the error reached nothing (a gradient of 0 through the op, a value lost in rounding)
            }
            boolean caught = !ExpressionVerdict.judge(plan, mg, wrong).mismatches().isEmpty();
            Statistics.label(what + " of " + op).collect(caught ? "caught" : "missed");
        }
        for (Op op : Expressions.OPS) {
            Statistics.label(what + " of " + op).coverage(coverage ->
                    coverage.check("caught").percentage(p -> p >= CAUGHT_PERCENT));
        }
    }

    /**
     * The case's engines differ somewhere by more than {@link Ulps#COMPOSITE_BOUND} ε of their own
     * values (an error scale of 0), and the verdict, with the error scale, still finds them equal.
     */
    private static void agreeOnlyWithinRounding(ParityCase sample) {
        ExpressionVerdict verdict = ExpressionVerdict.of(sample);
        double naive = 0;
        for (int i = 0; i < verdict.plan().size(); i++) {
            naive = Math.max(naive, Ulps.scaledDistance(verdict.micrograd().data()[i], verdict.pytorch().data()[i], 0.0));
            naive = Math.max(naive, Ulps.scaledDistance(verdict.micrograd().grad()[i], verdict.pytorch().grad()[i], 0.0));
        }
        assertTrue(naive > Ulps.COMPOSITE_BOUND, "the engines should differ here beyond " + Ulps.COMPOSITE_BOUND
                + " ε of themselves (largest " + naive + " ε):" + sample);
        assertEquals(List.of(), verdict.mismatches(), "rounding judged a mismatch:" + sample);
    }

}
