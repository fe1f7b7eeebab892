package dev.micrograd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The thread-safety contract of {@link Value}: separate graphs on separate threads are safe. Each
 * thread builds, differentiates and replays its own graph from the same seed, many times over;
 * every thread must get the bits a single thread gets.
 */
class ThreadsTest {

    /** Builds a random graph from {@code seed}, differentiates it, replays it, and returns its numbers' bits. */
    private static long[] run(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Value> leaves = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            leaves.add(Value.of(rng.nextDouble(-1, 1)));
        }
        Value acc = leaves.get(0);
        for (int i = 0; i < 2_000; i++) {
            Value other = leaves.get(rng.nextInt(leaves.size()));
            acc = switch (rng.nextInt(4)) {
                case 0 -> acc.add(other).tanh();
                case 1 -> acc.mul(other).sigmoid();
                case 2 -> Value.dot(leaves.subList(0, 4), leaves.subList(4, 8), acc).tanh();
                default -> acc.sub(other.mul(0.5)).relu().add(acc.mul(0.1));
            };
        }
        acc.backward();
        Graph graph = Graph.compile(acc);
        for (Value leaf : leaves) {
            leaf.setData(leaf.data() * 0.9);
            leaf.setGrad(0.0);
        }
        graph.forward();
        graph.backward();
        long[] bits = new long[leaves.size() + 1];
        bits[0] = Double.doubleToRawLongBits(acc.data());
        for (int i = 0; i < leaves.size(); i++) {
            bits[i + 1] = Double.doubleToRawLongBits(leaves.get(i).grad());
        }
        return bits;
    }

    @Test
    void separateGraphsOnSeparateThreadsGiveIdenticalBits() throws Exception {
        long[] expected = run(42);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<long[]>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    List<long[]> results = new ArrayList<>();
                    for (int repeat = 0; repeat < 25; repeat++) {
                        results.add(run(42));
                    }
                    return results;
                }));
            }
            for (Future<List<long[]>> future : futures) {
                for (long[] bits : future.get()) {
                    assertArrayEquals(expected, bits);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
