package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TrainerTest {
    static final long SEED = 1337;

    /** A trained model and what training reported. */
    record Run(MLP model, TrainingResult result) {
    }

    /** micrograd's demo: moons(100, 0.1), MLP(2, [16, 16, 1]), max-margin + 1e-4 L2, SGD 1.0 - 0.9k/100, 100 steps. */
    static Run demo(boolean compiled) {
        Dataset data = Datasets.moons(100, 0.1, new SplittableRandom(SEED));
        MLP model = new MLP(2, List.of(16, 16, 1), new SplittableRandom(SEED));
        Trainer trainer = Trainer.builder(model, data)
                .loss(Loss.MAX_MARGIN)
                .l2(1e-4)
                .optimizer(new Sgd(model.parameters(), LearningRate.linearDecay(1.0, 0.9, 100)))
                .compiled(compiled)
                .build();
        return new Run(model, trainer.train(100));
    }

    @Test
    void theDemoReachesAtLeast97PercentAccuracy() {
        List<StepReport> reports = new ArrayList<>();
        Dataset data = Datasets.moons(100, 0.1, new SplittableRandom(SEED));
        MLP model = new MLP(2, List.of(16, 16, 1), new SplittableRandom(SEED));
        TrainingResult result = Trainer.builder(model, data).loss(Loss.MAX_MARGIN).l2(1e-4)
                .optimizer(new Sgd(model.parameters(), LearningRate.linearDecay(1.0, 0.9, 100)))
                .listener(reports::add).build().train(100);
        assertEquals(337, model.parameterCount());
        assertEquals(100, result.steps());
        assertEquals(reports, result.history(), "listeners see what the result records");
        assertEquals(demo(false).result().history().stream().map(StepReport::loss).toList(),
                reports.stream().map(StepReport::loss).toList());
        for (int k = 0; k < 100; k++) {
            assertEquals(k, reports.get(k).step());
        }
        Trainer after = Trainer.builder(model, Datasets.moons(100, 0.1, new SplittableRandom(SEED))).l2(1e-4).build();
        StepReport evaluation = after.evaluate();
        System.out.printf("demo: first loss %.6f acc %.2f; step 99 loss %.6f acc %.2f; after training loss %.6f acc %.2f%n",
                reports.get(0).loss(), reports.get(0).accuracy(), result.finalLoss(), result.finalAccuracy(),
                evaluation.loss(), evaluation.accuracy());
        assertTrue(result.finalAccuracy() >= 0.97, "accuracy " + result.finalAccuracy());
        assertTrue(evaluation.accuracy() >= 0.97, "accuracy " + evaluation.accuracy());
        assertTrue(result.finalLoss() < reports.get(0).loss());
    }

    @Test
    void compiledModeIsBitIdenticalToDynamicMode() {
        Run a = demo(false);
        Run b = demo(true);
        List<StepReport> dyn = a.result().history();
        List<StepReport> comp = b.result().history();
        for (int k = 0; k < dyn.size(); k++) {
            assertEquals(Double.doubleToRawLongBits(dyn.get(k).loss()), Double.doubleToRawLongBits(comp.get(k).loss()), "step " + k);
            assertEquals(dyn.get(k).accuracy(), comp.get(k).accuracy(), "step " + k);
        }
        assertArrayEquals(bits(a.model()), bits(b.model()));
    }

    static long[] bits(MLP model) {
        return model.parameters().stream().mapToLong(p -> Double.doubleToRawLongBits(p.data())).toArray();
    }

    static final long LECTURE_SEED = 42;
    static final int LECTURE_STEPS = 50;

    /** The lecture at 2:01:12: MLP(3, [4, 4, 1]) with tanh everywhere, sum of squared errors, p.data -= 0.1 * p.grad. */
    @Test
    void theLecturesTinyDatasetIsFitted() {
        Dataset data = Datasets.lecture();
        MLP model = MLP.lecture(3, List.of(4, 4, 1), new SplittableRandom(LECTURE_SEED));
        assertEquals(41, model.parameterCount());
        TrainingResult result = Trainer.builder(model, data)
                .loss(Loss.SUM_SQUARED_ERROR)
                .optimizer(new Sgd(model.parameters(), LearningRate.constant(0.1)))
                .build()
                .train(LECTURE_STEPS);
        List<Value> predictions = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            predictions.add(model.forward(data.inputs(i)).get(0));
        }
        double loss = Losses.sumSquaredError(predictions, data.ys()).data();
        System.out.printf("lecture: first loss %.6f, loss after %d steps %.6f, predictions %s%n",
                result.history().get(0).loss(), LECTURE_STEPS, loss,
                predictions.stream().map(v -> String.format("%.4f", v.data())).toList());
        assertTrue(loss < 0.05, "loss " + loss);
        for (int i = 0; i < data.size(); i++) {
            assertEquals(Math.signum(data.y(i)), Math.signum(predictions.get(i).data()), "sample " + i);
        }
        for (int k = 1; k < LECTURE_STEPS; k++) {
            assertTrue(result.history().get(k).loss() <= result.history().get(k - 1).loss() + 1e-12,
                    "the loss falls step by step, step " + k);
        }
    }

    /** The optimizers the mode and determinism tests run with, each over a model's parameters. */
    enum Updates {
        SGD_DECAY {
            @Override
            Optimizer over(MLP model, int steps) {
                return new Sgd(model.parameters(), LearningRate.linearDecay(0.5, 0.4, steps));
            }
        },
        SGD_MOMENTUM {
            @Override
            Optimizer over(MLP model, int steps) {
                return new Sgd(model.parameters(), LearningRate.constant(0.05), 0.9);
            }
        },
        ADAM {
            @Override
            Optimizer over(MLP model, int steps) {
                return new Adam(model.parameters(), 0.01);
            }
        };

        abstract Optimizer over(MLP model, int steps);
    }

    /**
     * A run over mini-batches with the given settings, on moons (3 spiral arms for
     * {@link Loss#CROSS_ENTROPY}); returns the losses' and accuracies' bits, then the parameters' bits.
     */
    static long[] run(boolean compiled, Loss loss, Updates updates, int batchSize, long seed, int steps) {
        boolean classes = loss == Loss.CROSS_ENTROPY;
        Dataset data = classes ? Datasets.spiral(20, 3, 0.2, new SplittableRandom(seed))
                : Datasets.moons(60, 0.1, new SplittableRandom(seed));
        MLP model = new MLP(2, List.of(8, 8, classes ? 3 : 1), new SplittableRandom(seed + 1));
        Trainer.Builder b = Trainer.builder(model, data).loss(loss).l2(1e-3).optimizer(updates.over(model, steps))
                .compiled(compiled);
        if (batchSize > 0) {
            b.batchSize(batchSize).rng(new SplittableRandom(seed + 2));
        }
        TrainingResult r = b.build().train(steps);
        long[] out = new long[steps * 2 + model.parameterCount()];
        for (int k = 0; k < steps; k++) {
            out[2 * k] = Double.doubleToRawLongBits(r.history().get(k).loss());
            out[2 * k + 1] = Double.doubleToRawLongBits(r.history().get(k).accuracy());
        }
        long[] params = bits(model);
        System.arraycopy(params, 0, out, 2 * steps, params.length);
        return out;
    }

    @Test
    void compiledEqualsDynamicForEveryLossOptimizerAndBatchSize() {
        for (Loss loss : Loss.values()) {
            for (Updates opt : Updates.values()) {
                for (int batch : new int[] {0, 16, 60}) {
                    String what = loss + " " + opt + " batch " + batch;
                    assertArrayEquals(run(false, loss, opt, batch, 11, 15), run(true, loss, opt, batch, 11, 15), what);
                }
            }
        }
    }

    @Test
    void theSameSeedGivesBitIdenticalRuns_anotherSeedDoesNot() {
        assertArrayEquals(run(false, Loss.MAX_MARGIN, Updates.ADAM, 16, 3, 20), run(false, Loss.MAX_MARGIN, Updates.ADAM, 16, 3, 20));
        assertTrue(!java.util.Arrays.equals(run(false, Loss.MAX_MARGIN, Updates.ADAM, 16, 3, 20),
                run(false, Loss.MAX_MARGIN, Updates.ADAM, 16, 4, 20)));
    }

    @Test
    void threadsTrainingSeparateModelsFromTheSameSeedGetBitIdenticalResults() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean compiled = t % 2 == 1;
                futures.add(pool.submit(() -> run(compiled, Loss.MAX_MARGIN, Updates.SGD_DECAY, 16, 21, 30)));
            }
            long[] first = futures.get(0).get();
            for (Future<long[]> f : futures) {
                assertArrayEquals(first, f.get());
            }
            assertArrayEquals(first, run(false, Loss.MAX_MARGIN, Updates.SGD_DECAY, 16, 21, 30));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void trainingContinuesTheOptimizersSchedule_andListenersSeeEveryStep() {
        Dataset data = Datasets.blobs(40, 0.5, new SplittableRandom(1));
        MLP model = new MLP(2, List.of(4, 1), new SplittableRandom(2));
        List<Integer> seen = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        Sgd sgd = new Sgd(model.parameters(), LearningRate.constant(0.1));
        Trainer trainer = Trainer.builder(model, data).optimizer(sgd)
                .listener(r -> seen.add(r.step())).listener(r -> second.add(r.step())).build();
        trainer.train(3);
        TrainingResult r = trainer.train(2);
        assertEquals(List.of(0, 1, 2, 3, 4), seen);
        assertEquals(seen, second);
        assertEquals(5, sgd.steps());
        assertEquals(2, r.steps());
        assertEquals(4, r.last().step());
        assertTrue(r.elapsedNanos() >= r.last().elapsedNanos());
        assertEquals(5, trainer.evaluate().step());
        assertTrue(trainer.evaluate().accuracy() >= 0.95, "blobs are separable");
        assertEquals(model, trainer.model());
        assertEquals(sgd, trainer.optimizer());
    }

    @Test
    void binaryCrossEntropyTrainsAClassifier() {
        Dataset data = Datasets.circles(80, 0.05, 0.4, new SplittableRandom(5));
        MLP model = new MLP(2, List.of(8, 8, 1), new SplittableRandom(6));
        TrainingResult r = Trainer.builder(model, data).loss(Loss.BINARY_CROSS_ENTROPY)
                .optimizer(new Adam(model.parameters(), 0.05)).compiled(true).build().train(150);
        assertTrue(r.finalAccuracy() >= 0.95, "accuracy " + r.finalAccuracy());
        assertTrue(r.finalLoss() < r.history().get(0).loss());
    }

    /**
     * CS231n's spiral (100 points per arm, 3 arms, noise 0.2), where the course's two-layer net
     * reaches 98% and a linear softmax about 49%: MLP(2, [16, 16, 3]) with cross-entropy (the
     * default for a dataset of classes) and Adam reaches at least 95%, by argmax.
     */
    @Test
    void crossEntropyTrainsAThreeClassSpiral() {
        Dataset data = Datasets.spiral(100, 3, 0.2, new SplittableRandom(SEED));
        MLP model = new MLP(2, List.of(16, 16, 3), new SplittableRandom(SEED));
        Trainer trainer = Trainer.builder(model, data).l2(1e-4).optimizer(new Adam(model.parameters(), 0.02))
                .compiled(true).build();
        TrainingResult r = trainer.train(200);
        StepReport after = trainer.evaluate();
        System.out.printf("spiral: first loss %.6f acc %.3f; after %d steps loss %.6f acc %.3f%n",
                r.history().get(0).loss(), r.history().get(0).accuracy(), r.steps(), after.loss(), after.accuracy());
        assertTrue(after.accuracy() >= 0.95, "accuracy " + after.accuracy());
        assertTrue(after.loss() < r.history().get(0).loss() / 5, "loss " + after.loss());
        int correct = 0;
        int[] labels = data.classLabels();
        for (int i = 0; i < data.size(); i++) {
            correct += Losses.argmax(model.forward(data.x(i))) == labels[i] ? 1 : 0;
        }
        assertEquals(after.accuracy(), (double) correct / data.size(), "evaluate() counts argmax hits");
    }

    @Test
    void aLinearSoftmaxCannotSeparateTheSpiral() {
        // the course's point: no linear classifier separates the arms (it reports about 49%)
        Dataset data = Datasets.spiral(100, 3, 0.2, new SplittableRandom(SEED));
        MLP linear = new MLP(2, List.of(3), new SplittableRandom(SEED));
        Trainer trainer = Trainer.builder(linear, data).optimizer(new Adam(linear.parameters(), 0.05)).build();
        trainer.train(200);
        double accuracy = trainer.evaluate().accuracy();
        assertTrue(accuracy > 0.4 && accuracy < 0.65, "linear accuracy " + accuracy);
    }

    @Test
    void aDatasetOfClassesNeedsOneOutputPerClassAndCrossEntropy() {
        Dataset spiral = Datasets.spiral(10, 3, 0.2, new SplittableRandom(1));
        Dataset moons = Datasets.moons(10, 0.1, new SplittableRandom(1));
        MLP three = new MLP(2, List.of(4, 3), new SplittableRandom(1));
        assertEquals("expected a model with 3 outputs (one logit per class of the dataset), found 1",
                assertThrows(IllegalArgumentException.class,
                        () -> Trainer.builder(new MLP(2, List.of(4, 1), new SplittableRandom(1)), spiral)).getMessage());
        assertEquals("MAX_MARGIN expects labels that are numbers, found a dataset of 3 classes (use CROSS_ENTROPY)",
                assertThrows(IllegalArgumentException.class,
                        () -> Trainer.builder(three, spiral).loss(Loss.MAX_MARGIN)).getMessage());
        assertEquals("cross-entropy expects a dataset of classes (Dataset.ofClasses), found one whose labels are numbers",
                assertThrows(IllegalArgumentException.class,
                        () -> Trainer.builder(new MLP(2, List.of(4, 1), new SplittableRandom(1)), moons)
                                .loss(Loss.CROSS_ENTROPY)).getMessage());
        Trainer byDefault = Trainer.builder(three, spiral).build();
        List<List<Value>> logits = new ArrayList<>();
        for (int i = 0; i < spiral.size(); i++) {
            logits.add(three.forward(spiral.x(i)));
        }
        assertEquals(Losses.crossEntropy(logits, spiral.classLabels()).data(), byDefault.evaluate().loss(),
                "cross-entropy is the default loss for classes");
    }

    @Test
    void aListenerThatThrowsStopsTraining() {
        Dataset data = Datasets.lecture();
        MLP model = MLP.lecture(3, List.of(4, 1), new SplittableRandom(1));
        Trainer trainer = Trainer.builder(model, data).listener(r -> {
            if (r.step() == 2) {
                throw new IllegalStateException("stop");
            }
        }).build();
        assertEquals("stop", assertThrows(IllegalStateException.class, () -> trainer.train(10)).getMessage());
        assertEquals(3, trainer.optimizer().steps());
    }

    @Test
    void misuseIsRejectedWithExpectedAndFound() {
        Dataset data = Datasets.moons(10, 0.1, new SplittableRandom(1));
        MLP model = new MLP(2, List.of(4, 1), new SplittableRandom(1));
        assertEquals("expected a model with 3 inputs (the dataset's features), found 2",
                assertThrows(IllegalArgumentException.class, () -> Trainer.builder(model, Datasets.lecture())).getMessage());
        assertEquals("expected a model with 1 output (one score per sample), found 2", assertThrows(
                IllegalArgumentException.class, () -> Trainer.builder(new MLP(2, List.of(2), new SplittableRandom(1)), data))
                .getMessage());
        assertEquals("model", assertThrows(NullPointerException.class, () -> Trainer.builder(null, data)).getMessage());
        assertEquals("data", assertThrows(NullPointerException.class, () -> Trainer.builder(model, null)).getMessage());
        Trainer.Builder b = Trainer.builder(model, data);
        assertEquals("expected a batch size in [0, 10] (0 = full batch), found 11",
                assertThrows(IllegalArgumentException.class, () -> b.batchSize(11)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.batchSize(-1));
        assertThrows(IllegalArgumentException.class, () -> b.l2(Double.NaN));
        assertEquals("loss", assertThrows(NullPointerException.class, () -> b.loss(null)).getMessage());
        assertEquals("optimizer", assertThrows(NullPointerException.class, () -> b.optimizer(null)).getMessage());
        assertEquals("listener", assertThrows(NullPointerException.class, () -> b.listener(null)).getMessage());
        assertEquals("rng", assertThrows(NullPointerException.class, () -> b.rng(null)).getMessage());
        b.batchSize(4);
        assertEquals("batchSize 4 needs a generator: call rng(...)",
                assertThrows(IllegalStateException.class, b::build).getMessage());
        Dataset regression = Dataset.of(new double[][] {{1, 2}, {3, 4}}, new double[] {0.5, 2});
        assertEquals("binary cross-entropy expects labels -1 or +1, found y[0] = 0.5", assertThrows(
                IllegalArgumentException.class, () -> Trainer.builder(model, regression).loss(Loss.BINARY_CROSS_ENTROPY))
                .getMessage());
        Trainer t = Trainer.builder(model, data).build();
        long[] before = bits(model);
        assertEquals("steps must be at least 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> t.train(0)).getMessage());
        assertArrayEquals(before, bits(model));
    }

    @Test
    void theDefaultsAreTheDemos() {
        Dataset data = Datasets.moons(100, 0.1, new SplittableRandom(SEED));
        MLP a = new MLP(2, List.of(16, 16, 1), new SplittableRandom(SEED));
        Trainer defaults = Trainer.builder(a, data).l2(1e-4).build();
        assertTrue(!defaults.compiled());
        TrainingResult r = defaults.train(100);
        Run demo = demo(false);
        assertEquals(demo.result().finalLoss(), r.finalLoss());
        assertArrayEquals(bits(demo.model()), bits(a));
    }

    /** Records the calls a trainer makes; changes no parameter and resets no gradient itself. */
    static final class RecordingOptimizer implements Optimizer {
        final List<String> calls = new ArrayList<>();
        private int steps;

        @Override
        public void step() {
            calls.add("step");
            steps++;
        }

        @Override
        public void zeroGrad() {
            calls.add("zeroGrad");
        }

        @Override
        public int steps() {
            return steps;
        }
    }

    @Test
    void eachStepResetsTheOptimizersAndTheModelsGradientsBeforeItsBackwardPass() {
        for (boolean compiled : new boolean[] {false, true}) {
            MLP model = new MLP(3, List.of(4, 1), new SplittableRandom(2));
            RecordingOptimizer optimizer = new RecordingOptimizer();
            Trainer trainer = Trainer.builder(model, Datasets.lecture()).optimizer(optimizer).compiled(compiled).build();
            trainer.train(1);
            double[] once = model.parameters().stream().mapToDouble(Value::grad).toArray();
            assertTrue(java.util.Arrays.stream(once).anyMatch(g -> g != 0.0), "some gradient");
            // the optimizer changes nothing, so a second step computes the same gradients; had the
            // trainer not reset the model's, they would have added up
            trainer.train(2);
            assertArrayEquals(once, model.parameters().stream().mapToDouble(Value::grad).toArray(), "compiled " + compiled);
            assertEquals(List.of("zeroGrad", "step", "zeroGrad", "step", "zeroGrad", "step"), optimizer.calls);
        }
    }

    @Test
    void anOutputOfExactly0IsNotPositiveAndNeitherIsALabelOf0() {
        // a model whose parameters are all 0 scores every sample exactly 0; accuracy is the share
        // where (score > 0) == (label > 0), as Losses.accuracy: here both samples are right
        Dataset data = Dataset.of(new double[][] {{1.0}, {2.0}}, new double[] {-1.0, 0.0});
        for (boolean compiled : new boolean[] {false, true}) {
            MLP model = new MLP(1, List.of(1), new SplittableRandom(1));
            model.parameters().forEach(p -> p.setData(0.0));
            Trainer trainer = Trainer.builder(model, data).loss(Loss.MEAN_SQUARED_ERROR).compiled(compiled)
                    .optimizer(new Sgd(model.parameters(), LearningRate.constant(0.0))).build();
            List<Value> scores = List.of(model.forward(1.0).get(0), model.forward(2.0).get(0));
            assertEquals(1.0, Losses.accuracy(scores, data.ys()));
            assertEquals(1.0, trainer.evaluate().accuracy(), "compiled " + compiled);
            assertEquals(1.0, trainer.train(1).finalAccuracy(), "compiled " + compiled);
        }
    }

    @Test
    void noL2TermIsAddedWhenAlphaIs0() {
        // an infinite bias gives an infinite loss; 0 · Σp² would be 0 · ∞ = NaN
        Dataset data = Dataset.of(new double[][] {{1.0}}, new double[] {1.0});
        MLP model = new MLP(1, List.of(1), new SplittableRandom(1));
        model.parameters().get(1).setData(Double.POSITIVE_INFINITY);
        assertEquals(Double.POSITIVE_INFINITY,
                Trainer.builder(model, data).loss(Loss.MEAN_SQUARED_ERROR).l2(0.0).build().evaluate().loss());
    }

    @Test
    void elapsedTimesAreDurationsOfTheCall() {
        Trainer trainer = Trainer.builder(new MLP(3, List.of(4, 1), new SplittableRandom(2)), Datasets.lecture()).build();
        long before = System.nanoTime();
        TrainingResult result = trainer.train(3);
        StepReport evaluation = trainer.evaluate();
        long took = System.nanoTime() - before;
        assertTrue(result.elapsedNanos() >= 0 && result.elapsedNanos() <= took, result::toString);
        assertTrue(result.last().elapsedNanos() <= result.elapsedNanos(), result::toString);
        assertTrue(evaluation.elapsedNanos() >= 0 && evaluation.elapsedNanos() <= took, evaluation::toString);
    }

    @Test
    void aBatchMayBeTheWholeDatasetAndTheModeIsReported() {
        Dataset data = Datasets.lecture();
        MLP model = new MLP(3, List.of(4, 1), new SplittableRandom(2));
        Trainer trainer = Trainer.builder(model, data).batchSize(data.size()).rng(new SplittableRandom(3))
                .compiled(true).build();
        assertTrue(trainer.compiled());
        assertEquals(1, trainer.train(1).steps());
        // 0, the smallest size, is the full batch: the same step as the default
        MLP a = new MLP(3, List.of(4, 1), new SplittableRandom(2));
        MLP b = new MLP(3, List.of(4, 1), new SplittableRandom(2));
        Trainer.builder(a, data).batchSize(0).build().train(2);
        Trainer.builder(b, data).build().train(2);
        assertArrayEquals(bits(b), bits(a));
    }

    /**
     * The trained demo model's file, pinned: a change in any generator, operation, loss, optimizer
     * or the file format shows up here, so runs on other JVMs can be compared with this hash.
     */
    @Test
    void theTrainedDemoModelFileIsPinned(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("demo.mlp");
        ModelFile.save(demo(true).model(), file);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file));
        assertEquals(PINNED_DEMO_SHA256, java.util.HexFormat.of().formatHex(digest));
    }

    static final String PINNED_DEMO_SHA256 = "ca281706c2d1f27263f3741478ff367579c3ecc772170dc9a1858744cbb3acb6";
}
