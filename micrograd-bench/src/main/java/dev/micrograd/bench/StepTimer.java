package dev.micrograd.bench;

import dev.micrograd.nn.Dataset;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A quick cross-check of {@link DemoStepBenchmark} on a busy machine: the four demo steps in
 * interleaved rounds in one JVM, each round timed in this thread's CPU time (so time the thread
 * spends descheduled is not counted; time in GC threads and in PyTorch's worker threads is not
 * counted either, so PyTorch's figure is a lower bound), medians reported.
 *
 * <pre>java -Dai.djl.offline=true -cp micrograd-bench/target/benchmarks.jar dev.micrograd.bench.StepTimer [rounds] [ms per round]</pre>
 */
public final class StepTimer {
    private StepTimer() {
    }

    /**
     * Runs the rounds and prints the medians and ratios.
     *
     * @param args optionally the number of rounds (default 15) and milliseconds per round (default 300)
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long roundNanos = (args.length > 1 ? Long.parseLong(args[1]) : 300) * 1_000_000L;
        Dataset data = Demo.data(Demo.SAMPLES);
        DemoStepCheck.verify(data, Demo.HIDDEN, 3);
        DemoStepCheck.verifyPyTorch(data, Demo.HIDDEN, 3);
        String[] names = {"handWritten", "compiledGraph", "dynamicGraph", "pytorchEager"};
        TrainingStep[] steps = {new HandWrittenStep(data, Demo.HIDDEN), TrainerStep.compiled(data, Demo.HIDDEN),
            TrainerStep.dynamic(data, Demo.HIDDEN), new PyTorchStep(data, Demo.HIDDEN)};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] perStep = new double[steps.length][rounds];
        double sink = 0.0;
        for (int warm = 0; warm < 3; warm++) {   // warm-up rounds, not recorded
            for (TrainingStep step : steps) {
                sink += run(step, threads, roundNanos)[0];
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < steps.length; v++) {
                double[] result = run(steps[v], threads, roundNanos);
                perStep[v][r] = result[1];
                sink += result[0];
            }
        }
        double base = median(perStep[0]);
        for (int v = 0; v < steps.length; v++) {
            double m = median(perStep[v]);
            double[] sorted = perStep[v].clone();
            Arrays.sort(sorted);
            System.out.printf("%-14s median %8.1f us/step (min %8.1f, max %8.1f) CPU time, ratio %5.2f%n",
                    names[v], m / 1e3, sorted[0] / 1e3, sorted[rounds - 1] / 1e3, m / base);
        }
        System.out.println("(checksum " + sink + ")");
    }

    /** Steps until {@code roundNanos} of CPU time have passed; returns {checksum, CPU ns per step}. */
    private static double[] run(TrainingStep step, ThreadMXBean threads, long roundNanos) {
        long start = threads.getCurrentThreadCpuTime();
        long now = start;
        int count = 0;
        double sum = 0.0;
        while (now - start < roundNanos) {
            for (int i = 0; i < 8; i++) {
                sum += step.step();
            }
            count += 8;
            now = threads.getCurrentThreadCpuTime();
        }
        return new double[] {sum, (now - start) / (double) count};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
