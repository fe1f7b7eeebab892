/**
 * JMH benchmarks of micrograd for Java: micrograd's demo step three ways (the dynamic graph, the
 * compiled {@link dev.micrograd.engine.Graph}, and a hand-written analytic baseline), graph
 * building, random parity expressions, and the 10,000,000-operation chain.
 *
 * <pre>{@code
 * java -jar micrograd-bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * }</pre>
 *
 * <p>{@link dev.micrograd.bench.DemoStepBenchmark} is the central class; each of its steps is
 * checked against the others, bit for bit, before anything is timed.
 */
package dev.micrograd.bench;
