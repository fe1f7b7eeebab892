package dev.micrograd.bench;

import dev.micrograd.nn.Dataset;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Time per training step against batch size (10, 100, 1,000, 10,000) and hidden width (16, 64, 256)
 * for the dynamic graph, the compiled graph and PyTorch eager: the demo step of {@link Demo} with
 * {@code MLP(2, [h, h, 1])} over {@code batch} moons, full batch.
 *
 * <p>Not JMH: a configuration's step takes from microseconds to seconds, so each is warmed up for
 * at least {@value #WARMUP_SECONDS} s (and one step), then timed step by step in wall-clock time for
 * at least {@value #MEASURE_SECONDS} s and 3 steps, or, for steps of seconds, until 4 times that has
 * passed (at least one step); the median is reported. A scalar graph holds
 * about {@code 8h² + 330h} bytes per sample; configurations whose graph would not fit in a quarter of
 * the heap are skipped and printed as such.
 *
 * <pre>java -Xmx4g -Dai.djl.offline=true -cp micrograd-bench/target/benchmarks.jar \
 *     dev.micrograd.bench.ScalingStudy docs/scaling.csv docs/scaling.png
 * java -cp micrograd-bench/target/benchmarks.jar dev.micrograd.bench.ScalingStudy --plot docs/scaling.csv docs/scaling.png</pre>
 */
public final class ScalingStudy {
    static final int[] BATCHES = {10, 100, 1_000, 10_000};
    static final int[] WIDTHS = {16, 64, 256};
    static final double WARMUP_SECONDS = 1.0;
    static final double MEASURE_SECONDS = 2.0;

    private record Variant(String name, Color color, BiFunction<Dataset, Integer, TrainingStep> make) {
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("dynamic", new Color(0xD6, 0x27, 0x28), TrainerStep::dynamic),
            new Variant("compiled", new Color(0x1F, 0x77, 0xB4), TrainerStep::compiled),
            new Variant("PyTorch eager", new Color(0x2C, 0xA0, 0x2C), PyTorchStep::new));

    private ScalingStudy() {
    }

    /** Median wall time of one step, in microseconds. */
    private static double time(TrainingStep step) {
        double sink = 0.0;
        long start = System.nanoTime();
        do {
            sink += step.step();
        } while (System.nanoTime() - start < WARMUP_SECONDS * 1e9);
        List<Long> times = new ArrayList<>();
        start = System.nanoTime();
        while (times.size() < 3 || System.nanoTime() - start < MEASURE_SECONDS * 1e9) {
            if (times.size() >= 1 && System.nanoTime() - start > 4 * MEASURE_SECONDS * 1e9) {
                break;   // steps of seconds: one or two are enough at this scale
            }
            long t0 = System.nanoTime();
            sink += step.step();
            times.add(System.nanoTime() - t0);
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("a loss was NaN");
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return (n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0) / 1e3;
    }

    /** Bytes a scalar graph of this size holds, roughly (nodes and their operand arrays). */
    static double graphBytes(int batch, int hidden) {
        return (double) batch * (8.0 * hidden * hidden + 330.0 * hidden);
    }

    /**
     * Runs the study, writes the CSV and the plot, and prints both.
     *
     * @param args the CSV path and the PNG path (defaults {@code scaling.csv}, {@code scaling.png}),
     *     after {@code --plot} to redraw the PNG from an existing CSV
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        boolean plotOnly = args.length > 0 && args[0].equals("--plot");
        int first = plotOnly ? 1 : 0;
        Path csv = Path.of(args.length > first ? args[first] : "scaling.csv");
        Path png = Path.of(args.length > first + 1 ? args[first + 1] : "scaling.png");
        double[][][] micros = new double[VARIANTS.size()][WIDTHS.length][BATCHES.length];
        for (double[][] v : micros) {
            for (double[] w : v) {
                Arrays.fill(w, Double.NaN);
            }
        }
        if (plotOnly) {
            readCsv(csv, micros);
            plot(micros, png);
            System.out.println("wrote " + png + " from " + csv);
            return;
        }
        double budget = Runtime.getRuntime().maxMemory() / 4.0;
        for (int w = 0; w < WIDTHS.length; w++) {
            for (int b = 0; b < BATCHES.length; b++) {
                Dataset data = Demo.data(BATCHES[b]);
                for (int v = 0; v < VARIANTS.size(); v++) {
                    Variant variant = VARIANTS.get(v);
                    boolean scalar = !variant.name.startsWith("PyTorch");
                    if (scalar && graphBytes(BATCHES[b], WIDTHS[w]) > budget) {
                        System.out.printf("%-14s h=%-4d batch=%-6d skipped: graph of about %.1f GB%n",
                                variant.name, WIDTHS[w], BATCHES[b], graphBytes(BATCHES[b], WIDTHS[w]) / 1e9);
                        continue;
                    }
                    TrainingStep step = variant.make.apply(data, WIDTHS[w]);
                    micros[v][w][b] = time(step);
                    if (step instanceof AutoCloseable closeable) {
                        try {
                            closeable.close();
                        } catch (Exception e) {
                            throw new IllegalStateException("closing " + variant.name, e);
                        }
                    }
                    System.out.printf(Locale.ROOT, "%-14s h=%-4d batch=%-6d %,14.1f us/step%n",
                            variant.name, WIDTHS[w], BATCHES[b], micros[v][w][b]);
                }
            }
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            out.println("variant,hidden,batch,us_per_step");
            for (int v = 0; v < VARIANTS.size(); v++) {
                for (int w = 0; w < WIDTHS.length; w++) {
                    for (int b = 0; b < BATCHES.length; b++) {
                        if (!Double.isNaN(micros[v][w][b])) {
                            out.printf(Locale.ROOT, "%s,%d,%d,%.1f%n", VARIANTS.get(v).name, WIDTHS[w], BATCHES[b],
                                    micros[v][w][b]);
                        }
                    }
                }
            }
        }
        plot(micros, png);
        System.out.println("wrote " + csv + " and " + png);
    }

    /** Reads back what {@link #main} wrote, so the plot can be redrawn without re-running the study. */
    private static void readCsv(Path csv, double[][][] micros) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int v = -1;
            for (int i = 0; i < VARIANTS.size(); i++) {
                if (VARIANTS.get(i).name.equals(f[0])) {
                    v = i;
                }
            }
            int w = Arrays.binarySearch(WIDTHS, Integer.parseInt(f[1]));
            int b = Arrays.binarySearch(BATCHES, Integer.parseInt(f[2]));
            if (v < 0 || w < 0 || b < 0) {
                throw new IllegalArgumentException("expected a variant, width and batch of the study, found: " + line);
            }
            micros[v][w][b] = Double.parseDouble(f[3]);
        }
    }

    private static void plot(double[][][] micros, Path png) throws IOException {
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        float[][] dashes = {null, {8f, 4f}, {2f, 3f}};
        int index = 0;
        for (int v = 0; v < VARIANTS.size(); v++) {
            for (int w = 0; w < WIDTHS.length; w++) {
                XYSeries s = new XYSeries(VARIANTS.get(v).name + ", hidden " + WIDTHS[w]);
                for (int b = 0; b < BATCHES.length; b++) {
                    if (!Double.isNaN(micros[v][w][b])) {
                        s.add(BATCHES[b], micros[v][w][b] / 1e3);
                    }
                }
                series.addSeries(s);
                renderer.setSeriesPaint(index, VARIANTS.get(v).color);
                renderer.setSeriesStroke(index, dashes[w] == null ? new BasicStroke(2f)
                        : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dashes[w], 0f));
                index++;
            }
        }
        LogAxis batch = new LogAxis("batch size (samples per step)");
        batch.setBase(10);
        batch.setSmallestValue(1);
        batch.setNumberFormatOverride(new DecimalFormat("#,##0"));
        batch.setTickUnit(new NumberTickUnit(1.0));   // one tick per power of ten
        LogAxis time = new LogAxis("time per training step (ms, wall clock)");
        time.setBase(10);
        time.setSmallestValue(1e-3);
        time.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        time.setTickUnit(new NumberTickUnit(1.0));
        XYPlot plot = new XYPlot(series, batch, time, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("MLP(2, [h, h, 1]) training step: scalar graph vs PyTorch tensors",
                new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 600);
    }
}
