package dev.micrograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.micrograd.nn.MLP;
import dev.micrograd.nn.ModelFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoonsCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** The run succeeded and its standard output is one JSON document and nothing else. */
    private static JsonObject json(Run run) {
        assertEquals(0, run.exitCode(), run::toString);
        return StrictJson.object(run.out());
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static void assertPicture(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, () -> png + " is not a picture ImageIO can read");
        assertEquals(TrainingRun.WIDTH, image.getWidth());
        assertEquals(TrainingRun.HEIGHT, image.getHeight());
    }

    @Test
    void thirtyStepsPrintJsonAndDrawBothPictures() throws IOException {
        Path out = tmp.resolve("out");
        JsonObject result = json(Run.of("moons", "--steps", "30", "--json", "--out", out.toString()));

        assertEquals(Set.of("task", "steps", "loss", "accuracy", "parameters", "msPerStep", "diverged", "divergedAtStep",
                "pictures", "model"), result.keySet());
        assertFalse(result.get("diverged").getAsBoolean());
        assertTrue(result.get("divergedAtStep").isJsonNull());
        assertTrue(result.get("model").isJsonNull());
        assertEquals(List.of(out.resolve("moons-boundary.png").toString(), out.resolve("moons-training.png").toString()),
                result.get("pictures").getAsJsonArray().asList().stream().map(e -> e.getAsString()).toList());
        assertEquals("moons", result.get("task").getAsString());
        assertEquals(30, result.get("steps").getAsInt());
        assertEquals(337, result.get("parameters").getAsInt(), "MLP(2, [16, 16, 1])");
        double loss = result.get("loss").getAsDouble();
        assertTrue(loss >= 0 && loss < 1.0, "max-margin loss after 30 steps: " + loss);
        double accuracy = result.get("accuracy").getAsDouble();
        assertTrue(accuracy >= 0.5 && accuracy <= 1.0, "accuracy after 30 steps: " + accuracy);
        assertTrue(result.get("msPerStep").getAsDouble() > 0);

        assertEquals(Set.of("moons-boundary.png", "moons-training.png"), files(out), "and no temporary files");
        assertPicture(out.resolve("moons-boundary.png"));
        assertPicture(out.resolve("moons-training.png"));
    }

    @Test
    void theDemosDefaultsReachAtLeast97Percent() {
        Run run = Run.of("moons", "--json", "--out", tmp.toString());
        JsonObject result = json(run);
        assertEquals(100, result.get("steps").getAsInt());
        assertTrue(result.get("accuracy").getAsDouble() >= 0.97, run::toString);
        // without a terminal the step log is plain lines, here on standard error because of --json
        assertTrue(run.err().contains("step 0 loss"), run::toString);
        assertTrue(run.err().contains("step 99 loss"), run::toString);
    }

    @Test
    void withoutJsonTheStepLogGoesToStandardOutput() {
        Run run = Run.of("moons", "--steps", "3", "--samples", "20", "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("step 2 loss")), run::toString);
        assertTrue(run.out().contains("accuracy"), run::toString);
        assertFalse(run.lastLine().startsWith("{"), run::toString);
    }

    @Test
    void optionsAreHonoured() {
        Run run = Run.of("moons", "--steps", "5", "--samples", "30", "--noise", "0.2", "--hidden", "8",
                "--lr", "0.05", "--batch-size", "10", "--seed", "7", "--json", "--out", tmp.toString());
        JsonObject result = json(run);
        assertEquals(5, result.get("steps").getAsInt());
        assertEquals(2 * 8 + 8 + 8 + 1, result.get("parameters").getAsInt(), "MLP(2, [8, 1])");
    }

    @Test
    void compiledModeGivesTheSameNumbers() {
        String[] common = {"moons", "--steps", "10", "--samples", "40", "--batch-size", "16", "--json", "--out",
            tmp.toString()};
        JsonObject dynamic = json(Run.of(common));
        String[] withCompiled = Stream.concat(Stream.of(common), Stream.of("--compiled")).toArray(String[]::new);
        JsonObject compiled = json(Run.of(withCompiled));
        assertEquals(dynamic.get("loss").getAsDouble(), compiled.get("loss").getAsDouble(), 0.0);
        assertEquals(dynamic.get("accuracy").getAsDouble(), compiled.get("accuracy").getAsDouble(), 0.0);
    }

    @Test
    void adamTrainsToo() {
        JsonObject result = json(Run.of("moons", "--optimizer", "adam", "--json", "--out", tmp.toString()));
        assertTrue(result.get("accuracy").getAsDouble() >= 0.97, result::toString);
    }

    @Test
    void saveWritesAModelFileThatLoadsBackAndSaysWhere() throws IOException {
        Path file = Files.createDirectories(tmp.resolve("models")).resolve("moons.txt");
        Run run = Run.of("moons", "--steps", "3", "--save", file.toString(), "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.outLines().contains("model: " + file), run::toString);
        MLP model = ModelFile.load(file);
        assertEquals(List.of(16, 16, 1), model.nouts());
        assertEquals(337, model.parameterCount());

        Path again = tmp.resolve("models").resolve("again.txt");
        JsonObject result = json(Run.of("moons", "--steps", "3", "--save", again.toString(), "--out", tmp.toString(),
                "--json"));
        assertEquals(again.toString(), result.get("model").getAsString());
        assertEquals(ModelFile.load(file).parameterCount(), ModelFile.load(again).parameterCount());
    }

    @Test
    void saveIntoAMissingFolderIsRejectedBeforeTrainingAsModelFileSaveRejectsIt() {
        // one behaviour for the program and the library: a model file's folder is not created
        Path file = tmp.resolve("missing").resolve("dir").resolve("m.mlp");
        Run run = Run.of("moons", "--save", file.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--save: the folder " + file.getParent() + " does not exist; create it first"),
                run::toString);
        assertFalse(Files.exists(tmp.resolve("missing")), "no folder created");
        assertFalse(Files.exists(tmp.resolve("out")), "no training, no pictures");
        IOException library = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> ModelFile.save(new MLP(2, List.of(1), new java.util.SplittableRandom(1)), file));
        assertTrue(library.getMessage().endsWith("the directory " + file.getParent() + " does not exist"),
                library.getMessage());
    }

    private static int count(BufferedImage image, java.awt.Color color) {
        return dev.micrograd.examples.plot.Pixels.count(image, color);
    }

    @Test
    void aDivergedRunSaysSoDrawsWhatItCanAndExitsWith3() throws IOException {
        Path out = tmp.resolve("out");
        Path model = tmp.resolve("model.mlp");
        Run run = Run.of("moons", "--lr", "1e300", "--steps", "5", "--json", "--save", model.toString(),
                "--out", out.toString());
        assertEquals(TrainingRun.EXIT_DIVERGED, run.exitCode(), run::toString);
        JsonObject result = StrictJson.object(run.out());
        assertTrue(result.get("diverged").getAsBoolean(), run::toString);
        int at = result.get("divergedAtStep").getAsInt();
        assertEquals(1, at, "step 0's loss is computed before the first update: " + run);
        assertEquals(at + 1, result.get("steps").getAsInt(), "training stops at the first non-finite loss");
        assertTrue(result.get("loss").isJsonNull(), "JSON has no NaN: " + run);
        assertTrue(result.get("model").isJsonNull());
        assertFalse(Files.exists(model), "a diverged model is not saved");
        assertTrue(run.err().contains("moons: training diverged: the loss is NaN at step 1 (step 0: "), run::toString);
        assertTrue(run.err().contains("try a smaller --lr (this run: SGD, lr 1.0E300) or --optimizer adam"),
                run::toString);
        assertTrue(run.err().contains("no model was saved"), run::toString);

        // the boundary: a NaN score is grey, not the "-1 < score < 0" shade
        BufferedImage boundary = ImageIO.read(out.resolve("moons-boundary.png").toFile());
        int grey = count(boundary, dev.micrograd.examples.plot.Colors.NOT_A_NUMBER);
        assertTrue(grey > TrainingRun.WIDTH * TrainingRun.HEIGHT / 3, "grey regions: " + grey);
        assertTrue(count(boundary, dev.micrograd.examples.plot.Colors.NEGATIVE_MARGIN) < 1_000,
                "only the legend's swatch");
        // the training chart: the non-finite steps shaded grey
        BufferedImage training = ImageIO.read(out.resolve("moons-training.png").toFile());
        assertTrue(count(training, dev.micrograd.examples.plot.Colors.NOT_A_NUMBER) > 10_000, "the grey band");
    }

    @Test
    void keepGoingTrainsEveryStepAndExits0() throws IOException {
        Path model = tmp.resolve("model.mlp");
        Run run = Run.of("moons", "--lr", "1e300", "--steps", "5", "--samples", "20", "--keep-going", "--json",
                "--save", model.toString(), "--out", tmp.resolve("out").toString());
        JsonObject result = json(run);
        assertEquals(5, result.get("steps").getAsInt());
        assertTrue(result.get("diverged").getAsBoolean());
        assertEquals(1, result.get("divergedAtStep").getAsInt());
        assertEquals(model.toString(), result.get("model").getAsString());
        assertTrue(Double.isNaN(ModelFile.load(model).parameters().get(0).data()), "the model as it is, NaN");
        assertTrue(run.err().contains("training diverged"), run::toString);
    }

    @Test
    void aPictureThatCannotBeWrittenLeavesNoModelFile() throws IOException {
        Path out = tmp.resolve("out");
        // a non-empty folder where the second picture should go: moving the picture there fails
        Path blocked = Files.createDirectories(out.resolve("moons-training.png"));
        Files.writeString(blocked.resolve("inside"), "x");
        Path model = tmp.resolve("model.txt");
        Run run = Run.of("moons", "--steps", "2", "--samples", "20", "--save", model.toString(), "--out", out.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("moons-training.png"), run::toString);
        assertFalse(Files.exists(model), "no model file when a picture failed");
    }

    @Test
    void saveIntoAFolderIsRejectedBeforeTraining() {
        Run run = Run.of("moons", "--save", tmp.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--save names a folder"), run::toString);
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void outputPathsThatAreFilesAreRejectedBeforeTraining() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        Run out = Run.of("moons", "--out", file.resolve("pictures").toString());
        assertEquals(2, out.exitCode(), out::toString);
        assertTrue(out.err().contains("--out: " + file + " is a file, not a folder"), out::toString);
        Run save = Run.of("moons", "--out", tmp.resolve("out").toString(), "--save", file.resolve("m.txt").toString());
        assertEquals(2, save.exitCode(), save::toString);
        assertTrue(save.err().contains("--save: " + file + " is a file, not a folder"), save::toString);
        assertEquals(Set.of("a-file"), files(tmp));
    }

    @Test
    void aLargeButFiniteLossIsNotDivergence() {
        Run run = Run.of("moons", "--lr", "1000", "--steps", "10", "--samples", "20", "--json", "--out",
                tmp.toString());
        JsonObject result = json(run);
        assertTrue(result.get("loss").isJsonNull() || result.get("loss").getAsDouble() > 1e6, run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        --steps 0                 | --steps must be at least 1
        --steps many              | --steps
        --samples 1               | --samples must be at least 2
        --noise -0.1              | --noise must be a number at least 0
        --hidden 16,0             | --hidden sizes must each be at least 1
        --lr 0                    | --lr must be a positive number
        --batch-size 0            | --batch-size must be between 1 and --samples (100)
        --batch-size 101          | --batch-size must be between 1 and --samples (100)
        --optimizer rmsprop       | Invalid value for option '--optimizer': expected sgd or adam, found 'rmsprop'
        --unknown                 | Unknown option: '--unknown'
        """)
    void badOptionsExitNonZeroAndWriteNothing(String options, String message) {
        Run run = Run.refusedTraining("moons", tmp, options, message);
        assertTrue(run.err().contains("Try 'micrograd moons --help' for more information."), run::toString);
        assertFalse(run.err().contains("Training steps (default"), () -> "the usage line, not the help page:\n" + run);
        assertEquals("", run.out(), run::toString);
    }
}
