package dev.micrograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.examples.draw.GraphPicture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lecture's numbers, as the lecture (and LECTURE.md) states them. */
class LectureCommandTest {
    @TempDir
    static Path tmp;

    static Run run;

    @BeforeAll
    static void runTheLecture() {
        run = Run.of("lecture", "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run::toString);
    }

    private static void assertPrints(String expected) {
        assertTrue(run.out().contains(expected), () -> "expected '" + expected + "' in\n" + run);
    }

    @Test
    void chaptersComeInTheLecturesOrder() {
        String[] times = {"00:25", "08:08", "14:12", "19:09", "32:10", "51:10", "52:52", "1:09:02", "1:17:32",
            "1:22:28", "1:27:05", "1:39:31", "1:43:55", "1:51:04", "1:57:56", "2:01:12", "2:14:03", "2:16:46",
            "2:21:10"};
        int previous = -1;
        for (String time : times) {
            int at = run.out().indexOf("== " + time + " ");
            assertTrue(at > previous, () -> "chapter " + time + " missing or out of order\n" + run);
            previous = at;
        }
    }

    @Test
    void overviewMatchesMicrogradsReadme() {
        assertPrints("g = 24.7041");
        assertPrints("dg/da = 138.8338, dg/db = 645.5773");
    }

    @Test
    void derivativeOfOneInput() {
        assertPrints("h = 0.0001 at x = 3: 14.0003");
        assertPrints("f'(3) = 14");
    }

    @Test
    void slopesOfMultipleInputs() {
        assertPrints("nudge a by h: slope (d2 - d1)/h = -3.0000");
        assertPrints("nudge b by h: slope (d2 - d1)/h = 2.0000");
        assertPrints("nudge c by h: slope (d2 - d1)/h = 1.0000");
    }

    @Test
    void manualBackpropAgreesWithBackward() {
        assertTrue(run.outLines().contains("L = -8"), run::toString);
        String grads = "dL/dd = -2, dL/df = 4, dL/dc = -2, dL/de = -2, dL/da = 6, dL/db = -4";
        assertPrints("by hand:     " + grads);
        assertPrints("backward():  " + grads);
    }

    @Test
    void oneStepRaisesL() {
        assertPrints("L goes from -8 to -7.2865   (it rose)");
    }

    @Test
    void theNeuron() {
        assertPrints("o = tanh(n) = 0.7071");
        assertPrints("x1.grad = -1.5, w1.grad = 1, x2.grad = 0.5, w2.grad = 0");
        assertPrints("grads: x1 = -1.5, w1 = 1, x2 = 0.5, w2 = 0   (the same as with tanh)");
        assertPrints("o = (e - 1)/(e + 1) with e = exp(2n): o = 0.7071");
    }

    @Test
    void thePyTorchChapterQuotesTheLectureAndRunsNoPyTorch() {
        assertPrints("In the lecture, PyTorch (float64 tensors) gives o = 0.7071 and grads x1 = -1.5, w1 = 1, x2 = 0.5,"
                + " w2 = 0 for the neuron of 52:52.");
        assertPrints("micrograd-verify's KnownAnswerTest checks these numbers against PyTorch.");
    }

    @Test
    void reusedNodesAccumulate() {
        assertPrints("b = a + a with a = 3: b = 6, da = 2");
        assertPrints("da = -3, db = -8");
    }

    @Test
    void theTinyNetworkLearns() {
        assertPrints("parameters(): 41");
        Matcher m = Pattern.compile("step +(\\d+) loss (\\S+)").matcher(run.out());
        List<Double> losses = new ArrayList<>();
        while (m.find()) {
            losses.add(Double.parseDouble(m.group(2)));
        }
        assertEquals(20, losses.size(), run::toString);
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) < losses.get(i - 1), "loss fell at step " + i + ": " + losses);
        }
        assertPrints("the loss fell at every step");
    }

    @Test
    void eachChaptersGraphIsWrittenAsDotAndDrawnAsSvg() throws IOException {
        for (String name : new String[] {"lecture-00-overview", "lecture-L", "lecture-neuron", "lecture-reuse",
            "lecture-neuron-exp", "lecture-mlp", "lecture-mlp-loss"}) {
            Path dot = tmp.resolve(name + ".dot");
            assertTrue(Files.readString(dot).startsWith("digraph"), dot::toString);
        }
        for (String name : new String[] {"lecture-00-overview", "lecture-L-forward", "lecture-L", "lecture-neuron",
            "lecture-reuse", "lecture-neuron-exp", "lecture-mlp"}) {
            Path svg = tmp.resolve(name + ".svg");
            assertTrue(Files.readString(svg).contains("<svg"), svg::toString);
        }
        assertTrue(Files.readString(tmp.resolve("lecture-L.dot")).contains("grad 6.0000"), "a's gradient");
        assertTrue(Files.readString(tmp.resolve("lecture-L.svg")).contains("grad 6.0000"), "a's gradient");
    }

    @Test
    void theLossOverFourExamplesIsTooLargeForAPicture() {
        // 41 parameters, 4 x (3 inputs + 9 dot and tanh nodes), and the loss's 4 x 3 + 1 terms: 138 values
        assertFalse(Files.exists(tmp.resolve("lecture-mlp-loss.svg")));
        assertPrints("lecture-mlp-loss.dot (no picture: the graph has 138 values; pictures are drawn for at most "
                + GraphPicture.MAX_VALUES);
    }

    @Test
    void withoutGraphvizEveryPictureIsStillDrawn(@TempDir Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "lecture", "--out", out.toString());
        pb.environment().put("PATH", out.resolve("no-such-folder").toString());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), output);
        assertFalse(output.contains("Graphviz"), output);
        try (Stream<Path> files = Files.list(out)) {
            // every graph of the lecture but the loss over four examples (too large for a picture)
            assertEquals(7, files.filter(p -> p.toString().endsWith(".svg")).count(), output);
        }
        assertTrue(Files.readString(out.resolve("lecture-neuron.svg")).contains("data 0.7071"), output);
    }

    @Test
    void badStepsAreRejected() {
        Run bad = Run.of("lecture", "--steps", "0", "--out", tmp.resolve("none").toString());
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("--steps must be at least 1"), bad::toString);
        assertTrue(Files.notExists(tmp.resolve("none")));
    }
}
