package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.fail;

import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * The central promise: for random expressions over every op of core, with shared
 * sub-expressions, micrograd's value and gradient at every node of the graph agree with PyTorch
 * autograd's (float64), as {@link Parity#check} judges a user's graph: each node is its op applied
 * to the same operands in both engines, its value within {@link Ulps#boundFor} the op, its
 * gradient bit for bit or within what the transcendental ops it came through explain
 * ({@link Ulps#derivativesAgree}).
 */
@AddLifecycleHook(RequiresPyTorch.class)
@AddLifecycleHook(ParityRun.class)
class ExpressionParityProperties {
    /** Random expressions per run: at least 10,000, so each op meets every other op many times. */
    static final int TRIES = 10_000;

    @Provide
    Arbitrary<Expr> expressions() {
        return Expressions.cases();
    }

    // jqwik's edge cases (minimal programs, inputs 0 and ±3) would be a sixth of the tries and all tiny;
    // the numeric edges have their own table (DomainEdgeTest).
    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void valuesAndGradientsEqualPyTorch(@ForAll("expressions") Expr sample) {
        Value root = sample.root();
        Parity.Result result = Parity.check(root, Torch::rule);
        record(root, result, ParityLedger.get());
        collectStatistics(root, sample);
        if (!result.passed()) {
            fail("micrograd and PyTorch disagree:\n" + result + "reproduce with:" + sample);
        }
    }

    /**
     * Adds one expression's comparisons to the ledger: each node's value by its op, each gradient
     * by the ops of the nodes whose backward wrote it.
     *
     * @param root the expression's root
     * @param result its check
     * @param ledger the run's ledger
     */
    static void record(Value root, Parity.Result result, ParityLedger ledger) {
        List<Value> nodes = Graph.compile(root).nodes();
        ledger.expression(shared(nodes));
        List<Set<Op>> consumers = consumers(nodes);
        for (int i = 0; i < nodes.size(); i++) {
            Parity.Row r = result.rows().get(i);
            ledger.value(nodes.get(i).operation(), absolute(r.value(), r.pytorchValue()), r.valueUlps(), r.valueAgrees());
            ledger.gradient(consumers.get(i), absolute(r.grad(), r.pytorchGrad()), r.gradUlps(), r.gradAgrees());
        }
    }

    /** |a - b|, 0 for NaN and NaN and for equal infinities (what the report shows beside the ulps). */
    static double absolute(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b)) ? 0.0 : Math.abs(a - b);
    }

    /** @return whether some node is an operand of two or more nodes, or twice of one (a DAG rather than a tree) */
    static boolean shared(List<Value> nodes) {
        Set<Value> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Value node : nodes) {
            for (Value child : node.children()) {
                if (!used.add(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** For each node, the ops of the nodes that use it (whose backward writes its gradient). */
    private static List<Set<Op>> consumers(List<Value> nodes) {
        Map<Value, Integer> index = new IdentityHashMap<>();
        List<Set<Op>> out = new ArrayList<>();
        for (Value node : nodes) {
            index.put(node, out.size());
            out.add(EnumSet.noneOf(Op.class));
        }
        for (Value node : nodes) {
            for (Value child : node.children()) {
                out.get(index.get(child)).add(node.operation());
            }
        }
        return out;
    }

    private static void collectStatistics(Value root, Expr sample) {
        List<Value> nodes = Graph.compile(root).nodes();
        Set<Op> ops = EnumSet.noneOf(Op.class);
        boolean integerPow = false;
        boolean fractionalPow = false;
        boolean constantOperand = false;
        for (Value node : nodes) {
            ops.add(node.operation());
            if (node.operation() == Op.POW) {
                if (node.exponent() == Math.rint(node.exponent())) {
                    integerPow = true;
                } else {
                    fractionalPow = true;
                }
            }
            constantOperand |= node.isLeaf() && node.label().isEmpty();
        }
        ops.remove(Op.LEAF);
        for (Op op : ops) {
            Statistics.label("op").collect(op.name());
        }
        Statistics.label("shape").collect(shared(nodes) ? "DAG (shared sub-expression)" : "tree");
        Statistics.label("variables").collect(sample.inputs().length);
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
