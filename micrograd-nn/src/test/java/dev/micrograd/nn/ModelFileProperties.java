package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class ModelFileProperties {
    private static Path dir;

    @BeforeContainer
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("modelfile-properties");
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** An architecture and every parameter: any double, the special ones often. */
    record Model(MLP mlp) {
        @Override
        public String toString() {
            return mlp + " " + mlp.parameters().stream().map(Value::data).toList();
        }
    }

    @Provide
    Arbitrary<Model> models() {
        Arbitrary<Integer> nin = Arbitraries.integers().between(1, 5);
        Arbitrary<List<Integer>> nouts = Arbitraries.integers().between(1, 5).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Activation> act = Arbitraries.of(Activation.class);
        Arbitrary<Long> seed = Arbitraries.longs();
        Arbitrary<List<Double>> numbers = Arbitraries.doubles()
                .withSpecialValue(Double.NaN).withSpecialValue(-0.0).withSpecialValue(Double.MIN_VALUE)
                .withSpecialValue(Double.POSITIVE_INFINITY).withSpecialValue(Double.NEGATIVE_INFINITY)
                .withSpecialValue(Double.MAX_VALUE).withSpecialValue(Double.MIN_NORMAL)
                .list().ofSize(200);
        return Combinators.combine(nin, nouts, act, act, seed, numbers).as((n, sizes, hidden, output, s, values) -> {
            MLP mlp = new MLP(n, sizes, hidden, output, BiasInit.UNIFORM, new SplittableRandom(s));
            List<Value> params = mlp.parameters();
            for (int i = 0; i < params.size(); i++) {
                params.get(i).setData(values.get(i % values.size()));
            }
            return new Model(mlp);
        });
    }

    static long[] bits(MLP model) {
        return model.parameters().stream().mapToLong(p -> Double.doubleToLongBits(p.data())).toArray();
    }

    @Property(tries = 200)
    void saveThenLoadGivesTheSameModelBitForBit(@ForAll("models") Model m) throws IOException {
        Path file = dir.resolve("round-trip.mlp");
        ModelFile.save(m.mlp(), file);
        MLP loaded = ModelFile.load(file);
        assertEquals(m.mlp().toString(), loaded.toString());
        assertEquals(m.mlp().activations(), loaded.activations());
        assertArrayEquals(bits(m.mlp()), bits(loaded));
        ModelFile.save(loaded, file);
        assertEquals(ModelFileFormat.format(m.mlp()), Files.readString(file));
        Statistics.label("layers").collect(m.mlp().layers().size())
                .coverage(c -> {
                    c.check(1).count(n -> n > 0);
                    c.check(3).count(n -> n > 0);
                });
        Statistics.label("special numbers").collect(m.mlp().parameters().stream()
                        .anyMatch(p -> !Double.isFinite(p.data()) || Double.doubleToRawLongBits(p.data()) == Long.MIN_VALUE))
                .coverage(c -> c.check(true).count(n -> n > 0));
    }

    @Property(tries = 200)
    void aFileCutAnywhereIsRejectedOrIsTheWholeModel(@ForAll("models") Model m, @ForAll @IntRange(max = 10_000) int cutAt)
            throws IOException {
        byte[] bytes = ModelFileFormat.format(m.mlp()).getBytes(StandardCharsets.US_ASCII);
        int cut = cutAt % bytes.length;
        Path file = dir.resolve("cut.mlp");
        Files.write(file, java.util.Arrays.copyOf(bytes, cut));
        MLP target = new MLP(m.mlp().nin(), m.mlp().nouts(), Activation.RELU, Activation.LINEAR, BiasInit.ZERO,
                new SplittableRandom(1));
        long[] before = bits(target);
        try {
            MLP loaded = ModelFile.load(file);
            // only dropping the final newline keeps a complete file
            assertEquals(bytes.length - 1, cut);
            assertArrayEquals(bits(m.mlp()), bits(loaded));
        } catch (ModelFileException e) {
            assertEquals(file, e.file());
            assertTrue(e.line() >= 1, e.getMessage());
            assertTrue(e.getMessage().startsWith(file + ":" + e.line() + ": expected "), e.getMessage());
            try {
                ModelFile.loadInto(target, file);
            } catch (ModelFileException again) {
                assertArrayEquals(before, bits(target));
            }
        }
    }
}
