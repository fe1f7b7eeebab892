package dev.micrograd.verify;

import dev.micrograd.engine.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the parity tests measured during this test run, kept for the report: counts, the largest
 * errors per op, the tanh sweep, the networks and the edge-case table.
 *
 * <p>One instance per JVM ({@link #get()}); tests record into it, and the
 * {@code ParityReportListener} reads it when the test plan finishes. Synchronized, because the
 * listener and the tests may run on different threads.
 */
public final class ParityLedger {
    private static final ParityLedger INSTANCE = new ParityLedger();

    /**
     * What was measured for one op.
     *
     * @param count nodes of this op compared (forward values)
     * @param gradientComparisons gradients compared that this op's backward contributed to
     * @param maxAbsError the largest absolute difference, values and gradients
     * @param maxUlps the largest distance in ulps between the engines ({@code Ulps.distance}), values and gradients
     */
    public record OpStats(long count, long gradientComparisons, double maxAbsError, long maxUlps) {
        static final OpStats NONE = new OpStats(0, 0, 0.0, 0);

        OpStats value(double abs, long ulps) {
            return new OpStats(count + 1, gradientComparisons, wider(maxAbsError, abs), wider(maxUlps, ulps));
        }

        OpStats gradient(double abs, long ulps) {
            return new OpStats(count, gradientComparisons + 1, wider(maxAbsError, abs), wider(maxUlps, ulps));
        }

        private static double wider(double max, double abs) {
            return Double.isFinite(abs) ? Math.max(max, abs) : max;
        }

        private static long wider(long max, long ulps) {
            return ulps != Ulps.INCOMPARABLE ? Math.max(max, ulps) : max;
        }
    }

    /**
     * One row of the domain-edge table.
     *
     * @param name what is computed
     * @param code the micrograd expression
     * @param micrograd micrograd's value and gradients, printed
     * @param pytorch PyTorch's value and gradients, printed
     * @param match whether they agree (NaN equals NaN)
     */
    public record EdgeRow(String name, String code, String micrograd, String pytorch, boolean match) {
    }

    /**
     * One network compared.
     *
     * @param name the network and loss
     * @param parameters its parameter count
     * @param loss micrograd's loss
     * @param lossError |loss difference|
     * @param maxAbsError the largest absolute gradient difference, over every parameter
     * @param maxScaledError the largest gradient difference in units of {@code ε · max(|a|, |b|, scale)}
     *        ({@code Ulps.scaledDistance}), judged against {@code Ulps.COMPOSITE_BOUND}
     * @param scale the network's gradient scale: its largest |gradient| in either engine
     */
    public record NetworkRow(String name, int parameters, double loss, double lossError, double maxAbsError,
                             double maxScaledError, double scale) {
    }

    /**
     * The second-order comparison with PyTorch ({@code SecondOrderParityProperties}).
     *
     * @param hessians random expressions whose full Hessian was compared
     * @param entries Hessian entries compared
     * @param hessianMaxError the largest {@code |micrograd - PyTorch| / max(1, |micrograd|, |PyTorch|)} over the entries
     * @param thirdDerivatives 1-variable expressions whose third derivative was compared
     * @param thirdMaxError the same measure over the third derivatives
     * @param bound the tolerance both were judged by
     */
    public record SecondOrderRow(long hessians, long entries, double hessianMaxError, long thirdDerivatives,
                                 double thirdMaxError, double bound) {
    }

    private SecondOrderRow secondOrder = new SecondOrderRow(0, 0, 0.0, 0, 0.0, 0.0);

    private final Map<Op, OpStats> ops = new EnumMap<>(Op.class);
    private long expressions;
    private long sharedExpressions;
    private long valueComparisons;
    private long gradientComparisons;
    private long failures;
    private long replays;
    private int tanhSamples;
    private double tanhMaxAbsError;
    private double tanhMaxValueError;
    private double tanhExpFormMaxAbsError;
    private String tanhExpFormNote = "";
    private final List<NetworkRow> networks = new ArrayList<>();
    private final List<EdgeRow> edges = new ArrayList<>();

    private ParityLedger() {
        for (Op op : Op.values()) {
            if (op != Op.LEAF) {
                ops.put(op, OpStats.NONE);
            }
        }
    }

    /** @return the ledger of this JVM */
    public static ParityLedger get() {
        return INSTANCE;
    }

    /**
     * Counts one random expression compared in both engines.
     *
     * @param shared whether it had a shared sub-expression
     */
    public synchronized void expression(boolean shared) {
        expressions++;
        if (shared) {
            sharedExpressions++;
        }
    }

    /**
     * Records a forward value comparison of a node of {@code op} ({@link Parity.Row}).
     *
     * @param op the node's op (LEAF is not recorded per op)
     * @param abs absolute difference
     * @param ulps ulps apart ({@link Ulps#distance})
     * @param ok whether the values agree
     */
    public synchronized void value(Op op, double abs, long ulps, boolean ok) {
        valueComparisons++;
        if (!ok) {
            failures++;
        }
        ops.computeIfPresent(op, (k, s) -> s.value(abs, ulps));
    }

    /**
     * Records a gradient comparison ({@link Parity.Row}).
     *
     * @param consumers the ops whose backward wrote into this gradient
     * @param abs absolute difference
     * @param ulps ulps apart
     * @param ok whether the gradients agree
     */
    public synchronized void gradient(Iterable<Op> consumers, double abs, long ulps, boolean ok) {
        gradientComparisons++;
        if (!ok) {
            failures++;
        }
        for (Op op : consumers) {
            ops.computeIfPresent(op, (k, s) -> s.gradient(abs, ulps));
        }
    }

    /** Counts one compiled-graph replay checked bit for bit. */
    public synchronized void replay() {
        replays++;
    }

    /**
     * Records the tanh sweep.
     *
     * @param samples points compared
     * @param maxAbsError largest |gradient difference| against PyTorch
     * @param maxValueError largest |value difference| against PyTorch
     * @param expFormMaxAbsError largest |difference| of tanh and its exp form, value or gradient, within [-20, 20]
     * @param expFormNote where the exp form breaks down
     */
    public synchronized void tanh(int samples, double maxAbsError, double maxValueError, double expFormMaxAbsError,
                                  String expFormNote) {
        tanhSamples = samples;
        tanhMaxAbsError = maxAbsError;
        tanhMaxValueError = maxValueError;
        tanhExpFormMaxAbsError = expFormMaxAbsError;
        tanhExpFormNote = expFormNote;
    }

    /**
     * Records a network comparison.
     *
     * @param row the network
     */
    public synchronized void network(NetworkRow row) {
        networks.add(row);
    }

    /**
     * Records an edge case.
     *
     * @param row the case
     */
    public synchronized void edge(EdgeRow row) {
        edges.add(row);
        if (!row.match()) {
            failures++;
        }
    }

    /**
     * Counts comparisons out of tolerance found outside the random expressions (tanh sweep, networks).
     *
     * @param count how many
     */
    public synchronized void failures(long count) {
        failures += count;
    }

    /**
     * Records the second-order comparison, replacing an earlier record.
     *
     * @param row the figures
     */
    public synchronized void secondOrder(SecondOrderRow row) {
        secondOrder = row;
    }

    /** @return the second-order comparison's figures (all 0 if it did not run) */
    public synchronized SecondOrderRow secondOrder() {
        return secondOrder;
    }

    /** An immutable copy of everything, for the report. */
    public synchronized Snapshot snapshot() {
        Map<Op, OpStats> copy = new EnumMap<>(ops);
        return new Snapshot(Collections.unmodifiableMap(copy), expressions, sharedExpressions, valueComparisons,
                gradientComparisons, failures, replays, tanhSamples, tanhMaxAbsError,
                tanhMaxValueError, tanhExpFormMaxAbsError, tanhExpFormNote, List.copyOf(networks), List.copyOf(edges));
    }

    /**
     * The ledger's contents at one moment.
     *
     * @param ops per-op statistics, every op of core but LEAF
     * @param expressions random expressions compared
     * @param sharedExpressions of which with a shared sub-expression
     * @param valueComparisons forward values compared
     * @param gradientComparisons gradients compared
     * @param failures comparisons out of tolerance, everywhere (expressions, tanh, networks, edges)
     * @param replays compiled-graph replays checked
     * @param tanhSamples tanh sweep points
     * @param tanhMaxAbsError tanh gradient max abs error
     * @param tanhMaxValueError tanh value max abs error
     * @param tanhExpFormMaxAbsError tanh vs its exp form
     * @param tanhExpFormNote where the exp form overflows
     * @param networks networks compared
     * @param edges the edge table
     */
    public record Snapshot(Map<Op, OpStats> ops, long expressions, long sharedExpressions, long valueComparisons,
                           long gradientComparisons, long failures, long replays, int tanhSamples,
                           double tanhMaxAbsError, double tanhMaxValueError, double tanhExpFormMaxAbsError,
                           String tanhExpFormNote, List<NetworkRow> networks, List<EdgeRow> edges) {
    }
}
