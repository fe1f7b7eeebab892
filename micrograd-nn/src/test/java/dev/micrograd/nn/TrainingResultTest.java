package dev.micrograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingResultTest {
    @Test
    void toStringSummarisesInsteadOfListingEveryStep() {
        List<StepReport> history = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            history.add(new StepReport(k, 1.0 / (k + 1), k < 500 ? 0.5 : 1.0, k));
        }
        TrainingResult result = new TrainingResult(history, 2_500_000);
        assertEquals("TrainingResult[1000 steps, loss 1.000 -> 0.001000, accuracy 50.0% -> 100.0%, 2.5 ms]",
                result.toString());
        assertEquals("TrainingResult[1 step, loss NaN -> NaN, accuracy 50.0% -> 50.0%, 0.0 ms]",
                new TrainingResult(List.of(new StepReport(0, Double.NaN, 0.5, 0)), 0).toString());
    }

    @Test
    void theFinalFiguresAreTheLastStepsBeforeItsUpdate() {
        TrainingResult result = new TrainingResult(
                List.of(new StepReport(0, 0.75, 0.25, 10), new StepReport(1, 0.5, 0.75, 20)), 30);
        assertEquals(2, result.steps());
        assertEquals(0.5, result.finalLoss());
        assertEquals(0.75, result.finalAccuracy());
        assertEquals(1, result.last().step());
    }
}
