package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.fail;

import dev.micrograd.engine.Op;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.opentest4j.AssertionFailedError;

/**
 * The central promise: for random expressions over every op of core, with shared
 * sub-expressions, micrograd's value and gradients equal PyTorch autograd's (float64) at every node
 * of the graph, by the project's rule for composite results ({@link Ulps#compositeAgree}, within
 * {@link Ulps#COMPOSITE_BOUND} ε of each node's {@link ErrorScale}).
 *
 * <p>A gradient below a kink the two engines took on different sides (a ReLU or {@code abs} whose
 * input they rounded to opposite sides of 0, a {@code max} or {@code min} whose operands they
 * ordered differently, softplus at its threshold) cannot be compared ({@link ErrorScale} gives it an infinite scale): it is counted as indeterminate, not
 * judged. So that this cannot hide a regression, at most {@link #MAX_INDETERMINATE_SHARE} of the
 * run's gradient comparisons may be indeterminate; the count is printed after the property.
 */
@AddLifecycleHook(RequiresPyTorch.class)
@AddLifecycleHook(ParityRun.class)
class ExpressionParityProperties {
    /** Random expressions per run: at least 10,000, so each op meets every other op many times. */
    static final int TRIES = 10_000;
    /** The largest share of gradient comparisons that may go unjudged (indeterminate) in a run. */
    static final double MAX_INDETERMINATE_SHARE = 0.01;

    private static ParityLedger.Snapshot before;

    @BeforeContainer
    static void rememberTheLedger() {
        before = ParityLedger.get().snapshot();
    }

    @AfterContainer
    static void fewGradientsWereLeftUnjudged() {
        ParityLedger.Snapshot after = ParityLedger.get().snapshot();
        long compared = after.gradientComparisons() - before.gradientComparisons();
        long indeterminate = after.indeterminate() - before.indeterminate();
        String counts = indeterminate + " of " + compared + " gradient comparisons indeterminate (not judged: below a kink, ReLU, abs,"
                + " max, min or softplus, that the two engines took on different sides); at most "
                + String.format(Locale.ROOT, "%.0f%%", 100 * MAX_INDETERMINATE_SHARE) + " allowed";
        System.out.println("micrograd-verify: " + counts);
        if (indeterminate > MAX_INDETERMINATE_SHARE * compared) {
            throw new AssertionFailedError("too many gradients left unjudged: " + counts);
        }
    }

    @Provide
    Arbitrary<ParityCase> expressions() {
        return Expressions.cases();
    }

    // jqwik's edge cases (minimal programs, inputs 0 and ±3) would be a sixth of the tries and all tiny;
    // the numeric edges have their own table (DomainEdgeTest).
    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void valuesAndGradientsEqualPyTorch(@ForAll("expressions") ParityCase sample) {
        ExpressionVerdict verdict = ExpressionVerdict.of(sample);
        verdict.record(ParityLedger.get());
        collectStatistics(sample.plan());
        List<String> mismatches = verdict.mismatches();
        if (!mismatches.isEmpty()) {
            fail("micrograd and PyTorch disagree:\n  " + String.join("\n  ", mismatches)
                    + "\nreproduce with:" + sample);
        }
    }

    private static void collectStatistics(Plan plan) {
        Set<Op> ops = EnumSet.noneOf(Op.class);
        boolean integerPow = false;
        boolean fractionalPow = false;
        boolean constantOperand = false;
        for (Expr e : plan.nodes()) {
            ops.add(Plan.op(e));
            if (e instanceof Expr.Pow p) {
                if (p.exponent() == Math.rint(p.exponent())) {
                    integerPow = true;
                } else {
                    fractionalPow = true;
                }
            }
            constantOperand |= e instanceof Expr.WithConstant || e instanceof Expr.Const;
        }
        ops.remove(Op.LEAF);
        for (Op op : ops) {
            Statistics.label("op").collect(op.name());
        }
        Statistics.label("shape").collect(plan.hasSharedNode() ? "DAG (shared sub-expression)" : "tree");
        Statistics.label("variables").collect(plan.variables());
        if (integerPow) {
            Statistics.label("pow exponent").collect("integer");
        }
        if (fractionalPow) {
            Statistics.label("pow exponent").collect("fractional");
        }
        Statistics.label("constant operand").collect(constantOperand);

        int minimum = ParityRun.tries(TRIES) / 100;
        Statistics.label("op").coverage(coverage -> {
            for (Op op : Expressions.OPS) {
                coverage.check(op.name()).count(n -> n >= minimum);
            }
        });
        Statistics.label("shape").coverage(coverage ->
                coverage.check("DAG (shared sub-expression)").percentage(p -> p >= 30.0));
        Statistics.label("pow exponent").coverage(coverage -> {
            coverage.check("integer").count(n -> n >= minimum);
            coverage.check("fractional").count(n -> n >= minimum);
        });
        Statistics.label("variables").coverage(coverage -> {
            for (int v = 1; v <= Expressions.MAX_VARIABLES; v++) {
                coverage.check(v).count(n -> n >= minimum);
            }
        });
    }
}
