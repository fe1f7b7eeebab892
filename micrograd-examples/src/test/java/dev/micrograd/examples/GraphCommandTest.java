package dev.micrograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.examples.draw.GraphPicture;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraphCommandTest {
    @TempDir
    Path tmp;

    @Test
    void anExpressionIsDifferentiatedAndWrittenAsDot() throws IOException {
        Run run = Run.of("graph", "(a*b + c)*f", "--set", "a=2,b=-3,c=10,f=-2", "--format", "dot",
                "--name", "L", "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.outLines().containsAll(List.of("(a*b + c)*f = -8", "  d/da = 6", "  d/db = -4",
                "  d/dc = -2", "  d/df = 4")), run::toString);
        String dot = Files.readString(tmp.resolve("L.dot"));
        assertTrue(dot.startsWith("digraph"), dot);
        assertTrue(dot.contains("a*b + c"), "computed nodes are labelled with their text");
    }

    @Test
    void presetsAreTheLecturesExpressions() {
        Run neuron = Run.of("graph", "neuron", "--format", "dot", "--out", tmp.toString());
        assertEquals(0, neuron.exitCode(), neuron::toString);
        assertTrue(neuron.out().startsWith("tanh(x1*w1 + x2*w2 + b) = 0.7071"), neuron::toString);
        assertTrue(neuron.outLines().containsAll(List.of("  d/dx1 = -1.5", "  d/dw1 = 1", "  d/dx2 = 0.5",
                "  d/dw2 = 0")), neuron::toString);
        assertTrue(Files.exists(tmp.resolve("neuron.dot")));

        Run reuse = Run.of("graph", "reuse", "--format", "dot", "--out", tmp.toString());
        assertTrue(reuse.outLines().contains("  d/da = 2"), reuse::toString);
    }

    @Test
    void setOverridesAPresetsValue() {
        Run run = Run.of("graph", "L", "--set", "f=1", "--format", "dot", "--out", tmp.toString());
        assertTrue(run.out().startsWith("(a*b + c)*f = 4"), run::toString);
    }

    @Test
    void anSvgIsDrawnByDefault() throws IOException {
        Run run = Run.of("graph", "neuron", "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.exists(tmp.resolve("neuron.dot")));
        String svg = Files.readString(tmp.resolve("neuron.svg"));
        assertTrue(svg.contains("<svg") && svg.contains("data 0.7071"), svg);
        assertTrue(run.outLines().contains("wrote " + tmp.resolve("neuron.svg")), run::toString);
    }

    @Test
    void withoutGraphvizAPngIsStillDrawn() throws Exception {
        // a separate JVM whose PATH holds no 'dot', whether or not this machine has Graphviz
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "graph", "neuron", "--format", "png", "--out", tmp.toString());
        pb.environment().put("PATH", tmp.resolve("empty").toString());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(Files.exists(tmp.resolve("neuron.dot")), output);
        BufferedImage png = ImageIO.read(tmp.resolve("neuron.png").toFile());
        assertTrue(png.getWidth() > png.getHeight() && png.getHeight() >= 100, png.getWidth() + "x" + png.getHeight());
    }

    @Test
    void aGraphTooLargeForAPictureGetsItsDotAndAReason() throws IOException {
        // x*x*...*x with MAX_VALUES products: one leaf and MAX_VALUES products, one value past the limit
        StringBuilder text = new StringBuilder("x");
        for (int i = 0; i < GraphPicture.MAX_VALUES; i++) {
            text.append("*x");
        }
        Run run = Run.of("graph", text.toString(), "--set", "x=1", "--name", "big", "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.readString(tmp.resolve("big.dot")).startsWith("digraph"));
        assertFalse(Files.exists(tmp.resolve("big.svg")));
        assertTrue(run.err().contains("no big.svg: the graph has"), run::toString);
    }

    @Test
    void anExpressionMayStartWithAMinus() throws IOException {
        Run run = Run.of("graph", "-a/b + 2**3", "--set", "a=1,b=4", "--format", "dot", "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.outLines().containsAll(List.of("-a/b + 2**3 = 7.75", "  d/da = -0.25", "  d/db = 0.0625")),
                run::toString);
        assertTrue(Files.readString(tmp.resolve("graph.dot")).startsWith("digraph"));

        Run divByZero = Run.of("graph", "--format", "dot", "--out", tmp.toString(), "-a/0 + 2**3", "--set", "a=1");
        assertEquals(0, divByZero.exitCode(), divByZero::toString);
        assertTrue(divByZero.out().startsWith("-a/0 + 2**3 = "), divByZero::toString);

        // one that starts like -h: the options first, then -- and the expression
        Run likeHelp = Run.of("graph", "--set", "h=3", "--format", "dot", "--out", tmp.toString(), "--", "-h*2");
        assertEquals(0, likeHelp.exitCode(), likeHelp::toString);
        assertTrue(likeHelp.outLines().containsAll(List.of("-h*2 = -6", "  d/dh = -2")), likeHelp::toString);
    }

    @Test
    void aMisspelledOptionIsStillAnError() {
        Path out = tmp.resolve("out");
        Run.of("graph", "neuron", "--fromat", "dot", "--out", out.toString()).assertRefused("--fromat");
        assertFalse(Files.exists(out));
    }

    @Test
    void aMissingExpressionIsAnError() {
        Run.of("graph").assertRefused("Missing required parameter: 'EXPR'");
    }

    @Test
    void aPresetsFilesAreNamedAsHelpWritesIt() {
        Run run = Run.of("graph", "l", "--format", "dot", "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.exists(tmp.resolve("L.dot")), run::toString);
        assertTrue(run.outLines().contains("wrote " + tmp.resolve("L.dot")), run::toString);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
        tanh a   | --set a=1             | 'tanh' is a function: expected '(' after it, e.g. tanh(a)
        a*b      | --set a=1,b           | --set: expected NAME=NUMBER, e.g. --set a=2,b=-3, found 'b'
        a*b      | --set a=1,b=x         | --set: expected a number for b, found 'x'
        a        | --set a=1,a=2         | --set: expected each name once, found a twice (1 and 2)
        ''       | --set a=1             | the expression is empty
        a        | --format jpeg         | Invalid value for option '--format': expected dot, svg or png, found 'jpeg'
        tanh(a*b | --set a=1,b=2         | cannot read the expression at position 9: expected ')'
        a*b      | --set a=1             | no value for 'b': give one with --set b=NUMBER
        a*b      | --set a=1,b=2,c=3,d=4 | --set: expected only names that a*b uses (a, b), found extra: c, d
        L        | --set z=1             | --set: expected only names that (a*b + c)*f uses (a, b, c, f), found extra: z
        """)
    void badInputSaysWhatWasExpected(String expression, String option, String message) {
        Path out = tmp.resolve("out");
        Run run = Run.of("graph", "--out", out.toString(), option.split(" ")[0], option.split(" ")[1], "--",
                expression).assertRefused(message);
        assertTrue(run.err().contains("Usage: micrograd graph"), run::toString);
        assertFalse(Files.exists(out));
    }

    @Test
    void aRepeatedSetOptionIsAnErrorToo() {
        Run.of("graph", "a", "--set", "a=1", "--set", "a=3", "--out", tmp.toString())
                .assertRefused("found a twice (1 and 3)");
    }

    /** A graph written as DOT, in bytes per value: each label is cut, so the size is linear in the nodes. */
    private static void assertLinearDot(Path dot, int values) throws IOException {
        long size = Files.size(dot);
        assertTrue(size < 250L * values, size + " bytes for " + values + " values");
    }

    @Test
    void aHundredThousandDeepExpressionGivesAResult() throws IOException {
        int depth = 100_000;
        Run run = Run.of("graph", "--set", "a=2", "--out", tmp.toString(), "--",
                "(".repeat(depth) + "-".repeat(depth) + "a" + ")".repeat(depth) + "*3");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().endsWith(" = 6" + System.lineSeparator() + "  d/da = 3" + System.lineSeparator()
                + "wrote " + tmp.resolve("graph.dot") + System.lineSeparator()), run::toString);
        assertTrue(run.out().length() < 400, "the expression is printed cut short");
        assertLinearDot(tmp.resolve("graph.dot"), depth + 3);
        assertTrue(run.err().contains("no graph.svg: the graph has 100003 values; pictures are drawn for at most "),
                run::toString);
    }

    @Test
    void aHundredThousandTermSumGivesAResult() throws IOException {
        int terms = 100_000;
        Run run = Run.of("graph", "--set", "a=0.5", "--format", "dot", "--out", tmp.toString(), "--",
                String.join(" + ", java.util.Collections.nCopies(terms, "a")));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.outLines().contains("  d/da = " + terms), run::toString);
        assertLinearDot(tmp.resolve("graph.dot"), 2 * terms);
    }
}
