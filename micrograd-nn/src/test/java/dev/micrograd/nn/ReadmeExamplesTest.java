package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.micrograd.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The code shown in the root README.md, section "micrograd-nn: the neural-net library", kept
 * compiling and checked against the Trainer.
 */
class ReadmeExamplesTest {
    @Test
    void theDemosLoopWrittenOutIsWhatTheTrainerDoes() {
        // --- README: the demo's loop, line for line
        Dataset data = Datasets.moons(100, 0.1, new SplittableRandom(1337));   // X, y = make_moons(...); y = y*2 - 1
        MLP model = new MLP(2, List.of(16, 16, 1), new SplittableRandom(1337)); // model = MLP(2, [16, 16, 1])
        List<String> log = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            // forward
            List<Value> scores = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                scores.add(model.forward(data.inputs(i)).get(0));
            }
            Value dataLoss = Losses.maxMargin(scores, data.ys());
            Value regLoss = Losses.l2(model.parameters(), 1e-4);
            Value totalLoss = dataLoss.add(regLoss);
            double acc = Losses.accuracy(scores, data.ys());
            // backward
            model.zeroGrad();
            totalLoss.backward();
            // update (sgd)
            double learningRate = 1.0 - 0.9 * k / 100;
            for (Value p : model.parameters()) {
                p.setData(p.data() - learningRate * p.grad());
            }
            log.add("step " + k + " loss " + totalLoss.data() + ", accuracy " + acc * 100 + "%");
        }
        // --- end

        TrainerTest.Run viaTrainer = TrainerTest.demo(false);
        List<StepReport> reports = viaTrainer.result().history();
        assertArrayEquals(TrainerTest.bits(viaTrainer.model()), TrainerTest.bits(model));
        for (int k = 0; k < 100; k++) {
            StepReport r = reports.get(k);
            assertEquals("step " + k + " loss " + r.loss() + ", accuracy " + r.accuracy() * 100 + "%", log.get(k));
        }
        System.out.println(log.get(0));
        System.out.println(log.get(99));
    }
}
