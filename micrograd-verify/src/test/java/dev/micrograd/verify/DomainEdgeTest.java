package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * NaN and infinity behave as in PyTorch: each row of {@link EdgeCase#TABLE}, value and gradients,
 * NaN equal to NaN. Each row is recorded for the report's edge table before it is judged.
 */
class DomainEdgeTest {

    @TestFactory
    Stream<DynamicTest> everyEdgeCaseBehavesAsPyTorch() {
        Torch.assumeAvailable();
        return EdgeCase.TABLE.stream().map(edge -> DynamicTest.dynamicTest(edge.name(), () -> {
            EdgeCase.Outcome mg = edge.runMicrograd();
            EdgeCase.Outcome pt = edge.runPyTorch();
            boolean match = mg.sameAs(pt);
            ParityLedger.get().edge(new ParityLedger.EdgeRow(edge.name(), edge.code(), mg.toString(), pt.toString(), match));
            assertTrue(match, () -> edge.name() + " [" + edge.code() + "]: micrograd " + mg + ", PyTorch " + pt
                    + " (value; gradients)");
        }));
    }
}
