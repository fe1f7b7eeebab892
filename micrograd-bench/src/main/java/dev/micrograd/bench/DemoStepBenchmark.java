package dev.micrograd.bench;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * micrograd's demo step (100 moons, {@code MLP(2, [16, 16, 1])}, max-margin loss + 1e-4 L2,
 * backward, SGD) three ways. All three compute the same numbers to the last bit (checked at setup),
 * so their times compare directly; {@link #handWritten} is the yardstick.
 *
 * <p>The heap is fixed and pre-touched: on a shared machine, growing the heap and faulting in fresh
 * pages made single iterations of the allocating {@link #dynamicGraph} several times slower.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class DemoStepBenchmark {

    /** The rebuilt graph; each variant owns a model that starts from the same weights and trains on. */
    @State(Scope.Thread)
    public static class Dynamic {
        DynamicStep step;

        @Setup(Level.Trial)
        public void setUp() {
            DemoStepCheck.verify(Moons.demo(), 3);
            step = new DynamicStep(Moons.demo());
        }
    }

    /** The compiled graph, built once; the timed step replays it, so -prof gc shows what a step allocates. */
    @State(Scope.Thread)
    public static class Compiled {
        CompiledStep step;

        @Setup(Level.Trial)
        public void setUp() {
            DemoStepCheck.verify(Moons.demo(), 3);
            step = new CompiledStep(Moons.demo());
        }
    }

    /** The hand-written analytic step over flat arrays. */
    @State(Scope.Thread)
    public static class HandWritten {
        HandWrittenStep step;

        @Setup(Level.Trial)
        public void setUp() {
            DemoStepCheck.verify(Moons.demo(), 3);
            step = new HandWrittenStep(Moons.demo());
        }
    }

    /**
     * micrograd's way: rebuild the graph, zero the gradients, {@code backward()}, update.
     *
     * @param state the model
     * @return the loss, so the step is not optimized away
     */
    @Benchmark
    public double dynamicGraph(Dynamic state) {
        return state.step.step();
    }

    /**
     * {@code Graph.compile} once; each step {@code forward()}, zero the gradients, {@code backward()}, update.
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
}
