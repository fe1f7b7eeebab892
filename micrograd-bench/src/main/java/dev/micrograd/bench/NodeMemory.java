package dev.micrograd.bench;

import dev.micrograd.engine.Value;
import dev.micrograd.nn.Dataset;
import dev.micrograd.engine.Graph;
import dev.micrograd.nn.Losses;
import dev.micrograd.nn.MLP;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What a node costs in memory, outside JMH: the heap a built graph holds per node (after full
 * garbage collections, before and after building) and the bytes {@code backward()} allocates per
 * node (this thread's allocation counter around the call). Two graphs: the 10,000,000-operation chain
 * {@code y = -(-(…-(x)…))}, and micrograd's demo loss over 100 moons as {@code Trainer} builds it.
 * The backward figure is the second call's, so this thread's reusable working arrays are counted
 * once, as in a training loop.
 *
 * <pre>java -Xmx2g -cp micrograd-bench/target/benchmarks.jar dev.micrograd.bench.NodeMemory</pre>
 */
public final class NodeMemory {
    private NodeMemory() {
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

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * The demo's loss as micrograd's demo writes it: every score first, then {@link Losses#maxMargin}
     * over them, then the L2 term. Its depth-first order interleaves each score with its hinge, which
     * the creation order does not, so {@code backward()} walks it.
     */
    private static Value demoLossScoresFirst(MLP model, Dataset data) {
        List<Value> scores = new ArrayList<>(data.size());
        double[] labels = data.ys();
        for (int i = 0; i < data.size(); i++) {
            scores.add(model.forward(data.inputs(i)).get(0));
        }
        return Losses.maxMargin(scores, labels).add(Losses.l2(model.parameters(), Demo.ALPHA));
    }

    /**
     * The same loss, node for node, built as {@code Trainer}'s dynamic step builds it: each sample's
     * hinge {@code relu(score·(-y) + 1)} (as {@code Loss.MAX_MARGIN}'s term) right after its score,
     * then the mean and the L2 term. Its creation order is its depth-first order, so
     * {@code backward()} takes the order from the stamps.
     */
    private static Value demoLossAsTrainer(MLP model, Dataset data) {
        List<Value> hinges = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            Value score = model.forward(data.inputs(i)).get(0);
            hinges.add(score.mul(Value.of(-data.y(i))).add(1.0).relu());
        }
        Value mean = Value.sum(hinges).mul(1.0 / hinges.size());
        return mean.add(Losses.l2(model.parameters(), Demo.ALPHA));
    }

    /** Builds a demo loss, measures what it holds and what its {@code backward()} allocates, and prints it. */
    private static void measure(String name, MLP model, Dataset data, BiFunction<MLP, Dataset, Value> build) {
        build.apply(model, data).backward();   // warm: classes loaded, this thread's arrays sized
        long nodes = Graph.compile(build.apply(model, data)).size();   // a twin: compiling marks its nodes
        long before = usedAfterGc();
        long b0 = allocated();
        Value loss = build.apply(model, data);
        long built = allocated() - b0;
        long held = usedAfterGc() - before;
        long a0 = allocated();
        loss.backward();
        long backward = allocated() - a0;
        report(name, nodes, held, backward);
        System.out.printf("  building it allocates %,d B (%.1f B/node)%n", built, (double) built / nodes);
    }

    private static void report(String name, long nodes, long held, long backward) {
        System.out.printf("%-28s %,11d nodes  held %6.1f B/node  backward allocates %6.1f B/node%n",
                name, nodes, (double) held / nodes, (double) backward / nodes);
    }

    /**
     * Measures both graphs and prints bytes per node.
     *
     * @param args optionally the chain length (default 10,000,000)
     */
    public static void main(String[] args) {
        int length = args.length > 0 ? Integer.parseInt(args[0]) : ChainBenchmark.LENGTH;
        long before = usedAfterGc();
        Value x = Value.of(1.5);
        Value y = x;
        for (int i = 0; i < length; i++) {
            y = y.neg();
        }
        long held = usedAfterGc() - before;
        y.backward();
        long a0 = allocated();
        y.backward();
        long chainBackward = allocated() - a0;
        if (x.grad() != 2.0 * (length % 2 == 0 ? 1.0 : -1.0)) {   // two backward calls accumulate
            throw new IllegalStateException("wrong gradient " + x.grad());
        }
        report("chain of negations", length + 1L, held, chainBackward);
        x = null;
        y = null;

        MLP model = Demo.model(Demo.HIDDEN);
        Dataset data = Demo.data(Demo.SAMPLES);
        measure("demo loss, scores first", model, data, NodeMemory::demoLossScoresFirst);
        measure("demo loss, as Trainer", model, data, NodeMemory::demoLossAsTrainer);
    }
}
