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
        assertEquals(TrainingRun.WIDTH, image.getWidth());
        assertEquals(TrainingRun.HEIGHT, image.getHeight());
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
        assertEquals(Set.of("task", "classes", "steps", "loss", "accuracy", "parameters", "msPerStep", "diverged",
                "divergedAtStep", "pictures", "model"), result.keySet());
        assertFalse(result.get("diverged").getAsBoolean());
        assertTrue(result.get("divergedAtStep").isJsonNull());
        assertTrue(result.get("model").isJsonNull());
        assertEquals(List.of(out.resolve("spiral-boundary.png").toString(), out.resolve("spiral-training.png").toString()),
                result.get("pictures").getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList());
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
        Path file = Files.createDirectories(tmp.resolve("models")).resolve("spiral.mlp");
        Run run = Run.of("spiral", "--classes", "5", "--points", "20", "--steps", "5", "--hidden", "8",
                "--seed", "3", "--json", "--save", file.toString(), "--out", tmp.toString());
        JsonObject result = json(run);
        assertEquals(file.toString(), result.get("model").getAsString());
        assertTrue(run.err().contains("model: " + file), run::toString);
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
    void aMissingSaveFolderIsExit2BeforeTraining() {
        // as in moons and ModelFile.save: a model file's folder is not created
        Path file = tmp.resolve("missing").resolve("spiral.mlp");
        Path out = tmp.resolve("out");
        Run run = Run.of("spiral", "--steps", "2", "--points", "10", "--save", file.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--save: the folder " + file.getParent() + " does not exist; create it first"),
                run::toString);
        assertFalse(run.out().contains("step 0 loss"), "no training: " + run);
        assertFalse(Files.exists(tmp.resolve("missing")), "no folder created");
        assertFalse(Files.exists(out), "no pictures");
    }

    @Test
    void aDivergedRunSaysSoDrawsGreyAndExitsWith3() throws IOException {
        Path out = tmp.resolve("out");
        Path model = tmp.resolve("model.mlp");
        Run run = Run.of("spiral", "--optimizer", "sgd", "--lr", "1e300", "--steps", "5", "--points", "10", "--json",
                "--save", model.toString(), "--out", out.toString());
        assertEquals(TrainingRun.EXIT_DIVERGED, run.exitCode(), run::toString);
        JsonObject result = StrictJson.object(run.out());
        assertEquals(1, run.outLines().size(), () -> "one line on standard output:\n" + run);
        assertEquals("spiral", result.get("task").getAsString());
        assertTrue(result.get("diverged").getAsBoolean(), run::toString);
        int at = result.get("divergedAtStep").getAsInt();
        assertTrue(at >= 1, "step 0's loss is computed before the first update: " + run);
        assertEquals(at + 1, result.get("steps").getAsInt(), "training stops at the first non-finite loss");
        assertTrue(result.get("loss").isJsonNull(), "JSON has no NaN: " + run);
        assertTrue(result.get("model").isJsonNull());
        assertFalse(Files.exists(model), "a diverged model is not saved");
        assertTrue(run.err().contains("spiral: training diverged: the loss is "), run::toString);
        assertTrue(run.err().contains(" at step " + at + " (step " + (at - 1) + ": "), run::toString);
        assertTrue(run.err().contains("try a smaller --lr (this run: SGD, lr 1.0E300) or --optimizer adam"),
                run::toString);
        assertTrue(run.err().contains("no model was saved"), run::toString);
        assertTrue(run.err().contains("--keep-going trains all the steps anyway"), run::toString);

        // the regions: a model with NaN scores predicts no class, drawn grey
        BufferedImage boundary = ImageIO.read(out.resolve("spiral-boundary.png").toFile());
        int grey = dev.micrograd.examples.plot.Pixels.count(boundary, dev.micrograd.examples.plot.Colors.NOT_A_NUMBER);
        assertTrue(grey > TrainingRun.WIDTH * TrainingRun.HEIGHT / 3, "grey regions: " + grey);
        // the training chart: the non-finite step shaded grey
        BufferedImage training = ImageIO.read(out.resolve("spiral-training.png").toFile());
        assertTrue(dev.micrograd.examples.plot.Pixels.count(training, dev.micrograd.examples.plot.Colors.NOT_A_NUMBER)
                > 10_000, "the grey band");
    }

    @Test
    void keepGoingTrainsEveryStepSavesTheModelAndExits0() throws IOException {
        Path model = tmp.resolve("model.mlp");
        Run run = Run.of("spiral", "--optimizer", "sgd", "--lr", "1e300", "--steps", "5", "--points", "10",
                "--keep-going", "--json", "--save", model.toString(), "--out", tmp.resolve("out").toString());
        JsonObject result = json(run);
        assertEquals(5, result.get("steps").getAsInt());
        assertTrue(result.get("diverged").getAsBoolean());
        assertTrue(result.get("divergedAtStep").getAsInt() >= 1, run::toString);
        assertEquals(model.toString(), result.get("model").getAsString());
        assertTrue(ModelFile.load(model).parameters().stream().anyMatch(v -> !Double.isFinite(v.data())),
                "the model as it is, not finite");
        assertTrue(run.err().contains("spiral: training diverged"), run::toString);
        assertFalse(run.err().contains("--keep-going trains all the steps anyway"), run::toString);
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
    @CsvSource(delimiter = '|', textBlock = """
        --classes 1               | --classes must be at least 2, found 1
        --points 1                | --points must be at least 2, found 1
        --steps 0                 | --steps must be at least 1, found 0
        --noise -1                | --noise must be a number at least 0
        --hidden 16,0             | --hidden sizes must each be at least 1
        --lr -0.1                 | --lr must be a positive number
        --batch-size 301          | --batch-size must be between 1 and --points x --classes (300), found 301
        --optimizer rmsprop       | --optimizer
        """)
    void badOptionsExitWith2AndWriteNothing(String options, String message) {
        Run.refusedTraining("spiral", tmp, options, message);
    }
}
