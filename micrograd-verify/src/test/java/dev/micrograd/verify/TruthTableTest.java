package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.micrograd.engine.Op;
import dev.micrograd.engine.Value;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The truth tables: every op of core, over {@value #POINTS} points or more across its domain
 * (saturation and tiny arguments included), its forward value and local derivative in micrograd
 * and in PyTorch, each measured against the exactly rounded result ({@link OpTables#exact},
 * {@value Exact#DIGITS} digits).
 *
 * <p>Properties: micrograd's values are within 1 ulp of the truth for every op (StrictMath's
 * functions are faithfully rounded; the arithmetic ops are correctly rounded), and so are
 * PyTorch's, which is what the bound {@link Ulps#TRANSCENDENTAL_BOUND} between the two engines
 * rests on. Local derivatives are measured and reported, not bounded: where a backward formula
 * loses digits ({@code 1 - y²} at tanh's saturation) the table says how many both engines keep.
 *
 * <p>The PyTorch side is one tensor per op (and per exponent of {@code pow}), so it runs PyTorch's
 * vectorised kernels, as on any tensor. The points come from a fixed seed. The table is written
 * to {@code truth/} in the parity report folder.
 */
class TruthTableTest {
    static final int POINTS = 100_000;

    /**
     * One op's sweep.
     *
     * @param op the op
     * @param domain the points, in words
     * @param arity operands per point
     * @param constants the constants a group of points shares (pow's exponents); one group if empty
     * @param build the op in micrograd, on leaves (and the group's constant)
     * @param sample one operand for a group's constant
     * @param lossRegion where the op's backward formula loses digits, and its description; null if nowhere
     * @param truthBound the ulps from the truth micrograd's values may be ({@link #UNBOUNDED} for
     *        none: the partial sums of {@code sum} and {@code dot} round, and cancel)
     * @param pytorchTruthBound the same for PyTorch's values
     */
    record Sweep(Op op, String domain, int arity, double[] constants, Builder build, Sampler sample,
                 LossRegion lossRegion, long truthBound, long pytorchTruthBound) {
        /** A sweep whose bound from the truth is the same for both engines. */
        Sweep(Op op, String domain, int arity, double[] constants, Builder build, Sampler sample,
              LossRegion lossRegion, long truthBound) {
            this(op, domain, arity, constants, build, sample, lossRegion, truthBound, truthBound);
        }
    }

    /** No bound on the distance from the truth. */
    static final long UNBOUNDED = Long.MAX_VALUE;
    /** Correctly rounded by IEEE 754. */
    static final long CORRECTLY_ROUNDED = 0;
    /** A faithfully rounded library function (fdlibm's exp, log, pow; PyTorch's). */
    static final long FAITHFUL = 1;
    /**
     * {@code tanh} (fdlibm documents 2.5 ulps for {@code StrictMath.tanh}) and {@code sigmoid} (three
     * roundings: {@code exp}, {@code 1 +}, {@code 1 /}).
     */
    static final long COMPOSED = 2;

    @FunctionalInterface
    interface Builder {
        Value apply(Value[] operands, double constant);
    }

    @FunctionalInterface
    interface Sampler {
        /**
         * @param rng the random source
         * @param constant the group's constant
         * @param operand which operand of the point
         * @param previous the point's operand before this one (NaN for the first)
         * @return the operand
         */
        double next(RandomGenerator rng, double constant, int operand, double previous);
    }

    record LossRegion(String where, ToDoubleFunction<double[]> measure, double threshold) {
        boolean contains(double[] point) {
            return measure.applyAsDouble(point) >= threshold;
        }
    }

    private static final double[] NONE = {0.0};

    /** Uniform in [lo, hi). */
    static double uniform(RandomGenerator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** Magnitude log-uniform in [lo, hi), random sign. */
    static double signedLog(RandomGenerator rng, double lo, double hi) {
        double m = Math.exp(uniform(rng, Math.log(lo), Math.log(hi)));
        return rng.nextBoolean() ? m : -m;
    }

    /** Half in [-10, 10), half of magnitude 1e-150 to 1e150: the arithmetic ops' operands. */
    static double wide(RandomGenerator rng) {
        return rng.nextBoolean() ? uniform(rng, -10, 10) : signedLog(rng, 1e-150, 1e150);
    }

    /** 40% from {@code a}, 30% from {@code b}, 30% tiny (magnitude 1e-300 to 0.1). */
    static double mix(RandomGenerator rng, double aLo, double aHi, double bLo, double bHi) {
        double u = rng.nextDouble();
        if (u < 0.4) {
            return uniform(rng, aLo, aHi);
        }
        return u < 0.7 ? uniform(rng, bLo, bHi) : signedLog(rng, 1e-300, 0.1);
    }

    static List<Sweep> sweeps() {
        List<Sweep> s = new ArrayList<>();
        String wide = "each operand half uniform in [-10, 10), half of magnitude 1e-150 to 1e150 (random sign)";
        s.add(new Sweep(Op.ADD, wide, 2, NONE, (a, k) -> a[0].add(a[1]), (r, k, j, previous) -> wide(r), null,
                CORRECTLY_ROUNDED));
        s.add(new Sweep(Op.SUB, wide, 2, NONE, (a, k) -> a[0].sub(a[1]), (r, k, j, previous) -> wide(r), null,
                CORRECTLY_ROUNDED));
        s.add(new Sweep(Op.MUL, wide, 2, NONE, (a, k) -> a[0].mul(a[1]), (r, k, j, previous) -> wide(r), null,
                CORRECTLY_ROUNDED));
        s.add(new Sweep(Op.DIV, wide, 2, NONE, (a, k) -> a[0].div(a[1]), (r, k, j, previous) -> wide(r), null,
                CORRECTLY_ROUNDED));
        s.add(new Sweep(Op.NEG, wide, 1, NONE, (a, k) -> a[0].neg(), (r, k, j, previous) -> wide(r), null, CORRECTLY_ROUNDED));
        s.add(new Sweep(Op.RELU, wide, 1, NONE, (a, k) -> a[0].relu(), (r, k, j, previous) -> wide(r), null, CORRECTLY_ROUNDED));
        s.add(new Sweep(Op.SUM, wide + "; 3 terms", 3, NONE, (a, k) -> Value.sum(List.of(a)), (r, k, j, previous) -> wide(r),
                null, UNBOUNDED));
        s.add(new Sweep(Op.DOT, wide + "; 2 weights, 2 inputs, a bias", 5, NONE,
                (a, k) -> Value.dot(List.of(a[0], a[1]), List.of(a[2], a[3]), a[4]), (r, k, j, previous) -> wide(r), null,
                UNBOUNDED));
        s.add(new Sweep(Op.EXP, "40% in [-20, 20), 30% in [-745, 709.7) (underflow to overflow), 30% tiny"
                + " (magnitude 1e-300 to 0.1)", 1, NONE, (a, k) -> a[0].exp(),
                (r, k, j, previous) -> mix(r, -20, 20, -745, 709.7), null, FAITHFUL));
        s.add(new Sweep(Op.LOG, "40% of magnitude 1e-300 to 1e300, 30% in [0.5, 2) (near 1), 30% in [0, 100)", 1,
                NONE, (a, k) -> a[0].log(), (r, k, j, previous) -> {
                    double u = r.nextDouble();
                    if (u < 0.4) {
                        return Math.abs(signedLog(r, 1e-300, 1e300));
                    }
                    return u < 0.7 ? uniform(r, 0.5, 2) : uniform(r, 0, 100);
                }, null, FAITHFUL));
        s.add(new Sweep(Op.TANH, "40% in [-5, 5), 30% in [-25, 25) (saturation), 30% tiny (magnitude 1e-300"
                + " to 0.1)", 1, NONE, (a, k) -> a[0].tanh(), (r, k, j, previous) -> mix(r, -5, 5, -25, 25),
                new LossRegion("|x| >= 5", p -> Math.abs(p[0]), 5.0), COMPOSED));
        s.add(new Sweep(Op.SIGMOID, "40% in [-10, 10), 30% in [-40, 40) (saturation), 30% tiny (magnitude 1e-300"
                + " to 0.1)", 1, NONE, (a, k) -> a[0].sigmoid(), (r, k, j, previous) -> mix(r, -10, 10, -40, 40),
                new LossRegion("x >= 5", p -> p[0], 5.0), COMPOSED));
        s.add(new Sweep(Op.POW, "exponents 2, 3, -1, 0.5, -1.5, 2.7 (one sixth each); integer exponents: bases"
                + " half in [-3, 3), half of magnitude 1e-30 to 1e30; other exponents: positive bases, half in"
                + " [0, 3), half 1e-30 to 1e30", 1, new double[] {2, 3, -1, 0.5, -1.5, 2.7},
                (a, k) -> a[0].pow(k), (r, k, j, previous) -> {
                    double m = r.nextBoolean() ? uniform(r, -3, 3) : signedLog(r, 1e-30, 1e30);
                    return k == Math.rint(k) ? m : Math.abs(m);
                }, null, FAITHFUL));
        s.add(new Sweep(Op.SIN, "40% in [-10, 10), 30% in [-1e5, 1e5), 30% tiny (magnitude 1e-300 to 0.1)", 1, NONE,
                (a, k) -> a[0].sin(), (r, k, j, previous) -> mix(r, -10, 10, -1e5, 1e5), null, FAITHFUL));
        s.add(new Sweep(Op.COS, "40% in [-10, 10), 30% in [-1e5, 1e5), 30% tiny (magnitude 1e-300 to 0.1)", 1, NONE,
                (a, k) -> a[0].cos(), (r, k, j, previous) -> mix(r, -10, 10, -1e5, 1e5), null, FAITHFUL));
        s.add(new Sweep(Op.SQRT, "half of magnitude 1e-300 to 1e300, half in [0, 100)", 1, NONE, (a, k) -> a[0].sqrt(),
                (r, k, j, previous) -> r.nextBoolean() ? Math.abs(signedLog(r, 1e-300, 1e300)) : uniform(r, 0, 100), null,
                // StrictMath.sqrt is IEEE's correctly rounded square root; PyTorch's vectorised kernel
                // (used on a tensor of many points) measures faithful, not correct, rounding
                CORRECTLY_ROUNDED, FAITHFUL));
        s.add(new Sweep(Op.ABS, wide, 1, NONE, (a, k) -> a[0].abs(), (r, k, j, previous) -> wide(r), null, CORRECTLY_ROUNDED));
        s.add(new Sweep(Op.SOFTPLUS, "40% in [-20, 20), 30% in [-40, 40) (beyond the threshold 20 too), 30% tiny"
                + " (magnitude 1e-300 to 0.1)", 1, NONE, (a, k) -> a[0].softplus(), (r, k, j, previous) -> mix(r, -20, 20, -40, 40),
                null, UNBOUNDED));
        s.add(new Sweep(Op.POW_VALUE, "bases half in (0, 3), half of magnitude 1e-10 to 1e10; exponents in [-3, 3)", 2,
                NONE, (a, k) -> a[0].pow(a[1]), (r, k, j, previous) -> j == 1 ? uniform(r, -3, 3)
                        : r.nextBoolean() ? uniform(r, Double.MIN_NORMAL, 3) : Math.abs(signedLog(r, 1e-10, 1e10)),
                null, FAITHFUL));
        s.add(new Sweep(Op.MAX, wide + "; one point in ten a tie", 2, NONE, (a, k) -> a[0].max(a[1]),
                (r, k, j, previous) -> j == 1 && r.nextInt(10) == 0 ? previous : wide(r), null, CORRECTLY_ROUNDED));
        s.add(new Sweep(Op.MIN, wide + "; one point in ten a tie", 2, NONE, (a, k) -> a[0].min(a[1]),
                (r, k, j, previous) -> j == 1 && r.nextInt(10) == 0 ? previous : wide(r), null, CORRECTLY_ROUNDED));
        return s;
    }

    /** Running statistics of distances from the truth. */
    static final class Tally {
        long count;
        long max;
        double sum;
        double minDigits = Exact.ALL_DIGITS;
        double digitSum;

        void add(long ulps, double digits) {
            count++;
            max = Math.max(max, ulps);
            sum += ulps == Ulps.INCOMPARABLE ? Double.POSITIVE_INFINITY : ulps;
            minDigits = Math.min(minDigits, digits);
            digitSum += digits;
        }

        ParityReport.Accuracy accuracy() {
            return new ParityReport.Accuracy(max, count == 0 ? 0 : sum / count, minDigits);
        }

        double meanDigits() {
            return count == 0 ? Exact.ALL_DIGITS : digitSum / count;
        }
    }

    /** One point's distances from the truth: index 0 the value, 1 + j the derivative by operand j. */
    static final class Measured {
        final long[] mgUlps;
        final long[] ptUlps;
        final double[] mgDigits;
        final double[] ptDigits;

        Measured(int arity) {
            mgUlps = new long[arity + 1];
            ptUlps = new long[arity + 1];
            mgDigits = new double[arity + 1];
            ptDigits = new double[arity + 1];
        }
    }

    static int bin(long ulps) {
        return (int) Math.min(3, ulps);
    }

    /** One op over all its points: micrograd and PyTorch against the exact rule, and against each other. */
    static ParityReport.OpAccuracy measure(Sweep sweep, RandomGenerator rng, NDManager manager) {
        Tally mgValue = new Tally();
        Tally ptValue = new Tally();
        Tally mgDerivative = new Tally();
        Tally ptDerivative = new Tally();
        Tally mgLoss = new Tally();
        Tally ptLoss = new Tally();
        long[] valueBins = new long[4];
        long[] derivativeBins = new long[4];
        int groups = sweep.constants().length;
        int perGroup = (POINTS + groups - 1) / groups;
        long points = 0;
        OpTables.ExactRule exact = OpTables.exact(sweep.op());
        OpTables.TorchRule torch = OpTables.torch(sweep.op());
        for (double k : sweep.constants()) {
            int n = perGroup;
            int arity = sweep.arity();
            double[][] x = new double[arity][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < arity; j++) {
                    x[j][i] = sweep.sample().next(rng, k, j, j == 0 ? Double.NaN : x[j - 1][i]);
                }
            }
            // micrograd: one node per point, one backward pass
            double[] mgY = new double[n];
            double[][] mgD = new double[arity][n];
            Value prototype = null;
            for (int i = 0; i < n; i++) {
                Value[] leaves = new Value[arity];
                for (int j = 0; j < arity; j++) {
                    leaves[j] = Value.of(x[j][i]);
                }
                Value y = sweep.build().apply(leaves, k);
                prototype = y;
                y.backward();
                mgY[i] = y.data();
                for (int j = 0; j < arity; j++) {
                    mgD[j][i] = leaves[j].grad();
                }
            }
            // PyTorch: one tensor per operand, one backward pass of the sum
            double[] ptY;
            double[][] ptD = new double[arity][];
            try (NDManager batch = manager.newSubManager();
                 GradientCollector collector = batch.getEngine().newGradientCollector()) {
                NDArray[] in = new NDArray[arity];
                for (int j = 0; j < arity; j++) {
                    in[j] = batch.create(x[j]);
                    in[j].setRequiresGradient(true);
                }
                NDArray out = torch.apply(batch, prototype, in);
                collector.backward(out.sum());
                ptY = out.toDoubleArray();
                for (int j = 0; j < arity; j++) {
                    ptD[j] = in[j].getGradient().toDoubleArray();
                }
            }
            // the truth and both engines' distances from it, in parallel over points (the slow part)
            Value node = prototype;
            double[][] ptDs = ptD;
            double[] ptYs = ptY;
            Measured[] measured = IntStream.range(0, n).parallel().mapToObj(i -> {
                BigDecimal[] a = new BigDecimal[arity];
                for (int j = 0; j < arity; j++) {
                    a[j] = new BigDecimal(x[j][i]);
                }
                BigDecimal y;
                BigDecimal[] d;
                try {
                    y = exact.value().apply(a, node, Exact.MC);
                    d = exact.derivative().apply(a, y, node, Exact.MC);
                } catch (OpTables.NotReal e) {
                    return null;   // outside the reals: not a point of the table
                }
                Measured m = new Measured(arity);
                m.mgUlps[0] = Exact.ulps(mgY[i], y);
                m.ptUlps[0] = Exact.ulps(ptYs[i], y);
                m.mgDigits[0] = Exact.digits(mgY[i], y);
                m.ptDigits[0] = Exact.digits(ptYs[i], y);
                for (int j = 0; j < arity; j++) {
                    m.mgUlps[1 + j] = Exact.ulps(mgD[j][i], d[j]);
                    m.ptUlps[1 + j] = Exact.ulps(ptDs[j][i], d[j]);
                    m.mgDigits[1 + j] = Exact.digits(mgD[j][i], d[j]);
                    m.ptDigits[1 + j] = Exact.digits(ptDs[j][i], d[j]);
                }
                return m;
            }).toArray(Measured[]::new);
            for (int i = 0; i < n; i++) {
                Measured m = measured[i];
                if (m == null) {
                    continue;
                }
                points++;
                mgValue.add(m.mgUlps[0], m.mgDigits[0]);
                ptValue.add(m.ptUlps[0], m.ptDigits[0]);
                valueBins[bin(Ulps.distance(mgY[i], ptY[i]))]++;
                double[] point = new double[arity];
                for (int j = 0; j < arity; j++) {
                    point[j] = x[j][i];
                }
                boolean lossy = sweep.lossRegion() != null && sweep.lossRegion().contains(point);
                for (int j = 0; j < arity; j++) {
                    mgDerivative.add(m.mgUlps[1 + j], m.mgDigits[1 + j]);
                    ptDerivative.add(m.ptUlps[1 + j], m.ptDigits[1 + j]);
                    derivativeBins[bin(Ulps.distance(mgD[j][i], ptD[j][i]))]++;
                    if (lossy) {
                        mgLoss.add(0, m.mgDigits[1 + j]);
                        ptLoss.add(0, m.ptDigits[1 + j]);
                    }
                }
            }
        }
        String note = "";
        if (sweep.lossRegion() != null) {
            note = String.format(Locale.ROOT, "Where %s (%d points): %s Correct digits of the derivative there:"
                    + " micrograd at least %.1f, %.1f on average; PyTorch at least %.1f, %.1f on average.",
                    sweep.lossRegion().where(), mgLoss.count, exact.backwardLoss().substring(0, 1).toUpperCase(Locale.ROOT)
                            + exact.backwardLoss().substring(1) + ".",
                    mgLoss.minDigits, mgLoss.meanDigits(), ptLoss.minDigits, ptLoss.meanDigits());
        }
        return new ParityReport.OpAccuracy(sweep.op().name().toLowerCase(Locale.ROOT), sweep.domain(), points,
                mgValue.accuracy(), ptValue.accuracy(), mgDerivative.accuracy(), ptDerivative.accuracy(),
                Arrays.stream(valueBins).boxed().toList(), Arrays.stream(derivativeBins).boxed().toList(), note);
    }

    @Test
    void everyOpsValuesAreWithinAnUlpOfTheTruthInBothEngines() throws IOException {
        Torch.assumeAvailable();
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(ParityRun.DEFAULT_SEED);
        List<ParityReport.OpAccuracy> tables = new ArrayList<>();
        Set<Op> swept = EnumSet.noneOf(Op.class);
        List<String> failures = new ArrayList<>();
        try (NDManager manager = PyTorch.newManager()) {
            for (Sweep sweep : sweeps()) {
                ParityReport.OpAccuracy t = measure(sweep, rng, manager);
                tables.add(t);
                swept.add(sweep.op());
                System.out.printf(Locale.ROOT, "truth table %-8s value max ulps micrograd %d, PyTorch %d;"
                                + " derivative max ulps micrograd %d, PyTorch %d; engines apart (value) %s%n", t.op(),
                        t.microgradValue().maxUlps(), t.pytorchValue().maxUlps(), t.microgradDerivative().maxUlps(),
                        t.pytorchDerivative().maxUlps(), t.valueHistogram());
                if (t.points() < POINTS) {
                    failures.add(t.op() + ": only " + t.points() + " points, expected at least " + POINTS);
                }
                long bound = sweep.truthBound();
                long ptBound = sweep.pytorchTruthBound();
                if (bound != UNBOUNDED && t.microgradValue().maxUlps() > bound) {
                    failures.add(t.op() + ": micrograd's values up to " + t.microgradValue().maxUlps()
                            + " ulps from the truth, expected at most " + bound);
                }
                if (ptBound != UNBOUNDED && t.pytorchValue().maxUlps() > ptBound) {
                    failures.add(t.op() + ": PyTorch's values up to " + t.pytorchValue().maxUlps()
                            + " ulps from the truth, expected at most " + ptBound);
                }
                // reported, not asserted: the points where the engines' values are further apart than
                // Ulps.boundFor allows one application of the op to the same operands
                long between = Ulps.boundFor(sweep.op());
                List<Long> h = t.valueHistogram();
                long beyond = 0;
                for (int b = (int) Math.min(3, between + 1); b < 4; b++) {
                    beyond += h.get(b);
                }
                if (between < 3 && beyond > 0) {
                    System.out.println("truth table " + t.op() + ": " + beyond + " points where the engines' values are"
                            + " more than Ulps.boundFor = " + between + " ulps apart (histogram " + h + ")");
                }
            }
        }
        Set<Op> missing = EnumSet.complementOf(EnumSet.copyOf(swept));
        missing.remove(Op.LEAF);
        if (!missing.isEmpty()) {
            failures.add("ops without a truth table: " + missing);
        }
        ParityReport report = ParityReport.titled("micrograd for Java: every op against the truth")
                .paragraph("Each op's forward value and local derivative, in micrograd for Java and in PyTorch"
                        + " (float64, one tensor per op), measured against the exactly rounded result ("
                        + Exact.DIGITS + " significant digits, big-math), in ulps: 0 is the correctly rounded"
                        + " result, 1 a neighbour of it. The histogram counts points by the ulps between the two"
                        + " engines.")
                .add("Truth tables", "Points from the fixed seed " + ParityRun.DEFAULT_SEED + ".", tables)
                .environment("PyTorch", PyTorch.version())
                .environment("Java", System.getProperty("java.version"))
                .environment("OS", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        Path dir = Path.of(System.getProperty("parity.reportDir", "target/parity-report")).resolve("truth");
        report.writeTo(dir);
        System.out.println("micrograd-verify: truth tables written to " + dir.resolve("index.html").toAbsolutePath());
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }
}
