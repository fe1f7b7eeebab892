package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Zeros of either sign, negative inputs, infinities, NaN and overflow behave as in PyTorch: each row
 * of {@link EdgeCase#TABLE}, judged by the project's rule ({@link Ulps}: special values exactly,
 * exact ops bit for bit, transcendental ops within {@link Ulps#TRANSCENDENTAL_BOUND} ulps). Each row is recorded for the report's edge table before it
 * is judged.
 */
class DomainEdgeTest {

    @TestFactory
    Stream<DynamicTest> everyEdgeCaseBehavesAsPyTorch() {
        Torch.assumeAvailable();
        return EdgeCase.TABLE.stream().map(edge -> DynamicTest.dynamicTest(edge.name(), () -> {
            EdgeCase.Check check = edge.check();
            EdgeCase.Outcome mg = check.micrograd();
            EdgeCase.Outcome pt = check.pytorch();
            boolean match = check.agrees();
            ParityLedger.get().edge(new ParityLedger.EdgeRow(edge.name(), edge.code(), mg.toString(), pt.toString(), match));
            assertTrue(match, () -> edge.name() + " [" + edge.code() + "]: micrograd " + mg + ", PyTorch " + pt
                    + " (value; gradients)\n" + check.result());
        }));
    }
}
