package dev.micrograd.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import dev.micrograd.examples.plot.ClassRegionsChart;
import dev.micrograd.nn.Datasets;
import dev.micrograd.nn.Losses;
import dev.micrograd.nn.MLP;
import dev.micrograd.nn.ModelFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpiralCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Standard output parsed whole, strictly: exactly one JSON object and nothing else. */
    static JsonObject json(Run run) throws IOException {
        assertEquals(0, run.exitCode(), run::toString);
        JsonReader reader = new JsonReader(new StringReader(run.out()));
        JsonElement document = JsonParser.parseReader(reader);
        assertEquals(com.google.gson.stream.JsonToken.END_DOCUMENT, reader.peek(), () -> "more than one document:\n" + run);
        assertTrue(document.isJsonObject(), run::toString);
        assertEquals(1, run.outLines().size(), () -> "one line on standard output:\n" + run);
        return document.getAsJsonObject();
    }

    private static void assertPicture(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, () -> png + " is not a picture ImageIO can read");
        assertEquals(MoonsCommand.WIDTH, image.getWidth());
        assertEquals(MoonsCommand.HEIGHT, image.getHeight());
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void theDefaultsReachAtLeast95Percent_andStandardOutputIsOneJsonObject() throws IOException {
        Path out = tmp.resolve("out");
        Run run = Run.of("spiral", "--json", "--out", out.toString());
        JsonObject result = json(run);
        assertEquals(Set.of("task", "classes", "steps", "loss", "accuracy", "parameters", "msPerStep"), result.keySet());
        assertEquals("spiral", result.get("task").getAsString());
        assertEquals(3, result.get("classes").getAsInt());
        assertEquals(200, result.get("steps").getAsInt());
        assertEquals(2 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3, result.get("parameters").getAsInt(), "MLP(2, [16, 16, 3])");
        double accuracy = result.get("accuracy").getAsDouble();
        assertTrue(accuracy >= 0.95 && accuracy <= 1.0, run::toString);
        double loss = result.get("loss").getAsDouble();
        assertTrue(loss > 0 && loss < 0.3, "cross-entropy after training: " + loss);
        assertTrue(result.get("msPerStep").getAsDouble() > 0);
        // the step log and the summary went to standard error
        assertTrue(run.err().contains("step 0 loss") && run.err().contains("step 199 loss"), run::toString);
        assertTrue(run.err().contains("pictures: "), run::toString);
        assertEquals(Set.of("spiral-boundary.png", "spiral-training.png"), files(out), "and no temporary files");
        assertPicture(out.resolve("spiral-boundary.png"));
        assertPicture(out.resolve("spiral-training.png"));
    }

    @Test
    void kClassesGiveKOutputs_andTheSavedModelLoadsBackAndClassifies() throws IOException {
        Path file = tmp.resolve("models").resolve("spiral.mlp");
        JsonObject result = json(Run.of("spiral", "--classes", "5", "--points", "20", "--steps", "5", "--hidden", "8",
                "--seed", "3", "--json", "--save", file.toString(), "--out", tmp.toString()));
        assertEquals(5, result.get("classes").getAsInt());
        assertEquals(2 * 8 + 8 + 8 * 5 + 5, result.get("parameters").getAsInt(), "MLP(2, [8, 5])");
        MLP model = ModelFile.load(file);
        assertEquals(List.of(8, 5), model.nouts());
        // the same run in the library gives the same model
        MLP again = new MLP(2, List.of(8, 5), new SplittableRandom(3));
        dev.micrograd.nn.Trainer.builder(again, Datasets.spiral(20, 5, 0.2, new SplittableRandom(3)))
                .l2(MoonsCommand.L2).optimizer(new dev.micrograd.nn.Adam(again.parameters(), SpiralCommand.ADAM_LR))
                .rng(new SplittableRandom(3).split()).build().train(5);
        assertArrayEquals(model.parameters().stream().mapToDouble(v -> v.data()).toArray(),
                again.parameters().stream().mapToDouble(v -> v.data()).toArray());
        assertEquals(Losses.argmax(again.forward(0.3, -0.2)), Losses.argmax(model.forward(0.3, -0.2)));
    }

    @Test
    void compiledModeGivesTheSameNumbers() throws IOException {
        String[] common = {"spiral", "--steps", "8", "--points", "20", "--batch-size", "16", "--json", "--out",
            tmp.toString()};
        JsonObject dynamic = json(Run.of(common));
        JsonObject compiled = json(Run.of(Stream.concat(Stream.of(common), Stream.of("--compiled")).toArray(String[]::new)));
        assertEquals(dynamic.get("loss").getAsDouble(), compiled.get("loss").getAsDouble(), 0.0);
        assertEquals(dynamic.get("accuracy").getAsDouble(), compiled.get("accuracy").getAsDouble(), 0.0);
    }

    @Test
    void withoutJsonTheLogGoesToStandardOutput() {
        Run run = Run.of("spiral", "--steps", "3", "--points", "10", "--optimizer", "sgd", "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith("step 2 loss")), run::toString);
        assertTrue(run.out().contains("SGD (lr 0.5)"), run::toString);
        assertFalse(run.out().contains("{"), run::toString);
    }

    @Test
    void aDivergingRunStillPrintsOneJsonObject() throws IOException {
        JsonObject result = json(Run.of("spiral", "--optimizer", "sgd", "--lr", "1e6", "--steps", "5", "--points", "10",
                "--json", "--out", tmp.toString()));
        assertTrue(result.get("loss").isJsonNull() || result.get("loss").getAsDouble() > 1, result::toString);
    }

    @Test
    void theCompiledClassifierPredictsWhatTheModelPredicts() {
        MLP model = new MLP(2, List.of(8, 4), new SplittableRandom(5));
        ClassRegionsChart.Classifier classifier = SpiralCommand.classifier(model);
        Set<Integer> seen = new HashSet<>();
        for (double a = -1.5; a <= 1.5; a += 0.05) {
            for (double b = -1.5; b <= 1.5; b += 0.05) {
                int expected = Losses.argmax(model.forward(a, b));
                assertEquals(expected, classifier.classAt(a, b), "at (" + a + ", " + b + ")");
                seen.add(expected);
            }
        }
        assertTrue(seen.size() > 1, "the grid crosses a boundary: " + seen);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--classes 1               | --classes must be at least 2, found 1",
        "--points 1                | --points must be at least 2, found 1",
        "--steps 0                 | --steps must be at least 1, found 0",
        "--noise -1                | --noise must be a number at least 0",
        "--hidden 16,0             | --hidden sizes must each be at least 1",
        "--lr -0.1                 | --lr must be a positive number",
        "--batch-size 301          | --batch-size must be between 1 and --points x --classes (300), found 301",
        "--optimizer rmsprop       | --optimizer",
    })
    void badOptionsExitWith2AndWriteNothing(String options, String message) {
        Path out = tmp.resolve("out");
        Path model = tmp.resolve("model.mlp");
        String[] args = Stream.concat(Stream.of("spiral", "--out", out.toString(), "--save", model.toString()),
                Stream.of(options.split(" "))).toArray(String[]::new);
        Run run = Run.of(args);
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains(message), () -> "expected '" + message + "' in\n" + run);
        assertTrue(run.err().contains("Usage: micrograd spiral"), run::toString);
        assertFalse(Files.exists(out), "no output folder");
        assertFalse(Files.exists(model), "no model file");
    }
}
