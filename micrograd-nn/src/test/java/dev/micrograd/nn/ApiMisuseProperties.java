package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.micrograd.engine.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of calls, many of them wrong, against one model, optimizer, dataset and trainer:
 * only the documented exceptions appear (never an {@code ArrayIndexOutOfBoundsException} or a
 * {@code ClassCastException} from inside the library), each with a message, and a failed call
 * leaves every object as it was: the parameters' data and gradients, the SGD's and Adam's step
 * counts, Adam's moments, the trainer's optimizer's step count, and the dataset's xs and ys.
 */
class ApiMisuseProperties {
    enum Kind {
        FORWARD, LAYER_FORWARD, LOSS, BCE, ACCURACY, L2, BATCH, SAMPLE, SUBSET, DATASET, SGD, ADAM, MLP, STEP, BUILDER,
        TRAIN, LOAD_INTO, MOONS
    }

    record Call(Kind kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        Arbitrary<Call> call = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(-2, 12),
                Arbitraries.integers().between(-2, 12)).as(Call::new);
        return call.list().ofMinSize(1).ofMaxSize(25);
    }

    /**
     * Everything a call could change: parameters' data and gradients, each optimizer's step count,
     * Adam's moments, the trainer's optimizer's step count.
     */
    static long[] state(MLP model, Sgd sgd, Adam adam, Trainer trainer) {
        List<Value> ps = model.parameters();
        double[] moments = adam.moments();
        long[] s = new long[2 * ps.size() + moments.length + 3];
        int k = 0;
        for (Value p : ps) {
            s[k++] = Double.doubleToRawLongBits(p.data());
            s[k++] = Double.doubleToRawLongBits(p.grad());
        }
        for (double x : moments) {
            s[k++] = Double.doubleToRawLongBits(x);
        }
        s[k++] = sgd.steps();
        s[k++] = adam.steps();
        s[k] = trainer.optimizer().steps();
        return s;
    }

    static List<Value> values(int n) {
        if (n < 0) {
            return null;
        }
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Value.of(0.25 * i - 1));
        }
        return out;
    }

    static double[] numbers(int n) {
        if (n < 0) {
            return null;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i % 2 == 0 ? 1.0 : -1.0;
        }
        return out;
    }

    @Property(tries = 300)
    void onlyDocumentedExceptionsAndFailedCallsChangeNothing(@ForAll("calls") List<Call> calls) throws IOException {
        MLP model = new MLP(2, List.of(3, 1), new SplittableRandom(1));
        Dataset data = Datasets.moons(10, 0.1, new SplittableRandom(2));
        Sgd sgd = new Sgd(model.parameters(), LearningRate.constant(0.1));
        Adam adam = new Adam(model.parameters(), 0.01);
        Trainer trainer = Trainer.builder(model, data).optimizer(adam).build();
        Path bad = Files.createTempFile("misuse", ".mlp");
        try {
            Files.writeString(bad, ModelFileFormat.format(new MLP(2, List.of(4, 1), new SplittableRandom(3))));
            for (Call c : calls) {
                long[] before = state(model, sgd, adam, trainer);
                double[][] xsBefore = data.xs();
                double[] ysBefore = data.ys();
                try {
                    run(c, model, data, sgd, adam, trainer, bad);
                    Statistics.label("outcome").collect("ok");
                } catch (IllegalArgumentException | NullPointerException | IllegalStateException | ModelFileException e) {
                    Statistics.label("outcome").collect(e.getClass().getSimpleName());
                    assertNotNull(e.getMessage(), c + " threw without a message");
                    assertArrayEquals(before, state(model, sgd, adam, trainer), c + " failed but changed the model: " + e);
                    assertArrayEquals(xsBefore, data.xs(), c + " failed but changed the dataset's xs: " + e);
                    assertArrayEquals(ysBefore, data.ys(), c + " failed but changed the dataset's ys: " + e);
                } catch (IndexOutOfBoundsException e) {
                    assertEquals(IndexOutOfBoundsException.class, e.getClass(), c + " leaked " + e);
                    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
                    assertArrayEquals(before, state(model, sgd, adam, trainer));
                    assertArrayEquals(xsBefore, data.xs());
                    assertArrayEquals(ysBefore, data.ys());
                } catch (RuntimeException e) {
                    fail(c + " threw an undocumented " + e, e);
                }
            }
        } finally {
            Files.deleteIfExists(bad);
        }
        Statistics.label("outcome").coverage(cov -> {
            cov.check("ok").count(n -> n > 0);
            cov.check("IllegalArgumentException").count(n -> n > 0);
            cov.check("NullPointerException").count(n -> n > 0);
            cov.check("ModelFileException").count(n -> n > 0);
        });
    }

    private static void run(Call c, MLP model, Dataset data, Sgd sgd, Adam adam, Trainer trainer, Path bad)
            throws IOException {
        SplittableRandom rng = new SplittableRandom(c.a() * 31L + c.b());
        switch (c.kind()) {
            case FORWARD -> model.forward(c.a() < 0 ? null : new double[c.a()]);
            case LAYER_FORWARD -> model.layers().get(1).forward(values(c.a()));
            case LOSS -> Losses.maxMargin(values(c.a()), numbers(c.b()));
            case BCE -> Losses.binaryCrossEntropy(values(c.a()), c.b() == 0 ? new double[] {0.0} : numbers(c.b()));
            case ACCURACY -> Losses.accuracy(values(c.a()), numbers(c.b()));
            case L2 -> Losses.l2(values(c.a()), c.b() - 1);
            case BATCH -> data.batch(c.a(), c.b() < 0 ? null : rng);
            case SAMPLE -> data.inputs(c.a());
            case SUBSET -> data.subset(c.a() < 0 ? new int[0] : new int[] {c.a(), c.b()});
            case DATASET -> Dataset.of(c.a() < 0 ? null : new double[c.a()][c.b() < 0 ? 0 : c.b()], numbers(c.b()));
            case SGD -> new Sgd(c.a() < 0 ? null : model.parameters().subList(0, Math.min(c.a(), 13)),
                    LearningRate.constant(0.1), c.b() / 10.0);
            case ADAM -> new Adam(c.a() < 0 ? null : model.parameters().subList(0, Math.min(c.a(), 13)), c.b() - 1);
            case MLP -> new MLP(c.a(), Arrays.asList(c.b(), c.b() < 0 ? null : 1), rng);
            case STEP -> {
                Optimizer opt = c.a() % 2 == 0 ? sgd : adam;
                opt.zeroGrad();
                opt.step();
            }
            case BUILDER -> Trainer.builder(model, data).batchSize(c.a()).l2(c.b() - 1).build();
            case TRAIN -> trainer.train(c.a() - 1 < 1 ? c.a() - 1 : 1);
            case LOAD_INTO -> ModelFile.loadInto(model, bad);
            case MOONS -> Datasets.moons(c.a(), c.b() - 1, rng);
        }
    }
}
