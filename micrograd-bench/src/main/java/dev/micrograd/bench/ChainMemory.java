package dev.micrograd.bench;

import dev.micrograd.engine.Value;

/**
 * What the 10,000,000-operation chain costs outside JMH: the heap a built chain holds per node, and
 * the wall time of building it and of {@code backward()}. One measurement, no warm-up: a check that
 * the chain fits in {@code -Xmx2g}, not a benchmark.
 *
 * <pre>java -Xmx2g -cp micrograd-bench/target/benchmarks.jar dev.micrograd.bench.ChainMemory</pre>
 */
public final class ChainMemory {
    private ChainMemory() {
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {   // System.gc() is a request: settle on the smallest reading
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /**
     * Builds the chain, measures it, differentiates it.
     *
     * @param args optionally the chain length (default 10,000,000)
     */
    public static void main(String[] args) {
        int length = args.length > 0 ? Integer.parseInt(args[0]) : ChainBenchmark.LENGTH;
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        Value x = Value.of(1.5);
        Value y = x;
        for (int i = 0; i < length; i++) {
            y = y.neg();
        }
        long t1 = System.nanoTime();
        long held = usedAfterGc() - before;
        long t2 = System.nanoTime();
        y.backward();
        long t3 = System.nanoTime();
        if (x.grad() != (length % 2 == 0 ? 1.0 : -1.0)) {
            throw new IllegalStateException("wrong gradient " + x.grad());
        }
        System.out.printf("chain of %,d negations, max heap %,d MB%n", length, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("heap held by the built chain: %.1f bytes/node%n", (double) held / (length + 1));
        System.out.printf("build: %.1f ns/node, backward: %.1f ns/node (one cold run)%n",
                (t1 - t0) / (double) length, (t3 - t2) / (double) length);
    }
}
