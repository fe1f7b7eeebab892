package dev.micrograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command, {@code java -jar micrograd-examples/target/micrograd.jar ...}, on the real
 * shaded jar in a separate JVM: the manifest, the merged dependencies, the exit codes. Run by
 * maven-failsafe-plugin after the package phase.
 */
class ExecutableJarIT {
    @TempDir
    Path tmp;

    private record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private Result java(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("micrograd.jar", "target/micrograd.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the shaded jar is built first: " + jar);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        Process process = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the program ended");
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void moonsRunsFromTheJarAndItsStandardOutputIsOneJsonDocument() throws Exception {
        Result run = java("moons", "--steps", "20", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonObject json = StrictJson.object(run.out());
        assertFalse(json.get("diverged").getAsBoolean());
        assertTrue(run.err().contains("trained: loss"), "the result lines go to standard error: " + run);
        assertEquals("moons", json.get("task").getAsString());
        assertEquals(20, json.get("steps").getAsInt());
        assertEquals(337, json.get("parameters").getAsInt());
        for (String name : new String[] {"moons-boundary.png", "moons-training.png"}) {
            Path png = tmp.resolve("out").resolve(name);
            assertEquals(TrainingRun.WIDTH, ImageIO.read(png.toFile()).getWidth(), png::toString);
        }
    }

    @Test
    void lectureRunsFromTheJar() throws Exception {
        Result run = java("lecture", "--out", "lecture", "--html", "lecture.html");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("14.0003"), run::toString);
        assertTrue(run.out().contains("o = tanh(n) = 0.7071"), run::toString);
        assertTrue(Files.exists(tmp.resolve("lecture").resolve("lecture-L.dot")));
        // the merged jar holds the layout library's services and the chapter source the page prints
        assertTrue(Files.readString(tmp.resolve("lecture").resolve("lecture-L.svg")).contains("grad 6.0000"));
        String page = Files.readString(tmp.resolve("lecture.html"));
        assertTrue(page.contains("Value loss = d.mul(f).label(&quot;L&quot;);"), "the chapter's code");
    }

    @Test
    void helpAndVersionFromTheJar() throws Exception {
        Result help = java("--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("moons") && help.out().contains("lecture") && help.out().contains("graph"),
                help::toString);
        Result version = java("--version");
        assertEquals(0, version.exitCode(), version::toString);
        assertTrue(version.out().matches("micrograd \\d+\\.\\d+\\.\\d+.*\\R"), version::toString);
    }

    @Test
    void aDivergedRunExitsWith3AndStillPrintsOneJsonDocument() throws Exception {
        Result run = java("moons", "--lr", "1e300", "--steps", "5", "--json");
        assertEquals(TrainingRun.EXIT_DIVERGED, run.exitCode(), run::toString);
        JsonObject json = StrictJson.object(run.out());
        assertTrue(json.get("diverged").getAsBoolean(), run::toString);
        assertTrue(json.get("loss").isJsonNull(), run::toString);
        assertTrue(run.err().contains("training diverged"), run::toString);

        Result keepGoing = java("moons", "--lr", "1e300", "--steps", "5", "--json", "--keep-going");
        assertEquals(0, keepGoing.exitCode(), keepGoing::toString);
        assertEquals(5, StrictJson.object(keepGoing.out()).get("steps").getAsInt());
    }

    @Test
    void aFileThatCannotBeWrittenExitsWith1InOneLine() throws Exception {
        // a folder where a picture should go: the move into place fails after training
        Path blocked = Files.createDirectories(tmp.resolve("out").resolve("moons-boundary.png"));
        Files.writeString(blocked.resolve("inside"), "x");
        Result run = java("moons", "--steps", "2", "--samples", "10", "--json");
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("", run.out(), "no JSON for a run that failed: " + run);
        assertTrue(run.err().contains("micrograd moons: cannot write out/moons-boundary.png: it is a directory"),
                run::toString);
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
    }

    @Test
    void saveIntoAMissingFolderExitsWith2() throws Exception {
        Result run = java("moons", "--save", "missing/dir/m.mlp");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("does not exist; create it first"), run::toString);
        assertFalse(Files.exists(tmp.resolve("missing")));
    }

    @Test
    void graphOfADeepExpressionFromAnArgumentFile() throws Exception {
        // a command-line argument is at most 128 KiB on Linux; picocli reads @FILE as the arguments
        int depth = 30_000;
        Path args = Files.writeString(tmp.resolve("args.txt"), "--set a=2 --format dot -- \""
                + "(".repeat(depth) + "-a" + ")".repeat(depth) + " + " + "a + ".repeat(depth) + "a\"\n");
        Result run = java("graph", "@" + args);
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains(" = " + (2 * depth) + System.lineSeparator()), run::toString);
        assertTrue(run.out().contains("  d/da = " + depth + System.lineSeparator()), run::toString);
        assertTrue(Files.size(tmp.resolve("out").resolve("graph.dot")) < 250L * 3 * depth);
    }

    @Test
    void aBadOptionExitsWith2AndWritesNothing() throws Exception {
        Result run = java("moons", "--samples", "1");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--samples must be at least 2"), run::toString);
        assertTrue(run.err().contains("Try 'micrograd moons --help'"), run::toString);
        assertEquals("", run.out(), run::toString);
        assertFalse(Files.exists(tmp.resolve("out")));
    }
}
