package dev.micrograd.bench;

import dev.micrograd.engine.Value;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 10,000,000-operation chain {@code y = -(-(…-(x)…))}: build it, then {@code backward()}.
 * Each shot is one whole chain; the score is per node (JMH divides by the chain length), and with
 * {@code -prof gc} so is {@code gc.alloc.rate.norm}: bytes allocated per node, the topological
 * order's arrays included. Runs with {@code -Xmx2g}: the chain must fit in a 2 GiB heap.
 * {@link ChainMemory} reports the heap a built chain holds per node.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ChainBenchmark {
    static final int LENGTH = 10_000_000;

    /**
     * Builds the chain from a fresh leaf and differentiates it.
     *
     * @return the leaf's gradient, 1 (an even number of negations)
     */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public double buildAndBackward() {
        Value x = Value.of(1.5);
        Value y = x;
        for (int i = 0; i < LENGTH; i++) {
            y = y.neg();
        }
        y.backward();
        return x.grad();
    }
}
