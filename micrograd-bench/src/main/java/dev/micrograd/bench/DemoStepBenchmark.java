package dev.micrograd.bench;

import dev.micrograd.nn.Dataset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * micrograd's demo step ({@link Demo}: 100 moons, {@code MLP(2, [16, 16, 1])}, max-margin loss +
 * 1e-4 L2, backward, SGD) four ways. The three on the JVM compute the same numbers to the last bit,
 * PyTorch the same to 1e-12 (checked at setup), so their times compare directly;
 * {@link #handWritten} is the yardstick.
 *
 * <p>The heap is fixed and pre-touched: on a shared machine, growing the heap and faulting in fresh
 * pages made single iterations of the allocating {@link #dynamicGraph} several times slower.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-Dai.djl.offline=true"})
public class DemoStepBenchmark {

    private static Dataset checkedData() {
        Dataset data = Demo.data(Demo.SAMPLES);
        DemoStepCheck.verify(data, Demo.HIDDEN, 3);
        return data;
    }

    /** The rebuilt graph; each variant owns a model that starts from the same weights and trains on. */
    @State(Scope.Thread)
    public static class Dynamic {
        TrainerStep step;

        @Setup(Level.Trial)
        public void setUp() {
            step = TrainerStep.dynamic(checkedData(), Demo.HIDDEN);
        }
    }

    /** The compiled graph, built once; the timed step replays it, so -prof gc shows what a step allocates. */
    @State(Scope.Thread)
    public static class Compiled {
        TrainerStep step;

        @Setup(Level.Trial)
        public void setUp() {
            step = TrainerStep.compiled(checkedData(), Demo.HIDDEN);
        }
    }

    /** The hand-written analytic step over flat arrays. */
    @State(Scope.Thread)
    public static class HandWritten {
        HandWrittenStep step;

        @Setup(Level.Trial)
        public void setUp() {
            step = new HandWrittenStep(checkedData(), Demo.HIDDEN);
        }
    }

    /** PyTorch eager through DJL, checked against the dynamic graph to 1e-12 first. */
    @State(Scope.Thread)
    public static class Torch {
        PyTorchStep step;

        @Setup(Level.Trial)
        public void setUp() {
            Dataset data = checkedData();
            DemoStepCheck.verifyPyTorch(data, Demo.HIDDEN, 3);
            step = new PyTorchStep(data, Demo.HIDDEN);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            step.close();
        }
    }

    /**
     * micrograd's way, {@code Trainer} with {@code compiled(false)}: rebuild the graph, zero the
     * gradients, {@code backward()}, update.
     *
     * @param state the model
     * @return the loss, so the step is not optimized away
     */
    @Benchmark
    public double dynamicGraph(Dynamic state) {
        return state.step.step();
    }

    /**
     * {@code Trainer} with {@code compiled(true)}: each step {@code Graph.forward()}, zero the
     * gradients, {@code Graph.backward()}, update.
     *
     * @param state the compiled graph
     * @return the loss
     */
    @Benchmark
    public double compiledGraph(Compiled state) {
        return state.step.step();
    }

    /**
     * The same step derived by hand: no autograd, no allocation.
     *
     * @param state the arrays
     * @return the loss
     */
    @Benchmark
    public double handWritten(HandWritten state) {
        return state.step.step();
    }

    /**
     * The same step in PyTorch eager mode, float64, batch of 100.
     *
     * @param state the tensors
     * @return the loss
     */
    @Benchmark
    public double pytorchEager(Torch state) {
        return state.step.step();
    }
}
