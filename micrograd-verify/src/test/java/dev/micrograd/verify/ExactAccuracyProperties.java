package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Graph;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * micrograd against the truth, node by node: in random expressions over every op of core, each
 * node's value, and the local derivatives its backward rule writes, are as close to the exactly
 * rounded result as the op's arithmetic allows, as {@link Exact} measures them.
 *
 * <p>Each node is judged <em>locally</em>: its op is applied again to fresh leaves holding the data
 * its operands hold ({@link Expr#apply}), and {@link Exact#check} replays that one-op graph. The error
 * a node inherits from its operands (cancellation downstream of a rounded result) is the input's, not
 * the op's; {@link ExactCheckTest} shows how {@code Exact} names it.
 *
 * <p>The bounds, in ulps from the exactly rounded result (so 0 means correctly rounded):
 * <ul>
 *   <li>values: 0 for the ops IEEE 754 rounds correctly ({@code + - * /}, {@code neg}, {@code sqrt})
 *       or that round nothing ({@code relu}, {@code abs}, {@code max}, {@code min}); 1 for the
 *       fdlibm functions documented within 1 ulp of the truth ({@code exp}, {@code log}, {@code sin},
 *       {@code cos}, {@code pow}); {@link #COMPOSED} for those composed of several roundings
 *       ({@code tanh}, documented within 2.5 ulps; {@code sigmoid} = {@code 1 / (1 + exp(-x))};
 *       {@code softplus} = {@code log1p(exp(x))}). {@code sum} and {@code dot} of {@code n} terms round
 *       {@code n - 1} additions (and {@code n} products): within {@code n · 2^-52 · Σ|term|} of the
 *       truth (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed., §3.1:
 *       {@code |ŝ - s| ≤ γ_{n-1} Σ|x_i|}, here with room to spare).</li>
 *   <li>local derivatives: 0 where the derivative is an operand or ±1 or 0 ({@code + - *}, {@code neg},
 *       {@code relu}, {@code abs}, {@code max}, {@code min}, {@code sum}, {@code dot}); 2 for {@code /}
 *       ({@code -a/b²} rounds twice). The other ops' derivatives are formulas of rounded results
 *       ({@code 1 - y²}) that may cancel, so they are judged against PyTorch ({@link Parity}), not in
 *       ulps here.</li>
 * </ul>
 */
@AddLifecycleHook(ParityRun.class)
class ExactAccuracyProperties {
    /** Random expressions per run; each of their nodes is replayed at 60 digits. */
    static final int TRIES = 1_000;

    /** Ulps from the truth for an op composed of several roundings. */
    static final long COMPOSED = 3;

    @Provide
    Arbitrary<Expr> expressions() {
        return Expressions.cases();
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void everyNodeIsAsAccurateAsItsOpAllows(@ForAll("expressions") Expr sample) {
        Value root = sample.root();
        for (Value node : Graph.compile(root).nodes()) {
            if (node.isLeaf()) {
                continue;
            }
            List<String> wrong = judge(node);
            Statistics.label("op").collect(node.operation());
            assertEquals(List.of(), wrong, () -> "reproduce with:" + sample);
        }
        Statistics.label("op").coverage(coverage -> {
            for (Op op : Op.values()) {
                if (op != Op.LEAF) {
                    coverage.check(op).count(c -> c > 0);
                }
            }
        });
    }

    @Test
    void aValueOneUlpOffIsCaught() {
        // the judge itself: a node whose data is moved by one ulp after it was built is named
        Value sum = Value.of(0.1).add(Value.of(0.2));
        assertEquals(List.of(), judge(sum));
        sum.setData(Math.nextUp(sum.data()));
        assertEquals(1, judge(sum).size(), judge(sum)::toString);
    }

    @Test
    void aDotOneTermShortIsCaught() {
        Value dot = Value.dot(List.of(Value.of(3.0), Value.of(-2.5)), List.of(Value.of(0.5), Value.of(4.0)), Value.of(1.0));
        assertEquals(List.of(), judge(dot));
        dot.setData(dot.data() - 3.0 * 0.5);
        assertEquals(1, judge(dot).size(), judge(dot)::toString);
    }

    /**
     * The node's op replayed exactly over fresh leaves with its operands' data; empty when its value
     * and the local derivatives are within the bounds of the class comment.
     *
     * @param node a computed node
     * @return one line per number out of bounds
     */
    static List<String> judge(Value node) {
        Op op = node.operation();
        List<Value> operands = new ArrayList<>();
        for (Value child : node.children()) {
            operands.add(Value.of(child.data()));
        }
        Value replayed = Expr.apply(op, operands, op == Op.POW ? node.exponent() : 0.0);
        replayed.setData(node.data());   // judge the value this node holds, as Exact judges any graph
        Exact.Result r = Exact.check(replayed);
        List<Exact.Row> rows = r.rows();
        Exact.Row top = rows.get(rows.size() - 1);
        List<String> wrong = new ArrayList<>();
        if (op == Op.SUM || op == Op.DOT) {
            List<Value> c = node.children();
            int n = op == Op.DOT ? c.size() >>> 1 : c.size();
            int terms = op == Op.DOT ? n + 1 : n;   // a dot adds its bias as one more term
            double scale = 0.0;
            for (int i = 0; i < n; i++) {
                scale += Math.abs(op == Op.DOT ? c.get(i).data() * c.get(n + i).data() : c.get(i).data());
            }
            if (op == Op.DOT) {
                scale += Math.abs(c.get(2 * n).data());
            }
            double error = Math.abs(top.value() - top.exactValue());
            if (Double.isFinite(scale) && Double.isFinite(top.exactValue()) && error > terms * Ulps.EPSILON * scale) {
                wrong.add(op + " value " + top.value() + " is " + error + " from the truth " + top.exactValue()
                        + ", more than " + terms + " · 2^-52 · " + scale + "\n" + r);
            }
        } else if (top.valueUlps() != Exact.UNJUDGED && top.valueUlps() > valueBound(op)) {
            wrong.add(op + " value " + top.value() + " is " + top.valueUlps() + " ulps from the truth, more than "
                    + valueBound(op) + "\n" + r);
        }
        long gradBound = gradBound(op);
        if (gradBound >= 0) {
            for (Exact.Row row : rows.subList(0, rows.size() - 1)) {
                if (row.gradUlps() != Exact.UNJUDGED && row.gradUlps() > gradBound) {
                    wrong.add(op + " local derivative " + row.grad() + " of " + row.node() + " is " + row.gradUlps()
                            + " ulps from the truth, more than " + gradBound + "\n" + r);
                }
            }
        }
        return wrong;
    }

    static long valueBound(Op op) {
        return switch (op) {
            case EXP, LOG, SIN, COS, POW, POW_VALUE -> 1;
            case TANH, SIGMOID, SOFTPLUS -> COMPOSED;
            default -> 0;
        };
    }

    /** The bound of the local derivatives, -1 where they are not judged in ulps. */
    static long gradBound(Op op) {
        return switch (op) {
            case ADD, SUB, MUL, NEG, RELU, ABS, MAX, MIN, SUM, DOT -> 0;
            case DIV -> 2;
            default -> -1;
        };
    }
}
