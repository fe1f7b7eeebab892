package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.Op;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every op of core is known to both reference engines: a new op without its entries fails here,
 * by name, before any check meets it in a user's graph.
 */
class OpTablesTest {

    @Test
    void everyOpOfCoreHasAPyTorchAndAnExactRule() {
        Set<Op> all = EnumSet.allOf(Op.class);
        assertEquals(all, OpTables.torchTable().keySet(), "ops of core without a PyTorch rule in OpTables");
        assertEquals(all, OpTables.exactTable().keySet(), "ops of core without an exact rule in OpTables");
    }

    @Test
    void everyOpWithALossNoteSaysWhere() {
        for (Op op : Op.values()) {
            OpTables.ExactRule rule = OpTables.exact(op);
            assertTrue(rule.backwardRoundingScale() == 0.0 || !rule.backwardLoss().isEmpty(),
                    () -> op + ": a backward formula that subtracts from a constant loses digits; say where");
        }
    }

    @Test
    void anUnknownOpIsRefusedByName() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> OpTables.unknownForTest(Op.TANH, "PyTorch"));
        assertTrue(e.getMessage().contains("TANH") && e.getMessage().contains("'tanh'"), e::getMessage);
    }

    @Test
    void anUnavailablePyTorchSaysHowToGetIt() {
        String reason = PyTorch.reasonFor("java.lang.UnsatisfiedLinkError: no torch in java.library.path");
        assertTrue(reason.contains("UnsatisfiedLinkError") && reason.contains("pytorch-native-cpu")
                && reason.contains("ai.djl.offline=true"), reason);
    }
}
