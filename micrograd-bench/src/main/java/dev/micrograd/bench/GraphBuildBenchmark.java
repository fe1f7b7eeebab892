package dev.micrograd.bench;

import dev.micrograd.nn.Dataset;
import dev.micrograd.nn.MLP;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Graph building alone: the demo network's forward over the 100 moons, from fresh input leaves,
 * with no loss and no backward. The part of {@link DemoStepBenchmark#dynamicGraph} that allocates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class GraphBuildBenchmark {
    private MLP model;
    private Dataset data;

    /** micrograd's demo network and data. */
    @Setup
    public void setUp() {
        model = Demo.model(Demo.HIDDEN);
        data = Demo.data(Demo.SAMPLES);
    }

    /**
     * One forward pass of the MLP per point, each building its graph.
     *
     * @param sink takes every score
     */
    @Benchmark
    public void mlpForward100(Blackhole sink) {
        for (int i = 0; i < data.size(); i++) {
            sink.consume(model.forward(data.inputs(i)).get(0));
        }
    }
}
