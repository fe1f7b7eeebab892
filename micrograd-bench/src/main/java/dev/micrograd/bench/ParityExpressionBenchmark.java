package dev.micrograd.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parity-expression throughput: a fixed set of {@value #COUNT} random expressions (depth at most 6,
 * every operation, seed 42), each built from fresh leaves and differentiated. The score is the time
 * per expression, what a parity property pays per sample before it asks the reference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class ParityExpressionBenchmark {
    static final int COUNT = 256;
    private Expressions expressions;

    /** The expressions, the same every run. */
    @Setup
    public void setUp() {
        expressions = Expressions.generate(COUNT, 6, 42L);
    }

    /**
     * Builds and differentiates every expression once.
     *
     * @return a checksum of values and gradients
     */
    @Benchmark
    @OperationsPerInvocation(COUNT)
    public double evaluateAndBackward() {
        double checksum = 0.0;
        for (int e = 0; e < COUNT; e++) {
            checksum += expressions.evaluateAndBackward(e);
        }
        return checksum;
    }
}
