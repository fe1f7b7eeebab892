package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit-identical results across JVMs for networks that go through the transcendental operations
 * ({@code tanh}, {@code exp} and {@code log} in the sigmoid and the cross-entropy), which the engine
 * computes with {@code StrictMath}, as Adam does its bias correction's {@code pow}. The pinned hashes
 * are those of OpenJDK 17.0.15 (x86_64), which Temurin 25.0.3 reproduces; any JVM on any processor
 * must reproduce them, and a change to a generator,
 * an operation, a loss, an optimizer or the file format shows up here. ({@code TrainerTest} pins the
 * ReLU demo the same way.)
 */
class DeterminismTest {
    static final String PINNED_LECTURE_SHA256 = "8b7270a9d748e6eeea5fb47a5fb822c1b8ebd6fd3e5190d8610fbb48f2286441";
    static final String PINNED_SIGMOID_SHA256 = "7bb95cb97591d8c39dcfde986adfc5b30d2835134d0f938f06d3e66f24d4a37a";

    /** The lecture's tanh network on its tiny dataset, 50 steps of SGD with lr 0.1. */
    @Test
    void theTrainedLectureNetworkIsPinned(@TempDir Path dir) throws Exception {
        MLP model = MLP.lecture(3, List.of(4, 4, 1), new SplittableRandom(42));
        Trainer.builder(model, Datasets.lecture())
                .loss(Loss.SUM_SQUARED_ERROR)
                .optimizer(new Sgd(model.parameters(), LearningRate.constant(0.1)))
                .build()
                .train(50);
        assertEquals(PINNED_LECTURE_SHA256, sha256(model, dir.resolve("lecture.mlp")));
    }

    /** Sigmoid hidden layer, binary cross-entropy on circles, Adam, mini-batches: exp, log and sqrt. */
    @Test
    void aTrainedSigmoidNetworkIsPinned(@TempDir Path dir) throws Exception {
        Dataset data = Datasets.circles(60, 0.05, 0.5, new SplittableRandom(3));
        MLP model = new MLP(2, List.of(8, 1), Activation.SIGMOID, Activation.LINEAR, BiasInit.UNIFORM,
                new SplittableRandom(4));
        Trainer.builder(model, data)
                .loss(Loss.BINARY_CROSS_ENTROPY)
                .l2(1e-4)
                .optimizer(new Adam(model.parameters(), 0.05))
                .batchSize(20)
                .rng(new SplittableRandom(5))
                .build()
                .train(40);
        assertEquals(PINNED_SIGMOID_SHA256, sha256(model, dir.resolve("sigmoid.mlp")));
    }

    private static String sha256(MLP model, Path file) throws IOException, NoSuchAlgorithmException {
        ModelFile.save(model, file);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
