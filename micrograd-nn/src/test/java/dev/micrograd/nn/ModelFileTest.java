package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.micrograd.engine.Value;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    static MLP demoModel(long seed) {
        return new MLP(2, List.of(16, 16, 1), new SplittableRandom(seed));
    }

    static long[] rawBits(MLP model) {
        return model.parameters().stream().mapToLong(p -> Double.doubleToLongBits(p.data())).toArray();
    }

    @Test
    void theFormatIsDocumentedText() throws IOException {
        MLP model = new MLP(1, List.of(1), new SplittableRandom(1));
        model.parameters().get(0).setData(-0.5);
        model.parameters().get(1).setData(0.1);
        Path file = dir.resolve("tiny.mlp");
        ModelFile.save(model, file);
        assertEquals("micrograd-mlp 1\nnin 1\nnouts 1\nactivations linear\nparameters 2\n-0.5\n0.1\nend\n",
                Files.readString(file));
        MLP lecture = MLP.lecture(3, List.of(4, 4, 1), new SplittableRandom(1));
        ModelFile.save(lecture, file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("micrograd-mlp 1", "nin 3", "nouts 4 4 1", "activations tanh tanh tanh", "parameters 41"),
                lines.subList(0, 5));
        assertEquals(5 + 41 + 1, lines.size());
        assertEquals("end", lines.get(lines.size() - 1));
    }

    @Test
    void roundTripsBitExactly() throws IOException {
        MLP model = demoModel(1337);
        Path file = dir.resolve("demo.mlp");
        ModelFile.save(model, file);
        MLP loaded = ModelFile.load(file);
        assertEquals(model.toString(), loaded.toString());
        assertArrayEquals(rawBits(model), rawBits(loaded));
        MLP other = demoModel(7);
        ModelFile.loadInto(other, file);
        assertArrayEquals(rawBits(model), rawBits(other));
    }

    @Test
    void aTrainedClassifierWithKOutputsRoundTripsAndPredictsTheSame() throws IOException {
        Dataset spiral = Datasets.spiral(30, 4, 0.2, new SplittableRandom(3));
        MLP model = new MLP(2, List.of(8, 4), new SplittableRandom(3));
        Trainer.builder(model, spiral).optimizer(new Adam(model.parameters(), 0.05)).build().train(20);
        Path file = dir.resolve("spiral.mlp");
        ModelFile.save(model, file);
        assertTrue(Files.readString(file).contains("\nnouts 8 4\nactivations relu linear\n"));
        MLP loaded = ModelFile.load(file);
        assertEquals(List.of(8, 4), loaded.nouts());
        assertArrayEquals(rawBits(model), rawBits(loaded));
        for (int i = 0; i < spiral.size(); i++) {
            double[] x = spiral.x(i);
            assertEquals(Losses.argmax(model.forward(x)), Losses.argmax(loaded.forward(x)), "sample " + i);
        }
        MLP fresh = new MLP(2, List.of(8, 4), new SplittableRandom(99));
        ModelFile.loadInto(fresh, file);
        assertArrayEquals(rawBits(model), rawBits(fresh));
        ModelFileException wrongK = assertThrows(ModelFileException.class,
                () -> ModelFile.loadInto(new MLP(2, List.of(8, 3), new SplittableRandom(1)), file));
        assertTrue(wrongK.getMessage().contains("expected 'nouts 8 3' (the model's), found 'nouts 8 4'"), wrongK::getMessage);
    }

    @Test
    void nonlinearitiesAreReadCaseInsensitively() throws IOException {
        Path file = write("upper.mlp", "micrograd-mlp 1\nnin 1\nnouts 1 1\nactivations ReLU LINEAR\nparameters 4\n"
                + "1\n2\n3\n4\nend\n");
        assertEquals(List.of(Activation.RELU, Activation.LINEAR), ModelFile.load(file).activations());
    }

    @Test
    void roundTripsEdgeNumbers() throws IOException {
        MLP model = new MLP(2, List.of(4), new SplittableRandom(2));
        double[] edges = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
            Double.MIN_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1e-300, 0.1 + 0.2, Math.PI, -1.0 / 3};
        List<Value> params = model.parameters();
        for (int i = 0; i < edges.length; i++) {
            params.get(i).setData(edges[i]);
        }
        Path file = dir.resolve("edges.mlp");
        ModelFile.save(model, file);
        assertArrayEquals(rawBits(model), rawBits(ModelFile.load(file)));
    }

    @Test
    void theSameModelGivesTheSameBytes() throws IOException {
        Path a = dir.resolve("a.mlp");
        Path b = dir.resolve("b.mlp");
        ModelFile.save(demoModel(5), a);
        ModelFile.save(demoModel(5), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void loadsTheOtherActivationsAndHandEditedNumbers() throws IOException {
        Path file = write("edited.mlp", "micrograd-mlp 1\nnin 1\nnouts 1 1\nactivations sigmoid tanh\nparameters 4\n"
                + "1\n-0.5e-3\n+2.\n.25\nend\n\n");
        MLP model = ModelFile.load(file);
        assertEquals(List.of(Activation.SIGMOID, Activation.TANH), model.activations());
        assertEquals(List.of(1.0, -0.5e-3, 2.0, 0.25), model.parameters().stream().map(Value::data).toList());
    }

    // ---------------------------------------------------------------- bad files

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        return file;
    }

    private String good() throws IOException {
        MLP model = new MLP(2, List.of(2, 1), new SplittableRandom(3));
        return ModelFileFormat.format(model);
    }

    /** Loads {@code text} both ways and checks the exception and that the model in memory is unchanged. */
    private ModelFileException bad(String text, int line, String expectedPart, String foundPart) throws IOException {
        Path file = write("bad.mlp", text);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        MLP model = new MLP(2, List.of(2, 1), new SplittableRandom(99));
        long[] before = rawBits(model);
        ModelFileException e2 = assertThrows(ModelFileException.class, () -> ModelFile.loadInto(model, file));
        assertArrayEquals(before, rawBits(model));
        assertEquals(e.getMessage(), e2.getMessage());
        assertEquals(file, e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.expected().contains(expectedPart), e.getMessage());
        assertTrue(e.found().contains(foundPart), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + (line > 0 ? ":" + line : "") + ": expected "), e.getMessage());
        return e;
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Path file = dir.resolve("nope.mlp");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": expected an existing model file, found no such file", e.getMessage());
        assertEquals(0, e.line());
        MLP model = demoModel(1);
        long[] before = rawBits(model);
        assertThrows(ModelFileException.class, () -> ModelFile.loadInto(model, file));
        assertArrayEquals(before, rawBits(model));
    }

    @Test
    void aDirectoryIsNotAModelFile() {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(dir));
        assertEquals(dir, e.file());
    }

    @Test
    void aPathThroughARegularFileIsNamed() throws IOException {
        Path notADirectory = write("plain.txt", "x");
        Path file = notADirectory.resolve("m.mlp");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        assertEquals(0, e.line());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": expected a readable model file, found "), e.getMessage());
    }

    @Test
    void anUnreadableFileIsNamed() throws IOException {
        Path file = write("locked.mlp", good());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(file), "running as a user who can read any file (root)");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": expected a readable model file, found access denied", e.getMessage());
    }

    @Test
    void anEmptyFileIsTruncatedAtLine1() throws IOException {
        bad("", 1, "'micrograd-mlp 1'", "end of file (the file is truncated)");
    }

    @Test
    void aFileOfAnotherKindIsRejectedAtLine1() throws IOException {
        ModelFileException e = bad("{\"weights\": []}\n", 1, "micrograd-mlp 1", "'{\"weights\": []}'");
        assertEquals("'micrograd-mlp 1' (a micrograd model file)", e.expected());
    }

    @Test
    void anotherVersionIsRejectedAtLine1() throws IOException {
        ModelFileException e = bad(good().replace("micrograd-mlp 1", "micrograd-mlp 2"), 1, "format version 1",
                "format version 2");
        assertTrue(e.getMessage().endsWith(
                ":1: expected 'micrograd-mlp 1' (format version 1), found 'micrograd-mlp 2' (format version 2, which this library does not read)"),
                e.getMessage());
    }

    @Test
    void badArchitectureLines() throws IOException {
        bad(good().replace("nin 2", "nin 0"), 2, "the input count as a whole number of at least 1", "'0'");
        bad(good().replace("nin 2", "nin two"), 2, "whole number", "'two'");
        bad(good().replace("nin 2", "inputs 2"), 2, "'nin <inputs, at least 1>'", "'inputs 2'");
        bad(good().replace("nouts 2 1", "nouts 2 99999999999"), 3, "layer 2's size", "'99999999999'");
        bad(good().replace("nouts 2 1", "nouts"), 3, "layer sizes", "'nouts'");
        bad(good().replace("activations relu linear", "activations relu"), 4, "2 activations (one per layer)", "1 in");
        bad(good().replace("activations relu linear", "activations relu gelu"), 4, "for layer 2", "'gelu'");
        bad(good().replace("parameters 9", "parameters 8"), 5, "'parameters 9' (the count of nin 2, nouts 2 1)",
                "'parameters 8'");
        bad(good().replace("nouts 2 1", "nouts 100000 100000 100000"), 4, "3 activations", "2 in");
        String huge = good().replace("nouts 2 1", "nouts 2000000000 2000000000")
                .replace("activations relu linear", "activations relu relu");
        bad(huge, 3, "an architecture of at most", "more than that");
    }

    @Test
    void hiddenLayersMustShareAnActivation() throws IOException {
        String text = "micrograd-mlp 1\nnin 1\nnouts 1 1 1\nactivations relu tanh linear\nparameters 6\n";
        bad(text, 4, "the same activation on every hidden layer", "'tanh' on layer 2");
    }

    @Test
    void truncatedFiles() throws IOException {
        String g = good();
        String[] lines = g.split("\n");
        // cut after the third parameter
        String cut = String.join("\n", java.util.Arrays.copyOf(lines, 8)) + "\n";
        bad(cut, 9, "parameter 4 of 9", "end of file (the file is truncated)");
        // cut inside a number: the last line is then a shorter number, and 'end' is missing
        String withoutEnd = g.substring(0, g.length() - "end\n".length());
        bad(withoutEnd, 15, "'end'", "end of file");
        // 'end' too early
        bad(String.join("\n", java.util.Arrays.copyOf(lines, 10)) + "\nend\n", 11, "parameter 6 of 9", "'end'");
    }

    @Test
    void corruptedNumbersAndTrailingContent() throws IOException {
        String[] lines = good().split("\n");
        lines[7] = "0.12x4";
        bad(String.join("\n", lines) + "\n", 8, "parameter 3 of 9 (a decimal number)", "'0.12x4'");
        lines[7] = "1.0d";
        bad(String.join("\n", lines) + "\n", 8, "parameter 3 of 9", "'1.0d'");
        lines[7] = "";
        bad(String.join("\n", lines) + "\n", 8, "parameter 3 of 9", "''");
        bad(good() + "0.5\n", 16, "nothing after 'end'", "'0.5'");
        bad(good().replace("end\n", "end.\n"), 15, "'end' after 9 parameters", "'end.'");
        String bytes = good().replace("nin 2", "nin \u00e92");
        bad(bytes, 2, "ASCII text", "the byte 0xe9, which is not text");
        bad(good().replace("nin 2", "nin 2\u0000"), 2, "ASCII text", "0x00");
        Path crlf = write("crlf.mlp", good().replace("\n", "\r\n"));
        assertArrayEquals(rawBits(ModelFile.load(write("lf.mlp", good()))), rawBits(ModelFile.load(crlf)));
    }

    @Test
    void loadIntoAnotherArchitectureSaysWhichAndChangesNothing() throws IOException {
        Path file = dir.resolve("demo.mlp");
        ModelFile.save(demoModel(1), file);
        MLP lecture = MLP.lecture(3, List.of(4, 4, 1), new SplittableRandom(1));
        long[] before = rawBits(lecture);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.loadInto(lecture, file));
        assertEquals(file + ":2: expected 'nin 3' (the model's), found 'nin 2'", e.getMessage());
        MLP wider = new MLP(2, List.of(16, 8, 1), new SplittableRandom(1));
        e = assertThrows(ModelFileException.class, () -> ModelFile.loadInto(wider, file));
        assertEquals(file + ":3: expected 'nouts 16 8 1' (the model's), found 'nouts 16 16 1'", e.getMessage());
        MLP tanh = new MLP(2, List.of(16, 16, 1), Activation.TANH, Activation.LINEAR, BiasInit.ZERO, new SplittableRandom(1));
        e = assertThrows(ModelFileException.class, () -> ModelFile.loadInto(tanh, file));
        assertEquals(file + ":4: expected 'activations tanh tanh linear' (the model's), found 'activations relu relu linear'",
                e.getMessage());
        assertArrayEquals(before, rawBits(lecture));
    }

    @Test
    void nullsAreNamed() {
        Path file = dir.resolve("x.mlp");
        assertEquals("model", assertThrows(NullPointerException.class, () -> ModelFile.save(null, file)).getMessage());
        assertEquals("file", assertThrows(NullPointerException.class, () -> ModelFile.save(demoModel(1), null)).getMessage());
        assertEquals("file", assertThrows(NullPointerException.class, () -> ModelFile.load(null)).getMessage());
        assertEquals("model", assertThrows(NullPointerException.class, () -> ModelFile.loadInto(null, file)).getMessage());
    }

    @Test
    void aModelOfMoreParametersThanTheFirstBufferRoundTrips() throws IOException {
        // the parser's buffer starts at 2^16 numbers and doubles as lines arrive
        MLP model = new MLP(1, List.of(70_000, 1), new SplittableRandom(4));
        assertTrue(model.parameters().size() > 2 * (1 << 16), "the buffer grows twice");
        Path file = dir.resolve("wide.mlp");
        ModelFile.save(model, file);
        assertArrayEquals(rawBits(model), rawBits(ModelFile.load(file)));
    }

    @Test
    void theLargestArchitectureAllowedIsReadUpToItsParameters() throws IOException {
        // 306783377 x (6 + 1) = 2^31 - 9 parameters, exactly the most a file may declare: the
        // architecture passes, and the (missing) first parameter is what fails
        bad("micrograd-mlp 1\nnin 6\nnouts 306783377\nactivations linear\nparameters 2147483639\n", 6,
                "parameter 1 of 2147483639", "end of file");
        bad("micrograd-mlp 1\nnin 6\nnouts 306783378\nactivations linear\nparameters 2147483646\n", 3,
                "an architecture of at most 2147483639 parameters", "more than that");
    }

    @Test
    void aCountMayBeAsLargeAsAnInt() throws IOException {
        // 2^31 - 1 inputs is a whole number the format takes; the architecture is then too large
        bad(good().replace("nin 2", "nin 2147483647"), 3, "an architecture of at most", "more than that");
        bad(good().replace("nin 2", "nin 2147483648"), 2, "the input count as a whole number of at least 1",
                "'2147483648'");
    }

    @Test
    void aLongLineIsQuotedUpTo80Characters() throws IOException {
        String[] lines = good().split("\n");
        String eighty = "x".repeat(80);
        lines[7] = eighty;
        ModelFileException e = bad(String.join("\n", lines) + "\n", 8, "parameter 3 of 9", eighty);
        assertEquals("'" + eighty + "'", e.found());
        lines[7] = eighty + "y";
        e = bad(String.join("\n", lines) + "\n", 8, "parameter 3 of 9", eighty);
        assertEquals("'" + eighty + "\u2026'", e.found());
    }

    @Test
    void bytesOutsidePrintableAsciiAreRejectedWhereverTheyAre() throws IOException {
        // 0x80 is the first byte above ASCII; a NUL at the start of a line is not the end of the file
        bad(good().replace("nin 2", "nin 2\u0080"), 2, "ASCII text", "the byte 0x80, which is not text");
        bad(good().replace("nin 2\n", "nin 2\n\u0000"), 3, "ASCII text", "the byte 0x00, which is not text");
        Path tilde = write("tilde.mlp", good().replace("activations relu linear", "activations relu linear~"));
        assertEquals("'linear~'", assertThrows(ModelFileException.class, () -> ModelFile.load(tilde)).found());
    }

    // ---------------------------------------------------------------- interrupted writes

    /** Passes {@code limit} bytes, then fails as a full disk does. */
    static final class FailingStream extends FilterOutputStream {
        private long left;

        FailingStream(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (left-- <= 0) {
                throw new IOException("No space left on device (simulated)");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.mlp");
        MLP old = demoModel(1);
        ModelFile.save(old, file);
        byte[] oldBytes = Files.readAllBytes(file);
        MLP changed = demoModel(2);
        int newLength = ModelFileFormat.format(changed).length();
        for (long limit : new long[] {0, 1, 100, newLength - 5}) {
            IOException e = assertThrows(IOException.class,
                    () -> ModelFile.save(changed, file, out -> new FailingStream(out, limit)));
            assertEquals("cannot save the model to " + file + ": No space left on device (simulated)", e.getMessage());
            assertEquals("No space left on device (simulated)", e.getCause().getMessage());
            assertArrayEquals(oldBytes, Files.readAllBytes(file));
            assertEquals(List.of(file), listing());
        }
        Path fresh = dir.resolve("fresh.mlp");
        IOException e = assertThrows(IOException.class,
                () -> ModelFile.save(changed, fresh, out -> new FailingStream(out, 10)));
        assertTrue(e.getMessage().contains("fresh.mlp"), e.getMessage());
        assertTrue(Files.notExists(fresh));
        assertEquals(List.of(file), listing());
        ModelFile.save(changed, file);
        assertArrayEquals(rawBits(changed), rawBits(ModelFile.load(file)));
        assertEquals(List.of(file), listing());
    }

    @Test
    void aBufferingStreamIsFlushedBeforeTheFileIsMoved() throws IOException {
        Path file = dir.resolve("buffered.mlp");
        MLP model = demoModel(3);
        ModelFile.save(model, file, out -> new java.io.BufferedOutputStream(out, 1 << 20));
        assertEquals(ModelFileFormat.format(model), Files.readString(file));
    }

    @Test
    void savingIntoAMissingDirectoryFailsCleanly() {
        Path file = dir.resolve("no-such-dir").resolve("m.mlp");
        IOException e = assertThrows(IOException.class, () -> ModelFile.save(demoModel(1), file));
        assertEquals("cannot save the model to " + file + ": the directory " + file.getParent()
                + " does not exist", e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        assertNotNull(e.getCause());
        assertTrue(Files.notExists(file.getParent()));
    }

    @Test
    void savingOverADirectoryFailsAndRemovesTheTemporaryFile() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(sub.resolve("inside"), "x");
        IOException e = assertThrows(IOException.class, () -> ModelFile.save(demoModel(1), sub));
        assertEquals("cannot save the model to " + sub + ": it is a directory", e.getMessage());
        assertNotNull(e.getCause());
        assertEquals(List.of(sub), listing());
    }
}
