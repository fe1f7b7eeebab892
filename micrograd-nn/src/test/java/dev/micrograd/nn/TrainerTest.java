package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TrainerTest {
    static final long SEED = 1337;

    /** micrograd's demo: moons(100, 0.1), MLP(2, [16, 16, 1]), max-margin + 1e-4 L2, SGD 1.0 - 0.9k/100, 100 steps. */
    static TrainingResult demo(boolean compiled, List<StepReport> reports, MLP[] modelOut) {
        Dataset data = Datasets.moons(100, 0.1, new SplittableRandom(SEED));
        MLP model = new MLP(2, List.of(16, 16, 1), new SplittableRandom(SEED));
        modelOut[0] = model;
        Trainer trainer = Trainer.builder(model, data)
                .loss(Loss.MAX_MARGIN)
                .l2(1e-4)
                .optimizer(new Sgd(model.parameters(), LearningRate.linearDecay(1.0, 0.9, 100)))
                .compiled(compiled)
                .listener(reports::add)
                .build();
        return trainer.train(100);
    }

    @Test
    void theDemoReachesAtLeast97PercentAccuracy() {
        List<StepReport> reports = new ArrayList<>();
        MLP[] model = new MLP[1];
        TrainingResult result = demo(false, reports, model);
        assertEquals(337, model[0].parameterCount());
        assertEquals(100, result.steps());
        assertEquals(reports, result.history());
        for (int k = 0; k < 100; k++) {
            assertEquals(k, reports.get(k).step());
        }
        Trainer after = Trainer.builder(model[0], Datasets.moons(100, 0.1, new SplittableRandom(SEED))).l2(1e-4).build();
        StepReport evaluation = after.evaluate();
        System.out.printf("demo: first loss %.6f acc %.2f; step 99 loss %.6f acc %.2f; after training loss %.6f acc %.2f%n",
                reports.get(0).loss(), reports.get(0).accuracy(), result.finalLoss(), result.finalAccuracy(),
                evaluation.loss(), evaluation.accuracy());
        assertTrue(result.finalAccuracy() >= 0.97, "accuracy " + result.finalAccuracy());
        assertTrue(evaluation.accuracy() >= 0.97, "accuracy " + evaluation.accuracy());
        assertTrue(result.finalLoss() < reports.get(0).loss());
    }

    @Test
    void compiledModeIsBitIdenticalToDynamicMode() {
        List<StepReport> dyn = new ArrayList<>();
        List<StepReport> comp = new ArrayList<>();
        MLP[] a = new MLP[1];
        MLP[] b = new MLP[1];
        demo(false, dyn, a);
        demo(true, comp, b);
        for (int k = 0; k < dyn.size(); k++) {
            assertEquals(Double.doubleToRawLongBits(dyn.get(k).loss()), Double.doubleToRawLongBits(comp.get(k).loss()), "step " + k);
            assertEquals(dyn.get(k).accuracy(), comp.get(k).accuracy(), "step " + k);
        }
        assertArrayEquals(bits(a[0]), bits(b[0]));
    }

    static long[] bits(MLP model) {
        return model.parameters().stream().mapToLong(p -> Double.doubleToRawLongBits(p.data())).toArray();
    }
}
